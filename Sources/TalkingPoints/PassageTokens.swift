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
/// Texts are scanned as UTF-8 bytes in parallel chunks; each chunk interns its
/// words in a byte-string table, the chunk tables are merged in chunk order
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
            (0 ..< chunk.table.count).map { local in
                chunk.table.withKey(local) { key in
                    var zero: UInt8 = 0
                    return UInt32(key.count == 0 ? words.insert(&zero, count: 0) : words.insert(key.baseAddress!, count: key.count))
                }
            }
        }
        let lexicon = WordLexicon(words, functionWords: functionWords, threads: threads)

        // Word counts after joining "United States", then every chunk writes its words in place.
        let counts = Parallel.map(chunks.count, threads: threads) { c in lexicon.wordCounts(scanned[c], toGlobal[c]) }
        var offsets = [Int](repeating: 0, count: texts.count + 1)
        var t = 0
        for chunk in counts {
            for count in chunk {
                offsets[t + 1] = offsets[t] + Int(count)
                t += 1
            }
        }
        let total = offsets[texts.count]
        var stems: [UInt32] = [], flags: [PassageWordFlags] = [], starts: [UInt32] = [], ends: [UInt32] = []
        stems = [UInt32](unsafeUninitializedCapacity: total) { stemBuffer, stemCount in
            flags = [PassageWordFlags](unsafeUninitializedCapacity: total) { flagBuffer, flagCount in
                starts = [UInt32](unsafeUninitializedCapacity: total) { startBuffer, startCount in
                    ends = [UInt32](unsafeUninitializedCapacity: total) { endBuffer, endCount in
                        let output = WordColumns(stems: DisjointWriteBuffer(stemBuffer), flags: DisjointWriteBuffer(flagBuffer),
                                                 starts: DisjointWriteBuffer(startBuffer), ends: DisjointWriteBuffer(endBuffer))
                        Parallel.forEach(chunks.count, threads: threads) { [offsets] c in
                            lexicon.resolve(scanned[c], toGlobal[c], into: output, at: offsets[chunks[c].lowerBound])
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
    var wordCounts: [Int32] = []
    var localIDs: [Int32] = []
    /// Bit 0: written as an acronym ("US", "U.S."); bit 1: starts with an ASCII capital.
    var caseBits: [UInt8] = []
    var byteStarts: [UInt32] = []
    var byteEnds: [UInt32] = []

    static let acronym: UInt8 = 1, capitalised: UInt8 = 2

    init(_ texts: [String], _ range: Range<Int>) {
        let store = ByteBuffer(capacity: 1 << 12)
        var starts: [Int32] = [], lengths: [Int32] = [], isAcronym: [Bool] = [], ranges: [Range<Int>] = []
        wordCounts.reserveCapacity(range.count)
        for t in range {
            var text = texts[t]
            text.withUTF8 { source in
                precondition(source.count < Int(UInt32.max), "PassageTokens: a text of \(source.count) bytes is too large")
                store.count = 0
                withUnsafeMutablePointer(to: &ranges) { pointer in
                    RefrainTokenizer.scan(source, lowercase: true, minimumLength: 1, into: store, starts: &starts, lengths: &lengths,
                                          acronym: &isAcronym, originalRanges: pointer)
                }
                let n = starts.count
                wordCounts.append(Int32(n))
                let first = localIDs.count
                localIDs.append(contentsOf: repeatElement(0, count: n))
                starts.withUnsafeBufferPointer { s in
                    lengths.withUnsafeBufferPointer { l in
                        localIDs.withUnsafeMutableBufferPointer { ids in
                            table.insertAll(store.base, starts: s, lengths: l, ids: ids.baseAddress! + first)
                        }
                    }
                }
                for k in 0 ..< n {
                    let r = ranges[k]
                    let b = source[r.lowerBound]
                    caseBits.append((isAcronym[k] ? Self.acronym : 0) | (b >= 65 && b <= 90 ? Self.capitalised : 0))
                    byteStarts.append(UInt32(r.lowerBound))
                    byteEnds.append(UInt32(r.upperBound))
                }
            }
        }
    }
}

/// Facts about each distinct word, computed once: its stems (as a function
/// word and as a content word), whether it is a number, a role word or a
/// reporting verb; and the interned stems.
private struct WordLexicon: Sendable {
    var isFunction: [Bool] = []
    var isNumber: [Bool] = []
    var isRole: [Bool] = []
    var isBarrier: [Bool] = []
    /// The stem id when the word is used as a function word (the word itself).
    var functionStem: [UInt32] = []
    /// The stem id when the word is used as a content word (`Stemmer.stem`).
    var contentStem: [UInt32] = []
    var stemScalarOffsets: [Int] = [0]
    var stemScalars: [UInt32] = []
    /// Word ids of "united" and "states" (if present) and the stem id of `us`.
    var united = Int.max, states = UInt32.max, us: UInt32 = 0

    init(_ words: ByteStringTable, functionWords: StopWordList, threads: Int) {
        let count = words.count
        struct Facts: Sendable { var stem: String; var function, number, role, barrier: Bool }
        let ranges = Parallel.chunks(of: count, into: max(1, min(4 * threads, count / 1024)))
        let facts = Parallel.map(ranges.count, threads: threads) { c in
            ranges[c].map { id -> Facts in
                let word = words.string(id)
                let ascii = words.withKey(id) { key in key.allSatisfy { $0 < 0x80 } }
                let number = ascii ? words.withKey(id) { key in key.allSatisfy { $0 &- 48 < 10 } } : word.allSatisfy(\.isNumber)
                return Facts(stem: Stemmer.stem(word), function: functionWords.contains(word), number: number,
                             role: MatchingLexicon.roleWords.contains(word), barrier: MatchingLexicon.reportingVerbs.contains(word))
            }
        }
        // Stems are numbered in order of first use: word by word, its function form, then its content form.
        let stems = ByteStringTable(expectedCount: count)
        func intern(_ stem: String) -> UInt32 { UInt32(stems.insert(stem)) }
        var id = 0
        for chunk in facts {
            for f in chunk {
                isFunction.append(f.function)
                isNumber.append(f.number)
                isRole.append(f.role)
                isBarrier.append(f.barrier)
                functionStem.append(words.withKey(id) { key in
                    var zero: UInt8 = 0
                    return UInt32(key.count == 0 ? stems.insert(&zero, count: 0) : stems.insert(key.baseAddress!, count: key.count))
                })
                contentStem.append(intern(f.stem))
                id += 1
            }
        }
        united = words.find("united") ?? Int.max
        states = words.find("states").map(UInt32.init) ?? UInt32.max
        us = intern("us")
        for s in 0 ..< stems.count {
            stems.withKey(s) { key in
                for scalar in String(decoding: key, as: UTF8.self).unicodeScalars { stemScalars.append(scalar.value) }
            }
            stemScalarOffsets.append(stemScalars.count)
        }
    }

    /// Whether word `k` of the chunk starts "United States" (joined into one word).
    @inline(__always)
    private func joinsUnitedStates(_ chunk: ScannedChunk, _ toGlobal: [UInt32], _ k: Int, _ end: Int) -> Bool {
        Int(toGlobal[Int(chunk.localIDs[k])]) == united && k + 1 < end && toGlobal[Int(chunk.localIDs[k + 1])] == states
    }

    /// Words per text of a scanned chunk once "United States" is joined.
    func wordCounts(_ chunk: ScannedChunk, _ toGlobal: [UInt32]) -> [Int32] {
        var k = 0
        return chunk.wordCounts.map { count in
            let end = k + Int(count)
            var kept: Int32 = 0
            while k < end {
                k += joinsUnitedStates(chunk, toGlobal, k, end) ? 2 : 1
                kept += 1
            }
            return kept
        }
    }

    /// Writes the stems, flags and byte ranges of a scanned chunk from word `start` of `output` on.
    func resolve(_ chunk: ScannedChunk, _ toGlobal: [UInt32], into output: WordColumns, at start: Int) {
        var k = 0, o = start
        for count in chunk.wordCounts {
            let end = k + Int(count)
            while k < end {
                if joinsUnitedStates(chunk, toGlobal, k, end) {
                    output.write(o, stem: us, flags: [.content, .titleLike], start: chunk.byteStarts[k], end: chunk.byteEnds[k + 1])
                    k += 2
                    o += 1
                    continue
                }
                let word = Int(toGlobal[Int(chunk.localIDs[k])])
                let bits = chunk.caseBits[k]
                let isStop = isFunction[word] && bits & ScannedChunk.acronym == 0
                var flags: PassageWordFlags = []
                if !isStop && !isNumber[word] { flags.insert(.content) }
                if bits & ScannedChunk.capitalised != 0 || isRole[word] { flags.insert(.titleLike) }
                if isBarrier[word] { flags.insert(.barrier) }
                output.write(o, stem: isStop ? functionStem[word] : contentStem[word], flags: flags,
                             start: chunk.byteStarts[k], end: chunk.byteEnds[k])
                k += 1
                o += 1
            }
        }
    }
}

/// The four per-word columns of `PassageTokens` while chunks fill them in parallel.
private struct WordColumns: Sendable {
    let stems: DisjointWriteBuffer<UInt32>
    let flags: DisjointWriteBuffer<PassageWordFlags>
    let starts: DisjointWriteBuffer<UInt32>
    let ends: DisjointWriteBuffer<UInt32>

    @inline(__always)
    func write(_ k: Int, stem: UInt32, flags: PassageWordFlags, start: UInt32, end: UInt32) {
        stems[k] = stem
        self.flags[k] = flags
        starts[k] = start
        ends[k] = end
    }
}
