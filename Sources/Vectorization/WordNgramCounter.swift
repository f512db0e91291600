import Foundation
import LinearAlgebra

/// Counting for the word analyzers with n-grams of at most two words, without
/// building the string of any n-gram occurrence.
///
/// Tokens are interned once per chunk; after the chunk vocabularies are
/// merged every token has a global *rank* (its position in byte order).
/// A feature is then a 64-bit key:
///
///     unigram a       →  rank(a) << 32
///     bigram  "a b"   →  rank(a) << 32 | (rank(b) + 1)
///
/// and keys sort exactly as the feature strings do, provided no token holds
/// a byte at or below U+0020 (space): comparing "a b" with "c d", a common
/// prefix of a and c decides by rank (the byte after a token that is a proper
/// prefix of another is a space, below every token byte); equal first words
/// fall to the second word; a unigram "a" sorts before every "a …" bigram and
/// after every bigram of an earlier word. Nor can two different token pairs
/// spell the same bigram. The `.word` analyzer guarantees the condition (its
/// tokens are runs of `\w`); for `.refrain` it is checked, and `count`
/// returns `nil` (use the general path) when a token breaks it.
///
/// Per document the keys are sorted and run-length counted, so rows come out
/// in column order; per chunk, the distinct keys are found by a radix sort;
/// the chunks' sorted keys are merged into the global vocabulary.
enum WordNgramCounting {
    /// Whether `analyzer` can use this path.
    static func supports(_ analyzer: AnalyzerConfiguration) -> Bool {
        (analyzer.kind == .word || analyzer.kind == .refrain) && analyzer.ngramRange.upperBound <= 2
    }

    /// The vocabulary and the counted rows of all chunks.
    struct Result {
        /// Distinct feature keys in sorted (= byte) order.
        var keys: [UInt64]
        /// Per key: the number of documents that contain it.
        var documentFrequency: [Int]
        /// Per key: its total number of occurrences (only when asked for).
        var totalCount: [Int64]
        /// The merged tokens in byte order, back to back, and `count + 1` offsets.
        var tokenBytes: [UInt8]
        var tokenOffsets: [Int]
        /// Per chunk: rows of (chunk key id, count) in key order, and each chunk
        /// key id's position in `keys`.
        var rows: [RowSource]

        /// The kept features' strings back to back, with `kept + 1` offsets:
        /// a unigram is its token, a bigram its two tokens joined by a space.
        /// - Complexity: O(total bytes of the kept features).
        func terms(keep: [Bool]) -> (bytes: [UInt8], offsets: [Int]) {
            tokenBytes.withUnsafeBufferPointer { tokenBuffer in
                tokenOffsets.withUnsafeBufferPointer { tokenOffsets in
                    keys.withUnsafeBufferPointer { keys in
                        var offsets = [0]
                        offsets.reserveCapacity(keys.count + 1)
                        var total = 0
                        for g in keys.indices where keep[g] {
                            let first = Int(keys[g] >> 32), second = Int(keys[g] & 0xFFFF_FFFF)
                            total += tokenOffsets[first + 1] - tokenOffsets[first]
                            if second != 0 { total += 1 + tokenOffsets[second] - tokenOffsets[second - 1] }
                            offsets.append(total)
                        }
                        let bytes = [UInt8](unsafeUninitializedCapacity: total) { out, initialized in
                            guard let out = out.baseAddress, let tokens = tokenBuffer.baseAddress else { initialized = 0; return }
                            var p = 0
                            for g in keys.indices where keep[g] {
                                let first = Int(keys[g] >> 32), second = Int(keys[g] & 0xFFFF_FFFF)
                                let a = tokenOffsets[first], aLength = tokenOffsets[first + 1] - a
                                (out + p).update(from: tokens + a, count: aLength)
                                p += aLength
                                if second != 0 {
                                    out[p] = 0x20
                                    p += 1
                                    let b = tokenOffsets[second - 1], bLength = tokenOffsets[second] - b
                                    (out + p).update(from: tokens + b, count: bLength)
                                    p += bLength
                                }
                            }
                            initialized = p
                        }
                        return (bytes, offsets)
                    }
                }
            }
        }
    }

