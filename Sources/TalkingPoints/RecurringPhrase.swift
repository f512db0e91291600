import Corpus

/// A word sequence repeated across documents, found exactly (no hashing
/// collisions, no sampling) by `RecurringPhraseFinder`.
public struct RecurringPhrase: Sendable, Hashable, Codable {
    /// The phrase as written at its first occurrence (original case and punctuation).
    public var phrase: String
    /// The normalised tokens that matched (what makes two occurrences the same).
    public var tokens: [String]
    /// Number of distinct documents it occurs in.
    public var documentCount: Int
    /// Ids of those documents, in input order.
    public var documents: [String]
    /// Distinctiveness: the summed inverse document frequency,
    /// `ln(n / df(w))`, of its words that are not stop words.
    public var distinctiveness: Double
    /// Every occurrence, in input order.
    public var occurrences: [PhraseOccurrence]
}

/// One place a phrase occurs.
public struct PhraseOccurrence: Sendable, Hashable, Codable {
    /// Document id.
    public var document: String
    /// UTF-8 byte span `[start, end)` in the document's cleaned text.
    public var span: [Int]
    /// The text at that span, exactly.
    public var text: String
}
