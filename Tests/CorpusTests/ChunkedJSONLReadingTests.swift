import Testing
@testable import Corpus

/// Large JSONL inputs are parsed in line-aligned chunks on several threads; the
/// result must be exactly what reading line by line gives.
@Suite("Chunked parallel JSONL reading")
struct ChunkedJSONLReadingTests {
    /// One JSONL line of every kind the reader handles: ids of both types and none,
    /// escapes, non-ASCII text, blank lines, and fields that warn.
    private static func line(_ n: Int) -> String {
        switch n % 9 {
        case 0: return #"{"id":"a\#(n)","title":"Talks \#(n)","text":"Officials met.\nThey agreed — \u00e9t\u00e9 \ud83d\ude00 \#(n)."}"#
        case 1: return #"{"id":\#(n),"date":"2021-10-\#(n % 28 + 1)","text":"On day \#(n) the minister said “yes” to the new trade agreement."}"#
        case 2: return ""
        case 3: return #"{"text":"The spokesman said on line \#(n) that the talks will resume next week.","source":"CGTN","speaker":"Wang Yi"}"#
        case 4: return #"{"id":"d\#(n)","date":"sometime \#(n)","text":"A date nobody can read on line \#(n)."}"#
        case 5: return #"{"id":"t\#(n)","title":7,"url":["x"],"text":"The ministry said the fields of line \#(n) have the wrong types."}"#
        case 6: return "   \t "
        case 7: return #"{"id":"e\#(n)","text":"Said on 31 October 2021 at 12:43.\r\nOfficials confirmed that the meeting on line \#(n) would go ahead as planned."}"#
        default: return #"{"id":"f\#(n)","text":"The minister repeated that the \#(String(repeating: "very ", count: n % 40))long border will stay open until line \#(n)."}"#
        }
    }

    private static func jsonl(lines: Int, replacing replaced: [Int: String] = [:], finalNewline: Bool = true) -> [UInt8] {
        let text = (1 ... lines).map { replaced[$0] ?? line($0) }.joined(separator: "\n")
        return Array((finalNewline ? text + "\n" : text).utf8)
    }

    /// What a record holds, in a comparable form.
    private static func summary(_ r: RawRecord) -> [String] {
        [r.id, "\(r.title)", r.date?.description ?? "-", r.source ?? "-", r.url ?? "-", r.speaker ?? "-",
         String(decoding: r.text, as: UTF8.self), r.origin.description]
    }

    private static func read(_ bytes: [UInt8], chunks: Int, threads: Int)
        -> (records: [[String]], warnings: [CorpusWarning], error: CorpusError?) {
        var warnings: [CorpusWarning] = []
        do {
            let records = try JSONLReader.records(bytes, path: "news.jsonl", warnings: &warnings,
                                                  threads: threads, chunkCount: chunks)
            return (records.map(summary), warnings, nil)
        } catch {
            return ([], warnings, error)
        }
    }

    @Test(arguments: [2, 3, 7, 64, 1000])
    func chunkedParseEqualsLineByLineParse(chunks: Int) {
        for finalNewline in [true, false] {
            let bytes = Self.jsonl(lines: 400, finalNewline: finalNewline)
            let serial = Self.read(bytes, chunks: 1, threads: 1)
            let chunked = Self.read(bytes, chunks: chunks, threads: 4)
            #expect(serial.error == nil)
            #expect(serial.records.count == (1 ... 400).filter { $0 % 9 != 2 && $0 % 9 != 6 }.count)
            #expect(chunked.records == serial.records)
            #expect(chunked.warnings == serial.warnings)
            #expect(chunked.error == nil)
        }
    }

    @Test func chunksEndAfterLineFeedsAndCoverTheInput() {
        let bytes = Self.jsonl(lines: 100, finalNewline: false)
        for pieces in [1, 2, 5, 99, 500] {
            let chunks = JSONLReader.lineAlignedChunks(bytes, pieces: pieces)
            #expect(chunks.first?.lowerBound == 0)
            #expect(chunks.last?.upperBound == bytes.count)
            for (a, b) in zip(chunks, chunks.dropFirst()) {
                #expect(a.upperBound == b.lowerBound)
                #expect(a.isEmpty || a.upperBound == bytes.count || bytes[a.upperBound - 1] == 0x0A)
            }
        }
    }

