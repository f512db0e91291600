import Foundation

/// Loads articles from `.txt`/`.md` files, JSONL and CSV files, folders of
/// them, and JSONL on standard input, into `Document`s.
///
/// Steps: expand the paths (`InputCollector`); decode each file (`TextDecoding`:
/// BOMs, UTF-16, invalid UTF-8 repaired with a warning, binary and empty files
/// refused); parse it (a whole-file article, `JSONLReader`, `CSVReader`); when
/// `options.clean`, learn the corpus's boilerplate lines (`BoilerplateDetector`)
/// and strip every text (`FurnitureStripper`), which also yields titles, dates
/// and outlets not given by fields; finally check ids are unique and no text is
/// empty.
///
/// Whole-file articles get the file name without extension as id; records get
/// their `id` field, else `<file name>:<line>`. Documents keep input order.
///
/// - Complexity: O(total bytes); the whole corpus is held in memory.
public struct CorpusLoader: Sendable {
    /// How inputs are read.
    public var options: CorpusLoadOptions
    /// Reads standard input when the path `-` is given. Replaceable for tests.
    public var readStandardInput: @Sendable () -> [UInt8]
    /// Threads for parsing and building documents; the result is the same for any count.
    public var threads: Int

    /// Corpora with fewer records are built on one thread.
    static let parallelRecords = 256

    /// Creates a loader; `threads` defaults to every core.
    public init(options: CorpusLoadOptions = CorpusLoadOptions(),
                readStandardInput: @escaping @Sendable () -> [UInt8] = CorpusLoader.standardInputBytes,
                threads: Int? = nil) {
        self.options = options
        self.readStandardInput = readStandardInput
        self.threads = threads ?? ParallelChunks.availableCores
    }

    /// All bytes of the process's standard input, read to its end.
    public static func standardInputBytes() -> [UInt8] {
        [UInt8](FileHandle.standardInput.readDataToEndOfFile())
    }

    /// Loads files and folders; `-` reads JSONL from standard input.
    /// - Throws: `CorpusError` naming the file (and line) at fault.
    /// - Complexity: O(total bytes).
    public func load(_ paths: [String]) throws(CorpusError) -> LoadedCorpus {
        var warnings: [CorpusWarning] = []
        let inputs = try InputCollector.collect(paths, recursive: options.recursive, warnings: &warnings)
        return try load(inputs, warnings: warnings) { input throws(CorpusError) in
            input.path == "-" ? readStandardInput() : try Self.read(input.path, threads: threads)
        }
    }

    /// Loads one in-memory input, for example JSONL read from a pipe. `path` names it in ids and messages.
    /// - Complexity: O(bytes).
    public func load(bytes: [UInt8], path: String, format: CorpusFileFormat) throws(CorpusError) -> LoadedCorpus {
        try load([InputFile(path: path, format: format)], warnings: []) { _ in bytes }
    }

    /// Loads JSONL bytes (what `-` reads from standard input).
    /// - Complexity: O(bytes).
    public func load(jsonl bytes: [UInt8], path: String = "-") throws(CorpusError) -> LoadedCorpus {
        try load(bytes: bytes, path: path, format: .jsonl)
    }

    // MARK: - Steps

    private static func read(_ path: String, threads: Int) throws(CorpusError) -> [UInt8] {
        if let bytes = FileBytes.read(path, threads: threads) { return bytes }
        do {
            return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw .unreadableFile(path: path, reason: error.localizedDescription)
        }
    }

    /// Reads, parses and assembles `inputs` in order. With cleaning, every record
    /// waits for the corpus's boilerplate; without, each becomes its document as
    /// soon as it is parsed (on the parsing thread) and only the checks across
    /// documents are left for the end.
    private func load(_ inputs: [InputFile], warnings: [CorpusWarning],
                      bytes: (InputFile) throws(CorpusError) -> [UInt8]) throws(CorpusError) -> LoadedCorpus {
        var warnings = warnings
        if options.clean {
            let records = try parseAll(inputs, bytes, warnings: &warnings) { $0 }
            return try assemble(records, warnings: warnings)
        }
        var made = try parseAll(inputs, bytes, warnings: &warnings, make: RawDocument.init)
        guard !made.isEmpty else { throw .emptyCorpus }
        var ids = IDRegister(capacity: made.count)
        for i in made.indices {
            try ids.add(made[i].document.id, made[i].document.origin)
            if made[i].blank {
                throw .emptyDocument(id: made[i].document.id, origin: made[i].document.origin, afterCleaning: false)
            }
        }
        var documents: [Document] = []
        documents.reserveCapacity(made.count)
        while let last = made.popLast() { documents.append(last.document) }
        ParallelChunks.reverseByMoving(&documents)
        return LoadedCorpus(documents: documents, warnings: warnings)
    }

    /// `make` of every record of every input, in input order.
    private func parseAll<T: Sendable>(_ inputs: [InputFile], _ bytes: (InputFile) throws(CorpusError) -> [UInt8],
                                       warnings: inout [CorpusWarning],
                                       make: @escaping @Sendable (RawRecord) -> T) throws(CorpusError) -> [T] {
        var parts: [[T]] = []
        for input in inputs {
            parts.append(try parse(try bytes(input), path: input.path, format: input.format, warnings: &warnings, make: make))
        }
        return ParallelChunks.joined(&parts)
    }

