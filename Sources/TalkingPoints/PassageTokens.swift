import LinearAlgebra
import Tokenization

/// What matching needs to know about one word occurrence, in one byte.
struct PassageWordFlags: OptionSet, Sendable, Hashable {
    let rawValue: UInt8
    /// Neither a function word nor a number.
    static let content = PassageWordFlags(rawValue: 1)
    /// Written with a capital, or a role word: part of a name or title.
    static let titleLike = PassageWordFlags(rawValue: 2)
    /// A reporting verb ("said", "told", …): it separates a line from its
    /// attribution, so no matched passage spans it.
    static let barrier = PassageWordFlags(rawValue: 4)
}

/// The words of many texts prepared for matching, in flat arrays: for every
/// word occurrence its stem (an integer id), its flags and its UTF-8 byte
/// range in its text.
///
/// Normalisations that make wire copy comparable: Refrain's tokenizer (so
/// "one-China" = "oneChina", "China's" = "Chinas", "U.S." = "US"), then
/// "United States" → `us`, then light stemming (`Stemmer`) of every word
/// that is not a function word.
///
/// Texts are scanned as UTF-8 bytes in parallel chunks (all-ASCII texts by
/// `ASCIIWordScanner`, others by `RefrainTokenizer`, with the same tokens);
/// each chunk interns its words in a byte-string table, the chunk tables are
/// merged in chunk order
/// (so ids are numbered by first occurrence, whatever the thread count), and
/// stems, function-word and role-word tests run once per distinct word, not
/// per occurrence.
/// - Complexity: O(B) for B bytes of text, plus O(W) string work for W
///   distinct words.
struct PassageTokens: Sendable {
    /// Text `t`'s words are `wordOffsets[t] ..< wordOffsets[t + 1]`.
    private(set) var wordOffsets: [Int]
    /// The stem id of every word.
    private(set) var stems: [UInt32]
    /// The flags of every word.
    private(set) var flags: [PassageWordFlags]
    /// The first UTF-8 byte of every word in its text.
    private(set) var byteStarts: [UInt32]
    /// One past the last UTF-8 byte of every word in its text.
    private(set) var byteEnds: [UInt32]
    /// Each stem's Unicode scalars are `stemScalars[stemScalarOffsets[s] ..< stemScalarOffsets[s + 1]]`.
    private(set) var stemScalarOffsets: [Int]
    /// The Unicode scalar values of all stems, one after another.
    private(set) var stemScalars: [UInt32]
    /// How often each stem occurs in all texts.
    private(set) var stemCounts: [Int]

    /// The number of texts.
    var textCount: Int { wordOffsets.count - 1 }
    /// The number of words in all texts.
    var wordCount: Int { stems.count }
    /// The number of distinct stems.
    var stemCount: Int { stemCounts.count }

    /// Indices of text `t`'s words in the flat arrays.
    func words(of text: Int) -> Range<Int> { wordOffsets[text] ..< wordOffsets[text + 1] }

    /// The stem with id `stem`, as a string.
    func stemText(_ stem: Int) -> String {
        var scalars = String.UnicodeScalarView()
        for v in stemScalars[stemScalarOffsets[stem] ..< stemScalarOffsets[stem + 1]] { scalars.append(Unicode.Scalar(v)!) }
        return String(scalars)
    }

