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

        /// Appends the bytes of feature `key` to `out` at `position`; returns the new position.
        @inline(__always)
        func write(_ key: UInt64, to out: UnsafeMutablePointer<UInt8>, at position: Int) -> Int {
            tokenBytes.withUnsafeBufferPointer { all in
                var p = position
                let first = Int(key >> 32)
                let a = tokenOffsets[first], aEnd = tokenOffsets[first + 1]
                if aEnd > a { (out + p).update(from: all.baseAddress! + a, count: aEnd - a) }
                p += aEnd - a
                let second = Int(key & 0xFFFF_FFFF)
                if second != 0 {
                    out[p] = 0x20
                    p += 1
                    let b = tokenOffsets[second - 1], bEnd = tokenOffsets[second]
                    if bEnd > b { (out + p).update(from: all.baseAddress! + b, count: bEnd - b) }
                    p += bEnd - b
                }
                return p
            }
        }

        /// The byte length of feature `key`.
        @inline(__always)
        func length(of key: UInt64) -> Int {
            let first = Int(key >> 32), second = Int(key & 0xFFFF_FFFF)
            var n = tokenOffsets[first + 1] - tokenOffsets[first]
            if second != 0 { n += 1 + tokenOffsets[second] - tokenOffsets[second - 1] }
            return n
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
            KeyedChunk.count(tokenChunks[c], rank: ranks[c], minN: minN, maxN: maxN, totals: totals)
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
                for t in 0 ..< starts.count {
                    let p = base + Int(starts[t]), n = Int(lengths[t])
                    if check {
                        for i in 0 ..< n where p[i] <= 0x20 { spaceFree = false }
                    }
                    tokens.append(Int32(truncatingIfNeeded: table.insert(p, count: n)))
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
    /// ranks `rank`.
    static func count(_ chunk: TokenChunk, rank: [Int32], minN: Int, maxN: Int, totals: Bool) -> KeyedChunk {
        let documents = chunk.documentOffsets.count - 1
        var rowOffsets = [Int](repeating: 0, count: documents + 1)
        var entryKeys: [UInt64] = []
        var counts: [Int32] = []
        var scratch: [UInt64] = []
        chunk.tokens.withUnsafeBufferPointer { tokens in
            rank.withUnsafeBufferPointer { rank in
                for d in 0 ..< documents {
                    let start = chunk.documentOffsets[d], end = chunk.documentOffsets[d + 1]
                    scratch.removeAll(keepingCapacity: true)
                    if minN == 1 {
                        for i in start ..< end { scratch.append(UInt64(UInt32(rank[Int(tokens[i])])) << 32) }
                    }
                    if maxN == 2 && end - start >= 2 {
                        var previous = UInt64(UInt32(rank[Int(tokens[start])])) << 32
                        for i in start + 1 ..< end {
                            let r = UInt64(UInt32(rank[Int(tokens[i])]))
                            scratch.append(previous | (r + 1))
                            previous = r << 32
                        }
                    }
                    scratch.withUnsafeMutableBufferPointer { keys in
                        SortKernels.sort(keys)
                        var i = 0
                        while i < keys.count {
                            let k = keys[i]
                            var j = i + 1
                            while j < keys.count && keys[j] == k { j += 1 }
                            entryKeys.append(k)
                            counts.append(Int32(j - i))
                            i = j
                        }
                    }
                    rowOffsets[d + 1] = entryKeys.count
                }
            }
        }
        scratch = []
        // Distinct keys: sort (key, entry) pairs, then number the runs.
        let n = entryKeys.count
        var order = (0 ..< Int32(n)).map { $0 }
        SortKernels.radixSort(prefixes: &entryKeys, ids: &order)
        var ids = [Int32](repeating: 0, count: n)
        var keys: [UInt64] = []
        var documentFrequency: [Int32] = []
        entryKeys.withUnsafeBufferPointer { sorted in
            order.withUnsafeBufferPointer { order in
                ids.withUnsafeMutableBufferPointer { ids in
                    var i = 0
                    while i < n {
                        let k = sorted[i]
                        let id = Int32(keys.count)
                        var j = i
                        while j < n && sorted[j] == k { ids[Int(order[j])] = id; j += 1 }
                        keys.append(k)
                        documentFrequency.append(Int32(j - i))
                        i = j
                    }
                }
            }
        }
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
        let upperBound = chunks.reduce(0) { $0 + $1.keys.count }
        var keys: [UInt64] = []
        keys.reserveCapacity(upperBound)
        var documentFrequency: [Int] = []
        documentFrequency.reserveCapacity(upperBound)
        var totalCount: [Int64] = []
        var positions = chunks.map { [Int32](repeating: 0, count: $0.keys.count) }
        var heads = [Int](repeating: 0, count: chunks.count)
        while true {
            var smallest = UInt64.max
            var any = false
            for c in chunks.indices where heads[c] < chunks[c].keys.count {
                let k = chunks[c].keys[heads[c]]
                if !any || k < smallest { smallest = k; any = true }
            }
            if !any { break }
            let g = Int32(keys.count)
            var df = 0
            var tf: Int64 = 0
            for c in chunks.indices where heads[c] < chunks[c].keys.count && chunks[c].keys[heads[c]] == smallest {
                let h = heads[c]
                positions[c][h] = g
                df += Int(chunks[c].documentFrequency[h])
                if totals { tf += chunks[c].totalCount[h] }
                heads[c] = h + 1
            }
            keys.append(smallest)
            documentFrequency.append(df)
            if totals { totalCount.append(tf) }
        }
        return (keys, documentFrequency, totalCount, positions)
    }
}
