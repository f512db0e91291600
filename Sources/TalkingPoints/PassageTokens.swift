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
/// word occurrence its stem (an integer id) and its flags. Byte ranges are
/// not kept (matching needs them only for the few passages it reports):
/// `byteRanges(of:)` finds them again for one text.
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
/// per occurrence. Most occurrences are of frequent words, which a small
/// per-chunk cache recognises before the table is asked.
/// - Complexity: O(B) for B bytes of text, plus O(W) string work for W
///   distinct words.
struct PassageTokens: Sendable {
    /// Text `t`'s words are `wordOffsets[t] ..< wordOffsets[t + 1]`.
    private(set) var wordOffsets: [Int]
    /// The stem id of every word.
    private(set) var stems: [UInt32]
    /// The flags of every word.
    private(set) var flags: [PassageWordFlags]
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
        let toGlobal: [[UInt32]] = scanned.map { $0.globalIDs(in: words) }
        let lexicon = WordLexicon(words, functionWords: functionWords, threads: threads)

        // Every chunk writes its words in place, counting its stems.
        var offsets = [Int](repeating: 0, count: texts.count + 1)
        var t = 0
        for chunk in scanned {
            for count in chunk.wordCounts {
                offsets[t + 1] = offsets[t] + Int(count)
                t += 1
            }
        }
        let total = offsets[texts.count]
        // Room for at least one word, so that every column has an address.
        let room = max(total, 1)
        var flags: [PassageWordFlags] = []
        var resolved: [ResolvedChunk] = []
        let stems = [UInt32](unsafeUninitializedCapacity: room) { stemBuffer, stemCount in
            flags = [PassageWordFlags](unsafeUninitializedCapacity: room) { flagBuffer, flagCount in
                let output = WordColumns(stems: stemBuffer.baseAddress!, flags: flagBuffer.baseAddress!)
                resolved = Parallel.map(chunks.count, threads: threads) { [offsets] c in
                    lexicon.resolve(scanned[c], toGlobal[c], into: output, at: offsets[chunks[c].lowerBound])
                }
                flagCount = total
            }
            stemCount = total
        }
        wordOffsets = offsets
        self.stems = stems
        self.flags = flags
        stemScalarOffsets = lexicon.stemScalarOffsets
        stemScalars = lexicon.stemScalars
        var stemCounts = [Int](repeating: 0, count: lexicon.stemScalarOffsets.count - 1)
        for chunk in resolved {
            for (entry, count) in zip(chunk.entries, chunk.counts) where count > 0 {
                stemCounts[Int(UInt32(truncatingIfNeeded: entry))] += Int(count)
            }
        }
        self.stemCounts = stemCounts
    }

    /// The UTF-8 byte range of each word of `text`, in order: the words
    /// `PassageTokens` finds in it ("United States" is one).
    /// - Complexity: O(bytes of `text`).
    static func byteRanges(of text: String) -> [Range<Int>] {
        var text = text
        return text.withUTF8 { source in
            var sink = RangeSink()
            var slow = SlowScan()
            let store = ByteBuffer(capacity: source.count + 16)
            scan(source, store: store, slow: &slow, into: &sink)
            return sink.ranges
        }
    }

    /// Hands the words of `source` to `sink`: all-ASCII texts through
    /// `ASCIIWordScanner` (`store` has room for their bytes), others through
    /// `RefrainTokenizer`, with the same tokens.
    fileprivate static func scan<Sink: ASCIIWordSink>(_ source: UnsafeBufferPointer<UInt8>, store: ByteBuffer, slow: inout SlowScan,
                                                     into sink: inout Sink) {
        if ASCIIWordScanner.isASCII(source) {
            _ = ASCIIWordScanner.scan(source, bytes: store.base, into: &sink)
        } else {
            slow.scan(source, into: &sink)
        }
    }
}

/// Collects the byte range of each word, joining "United States" into one
/// word as `InterningSink` does.
private struct RangeSink: ASCIIWordSink {
    var ranges: [Range<Int>] = []
    var previousIsUnited = false

