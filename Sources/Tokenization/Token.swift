/// A word token: its normalised text and where it stands in the original.
public struct Token: Sendable, Hashable, CustomStringConvertible {
    /// The normalised form used for counting (for example `"onechina"`).
    public let text: String
    /// UTF-8 byte offsets of the token in the original text, so callers can
    /// quote the source exactly (`"one-China"`).
    public let byteRange: Range<Int>
    /// Whether the token was written as an acronym ("US", "U.S.", "WHO"):
    /// acronyms are exempt from stop-word removal.
    public let isAcronym: Bool

    /// Creates a token.
    public init(text: String, byteRange: Range<Int>, isAcronym: Bool = false) {
        self.text = text
        self.byteRange = byteRange
        self.isAcronym = isAcronym
    }

    public var description: String { "\(text)@\(byteRange.lowerBound)..<\(byteRange.upperBound)" }
}
