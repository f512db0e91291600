import Corpus

/// One sentence of one article, with who (if anyone) is said to have said it.
///
/// Statements are what ``SpeakerAttributor`` produces: every sentence of a
/// document exactly once, in text order. `text` is an exact slice of
/// `Document.text`, and `byteRange` says where: slicing the document text's
/// UTF-8 bytes with `byteRange` gives `text`, so a statement can be quoted,
/// highlighted or stored as offsets.
public struct Statement: Sendable, Hashable, Codable {
    /// The `Document.id` of the article the sentence comes from.
    public var documentID: String
    /// The speaker's normalised full name ("Wang Wenbin"), a bare surname when
    /// no full name could be found ("Miller"), or `nil` for narration and for
    /// attributions to unidentified people.
    public var speaker: String?
    /// The sentence, exactly as it stands in `Document.text` (trimmed of
    /// surrounding whitespace).
    public var text: String
    /// Where `text` lies in `Document.text`: UTF-8 byte offsets, half-open
    /// `[start, end)`.
    public var byteRange: Range<Int>
    /// The article's publication date, when known.
    public var date: ArticleDate?
    /// The article's outlet or publisher, when known.
    public var source: String?
    /// Whether the sentence is a quotation, reported speech or narration.
    public var kind: StatementKind

    /// Creates a statement.
    public init(documentID: String, speaker: String?, text: String, byteRange: Range<Int>,
                date: ArticleDate? = nil, source: String? = nil, kind: StatementKind) {
        self.documentID = documentID
        self.speaker = speaker
        self.text = text
        self.byteRange = byteRange
        self.date = date
        self.source = source
        self.kind = kind
    }

    /// Whether someone is said to have said the sentence (a quote or reported
    /// speech), whether or not that person could be named.
    public var isAttributed: Bool { kind != .narration }
}