    mutating func take(_ key: UnsafePointer<UInt8>, length: Int, prefix: UInt64, caseBits: UInt8, start: UInt32, end: UInt32) {
        if previousIsUnited && length == 6 && prefix == InterningSink.statesPrefix {
            ranges[ranges.count - 1] = ranges[ranges.count - 1].lowerBound ..< Int(end)
            previousIsUnited = false
            return
        }
        ranges.append(Int(start) ..< Int(end))
        previousIsUnited = length == 6 && prefix == InterningSink.unitedPrefix
    }
}

/// The tokens of a run of texts, scanned as bytes: per word occurrence its
/// code (which leads to its id in the chunk's own table, and two case facts).
/// "United States" is already one word.
private struct ScannedChunk: Sendable {
    /// The chunk's distinct normalised words, numbered by first occurrence.
    let table: ByteStringTable
    /// Words per text.
    private(set) var wordCounts: [Int32] = []
    /// Per word `(miss + 1) << 2 | acronym << 1 | capitalised`, with code 0 for the joined "United States".
    private(set) var codes: [UInt32] = []
    /// The local id of each miss, after a leading −1: a word's id is `ids[code >> 2]`.
    private(set) var ids: [Int32] = []

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
        // About one new word per 64 bytes of news text.
        let table = ByteStringTable(expectedCount: max(1 << 12, bytes / 64))
        self.table = table
        var wordCounts: [Int32] = []
        wordCounts.reserveCapacity(range.count)
        var total = 0
        var ids: [Int32] = []
        var cache = [UInt64](repeating: 0, count: 2 << InterningSink.cacheBits)
        let codes = [UInt32](unsafeUninitializedCapacity: capacity) { codes, codeCount in
            cache.withUnsafeMutableBufferPointer { cache in
                var sink = InterningSink(cache: cache.baseAddress!, codes: codes.baseAddress!)
                let store = ByteBuffer(capacity: longest + 16)
                var slow = SlowScan()
                // Through pointers: a variable the per-text closure captured
                // would be checked for exclusive access at every word.
                withUnsafeMutablePointer(to: &sink) { sink in
                    withUnsafeMutablePointer(to: &slow) { slow in
                        for t in range {
                            var text = texts[t]
                            let before = sink.pointee.count
                            sink.pointee.previousIsUnited = false
                            text.withUTF8 { PassageTokens.scan($0, store: store, slow: &slow.pointee, into: &sink.pointee) }
                            wordCounts.append(Int32(sink.pointee.count - before))
                        }
                    }
                }
                total = sink.count
                ids = sink.intern(into: table)
            }
            codeCount = total
        }
        self.wordCounts = wordCounts
        self.codes = codes
        self.ids = ids
    }
}

extension ScannedChunk {
    /// The ids in `words` of the chunk's distinct words, by local id, inserting them in order.
    func globalIDs(in words: ByteStringTable) -> [UInt32] {
        let count = table.count
        guard count > 0 else { return [] }
        // The table's keys lie one after another from the first key on.
        let base = table.key(0).baseAddress ?? UnsafePointer(bitPattern: 1)!
        var starts = [Int32](), lengths = [Int32]()
        starts.reserveCapacity(count)
        lengths.reserveCapacity(count)
        for local in 0 ..< count {
            let key = table.key(local)
            starts.append(Int32(key.isEmpty ? 0 : base.distance(to: key.baseAddress!)))
            lengths.append(Int32(key.count))
        }
        let ids = [Int32](unsafeUninitializedCapacity: count) { ids, idCount in
            starts.withUnsafeBufferPointer { s in
                lengths.withUnsafeBufferPointer { l in words.insertAll(base, starts: s, lengths: l, ids: ids.baseAddress!) }
            }
            idCount = count
        }
        return ids.map { UInt32($0) }
    }
}

/// Writes a chunk's word columns as its tokens are scanned, and gathers
/// the keys to intern.
///
/// Most occurrences are of a few frequent words, so a small direct-mapped
/// cache from a short word's bytes (up to eight, which identify it: tokens
/// hold no zero bytes) to its first sighting ("miss") answers them without
/// the table. Only misses are interned, afterwards and all at once
/// (`ByteStringTable.insertAll`, whose probes overlap their cache misses);
/// they are in text order, so ids still number words by first occurrence.
/// "united" followed by "states" in one text becomes one word (code 0).
struct InterningSink: ASCIIWordSink {
    static var cacheBits: Int { 12 }
    /// The prefixes of "united" and "states" (tested in `prefixesSpellTheirWords`).
    static var unitedPrefix: UInt64 { 0x6465_7469_6E75 }
    static var statesPrefix: UInt64 { 0x7365_7461_7473 }

