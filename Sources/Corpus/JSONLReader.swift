/// Reads JSON Lines: one object per line with a string `text` and optional
/// `id` (string or number), `title`, `date`, `source`, `url`, `speaker`.
///
/// Blank lines are skipped. The id defaults to `<file name>:<line>`. A malformed
/// line is an error naming the line; an optional field of the wrong type is
/// ignored with a warning; an unparsable `date` is ignored with a warning.
///
/// Large inputs are cut into line-aligned chunks parsed in parallel and joined
/// in order: the records, the warnings and the first error (by line) are the
/// same as reading line by line.
///
/// - Complexity: O(n) in the input size.
enum JSONLReader {
    static let keys: Set<String> = ["text", "id", "title", "date", "source", "url", "speaker"]
    /// Inputs smaller than this are read on one thread.
    static let parallelThreshold = 1 << 20
    /// Bytes per chunk to aim for in large inputs.
    static let chunkTarget = 1 << 18

    /// The records of `bytes` in line order. `chunkCount` overrides the number of
    /// chunks (`nil` chooses from the size and `threads`); it never changes the result.
    static func records(_ bytes: [UInt8], path: String, warnings: inout [CorpusWarning],
                        threads: Int = ParallelChunks.availableCores,
                        chunkCount: Int? = nil) throws(CorpusError) -> [RawRecord] {
        try records(bytes, path: path, warnings: &warnings, threads: threads, chunkCount: chunkCount) { $0 }
    }

    /// `make` of each record of `bytes`, in line order, called on the thread that parsed the record.
    static func records<T: Sendable>(_ bytes: [UInt8], path: String, warnings: inout [CorpusWarning],
                                     threads: Int, chunkCount: Int? = nil,
                                     make: @escaping @Sendable (RawRecord) -> T) throws(CorpusError) -> [T] {
        let pieces = chunkCount ?? (bytes.count < parallelThreshold || threads <= 1
            ? 1 : min(4 * threads, bytes.count / chunkTarget))
        let chunks = lineAlignedChunks(bytes, pieces: pieces)
        // Chunk k starts on the line after the line feeds of the chunks before it
        // (the last chunk's line feeds are not needed).
        let newlines = ParallelChunks.map(chunks.count - 1, threads: threads) { k in
            ByteSearch.count(of: 0x0A, in: bytes[chunks[k]])
        }
        let firstLines = newlines.reduce(into: [1]) { $0.append($0[$0.count - 1] + $1) }
        let name = RecordFields.fileName(path)
        var parts = ParallelChunks.map(chunks.count, threads: threads) { k -> ChunkRecords<T> in
            var part = ChunkRecords<T>()
            do throws(CorpusError) {
                try readLines(bytes[chunks[k]], firstLine: firstLines[k], path: path, name: name,
                              into: &part.records, warnings: &part.warnings, make: make)
            } catch {
                part.error = error
            }
            return part
        }
        var lists: [[T]] = []
        for k in parts.indices {
            warnings += parts[k].warnings
            if let error = parts[k].error { throw error }
            // Handed over, not shared, so that joining can move the records.
            lists.append(parts[k].records)
            parts[k].records = []
        }
        return ParallelChunks.joined(&lists)
    }

    /// `bytes` cut into at most `pieces` chunks that each end just after a line feed (the last at the end).
    /// - Complexity: O(pieces + the length of the lines cut).
    static func lineAlignedChunks(_ bytes: [UInt8], pieces: Int) -> [Range<Int>] {
        var bounds = [0]
        for nominal in ParallelChunks.ranges(of: bytes.count, into: pieces).dropFirst().map(\.lowerBound) {
            let from = max(nominal - 1, bounds[bounds.count - 1])
            let newline = ByteSearch.firstIndex(of: 0x0A, in: bytes[...], from: from)
            bounds.append(newline < bytes.count ? newline + 1 : bytes.count)
        }
        bounds.append(bytes.count)
        return (0 ..< bounds.count - 1).map { bounds[$0] ..< max(bounds[$0], bounds[$0 + 1]) }
    }

    /// What one chunk yields: its records and warnings up to its first error.
    private struct ChunkRecords<T: Sendable>: Sendable {
        var records: [T] = []
        var warnings: [CorpusWarning] = []
        var error: CorpusError?
    }

    /// Reads the lines of `chunk`, the first being line `firstLine` of the file.
    private static func readLines<T>(_ chunk: ArraySlice<UInt8>, firstLine: Int, path: String, name: String,
                                     into records: inout [T], warnings: inout [CorpusWarning],
                                     make: (RawRecord) -> T) throws(CorpusError) {
        var line = firstLine - 1
        var start = chunk.startIndex
        while start < chunk.endIndex {
            let end = ByteSearch.firstIndex(of: 0x0A, in: chunk, from: start)
            line += 1
            let slice = chunk[start ..< end]
            start = end + 1
            if UTF8Scanning.isBlank(slice) { continue }
            records.append(make(try record(slice, line: line, path: path, name: name, warnings: &warnings)))
        }
    }

    /// The record on one non-blank line.
    private static func record(_ slice: ArraySlice<UInt8>, line: Int, path: String, name: String,
                               warnings: inout [CorpusWarning]) throws(CorpusError) -> RawRecord {
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
        return RawRecord(
            id: id, title: title.map { .given($0) } ?? .headlineOnly, date: date,
            source: string("source"), url: string("url"), speaker: string("speaker"),
            text: text, origin: DocumentOrigin(path: path, line: line))
    }
}
