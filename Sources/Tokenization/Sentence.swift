/// One sentence found by ``SentenceSplitter``: its text and where it lies in
/// the string it was split from.
///
/// `byteRange` counts UTF-8 code units (bytes) from the start of the source
/// string, and is trimmed of surrounding whitespace: the first and last bytes
/// of the range are never whitespace. Slicing the source's UTF-8 bytes with
/// `byteRange` gives exactly `text`, so a sentence can be quoted, highlighted
/// or stored as offsets without keeping the text.
///
/// `text` is a `Substring` of the source string and therefore shares (and
/// keeps alive) the source's storage; use `String(sentence.text)` for an
/// independent copy.
public struct Sentence: Sendable, Hashable {
    /// The sentence, trimmed of surrounding whitespace; a view into the source string.
    public let text: Substring
    /// Where `text` lies in the source string, in UTF-8 byte offsets (half-open).
    public let byteRange: Range<Int>

    /// Creates a sentence from its text and its UTF-8 byte range in the source.
    ///
    /// The initializer does not check that `text` is the bytes `byteRange`
    /// selects; ``SentenceSplitter`` guarantees it for the sentences it makes.
    public init(text: Substring, byteRange: Range<Int>) {
        self.text = text
        self.byteRange = byteRange
    }
}