    /// Prepares `texts`; `functionWords` are neither stemmed nor content words
    /// (unless written as an acronym: the country "US" is content).
    init(_ texts: [String], functionWords: StopWordList, threads: Int = 1) {
        let chunkCount = max(1, min(4 * max(1, threads), texts.count / 256))
        let chunks = Parallel.chunks(of: texts.count, into: chunkCount)
        let scanned = Parallel.map(chunks.count, threads: threads) { ScannedChunk(texts, chunks[$0]) }

        // Global word ids in order of first occurrence: chunk by chunk.
        let words = ByteStringTable(expectedCount: 1 << 16)
        let toGlobal: [[UInt32]] = scanned.map { chunk in
            (0 ..< chunk.table.count).map { local in UInt32(words.insert(bytes: chunk.table.key(local))) }
        }
        let lexicon = WordLexicon(words, functionWords: functionWords, threads: threads)

        // Word counts after joining "United States", then every chunk writes its words in place.
        let local = Parallel.map(chunks.count, threads: threads) { c in lexicon.facts(toGlobal[c]) }
        let counts = Parallel.map(chunks.count, threads: threads) { c in lexicon.wordCounts(scanned[c], local[c]) }
        var offsets = [Int](repeating: 0, count: texts.count + 1)
        var t = 0
        for chunk in counts {
            for count in chunk {
                offsets[t + 1] = offsets[t] + Int(count)
                t += 1
            }
        }
        let total = offsets[texts.count]
        // Room for at least one word, so that every column has an address.
        let room = max(total, 1)
        var stems: [UInt32] = [], flags: [PassageWordFlags] = [], starts: [UInt32] = [], ends: [UInt32] = []
        stems = [UInt32](unsafeUninitializedCapacity: room) { stemBuffer, stemCount in
            flags = [PassageWordFlags](unsafeUninitializedCapacity: room) { flagBuffer, flagCount in
                starts = [UInt32](unsafeUninitializedCapacity: room) { startBuffer, startCount in
                    ends = [UInt32](unsafeUninitializedCapacity: room) { endBuffer, endCount in
                        let output = WordColumns(stems: stemBuffer.baseAddress!, flags: flagBuffer.baseAddress!,
                                                 starts: startBuffer.baseAddress!, ends: endBuffer.baseAddress!)
                        Parallel.forEach(chunks.count, threads: threads) { [offsets] c in
                            lexicon.resolve(scanned[c], local[c], into: output, at: offsets[chunks[c].lowerBound])
                        }
                        endCount = total
                    }
                    startCount = total
                }
                flagCount = total
            }
            stemCount = total
        }
        wordOffsets = offsets
        self.stems = stems
        self.flags = flags
        byteStarts = starts
        byteEnds = ends
        stemScalarOffsets = lexicon.stemScalarOffsets
        stemScalars = lexicon.stemScalars
        var stemCounts = [Int](repeating: 0, count: lexicon.stemScalarOffsets.count - 1)
        for s in stems { stemCounts[Int(s)] += 1 }
        self.stemCounts = stemCounts
    }
}

/// The tokens of a run of texts, scanned as bytes: per word occurrence its id
/// in the chunk's own table, its byte range and two case facts.
private struct ScannedChunk: Sendable {
    /// The chunk's distinct normalised words, numbered by first occurrence.
    let table = ByteStringTable(expectedCount: 1 << 12)
    private(set) var wordCounts: [Int32] = []
    private(set) var localIDs: [Int32] = []
    /// `ASCIIWordScanner.acronym` and `.capitalised` bits.
    private(set) var caseBits: [UInt8] = []
    private(set) var byteStarts: [UInt32] = []
    private(set) var byteEnds: [UInt32] = []

    static let acronym = ASCIIWordScanner.acronym, capitalised = ASCIIWordScanner.capitalised

    /// Scans texts `range`: all-ASCII texts with `ASCIIWordScanner`, others with `RefrainTokenizer`.
    init(_ texts: [String], _ range: Range<Int>) {
        var bytes = 0, longest = 0
        for t in range {
            let count = texts[t].utf8.count
            precondition(count < Int(UInt32.max), "PassageTokens: a text of \(count) bytes is too large")
            bytes += count
            longest = max(longest, count)
        }
        // A text of n bytes holds at most n / 2 + 1 words.
        let capacity = bytes / 2 + range.count + 1
        let table = self.table
        var wordCounts: [Int32] = []
        wordCounts.reserveCapacity(range.count)
        var total = 0
        var caseBits: [UInt8] = [], byteStarts: [UInt32] = [], byteEnds: [UInt32] = []
        let localIDs = [Int32](unsafeUninitializedCapacity: capacity) { ids, idCount in
            caseBits = [UInt8](unsafeUninitializedCapacity: capacity) { bits, bitCount in
                byteStarts = [UInt32](unsafeUninitializedCapacity: capacity) { rangeStarts, startCount in
                    byteEnds = [UInt32](unsafeUninitializedCapacity: capacity) { rangeEnds, endCount in
                        let store = ByteBuffer(capacity: longest + 16)
                        var starts = [Int32](repeating: 0, count: longest / 2 + 2), lengths = starts
                        var slow = SlowScan()
                        for t in range {
                            var text = texts[t]
                            text.withUTF8 { source in
                                starts.withUnsafeMutableBufferPointer { starts in
                                    lengths.withUnsafeMutableBufferPointer { lengths in
                                        let output = ASCIIWordScanner.Output(
                                            bytes: store.base, starts: starts.baseAddress!, lengths: lengths.baseAddress!,
                                            caseBits: bits.baseAddress! + total, rangeStarts: rangeStarts.baseAddress! + total,
                                            rangeEnds: rangeEnds.baseAddress! + total)
                                        var n: Int
                                        if ASCIIWordScanner.isASCII(source) {
                                            n = ASCIIWordScanner.scan(source, into: output)
                                            table.insertAll(store.base, starts: UnsafeBufferPointer(rebasing: starts[..<n]),
                                                            lengths: UnsafeBufferPointer(rebasing: lengths[..<n]), ids: ids.baseAddress! + total)
                                        } else {
                                            n = slow.scan(source, into: output, table: table, ids: ids.baseAddress! + total)
                                        }
                                        wordCounts.append(Int32(n))
                                        total += n
                                    }
                                }
                            }
                        }
                        endCount = total
                    }
                    startCount = total
                }
                bitCount = total
            }
            idCount = total
        }
        self.wordCounts = wordCounts
        self.localIDs = localIDs
        self.caseBits = caseBits
        self.byteStarts = byteStarts
        self.byteEnds = byteEnds
    }
}

