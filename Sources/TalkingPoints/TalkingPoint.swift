import Corpus

/// A line repeated across statements: its canonical wording, the variants,
/// who said it, where and when. Encoded with the field names documented in
/// the README (a contract: fields are added, never renamed).
public struct TalkingPoint: Sendable, Hashable, Codable {
    /// Rank in the report, from 0.
    public var id: Int
    /// The canonical phrase: the shared span most instances contain, as written in the most central instance.
    public var phrase: String
    /// Distinct wordings of the shared passage, in order of first appearance.
    public var variants: [String]
    /// Named speakers, in order of first use.
    public var speakers: [String]
    /// Documents, in input order.
    public var documents: [String]
    /// Outlets (document sources), where known, in order of first use.
    public var sources: [String]
    /// The earliest use.
    public var firstSeen: FirstUse
    /// Every use, in input order.
    public var instances: [Instance]

    /// The first use of a talking point.
    public struct FirstUse: Sendable, Hashable, Codable {
        /// ISO 8601 date, or `null` when no instance has a date.
        public var date: String?
        /// Who used it first, or `null`.
        public var speaker: String?
        /// In which document.
        public var document: String

        /// Creates a first use.
        public init(date: String?, speaker: String?, document: String) {
            self.date = date
            self.speaker = speaker
            self.document = document
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(date, forKey: .date)
            try c.encode(speaker, forKey: .speaker)
            try c.encode(document, forKey: .document)
        }
    }

    /// One use of a talking point.
    public struct Instance: Sendable, Hashable, Codable {
        /// Document id.
        public var document: String
        /// Speaker, or `null`.
        public var speaker: String?
        /// The whole sentence.
        public var sentence: String
        /// UTF-8 byte span `[start, end)` of the repeated passage in the document text.
        public var span: [Int]
        /// UTF-8 byte span `[start, end)` of the sentence in the document text.
        public var sentenceSpan: [Int]
        /// The repeated passage, exactly as written.
        public var passage: String
        /// ISO 8601 date of the document, or `null`.
        public var date: String?
        /// Outlet, or `null`.
        public var source: String?
        /// `quote`, `reported` or `narration`.
        public var kind: StatementKind
        /// Mean similarity of this passage to the other instances it matched (0...1).
        public var similarity: Double

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(document, forKey: .document)
            try c.encode(speaker, forKey: .speaker)
            try c.encode(sentence, forKey: .sentence)
            try c.encode(span, forKey: .span)
            try c.encode(sentenceSpan, forKey: .sentenceSpan)
            try c.encode(passage, forKey: .passage)
            try c.encode(date, forKey: .date)
            try c.encode(source, forKey: .source)
            try c.encode(kind, forKey: .kind)
            try c.encode(similarity, forKey: .similarity)
        }
    }
}