    @Test func errorInALaterChunkNamesItsLineInTheFile() {
        let bytes = Self.jsonl(lines: 400, replacing: [347: #"{"id":"x","text":"unclosed}"#])
        let chunked = Self.read(bytes, chunks: 8, threads: 4)
        guard case let .malformedJSONLine(path, line, _)? = chunked.error else {
            Issue.record("expected a malformed line, got \(String(describing: chunked.error))")
            return
        }
        #expect(path == "news.jsonl")
        #expect(line == 347)
        #expect(chunked.error == Self.read(bytes, chunks: 1, threads: 1).error)
    }

    @Test func firstErrorByLineWinsOverErrorsInLaterChunks() {
        let bytes = Self.jsonl(lines: 400, replacing: [380: "[1,2]", 120: #"{"id":"y"}"#, 250: "nonsense"])
        let serial = Self.read(bytes, chunks: 1, threads: 1)
        #expect(serial.error == .malformedJSONLine(path: "news.jsonl", line: 120, problem: .missingText))
        for chunks in [2, 4, 16, 400] {
            let chunked = Self.read(bytes, chunks: chunks, threads: 4)
            #expect(chunked.error == serial.error)
            #expect(chunked.warnings == serial.warnings)
        }
    }

    @Test func warningsKeepLineOrderAcrossChunks() {
        let bytes = Self.jsonl(lines: 400)
        let chunked = Self.read(bytes, chunks: 16, threads: 4)
        let lines = chunked.warnings.compactMap(\.line)
        #expect(lines.count == chunked.warnings.count)
        #expect(lines == lines.sorted())
        // Line 5 warns twice (title, then url), in field order.
        #expect(chunked.warnings.filter { $0.line == 5 }.map(\.message) == [
            #"the "title" field is a number, not a string; it is ignored"#,
            #"the "url" field is an array, not a string; it is ignored"#,
        ])
        #expect(chunked.warnings == Self.read(bytes, chunks: 1, threads: 1).warnings)
    }

    // MARK: - Through the loader, at a size that is chunked by default

    /// About 1.4 MB of JSONL: above the size read on one thread.
    private static let large = jsonl(lines: 20_000)

    @Test func loaderGivesTheSameCorpusOnOneThreadAndOnMany() throws {
        #expect(Self.large.count > JSONLReader.parallelThreshold)
        for clean in [false, true] {
            let one = try Self.load(Self.large, threads: 1, clean: clean).get()
            let many = try Self.load(Self.large, threads: 4, clean: clean).get()
            #expect(one.documents.count == (1 ... 20_000).filter { $0 % 9 != 2 && $0 % 9 != 6 }.count)
            #expect(many.documents == one.documents)
            #expect(many.warnings == one.warnings)
        }
    }

    @Test func duplicateIdsInDistantChunksAreReportedAsByTheSerialLoader() {
        let bytes = Self.jsonl(lines: 12_000, replacing: [10: #"{"id":"same","text":"first"}"#,
                                                          11_500: #"{"id":"same","text":"second"}"#])
        let expected = CorpusError.duplicateID(id: "same", first: DocumentOrigin(path: "news.jsonl", line: 10),
                                               second: DocumentOrigin(path: "news.jsonl", line: 11_500))
        for threads in [1, 4] {
            #expect(Self.load(bytes, threads: threads).error == expected)
        }
    }

    @Test func theFirstOfADuplicateAndAnEmptyTextIsReported() {
        let blank = #"{"id":"blank","text":" \n "}"#, again = #"{"id":"a9","text":"again"}"#
        let blankFirst = Self.jsonl(lines: 12_000, replacing: [9_000: blank, 9_500: again])
        let duplicateFirst = Self.jsonl(lines: 12_000, replacing: [9_000: again, 9_500: blank])
        for threads in [1, 4] {
            #expect(Self.load(blankFirst, threads: threads).error
                == .emptyDocument(id: "blank", origin: DocumentOrigin(path: "news.jsonl", line: 9_000), afterCleaning: false))
            #expect(Self.load(duplicateFirst, threads: threads).error
                == .duplicateID(id: "a9", first: DocumentOrigin(path: "news.jsonl", line: 9),
                                second: DocumentOrigin(path: "news.jsonl", line: 9_000)))
        }
    }

    @Test func theFirstDocumentEmptiedByCleaningIsReported() {
        let furniture = #"{"id":"menu","text":"Download\n\n0:00\n\n28:18"}"#
        let bytes = Self.jsonl(lines: 12_000, replacing: [4_000: furniture, 11_000: furniture.replacingOccurrences("menu", "menu2")])
        let serial = Self.load(bytes, threads: 1, clean: true).error
        #expect(serial == .emptyDocument(id: "menu", origin: DocumentOrigin(path: "news.jsonl", line: 4_000), afterCleaning: true))
        #expect(Self.load(bytes, threads: 4, clean: true).error == serial)
    }

    private static func load(_ bytes: [UInt8], threads: Int, clean: Bool = false) -> Result<LoadedCorpus, CorpusError> {
        Result { () throws(CorpusError) in
            try CorpusLoader(options: CorpusLoadOptions(clean: clean), threads: threads)
                .load(bytes: bytes, path: "news.jsonl", format: .jsonl)
        }
    }
}

private extension Result {
    var error: Failure? {
        if case let .failure(error) = self { return error }
        return nil
    }
}

private extension String {
    func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