    /// Counts the features of `texts` in `chunkRanges` on `threads` threads;
    /// `nil` when a token contains a byte at or below U+0020.
    static func count(_ texts: [String], chunkRanges: [Range<Int>], analyzer: AnalyzerConfiguration,
                      threads: Int, totals: Bool) -> Result? {
        precondition(supports(analyzer), "WordNgramCounting: unsupported analyzer")
        let tokenChunks = Parallel.map(chunkRanges.count, threads: threads) { c in
            TokenChunk.tokenize(texts, range: chunkRanges[c], analyzer: analyzer)
        }
        guard tokenChunks.allSatisfy(\.spaceFree) else { return nil }
        let sortedTables = Parallel.map(tokenChunks.count, threads: threads) { SortedTable(tokenChunks[$0].table) }
        let union = SortedTable.union(sortedTables)
        let ranks = union.positions
        let minN = analyzer.ngramRange.lowerBound, maxN = analyzer.ngramRange.upperBound
        let keyed = Parallel.map(tokenChunks.count, threads: threads) { c in
            KeyedChunk.count(tokenChunks[c], rank: ranks[c], rankCount: union.offsets.count - 1,
                             minN: minN, maxN: maxN, totals: totals)
        }
        let merged = KeyedChunk.merge(keyed, totals: totals)
        let rows = keyed.indices.map { c in
            RowSource(offsets: keyed[c].rowOffsets, ids: keyed[c].ids, counts: keyed[c].counts,
                      column: merged.positions[c], rowsSorted: true)
        }
        return Result(keys: merged.keys, documentFrequency: merged.documentFrequency, totalCount: merged.totalCount,
                      tokenBytes: union.bytes, tokenOffsets: union.offsets, rows: rows)
    }
}

/// One chunk's tokens as chunk-local ids, document after document.
final class TokenChunk: @unchecked Sendable {
    let table: ByteStringTable
    /// Local token ids of every kept token, in document order.
    let tokens: [Int32]
    /// `documents + 1` offsets into `tokens`.
    let documentOffsets: [Int]
    /// Whether no token holds a byte at or below U+0020.
    let spaceFree: Bool

    private init(table: ByteStringTable, tokens: [Int32], documentOffsets: [Int], spaceFree: Bool) {
        self.table = table
        self.tokens = tokens
        self.documentOffsets = documentOffsets
        self.spaceFree = spaceFree
    }

    /// Tokenizes `texts[range]` and interns every kept token.
    /// - Complexity: O(total bytes), expected.
    static func tokenize(_ texts: [String], range: Range<Int>, analyzer: AnalyzerConfiguration) -> TokenChunk {
        let extractor = FeatureExtractor(analyzer)
        let table = ByteStringTable(expectedCount: 1 << 14)
        var tokens: [Int32] = []
        var documentOffsets = [0]
        documentOffsets.reserveCapacity(range.count + 1)
        // `\w` runs never hold a space or control byte; other analyzers are checked.
        let check = analyzer.kind != .word
        var spaceFree = true
        for d in range {
            var text = texts[d]
            text.withUTF8 { extractor.extractTokens(utf8: $0) }
            extractor.withTokens { base, starts, lengths in
                if check {
                    for t in 0 ..< starts.count {
                        let p = base + Int(starts[t])
                        for i in 0 ..< Int(lengths[t]) where p[i] <= 0x20 { spaceFree = false }
                    }
                }
                let first = tokens.count
                tokens.append(contentsOf: repeatElement(0, count: starts.count))
                tokens.withUnsafeMutableBufferPointer { all in
                    table.insertAll(base, starts: starts, lengths: lengths, ids: all.baseAddress! + first)
                }
            }
            documentOffsets.append(tokens.count)
        }
        return TokenChunk(table: table, tokens: tokens, documentOffsets: documentOffsets, spaceFree: spaceFree)
    }
}

/// One chunk's rows over chunk key ids, and its distinct keys in order.
final class KeyedChunk: @unchecked Sendable {
    /// `documents + 1` offsets into `ids`/`counts`.
    let rowOffsets: [Int]
    /// Per row entry: the chunk key id (rows are in key order).
    let ids: [Int32]
    let counts: [Int32]
    /// The chunk's distinct keys, ascending; a chunk key id indexes this.
    let keys: [UInt64]
    /// Per chunk key id: documents containing it, and total occurrences
    /// (empty unless totals were asked for).
    let documentFrequency: [Int32]
    let totalCount: [Int64]

    private init(rowOffsets: [Int], ids: [Int32], counts: [Int32], keys: [UInt64], documentFrequency: [Int32], totalCount: [Int64]) {
        self.rowOffsets = rowOffsets
        self.ids = ids
        self.counts = counts
        self.keys = keys
        self.documentFrequency = documentFrequency
        self.totalCount = totalCount
    }

