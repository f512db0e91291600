/// What `refrain near-duplicates` reports: pairs of documents that share a
/// near-duplicate passage. A report model (schema in the README).
public struct NearDuplicatesReport: Sendable, Codable, Equatable {
    /// Number of documents compared.
    public var documents: Int
    /// The similarity threshold used.
    public var threshold: Double
    /// Pairs, ordered by first then second document (input order).
    public var pairs: [Pair]
    /// Input problems that did not stop the run.
    public var warnings: [String]

    /// One matched pair.
    public struct Pair: Sendable, Codable, Equatable {
        /// First document id.
        public var first: String
        /// Second document id.
        public var second: String
        /// Passage similarity, 0...1.
        public var similarity: Double
        /// The shared passage in the first document, as written.
        public var firstPassage: String
        /// The shared passage in the second document, as written.
        public var secondPassage: String
        /// UTF-8 byte span of the first passage in its document.
        public var firstSpan: [Int]
        /// UTF-8 byte span of the second passage in its document.
        public var secondSpan: [Int]
    }

    /// Creates a report.
    public init(documents: Int, threshold: Double, pairs: [Pair], warnings: [String]) {
        self.documents = documents
        self.threshold = threshold
        self.pairs = pairs
        self.warnings = warnings
    }
}

extension Pipeline {
    /// Near-duplicate passages between whole documents (each document is one text).
    public static func nearDuplicates(_ documents: [Document], configuration: NearDuplicateConfiguration,
                                      warnings: [String] = []) -> NearDuplicatesReport {
        let texts = documents.map(\.text)
        let matches = NearDuplicateFinder(configuration: configuration).matches(in: texts)
        func slice(_ text: String, _ span: Range<Int>) -> String {
            var text = text
            return text.withUTF8 { String(decoding: UnsafeBufferPointer(rebasing: $0[span]), as: UTF8.self) }
        }
        let pairs = matches.map { m in
            NearDuplicatesReport.Pair(first: documents[m.first].id, second: documents[m.second].id, similarity: m.similarity,
                                      firstPassage: slice(texts[m.first], m.firstSpan), secondPassage: slice(texts[m.second], m.secondSpan),
                                      firstSpan: [m.firstSpan.lowerBound, m.firstSpan.upperBound],
                                      secondSpan: [m.secondSpan.lowerBound, m.secondSpan.upperBound])
        }
        return NearDuplicatesReport(documents: documents.count, threshold: configuration.threshold, pairs: pairs, warnings: warnings)
    }
}
