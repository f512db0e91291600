/// What `refrain vectorize` reports: the size of the fitted vocabulary and,
/// per document, its highest-weighted terms. A report model: computed by
/// `Pipeline`, rendered by the Reporting module.
///
/// JSON field names are a documented contract (see the README).
public struct VectorizationReport: Sendable, Codable, Equatable {
    /// Number of documents vectorized.
    public var documents: Int
    /// Number of distinct terms (columns).
    public var vocabularySize: Int
    /// Stored non-zero weights in the document-term matrix.
    public var nonZeros: Int
    /// The analyzer and weighting used, in words (e.g. "refrain analyzer, 1-grams, ...").
    public var configuration: String
    /// Per document, in input order.
    public var topTerms: [DocumentTerms]
    /// Problems found while reading the input that did not stop the run.
    public var warnings: [String]

    /// One document's strongest terms.
    public struct DocumentTerms: Sendable, Codable, Equatable {
        /// Document id.
        public var document: String
        /// Title, when known.
        public var title: String?
        /// Date, ISO 8601, when known.
        public var date: String?
        /// Distinct terms in the document.
        public var termCount: Int
        /// The top terms, heaviest first (ties: alphabetical).
        public var terms: [WeightedTerm]
    }

    /// A term and its TF-IDF weight in one document.
    public struct WeightedTerm: Sendable, Codable, Equatable {
        /// The term as the analyzer produced it.
        public var term: String
        /// Its TF-IDF weight (with the default L2 norm, in 0...1).
        public var weight: Double
    }
}