    /// `2 << cacheBits` words: per entry a prefix (0: empty) and its miss.
    let cache: UnsafeMutablePointer<UInt64>
    /// Per word `(miss + 1) << 2 | acronym << 1 | capitalised`.
    let codes: UnsafeMutablePointer<UInt32>
    /// The missed keys' bytes, one after another, and each one's start and length.
    let missBytes = ByteBuffer(capacity: 1 << 16)
    var missStarts: [Int32] = [], missLengths: [Int32] = []
    /// `missBytes`' storage, its size and the bytes in use, kept here: the
    /// buffer's own properties, read from this module, are checked for
    /// exclusive access at every read.
    private var missBase: UnsafeMutablePointer<UInt8>
    private var missCapacity: Int
    private var missByteCount = 0
    /// Words written.
    var count = 0
    /// Whether the current text's previous word is "united".
    var previousIsUnited = false

    init(cache: UnsafeMutablePointer<UInt64>, codes: UnsafeMutablePointer<UInt32>) {
        self.cache = cache
        self.codes = codes
        missBase = missBytes.base
        missCapacity = missBytes.capacity
    }

    @inline(__always)
    mutating func take(_ key: UnsafePointer<UInt8>, length: Int, prefix: UInt64, caseBits: UInt8, start: UInt32, end: UInt32) {
        let miss: Int
        if length <= 8 {
            let slot = 2 * Int(truncatingIfNeeded: (prefix &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - Self.cacheBits))
            if cache[slot] == prefix {
                miss = Int(truncatingIfNeeded: cache[slot + 1])
            } else {
                miss = add(key, length)
                cache[slot] = prefix
                cache[slot + 1] = UInt64(miss)
            }
        } else {
            miss = add(key, length)
        }
        if previousIsUnited && length == 6 && prefix == Self.statesPrefix {
            // "United States" → one word (code 0).
            codes[count - 1] &= 3
            previousIsUnited = false
            return
        }
        codes[count] = UInt32(truncatingIfNeeded: miss + 1) << 2 | UInt32(caseBits & ASCIIWordScanner.acronym) << 1
            | (caseBits & ASCIIWordScanner.capitalised != 0 ? 1 : 0)
        count += 1
        previousIsUnited = length == 6 && prefix == Self.unitedPrefix
    }

    /// Records a miss; returns its number.
    @inline(__always)
    private mutating func add(_ key: UnsafePointer<UInt8>, _ length: Int) -> Int {
        if missByteCount + length > missCapacity { growMisses(by: length) }
        missStarts.append(Int32(truncatingIfNeeded: missByteCount))
        missLengths.append(Int32(truncatingIfNeeded: length))
        let out = missBase + missByteCount
        for k in 0 ..< length { out[k] = key[k] }
        missByteCount += length
        return missStarts.count - 1
    }

    /// Makes room in `missBytes` for `length` more bytes.
    @inline(never)
    private mutating func growMisses(by length: Int) {
        missBytes.count = missByteCount
        missBytes.reserve(length)
        missBase = missBytes.base
        missCapacity = missBytes.capacity
    }

    /// The table ids of the misses, after a leading −1 (for code 0).
    func intern(into table: ByteStringTable) -> [Int32] {
        [Int32](unsafeUninitializedCapacity: missStarts.count + 1) { ids, idCount in
            ids[0] = -1
            missStarts.withUnsafeBufferPointer { starts in
                missLengths.withUnsafeBufferPointer { lengths in
                    table.insertAll(missBase, starts: starts, lengths: lengths, ids: ids.baseAddress! + 1)
                }
            }
            idCount = missStarts.count + 1
        }
    }
}

