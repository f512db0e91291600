/// Everything `refrain assign` and `refrain update` need to place new
/// articles without the training corpus: the TF-IDF vocabulary and document
/// frequencies, the LSA basis when one was used, the clusters with stable
/// ids, labels, centroids and novelty thresholds, the talking points with
/// the passages new sentences are matched against, and the training
/// documents' ids, titles, dates and content hashes (their text only with
/// `--keep-text`). Stored by `RefrainModel.write(to:)` in the format of
/// `ModelFile`.
public struct RefrainModel: Sendable, Equatable {
    /// The Refrain version that wrote (or last updated) the model.
    public var writtenBy: String
    /// Vocabulary, document frequencies, IDF and the vectorizer options.
    public var tfidf: TfidfModel
    /// The LSA basis when clustering ran in LSA space.
    public var lsa: LSABasis?
    /// The clusters (stories), in id order.
    public var clusters: [ModelCluster]
    /// The id the next new cluster gets; ids are never reused.
    public var nextClusterID: Int
    /// The talking points, with the passages to match against.
    public var talkingPoints: [ModelTalkingPoint]
    /// The training documents.
    public var documents: [ModelDocument]
    /// How the model was fitted.
    public var settings: ModelSettings
    /// Compact vectors of the training documents (same order as `documents`),
    /// for `refrain similar --model`.
    public var trainingVectors: [CompactVector]

    /// Creates a model.
    public init(writtenBy: String = refrainVersion, tfidf: TfidfModel, lsa: LSABasis? = nil, clusters: [ModelCluster],
                nextClusterID: Int? = nil, talkingPoints: [ModelTalkingPoint], documents: [ModelDocument], settings: ModelSettings,
                trainingVectors: [CompactVector] = []) {
        self.writtenBy = writtenBy
        self.tfidf = tfidf
        self.lsa = lsa
        self.clusters = clusters
        self.nextClusterID = nextClusterID ?? ((clusters.map(\.id).max() ?? -1) + 1)
        self.talkingPoints = talkingPoints
        self.documents = documents
        self.settings = settings
        self.trainingVectors = trainingVectors
    }
}

/// A training document's vector in a few bytes: its strongest `limit`
/// dimensions with signed weights quantised to 16 bits.
/// Cosines against it are approximate (within about 0.05 of the full vector's
/// for TF-IDF rows, whose weight sits in few terms).
public struct CompactVector: Sendable, Equatable {
    /// Dimensions (columns), increasing.
    public var indices: [Int32]
    /// Weights as signed 16-bit fractions of the largest magnitude (stored as bit patterns).
    public var weights: [UInt16]
    /// The largest magnitude.
    public var scale: Float

    /// The strongest `limit` entries of a unit vector given as (index, weight) pairs.
    public init(_ entries: [(Int, Float)], limit: Int = 32) {
        let kept = entries.filter { $0.1 != 0 }.sorted { abs($0.1) != abs($1.1) ? abs($0.1) > abs($1.1) : $0.0 < $1.0 }.prefix(limit)
            .sorted { $0.0 < $1.0 }
        let largest = kept.map { abs($0.1) }.max() ?? 0
        indices = kept.map { Int32($0.0) }
        weights = kept.map { largest > 0 ? UInt16(bitPattern: Int16(($0.1 / largest * 32767).rounded())) : 0 }
        scale = largest
    }

    init(indices: [Int32], weights: [UInt16], scale: Float) {
        self.indices = indices
        self.weights = weights
        self.scale = scale
    }

    /// The cosine similarity with a unit-length dense vector.
    public func cosine(_ dense: [Float]) -> Double {
        var dot = 0.0, norm = 0.0
        for (i, w) in zip(indices, weights) {
            let value = Double(Int16(bitPattern: w)) / 32767
            norm += value * value
            if Int(i) < dense.count { dot += value * Double(dense[Int(i)]) }
        }
        return norm > 0 ? dot / norm.squareRoot() : 0
    }
}

/// A truncated-SVD basis: `components` is `dimensions x terms`, row-major.
public struct LSABasis: Sendable, Equatable {
    /// Number of LSA dimensions.
    public var dimensions: Int
    /// Number of vocabulary terms.
    public var terms: Int
    /// The right singular vectors, row-major, Float32.
    public var components: [Float]
    /// The singular values, largest first.
    public var singularValues: [Float]

    /// Creates a basis.
    public init(dimensions: Int, terms: Int, components: [Float], singularValues: [Float]) {
        precondition(components.count == dimensions * terms, "LSABasis: need dimensions x terms components")
        self.dimensions = dimensions
        self.terms = terms
        self.components = components
        self.singularValues = singularValues
    }
}