    /// Builds the keyed rows of `chunk`, whose local token ids have global
    /// ranks `rank` (below `rankCount`).
    ///
    /// Per document, unigrams are counted in a dense array indexed by rank and
    /// bigrams are chained by their first word; sorting the document's
    /// distinct first words then yields every key in order, with only the
    /// short list of second words of each first word left to sort. Distinct
    /// bigrams of the chunk are found by one radix sort; distinct unigrams by
    /// their dense document frequencies.
    /// - Complexity: O(T + D log D) per document of T tokens and D distinct
    ///   tokens, plus O(B) for the chunk's B bigram row entries.
    static func count(_ chunk: TokenChunk, rank: [Int32], rankCount: Int, minN: Int, maxN: Int, totals: Bool) -> KeyedChunk {
        let documents = chunk.documentOffsets.count - 1
        let unigrams = minN == 1, bigrams = maxN == 2
        // Every occurrence could be distinct: size for that. Pages never
        // written are never touched, so the slack costs address space only.
        let tokenCount = chunk.tokens.count
        let bound = max(1, (unigrams ? tokenCount : 0) + (bigrams ? tokenCount : 0))
        // Per entry: -(rank + 1) for a unigram until its id is known; a
        // bigram's id is written by the walk below.
        let entryIDs = UnsafeMutablePointer<Int32>.allocate(capacity: bound)
        let entryCounts = UnsafeMutablePointer<Int32>.allocate(capacity: bound)
        let bigramKeys = UnsafeMutablePointer<UInt64>.allocate(capacity: bigrams ? bound : 1)
        let bigramEntries = UnsafeMutablePointer<Int32>.allocate(capacity: bigrams ? bound : 1)
        defer { entryIDs.deallocate(); entryCounts.deallocate(); bigramKeys.deallocate(); bigramEntries.deallocate() }
        let unigramFrequency = UnsafeMutablePointer<Int32>.allocate(capacity: max(1, rankCount))
        unigramFrequency.initialize(repeating: 0, count: max(1, rankCount))
        defer { unigramFrequency.deallocate() }
        var rowOffsets = [Int](repeating: 0, count: documents + 1)
        var n = 0, bigramCount = 0
        let scratch = DocumentScratch(rankCount: rankCount)
        chunk.tokens.withUnsafeBufferPointer { tokens in
            rank.withUnsafeBufferPointer { rank in
                for d in 0 ..< documents {
                    let start = chunk.documentOffsets[d], end = chunk.documentOffsets[d + 1]
                    scratch.collect(tokens: tokens, from: start, to: end, rank: rank, unigrams: unigrams, bigrams: bigrams)
                    scratch.emit { key, count in
                        if key & 0xFFFF_FFFF == 0 {
                            unigramFrequency[Int(key >> 32)] += 1
                            entryIDs[n] = -1 - Int32(truncatingIfNeeded: key >> 32)
                        } else {
                            bigramKeys[bigramCount] = key
                            bigramEntries[bigramCount] = Int32(truncatingIfNeeded: n)
                            bigramCount += 1
                        }
                        entryCounts[n] = count
                        n += 1
                    }
                    rowOffsets[d + 1] = n
                }
            }
        }
        // Distinct bigrams: radix sort (key, entry) pairs. Then walk the
        // present unigrams and the sorted bigrams together, in key order.
        SortKernels.radixSort(keys: UnsafeMutableBufferPointer(start: bigramKeys, count: bigramCount),
                              payload: UnsafeMutableBufferPointer(start: bigramEntries, count: bigramCount))
        var keys: [UInt64] = []
        var documentFrequency: [Int32] = []
        let unigramID = UnsafeMutablePointer<Int32>.allocate(capacity: max(1, rankCount))
        defer { unigramID.deallocate() }
        do {
            let ids = entryIDs
            var i = 0
            var r = 0
            while true {
                while r < rankCount && unigramFrequency[r] == 0 { r += 1 }
                let unigramKey = r < rankCount ? UInt64(r) << 32 : UInt64.max
                let bigramKey = i < bigramCount ? bigramKeys[i] : UInt64.max
                if unigramKey == UInt64.max && bigramKey == UInt64.max { break }
                let id = Int32(keys.count)
                if unigramKey < bigramKey {
                    unigramID[r] = id
                    keys.append(unigramKey)
                    documentFrequency.append(unigramFrequency[r])
                    r += 1
                } else {
                    var j = i
                    while j < bigramCount && bigramKeys[j] == bigramKey { ids[Int(bigramEntries[j])] = id; j += 1 }
                    keys.append(bigramKey)
                    documentFrequency.append(Int32(j - i))
                    i = j
                }
            }
        }
        // Bigram entries hold their ids now; unigram entries -(rank + 1).
        let ids = [Int32](unsafeUninitializedCapacity: n) { out, initialized in
            for e in 0 ..< n {
                let v = entryIDs[e]
                out[e] = v < 0 ? unigramID[Int(-1 - v)] : v
            }
            initialized = n
        }
        let counts = Array(UnsafeBufferPointer(start: entryCounts, count: n))
        var totalCount: [Int64] = []
        if totals {
            totalCount = [Int64](repeating: 0, count: keys.count)
            for e in 0 ..< n { totalCount[Int(ids[e])] += Int64(counts[e]) }
        }
        return KeyedChunk(rowOffsets: rowOffsets, ids: ids, counts: counts, keys: keys,
                          documentFrequency: documentFrequency, totalCount: totalCount)
    }

