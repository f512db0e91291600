/// What `refrain cluster` reports: the stories, largest first. A report model
/// (schema in the README).
public struct ClusterReport: Sendable, Codable, Equatable {
    /// Number of documents clustered.
    public var documents: Int
    /// How clusters were formed, in words.
    public var method: String
    /// The clusters, largest first; ids are 0-based ranks.
    public var clusters: [Cluster]
    /// Mean silhouette (cosine) of the partition, when computed.
    public var silhouette: Double?
    /// Input problems that did not stop the run.
    public var warnings: [String]

    /// One story.
    public struct Cluster: Sendable, Codable, Equatable {
        /// 0-based id (rank by size).
        public var id: Int
        /// A readable label: the most central article's title, else the key phrase, else the top key terms.
        public var label: String
        /// Top terms by class-based TF-IDF.
        public var keywords: [String]
        /// The most distinctive 2–4-word phrase shared by several members, or `null`.
        public var phrase: String?
        /// Number of members.
        public var size: Int
        /// Mean member similarity to the centroid (cosine).
        public var cohesion: Double
        /// Id of the most central member.
        public var medoid: String
        /// Members, most similar to the centroid first.
        public var members: [Member]

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(label, forKey: .label)
            try c.encode(keywords, forKey: .keywords)
            try c.encode(phrase, forKey: .phrase)
            try c.encode(size, forKey: .size)
            try c.encode(cohesion, forKey: .cohesion)
            try c.encode(medoid, forKey: .medoid)
            try c.encode(members, forKey: .members)
        }
    }

    /// One member of a cluster.
    public struct Member: Sendable, Codable, Equatable {
        /// Document id.
        public var document: String
        /// Title, or `null`.
        public var title: String?
        /// ISO 8601 date, or `null`.
        public var date: String?
        /// Outlet, or `null`.
        public var source: String?
        /// Cosine similarity to the cluster centroid.
        public var similarity: Double

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(document, forKey: .document)
            try c.encode(title, forKey: .title)
            try c.encode(date, forKey: .date)
            try c.encode(source, forKey: .source)
            try c.encode(similarity, forKey: .similarity)
        }
    }

    /// Creates a report.
    public init(documents: Int, method: String, clusters: [Cluster], silhouette: Double?, warnings: [String]) {
        self.documents = documents
        self.method = method
        self.clusters = clusters
        self.silhouette = silhouette
        self.warnings = warnings
    }
}

/// Everything `refrain report` shows on one page. A report model: computed by
/// `Pipeline.analysis`, rendered to HTML by the Reporting module.
public struct AnalysisReport: Sendable, Codable, Equatable {
    /// Refrain's version.
    public var version: String
    /// Headline figures.
    public var overview: Overview
    /// Every article with its 2-D map position and cluster.
    public var articles: [Article]
    /// The stories.
    public var clusters: ClusterReport
    /// Cosine similarities between articles, in `order` (grouped by cluster).
    public var similarity: SimilarityMatrix
    /// Talking points and repeats.
    public var talkingPoints: TalkingPointsReport

    /// Headline figures of a report.
    public struct Overview: Sendable, Codable, Equatable {
        public var articles: Int
        public var outlets: [String]
        public var firstDate: String?
        public var lastDate: String?
        public var speakers: [String]
        public var clusters: Int
        public var talkingPoints: Int
    }

    /// One article on the map.
    public struct Article: Sendable, Codable, Equatable {
        public var id: String
        public var title: String?
        public var date: String?
        public var source: String?
        public var cluster: Int?
        /// Position on the 2-D map (the first two LSA dimensions), each in -1...1.
        public var x: Double
        public var y: Double
    }

    /// A square similarity matrix over (up to a few hundred) articles.
    public struct SimilarityMatrix: Sendable, Codable, Equatable {
        /// Article ids, in display order.
        public var order: [String]
        /// `values[i][j]`: cosine similarity of `order[i]` and `order[j]`.
        public var values: [[Double]]
        /// Articles left out of the heatmap to keep the page light (0 when none).
        public var omitted: Int
    }
}