/// `RefrainTokenizer.scan` for texts with non-ASCII bytes (NFKC and full
/// lowercase), writing the same columns as `ASCIIWordScanner`.
private struct SlowScan {
    let store = ByteBuffer(capacity: 1 << 10)
    var starts: [Int32] = [], lengths: [Int32] = [], isAcronym: [Bool] = [], ranges: [Range<Int>] = []

    /// Scans `source`, interns its tokens into `table` (ids to `ids`); returns the number of tokens.
    mutating func scan(_ source: UnsafeBufferPointer<UInt8>, into output: ASCIIWordScanner.Output, table: ByteStringTable,
                       ids: UnsafeMutablePointer<Int32>) -> Int {
        store.count = 0
        withUnsafeMutablePointer(to: &ranges) { pointer in
            RefrainTokenizer.scan(source, lowercase: true, minimumLength: 1, into: store, starts: &starts, lengths: &lengths,
                                  acronym: &isAcronym, originalRanges: pointer)
        }
        starts.withUnsafeBufferPointer { s in
            lengths.withUnsafeBufferPointer { l in table.insertAll(store.base, starts: s, lengths: l, ids: ids) }
        }
        for (k, range) in ranges.enumerated() {
            let first = source[range.lowerBound]
            output.caseBits[k] = (isAcronym[k] ? ASCIIWordScanner.acronym : 0) | (first >= 65 && first <= 90 ? ASCIIWordScanner.capitalised : 0)
            output.rangeStarts[k] = UInt32(range.lowerBound)
            output.rangeEnds[k] = UInt32(range.upperBound)
        }
        return ranges.count
    }
}

/// What matching needs to know about one distinct word: its stem as a
/// function word (the word itself) and as a content word (`Stemmer.stem`),
/// and a few yes/no facts.
private struct WordFacts: Sendable {
    var functionStem: UInt32 = 0
    var contentStem: UInt32 = 0
    var bits: UInt8 = 0

    static let function: UInt8 = 1, number: UInt8 = 2, role: UInt8 = 4, barrier: UInt8 = 8, united: UInt8 = 16, states: UInt8 = 32
}

/// Facts about each distinct word, computed once per word, and the interned stems.
private struct WordLexicon: Sendable {
    /// By global word id.
    var facts: [WordFacts] = []
    var stemScalarOffsets: [Int] = [0]
    var stemScalars: [UInt32] = []
    /// The stem id of `us`, which "United States" becomes.
    var us: UInt32 = 0

    init(_ words: ByteStringTable, functionWords: StopWordList, threads: Int) {
        let count = words.count
        struct Found: Sendable { var stem: String; var bits: UInt8 }
        let ranges = Parallel.chunks(of: count, into: max(1, min(4 * threads, count / 1024)))
        let found = Parallel.map(ranges.count, threads: threads) { c in
            ranges[c].map { id -> Found in
                let key = words.key(id)
                let word = String(decoding: key, as: UTF8.self)
                let number = key.allSatisfy { $0 < 0x80 } ? key.allSatisfy { $0 &- 48 < 10 } : word.allSatisfy(\.isNumber)
                var bits: UInt8 = 0
                if functionWords.contains(word) { bits |= WordFacts.function }
                if number { bits |= WordFacts.number }
                if MatchingLexicon.roleWords.contains(word) { bits |= WordFacts.role }
                if MatchingLexicon.reportingVerbs.contains(word) { bits |= WordFacts.barrier }
                if word == "united" { bits |= WordFacts.united }
                if word == "states" { bits |= WordFacts.states }
                return Found(stem: Stemmer.stem(word), bits: bits)
            }
        }
        // Stems are numbered in order of first use: word by word, its function form, then its content form.
        let stems = ByteStringTable(expectedCount: count)
        facts.reserveCapacity(count)
        var id = 0
        for chunk in found {
            for f in chunk {
                let functionStem = UInt32(stems.insert(bytes: words.key(id)))
                facts.append(WordFacts(functionStem: functionStem, contentStem: UInt32(stems.insert(f.stem)), bits: f.bits))
                id += 1
            }
        }
        us = UInt32(stems.insert("us"))
        for s in 0 ..< stems.count {
            let key = stems.key(s)
            if key.allSatisfy({ $0 < 0x80 }) {
                stemScalars.append(contentsOf: key.lazy.map(UInt32.init))
            } else {
                stemScalars.append(contentsOf: String(decoding: key, as: UTF8.self).unicodeScalars.map(\.value))
            }
            stemScalarOffsets.append(stemScalars.count)
        }
    }