/// One stored cluster.
public struct ModelCluster: Sendable, Equatable, Codable {
    /// Stable id: kept by `update`, never reused.
    public var id: Int
    /// A readable label (the medoid's title or the key phrase).
    public var label: String
    /// Top terms by class-based TF-IDF.
    public var keywords: [String]
    /// The key phrase, when one was found.
    public var phrase: String?
    /// Id of the most central training document.
    public var medoid: String
    /// Number of member documents.
    public var size: Int
    /// Mean member similarity to the centroid.
    public var cohesion: Double
    /// A new article below this cosine similarity to the centroid is `novel`.
    public var noveltyThreshold: Double
    /// The unit-length centroid in the model's vector space (Float32), not in JSON.
    public var centroid: [Float]

    enum CodingKeys: String, CodingKey { case id, label, keywords, phrase, medoid, size, cohesion, noveltyThreshold }

    /// Creates a cluster.
    public init(id: Int, label: String, keywords: [String], phrase: String?, medoid: String, size: Int, cohesion: Double,
                noveltyThreshold: Double, centroid: [Float]) {
        self.id = id
        self.label = label
        self.keywords = keywords
        self.phrase = phrase
        self.medoid = medoid
        self.size = size
        self.cohesion = cohesion
        self.noveltyThreshold = noveltyThreshold
        self.centroid = centroid
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(Int.self, forKey: .id)
        label = try c.decode(String.self, forKey: .label)
        keywords = try c.decode([String].self, forKey: .keywords)
        phrase = try c.decodeIfPresent(String.self, forKey: .phrase)
        medoid = try c.decode(String.self, forKey: .medoid)
        size = try c.decode(Int.self, forKey: .size)
        cohesion = try c.decode(Double.self, forKey: .cohesion)
        noveltyThreshold = try c.decode(Double.self, forKey: .noveltyThreshold)
        centroid = []
    }
}

/// One stored talking point.
public struct ModelTalkingPoint: Sendable, Equatable, Codable {
    /// Stable id.
    public var id: Int
    /// Canonical phrase.
    public var phrase: String
    /// Distinct wordings seen.
    public var variants: [String]
    /// Named speakers, in order of first use.
    public var speakers: [String]
    /// Document ids.
    public var documents: [String]
    /// Earliest use.
    public var firstSeen: TalkingPoint.FirstUse
    /// The passages new sentences are matched against (every instance's passage).
    public var passages: [String]
    /// Number of instances.
    public var instanceCount: Int

    /// Creates a stored talking point.
    public init(id: Int, phrase: String, variants: [String], speakers: [String], documents: [String],
                firstSeen: TalkingPoint.FirstUse, passages: [String], instanceCount: Int) {
        self.id = id
        self.phrase = phrase
        self.variants = variants
        self.speakers = speakers
        self.documents = documents
        self.firstSeen = firstSeen
        self.passages = passages
        self.instanceCount = instanceCount
    }
}

/// One stored training document.
public struct ModelDocument: Sendable, Equatable, Codable {
    /// Document id.
    public var id: String
    /// Title, when known.
    public var title: String?
    /// ISO 8601 date, when known.
    public var date: String?
    /// Outlet, when known.
    public var source: String?
    /// FNV-1a 64-bit hash of the cleaned text: with the id, what makes a
    /// document "the same" for `update`.
    public var contentHash: UInt64
    /// Cluster id, or `nil` when novel.
    public var cluster: Int?
    /// The cleaned text, only with `--keep-text`.
    public var text: String?

    /// Creates a stored document.
    public init(id: String, title: String?, date: String?, source: String?, contentHash: UInt64, cluster: Int?, text: String?) {
        self.id = id
        self.title = title
        self.date = date
        self.source = source
        self.contentHash = contentHash
        self.cluster = cluster
        self.text = text
    }

    /// FNV-1a 64 of a string's UTF-8 bytes.
    public static func hash(_ text: String) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in text.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
        return h
    }
}

/// How a model was fitted (kept so `update` can continue the same way).
public struct ModelSettings: Sendable, Equatable, Codable {
    /// "kmeans" or "agglomerative".
    public var method: String
    /// "tfidf" or "lsa".
    public var space: String
    /// The random seed.
    public var seed: UInt64
    /// Passage similarity threshold for talking points.
    public var talkingPointThreshold: Double
    /// Whether training texts are stored.
    public var keepText: Bool

    /// Creates settings.
    public init(method: String, space: String, seed: UInt64, talkingPointThreshold: Double, keepText: Bool) {
        self.method = method
        self.space = space
        self.seed = seed
        self.talkingPointThreshold = talkingPointThreshold
        self.keepText = keepText
    }
}
