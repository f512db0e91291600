/// Something the loader repaired or skipped; loading went on.
public struct CorpusWarning: Sendable, Hashable, CustomStringConvertible {
    /// The kind of problem.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// A file in a folder was not loaded (unknown extension, hidden, or a subfolder when not recursive).
        case skippedFile
        /// Invalid UTF-8 bytes were replaced by U+FFFD.
        case invalidUTF8
        /// Invalid UTF-16 (unpaired surrogates, odd length) was replaced by U+FFFD.
        case invalidUTF16
        /// A `date` field could not be parsed; the document has no date from it.
        case unparsableDate
        /// An optional field had the wrong JSON type and was ignored.
        case ignoredField
        /// A CSV field had characters after its closing quote; they were kept.
        case strayCSVQuote
    }

    /// The kind of problem.
    public var kind: Kind
    /// The file, as given (or derived from a folder given); `-` for standard input.
    public var path: String
    /// The 1-based line, when the problem has one.
    public var line: Int?
    /// What happened, in words.
    public var message: String

    /// Creates a warning.
    public init(kind: Kind, path: String, line: Int? = nil, message: String) {
        self.kind = kind
        self.path = path
        self.line = line
        self.message = message
    }

    /// `path:line: message` (or `path: message`).
    public var description: String {
        let place = line.map { "\(path):\($0)" } ?? path
        return "\(place): \(message)"
    }
}