/// `RefrainTokenizer.scan` for texts with non-ASCII bytes (NFKC and full
/// lowercase), handing the same tokens to a sink as `ASCIIWordScanner`.
fileprivate struct SlowScan {
    let store = ByteBuffer(capacity: 1 << 10)
    var starts: [Int32] = [], lengths: [Int32] = [], isAcronym: [Bool] = [], ranges: [Range<Int>] = []

    /// Scans `source` into `sink`.
    mutating func scan<Sink: ASCIIWordSink>(_ source: UnsafeBufferPointer<UInt8>, into sink: inout Sink) {
        store.count = 0
        withUnsafeMutablePointer(to: &ranges) { pointer in
            RefrainTokenizer.scan(source, lowercase: true, minimumLength: 1, into: store, starts: &starts, lengths: &lengths,
                                  acronym: &isAcronym, originalRanges: pointer)
        }
        for (k, range) in ranges.enumerated() {
            let first = source[range.lowerBound]
            let key = store.base + Int(starts[k]), length = Int(lengths[k])
            sink.take(key, length: length, prefix: ByteStringTable.prefix(key, length),
                      caseBits: (isAcronym[k] ? ASCIIWordScanner.acronym : 0) | (first >= 65 && first <= 90 ? ASCIIWordScanner.capitalised : 0),
                      start: UInt32(range.lowerBound), end: UInt32(range.upperBound))
        }
    }
}

/// A chunk's resolved words: per code's `code >> 1` (local word and acronym
/// bit) its stem and flags, `stem | flags << 32`, and how often it occurs.
private struct ResolvedChunk: Sendable {
    var entries: [UInt64]
    var counts: [Int32]
}

/// The words matching treats apart (function words, role words, reporting
/// verbs) as one byte-string table with their `WordFacts` bits: an ASCII
/// word is classified by one lookup of its bytes rather than by three
/// string-set lookups. ASCII strings are equal only when their bytes are, so
/// this answers as the sets do; words with other bytes ask the sets
/// (`bits(of:functionWords:)`), whose equality is Unicode's.
struct ListedWords {
    private let table: ByteStringTable
    private let bits: [UInt8]

    init(functionWords: StopWordList) {
        let table = ByteStringTable(expectedCount: functionWords.count + 256)
        var bits: [UInt8] = []
        func add(_ words: some Sequence<String>, _ bit: UInt8) {
            for word in words where word.utf8.allSatisfy({ $0 < 0x80 }) {
                let id = table.insert(word)
                if id == bits.count { bits.append(0) }
                bits[id] |= bit
            }
        }
        add(functionWords.words, WordFacts.function)
        add(MatchingLexicon.roleWords, WordFacts.role)
        add(MatchingLexicon.reportingVerbs, WordFacts.barrier)
        self.table = table
        self.bits = bits
    }

    /// The bits of an ASCII word given as bytes.
    func bits(ofASCII key: UnsafeBufferPointer<UInt8>) -> UInt8 {
        guard let base = key.baseAddress, let id = table.find(base, count: key.count) else { return 0 }
        return bits[id]
    }

    /// The bits of any word, from the lists themselves.
    static func bits(of word: String, functionWords: StopWordList) -> UInt8 {
        var bits: UInt8 = 0
        if functionWords.contains(word) { bits |= WordFacts.function }
        if MatchingLexicon.roleWords.contains(word) { bits |= WordFacts.role }
        if MatchingLexicon.reportingVerbs.contains(word) { bits |= WordFacts.barrier }
        return bits
    }
}

/// What matching needs to know about one distinct word: its stem as a
/// function word (the word itself) and as a content word (`Stemmer.stem`),
/// and a few yes/no facts.
struct WordFacts: Sendable {
    var functionStem: UInt32 = 0
    var contentStem: UInt32 = 0
    var bits: UInt8 = 0