    private func parse<T: Sendable>(_ raw: [UInt8], path: String, format: CorpusFileFormat,
                                    warnings: inout [CorpusWarning],
                                    make: @escaping @Sendable (RawRecord) -> T) throws(CorpusError) -> [T] {
        let decoded = try TextDecoding.decode(raw, path: path, threads: threads)
        warnings += decoded.warnings
        switch format {
        case .text:
            return [make(RawRecord(id: path == "-" ? "stdin" : CorpusFileFormat.baseName(of: path), title: .firstLine,
                                   text: decoded.bytes,
                                   origin: DocumentOrigin(path: path)))]
        case .jsonl:
            return try JSONLReader.records(decoded.bytes, path: path, warnings: &warnings, threads: threads, make: make)
        case .csv:
            let records = try CSVReader.records(decoded.bytes, path: path, options: options, warnings: &warnings)
            return ParallelChunks.map(records, threads: records.count < Self.parallelRecords ? 1 : threads, make)
        }
    }

    private func assemble(_ records: [RawRecord], warnings: [CorpusWarning]) throws(CorpusError) -> LoadedCorpus {
        guard !records.isEmpty else { throw .emptyCorpus }
        var ids = IDRegister(capacity: records.count)
        var texts: [[UInt8]] = []
        texts.reserveCapacity(records.count)
        for record in records {
            try ids.add(record.id, record.origin)
            var bytes = record.text
            if UTF8Scanning.isBlank(bytes[...]) {
                throw .emptyDocument(id: record.id, origin: record.origin, afterCleaning: false)
            }
            UTF8Scanning.normalizeLineEndings(&bytes)
            texts.append(bytes)
        }
        let stripper = FurnitureStripper(boilerplate: options.boilerplate.boilerplate(normalized: texts))
        return LoadedCorpus(documents: try documents(records, texts, stripper: stripper), warnings: warnings)
    }

    /// The cleaned documents of `records` in order, built in parallel chunks; the
    /// first failing record (in order) is the error, as when built one by one.
    private func documents(_ records: [RawRecord], _ texts: [[UInt8]],
                           stripper: FurnitureStripper) throws(CorpusError) -> [Document] {
        let pieces = records.count < Self.parallelRecords ? 1 : 4 * threads
        let chunks = ParallelChunks.ranges(of: records.count, into: pieces)
        let parts = ParallelChunks.map(chunks.count, threads: threads) { k -> Result<[Document], CorpusError> in
            var documents: [Document] = []
            documents.reserveCapacity(chunks[k].count)
            for r in chunks[k] {
                do throws(CorpusError) {
                    documents.append(try Self.document(records[r], texts[r], stripper: stripper))
                } catch {
                    return .failure(error)
                }
            }
            return .success(documents)
        }
        var documents: [Document] = []
        documents.reserveCapacity(records.count)
        for part in parts { documents += try part.get() }
        return documents
    }

    private static func document(_ record: RawRecord, _ bytes: [UInt8], stripper: FurnitureStripper) throws(CorpusError) -> Document {
        let stripped = stripper.strip(normalized: bytes, title: record.title)
        if UTF8Scanning.isBlank(Array(stripped.body.utf8)[...]) {
            throw .emptyDocument(id: record.id, origin: record.origin, afterCleaning: true)
        }
        return Document(id: record.id, title: stripped.title, date: record.date ?? stripped.date,
                        source: record.source ?? stripped.source, url: record.url, speaker: record.speaker,
                        text: stripped.body, origin: record.origin)
    }
}

/// A record made into its document as soon as it is read, when no cleaning needs
/// the whole corpus first: line endings normalised, outer spaces trimmed, the date
/// from the field or the top of the text.
private struct RawDocument: Sendable {
    var document: Document
    /// The text was blank as given: an error once the ids before it are checked.
    var blank: Bool

    init(_ record: RawRecord) {
        blank = UTF8Scanning.isBlank(record.text[...])
        var bytes = record.text
        UTF8Scanning.normalizeLineEndings(&bytes)
        let range = UTF8Scanning.trimmed(bytes[...])
        document = Document(id: record.id, title: record.givenTitle,
                            date: record.date ?? FurnitureStripper.dateNearTop(bytes),
                            source: record.source, url: record.url, speaker: record.speaker,
                            text: UTF8Scanning.string(validUTF8: bytes[range]), origin: record.origin)
    }
}

/// The ids seen so far and where each was first used.
private struct IDRegister {
    private var places: [String: DocumentOrigin] = [:]

    init(capacity: Int) { places.reserveCapacity(capacity) }

    /// Records `id`; a second use is `CorpusError.duplicateID` naming both places.
    mutating func add(_ id: String, _ origin: DocumentOrigin) throws(CorpusError) {
        if let first = places.updateValue(origin, forKey: id) {
            throw .duplicateID(id: id, first: first, second: origin)
        }
    }
}
