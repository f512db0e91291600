/// What a cluster of documents is about and how tight it is: the report
/// model `ClusterLabeler` produces.
public struct ClusterSummary: Sendable, Hashable, Codable {
    /// A term and its class-based TF-IDF weight in the cluster.
    public struct Keyword: Sendable, Hashable, Codable {
        /// The vocabulary entry.
        public let term: String
        /// `tf(t, c) / Σ_t' tf(t', c) · ln(1 + A / f(t))`; see `ClusterLabeler`.
        public let weight: Double

        /// A keyword with its weight.
        public init(term: String, weight: Double) {
            self.term = term
            self.weight = weight
        }
    }

    /// A document of the cluster and its cosine similarity to the cluster's centroid.
    public struct Member: Sendable, Hashable, Codable {
        /// The document's row index in the input.
        public let document: Int
        /// Cosine similarity to the centroid, in −1 ... 1.
        public let similarity: Double

        /// A member with its similarity.
        public init(document: Int, similarity: Double) {
            self.document = document
            self.similarity = similarity
        }
    }

    /// The position of this cluster when clusters are ordered largest first
    /// (ties: lower first member index); ids run `0 ..< k` in that order.
    public let id: Int
    /// The input label this cluster had.
    public let label: Int
    /// The number of documents.
    public let size: Int
    /// The highest-weighted terms by class-based TF-IDF, best first.
    public let keywords: [Keyword]
    /// The most distinctive 2–4-word phrase shared by the cluster's
    /// documents, or `nil` when none qualifies; see `ClusterLabeler`.
    public let phrase: String?
    /// The member most similar to the centroid (ties: the lower index).
    public let medoid: Int
    /// The mean cosine similarity of the members to the centroid: 1 for
    /// identical directions, lower for looser clusters.
    public let cohesion: Double
    /// Every member, most similar to the centroid first (ties: lower index).
    public let members: [Member]

    /// A summary from its parts (normally made by `ClusterLabeler`).
    public init(id: Int, label: Int, size: Int, keywords: [Keyword], phrase: String?, medoid: Int, cohesion: Double,
                members: [Member]) {
        self.id = id
        self.label = label
        self.size = size
        self.keywords = keywords
        self.phrase = phrase
        self.medoid = medoid
        self.cohesion = cohesion
        self.members = members
    }
}