    static let function: UInt8 = 1, number: UInt8 = 2, role: UInt8 = 4, barrier: UInt8 = 8
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
        let listed = ListedWords(functionWords: functionWords)
        let ranges = Parallel.chunks(of: count, into: max(1, min(4 * threads, count / 1024)))
        let found = Parallel.map(ranges.count, threads: threads) { c in
            ranges[c].map { id -> Found in
                let key = words.key(id)
                let word = String(decoding: key, as: UTF8.self)
                var bits: UInt8
                if key.allSatisfy({ $0 < 0x80 }) {
                    bits = listed.bits(ofASCII: key)
                    if key.allSatisfy({ $0 &- 48 < 10 }) { bits |= WordFacts.number }
                } else {
                    bits = ListedWords.bits(of: word, functionWords: functionWords)
                    if word.allSatisfy(\.isNumber) { bits |= WordFacts.number }
                }
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
        stemScalarOffsets.reserveCapacity(stems.count + 1)
        for s in 0 ..< stems.count {
            let key = stems.key(s)
            if key.allSatisfy({ $0 < 0x80 }) {
                // ASCII: one scalar per byte, widened in place.
                let start = stemScalars.count
                stemScalars.append(contentsOf: repeatElement(0, count: key.count))
                stemScalars.withUnsafeMutableBufferPointer { scalars in
                    for (k, b) in key.enumerated() { scalars[start + k] = UInt32(b) }
                }
            } else {
                stemScalars.append(contentsOf: String(decoding: key, as: UTF8.self).unicodeScalars.map(\.value))
            }
            stemScalarOffsets.append(stemScalars.count)
        }
    }

    /// Writes the stems and flags of a scanned chunk, whose
    /// local word ids are `toGlobal`, from word `start` of `output` on.
    func resolve(_ chunk: ScannedChunk, _ toGlobal: [UInt32], into output: WordColumns, at start: Int) -> ResolvedChunk {
        // Entries 0 and 1: the joined "United States".
        var entries = [UInt64](repeating: 0, count: 2 * (toGlobal.count + 1))
        entries[0] = UInt64(us) | UInt64(PassageWordFlags([.content, .titleLike]).rawValue) << 32
        entries[1] = entries[0]
        for (local, global) in toGlobal.enumerated() {
            let word = facts[Int(global)]
            for acronym in 0 ..< 2 {
                let isStop = word.bits & WordFacts.function != 0 && acronym == 0
                var flags: PassageWordFlags = []
                if !isStop && word.bits & WordFacts.number == 0 { flags.insert(.content) }
                if word.bits & WordFacts.role != 0 { flags.insert(.titleLike) }
                if word.bits & WordFacts.barrier != 0 { flags.insert(.barrier) }
                entries[2 * (local + 1) + acronym] = UInt64(isStop ? word.functionStem : word.contentStem) | UInt64(flags.rawValue) << 32
            }
        }
        var counts = [Int32](repeating: 0, count: entries.count)
        let n = chunk.codes.count
        let titleLike = PassageWordFlags.titleLike.rawValue
        entries.withUnsafeBufferPointer { entries in
            counts.withUnsafeMutableBufferPointer { counts in
                chunk.codes.withUnsafeBufferPointer { codes in
                    chunk.ids.withUnsafeBufferPointer { ids in
                    for k in 0 ..< n {
                        let code = codes[k], index = 2 * Int(ids[Int(code >> 2)] + 1) + Int(code >> 1 & 1)
                        let entry = entries[index]
                        output.stems[start + k] = UInt32(truncatingIfNeeded: entry)
                        output.flags[start + k] = PassageWordFlags(rawValue: UInt8(truncatingIfNeeded: entry >> 32) | (code & 1 != 0 ? titleLike : 0))
                        counts[index] += 1
                    }
                    }
                }
            }
        }
        return ResolvedChunk(entries: entries, counts: counts)
    }
}

extension ByteStringTable {
    /// The id of the byte string `bytes` (which may be another table's key), inserting it when new.
    func insert(bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var zero: UInt8 = 0
        return bytes.isEmpty ? insert(&zero, count: 0) : insert(bytes.baseAddress!, count: bytes.count)
    }
}

/// The two per-word columns of `PassageTokens` while chunks fill them in
/// parallel. Sendable by promise: each chunk writes only its own words, and
/// the columns outlive the tasks.
private struct WordColumns: @unchecked Sendable {
    let stems: UnsafeMutablePointer<UInt32>
    let flags: UnsafeMutablePointer<PassageWordFlags>
}