    /// The union of the chunks' sorted keys with summed frequencies, and each
    /// chunk key id's position in the union.
    /// - Complexity: O(U · k) for U chunk keys and k chunks.
    static func merge(_ chunks: [KeyedChunk], totals: Bool)
        -> (keys: [UInt64], documentFrequency: [Int], totalCount: [Int64], positions: [[Int32]]) {
        let k = chunks.count
        let upperBound = chunks.reduce(0) { $0 + $1.keys.count }
        // Plain copies of the chunk columns, so the loop below runs on pointers.
        let sizes = chunks.map(\.keys.count)
        let chunkKeys = UnsafeMutablePointer<UInt64>.allocate(capacity: max(1, upperBound))
        let chunkFrequency = UnsafeMutablePointer<Int32>.allocate(capacity: max(1, upperBound))
        let positions = UnsafeMutablePointer<Int32>.allocate(capacity: max(1, upperBound))
        defer { chunkKeys.deallocate(); chunkFrequency.deallocate(); positions.deallocate() }
        var starts = [Int](repeating: 0, count: k + 1)
        for c in 0 ..< k {
            starts[c + 1] = starts[c] + sizes[c]
            chunks[c].keys.withUnsafeBufferPointer { if let b = $0.baseAddress { (chunkKeys + starts[c]).update(from: b, count: $0.count) } }
            chunks[c].documentFrequency.withUnsafeBufferPointer {
                if let b = $0.baseAddress { (chunkFrequency + starts[c]).update(from: b, count: $0.count) }
            }
        }
        var heads = starts
        var keys = [UInt64](repeating: 0, count: upperBound)
        var documentFrequency = [Int](repeating: 0, count: upperBound)
        var totalCount = [Int64](repeating: 0, count: totals ? upperBound : 0)
        var g = 0
        keys.withUnsafeMutableBufferPointer { keys in
            documentFrequency.withUnsafeMutableBufferPointer { documentFrequency in
                while true {
                    var smallest = UInt64.max
                    var any = false
                    for c in 0 ..< k where heads[c] < starts[c + 1] {
                        let key = chunkKeys[heads[c]]
                        if !any || key < smallest { smallest = key; any = true }
                    }
                    if !any { break }
                    var df = 0
                    for c in 0 ..< k where heads[c] < starts[c + 1] && chunkKeys[heads[c]] == smallest {
                        let h = heads[c]
                        positions[h] = Int32(g)
                        df += Int(chunkFrequency[h])
                        heads[c] = h + 1
                    }
                    keys[g] = smallest
                    documentFrequency[g] = df
                    g += 1
                }
            }
        }
        keys.removeLast(upperBound - g)
        documentFrequency.removeLast(upperBound - g)
        if totals {
            for c in 0 ..< k {
                for (h, count) in chunks[c].totalCount.enumerated() { totalCount[Int(positions[starts[c] + h])] += count }
            }
            totalCount.removeLast(upperBound - g)
        }
        let chunkPositions = (0 ..< k).map { c in Array(UnsafeBufferPointer(start: positions + starts[c], count: sizes[c])) }
        return (keys, documentFrequency, totalCount, chunkPositions)
    }
}