    /// The facts of a chunk's words, by local id.
    func facts(_ toGlobal: [UInt32]) -> [WordFacts] { toGlobal.map { facts[Int($0)] } }

    /// Whether word `k` of the chunk starts "United States" (joined into one word).
    @inline(__always)
    private func joinsUnitedStates(_ chunk: ScannedChunk, _ local: [WordFacts], _ k: Int, _ end: Int) -> Bool {
        local[Int(chunk.localIDs[k])].bits & WordFacts.united != 0 && k + 1 < end
            && local[Int(chunk.localIDs[k + 1])].bits & WordFacts.states != 0
    }

    /// Words per text of a scanned chunk once "United States" is joined.
    func wordCounts(_ chunk: ScannedChunk, _ local: [WordFacts]) -> [Int32] {
        var k = 0
        return chunk.wordCounts.map { count in
            let end = k + Int(count)
            var kept: Int32 = 0
            while k < end {
                k += joinsUnitedStates(chunk, local, k, end) ? 2 : 1
                kept += 1
            }
            return kept
        }
    }

    /// Writes the stems, flags and byte ranges of a scanned chunk from word `start` of `output` on.
    func resolve(_ chunk: ScannedChunk, _ local: [WordFacts], into output: WordColumns, at start: Int) {
        var k = 0, o = start
        for count in chunk.wordCounts {
            let end = k + Int(count)
            while k < end {
                if joinsUnitedStates(chunk, local, k, end) {
                    output.write(o, stem: us, flags: [.content, .titleLike], start: chunk.byteStarts[k], end: chunk.byteEnds[k + 1])
                    k += 2
                    o += 1
                    continue
                }
                let word = local[Int(chunk.localIDs[k])]
                let caseBits = chunk.caseBits[k]
                let isStop = word.bits & WordFacts.function != 0 && caseBits & ScannedChunk.acronym == 0
                var flags: PassageWordFlags = []
                if !isStop && word.bits & WordFacts.number == 0 { flags.insert(.content) }
                if caseBits & ScannedChunk.capitalised != 0 || word.bits & WordFacts.role != 0 { flags.insert(.titleLike) }
                if word.bits & WordFacts.barrier != 0 { flags.insert(.barrier) }
                output.write(o, stem: isStop ? word.functionStem : word.contentStem, flags: flags,
                             start: chunk.byteStarts[k], end: chunk.byteEnds[k])
                k += 1
                o += 1
            }
        }
    }
}

extension ByteStringTable {
    /// The id of the byte string `bytes` (which may be another table's key), inserting it when new.
    func insert(bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var zero: UInt8 = 0
        return bytes.isEmpty ? insert(&zero, count: 0) : insert(bytes.baseAddress!, count: bytes.count)
    }
}

/// The four per-word columns of `PassageTokens` while chunks fill them in
/// parallel. Sendable by promise: each chunk writes only its own words, and
/// the columns outlive the tasks.
private struct WordColumns: @unchecked Sendable {
    let stems: UnsafeMutablePointer<UInt32>
    let flags: UnsafeMutablePointer<PassageWordFlags>
    let starts: UnsafeMutablePointer<UInt32>
    let ends: UnsafeMutablePointer<UInt32>

    @inline(__always)
    func write(_ k: Int, stem: UInt32, flags: PassageWordFlags, start: UInt32, end: UInt32) {
        stems[k] = stem
        self.flags[k] = flags
        starts[k] = start
        ends[k] = end
    }
}
