/// Helpers shared by the record readers.
enum RecordFields {
    /// `value` trimmed; `nil` when empty.
    static func nonEmpty(_ value: String?) -> String? {
        guard let value else { return nil }
        let bytes = Array(value.utf8)
        let range = UTF8Scanning.trimmed(bytes[...])
        guard !range.isEmpty else { return nil }
        return range.count == bytes.count ? value : String(decoding: bytes[range], as: UTF8.self)
    }

    /// Parses a date field; an unparsable one adds a warning and yields `nil`.
    static func date(_ value: String?, path: String, line: Int?, warnings: inout [CorpusWarning]) -> ArticleDate? {
        guard let value = nonEmpty(value) else { return nil }
        if let date = ArticleDate(parsing: value) { return date }
        warnings.append(CorpusWarning(
            kind: .unparsableDate, path: path, line: line,
            message: "the date \"\(value)\" was not understood and is ignored; write it as 2021-10-31 or 31 October 2021"))
        return nil
    }

    /// The last path component of `path` (`-` becomes `stdin`).
    static func fileName(_ path: String) -> String {
        if path == "-" { return "stdin" }
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        if let slash = trimmed.lastIndex(of: "/") { return String(trimmed[trimmed.index(after: slash)...]) }
        return String(trimmed)
    }
}
