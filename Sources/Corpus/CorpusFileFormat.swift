/// How one input file is read.
public enum CorpusFileFormat: String, Sendable, Hashable, CaseIterable {
    /// One article per file (`.txt`, `.md`, and any file named explicitly with another extension).
    case text
    /// JSON Lines: one article object per line (`.jsonl`, and `-` for standard input).
    case jsonl
    /// Comma-separated values with a header row (`.csv`).
    case csv

    /// The format for a file extension (without the dot, any case), or `nil` when it is not an article extension.
    public init?(fileExtension: String) {
        switch fileExtension.lowercased() {
        case "txt", "md", "markdown", "text": self = .text
        case "jsonl", "ndjson": self = .jsonl
        case "csv": self = .csv
        default: return nil
        }
    }

    /// The extension of `path`'s last component, without the dot (empty when there is none).
    static func fileExtension(of path: String) -> String {
        let name = RecordFields.fileName(path)
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return String(name[name.index(after: dot)...])
    }

    /// `path`'s last component without its extension: the id of a whole-file article.
    static func baseName(of path: String) -> String {
        let name = RecordFields.fileName(path)
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
        return String(name[..<dot])
    }
}
