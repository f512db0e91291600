/// Reads JSON Lines: one object per line with a string `text` and optional
/// `id` (string or number), `title`, `date`, `source`, `url`, `speaker`.
///
/// Blank lines are skipped. The id defaults to `<file name>:<line>`. A malformed
/// line is an error naming the line; an optional field of the wrong type is
/// ignored with a warning; an unparsable `date` is ignored with a warning.
///
/// - Complexity: O(n) in the input size.
enum JSONLReader {
    static let keys: Set<String> = ["text", "id", "title", "date", "source", "url", "speaker"]

    static func records(_ bytes: [UInt8], path: String, warnings: inout [CorpusWarning]) throws(CorpusError) -> [RawRecord] {
        var records: [RawRecord] = []
        let name = RecordFields.fileName(path)
        var line = 0
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            line += 1
            let slice = bytes[start ..< end]
            start = end + 1
            if UTF8Scanning.isBlank(slice) { continue }
            let fields: [String: JSONFieldValue]
            do {
                fields = try JSONLineParser.object(slice, keys: keys)
            } catch {
                throw .malformedJSONLine(path: path, line: line, problem: error)
            }
            guard let textValue = fields["text"] else {
                throw .malformedJSONLine(path: path, line: line, problem: .missingText)
            }
            guard case let .string(text) = textValue else {
                throw .malformedJSONLine(path: path, line: line, problem: .textNotString(found: textValue.typeName))
            }
            func string(_ key: String) -> String? {
                switch fields[key] {
                case nil, .null?: return nil
                case let .string(value)?: return RecordFields.nonEmpty(String(decoding: value, as: UTF8.self))
                case let .number(literal)? where key == "id": return literal
                case let other?:
                    warnings.append(CorpusWarning(
                        kind: .ignoredField, path: path, line: line,
                        message: "the \"\(key)\" field is \(other.typeName), not a string; it is ignored"))
                    return nil
                }
            }
            let id = string("id") ?? "\(name):\(line)"
            let title = string("title")
            let date = RecordFields.date(string("date"), path: path, line: line, warnings: &warnings)
            records.append(RawRecord(
                id: id, title: title.map { .given($0) } ?? .headlineOnly, date: date,
                source: string("source"), url: string("url"), speaker: string("speaker"),
                text: text, origin: DocumentOrigin(path: path, line: line)))
        }
        return records
    }
}