/// Per-thread scratch that turns one document's token ranks into its
/// distinct feature keys with counts, in key order, without sorting every
/// occurrence. Unsafe storage stays inside this type.
final class DocumentScratch {
    /// Per rank: the document's unigram count.
    private let unigramCount: UnsafeMutablePointer<Int32>
    /// Per rank: the last bigram node whose first word has this rank, or -1.
    private let head: UnsafeMutablePointer<Int32>
    /// Ranks with a unigram or a bigram in the document, in first-seen order.
    @exclusivity(unchecked) private var touched: UnsafeMutablePointer<UInt32>
    @exclusivity(unchecked) private var sortScratch: UnsafeMutablePointer<UInt32>
    /// Bits needed for any rank.
    private let rankBits: Int
    @exclusivity(unchecked) private var touchedCount = 0
    /// Bigram nodes: second word's rank and the previous node of the same first word.
    @exclusivity(unchecked) private var second: UnsafeMutablePointer<UInt32>
    @exclusivity(unchecked) private var next: UnsafeMutablePointer<Int32>
    /// The sorted second words of one first word.
    @exclusivity(unchecked) private var seconds: UnsafeMutablePointer<UInt64>
    /// Capacity of `touched`, `second`, `next` and `seconds`: tokens per document.
    @exclusivity(unchecked) private var capacity = 0

    init(rankCount: Int) {
        unigramCount = .allocate(capacity: max(1, rankCount))
        unigramCount.initialize(repeating: 0, count: max(1, rankCount))
        head = .allocate(capacity: max(1, rankCount))
        head.initialize(repeating: -1, count: max(1, rankCount))
        rankBits = max(1, Int.bitWidth - max(0, rankCount - 1).leadingZeroBitCount)
        capacity = 1024
        touched = .allocate(capacity: capacity)
        sortScratch = .allocate(capacity: capacity)
        second = .allocate(capacity: capacity)
        next = .allocate(capacity: capacity)
        seconds = .allocate(capacity: capacity)
    }

    deinit {
        unigramCount.deallocate(); head.deallocate()
        touched.deallocate(); sortScratch.deallocate(); second.deallocate(); next.deallocate(); seconds.deallocate()
    }

    private func reserve(_ tokens: Int) {
        guard tokens > capacity else { return }
        touched.deallocate(); sortScratch.deallocate(); second.deallocate(); next.deallocate(); seconds.deallocate()
        capacity = max(tokens, capacity * 2)
        touched = .allocate(capacity: capacity)
        sortScratch = .allocate(capacity: capacity)
        second = .allocate(capacity: capacity)
        next = .allocate(capacity: capacity)
        seconds = .allocate(capacity: capacity)
    }

    /// Records the unigrams and/or bigrams of `tokens[start ..< end]`.
    @inline(__always)
    func collect(tokens: UnsafeBufferPointer<Int32>, from start: Int, to end: Int, rank: UnsafeBufferPointer<Int32>,
                 unigrams: Bool, bigrams: Bool) {
        reserve(end - start)
        let unigramCount = self.unigramCount, head = self.head, touched = self.touched
        let second = self.second, next = self.next
        var touchedCount = 0, nodes: Int32 = 0
        for i in start ..< end {
            let r = Int(rank[Int(tokens[i])])
            let hasBigram = bigrams && i + 1 < end
            if (unigrams || hasBigram) && unigramCount[r] == 0 && head[r] < 0 {
                touched[touchedCount] = UInt32(r)
                touchedCount += 1
            }
            if unigrams { unigramCount[r] += 1 }
            if hasBigram {
                second[Int(nodes)] = UInt32(rank[Int(tokens[i + 1])])
                next[Int(nodes)] = head[r]
                head[r] = nodes
                nodes += 1
            }
        }
        self.touchedCount = touchedCount
    }

    /// Calls `body(key, count)` for every distinct key of the collected
    /// document in ascending key order, and clears the scratch.
    @inline(__always)
    func emit(_ body: (UInt64, Int32) -> Void) {
        let unigramCount = self.unigramCount, head = self.head, touched = self.touched
        let second = self.second, next = self.next, seconds = self.seconds
        SortKernels.sort(UnsafeMutableBufferPointer(start: touched, count: touchedCount), bits: rankBits, scratch: sortScratch)
        for t in 0 ..< touchedCount {
            let r = Int(touched[t])
            let key = UInt64(r)
            let c = unigramCount[r]
            if c > 0 { body(key << 32, c); unigramCount[r] = 0 }
            var node = head[r]
            guard node >= 0 else { continue }
            head[r] = -1
            var n = 0
            while node >= 0 {
                seconds[n] = UInt64(second[Int(node)])
                n += 1
                node = next[Int(node)]
            }
            if n > 1 { SortKernels.sort(UnsafeMutableBufferPointer(start: seconds, count: n)) }
            var i = 0
            while i < n {
                let v = seconds[i]
                var j = i + 1
                while j < n && seconds[j] == v { j += 1 }
                body(key << 32 | (v + 1), Int32(j - i))
                i = j
            }
        }
        touchedCount = 0
    }
}
