import LinearAlgebra

/// The raw counts of one contiguous chunk of documents: a chunk-local
/// vocabulary (ids in first-seen order) and, per document, its
/// `(local id, count)` pairs. Built by one thread; merged afterwards.
final class ChunkCounts: @unchecked Sendable {
    let table: ByteStringTable
    /// `documents + 1` offsets into `ids`/`counts`.
    let rowOffsets: [Int]
    let ids: [Int32]
    let counts: [Int32]
    /// Per local id: documents containing it, and total occurrences.
    let documentFrequency: [Int32]
    let totalCount: [Int64]
    /// Local ids sorted by term bytes, and each sorted term's 8-byte prefix.
    private(set) var sortedIDs: [Int32] = []
    private(set) var sortedPrefixes: [UInt64] = []
    /// Local id → merged (global, sorted) term number; filled by the merge.
    var globalID: [Int32] = []

    init(table: ByteStringTable, rowOffsets: [Int], ids: [Int32], counts: [Int32],
         documentFrequency: [Int32], totalCount: [Int64]) {
        self.table = table
        self.rowOffsets = rowOffsets
        self.ids = ids
        self.counts = counts
        self.documentFrequency = documentFrequency
        self.totalCount = totalCount
    }

    /// Counts the features of `texts[range]`.
    /// - Complexity: O(total bytes · n-gram lengths), expected.
    static func count(_ texts: [String], range: Range<Int>, analyzer: AnalyzerConfiguration) -> ChunkCounts {
        let extractor = FeatureExtractor(analyzer)
        let table = ByteStringTable(expectedCount: 1 << 14)
        var rowOffsets = [0]
        rowOffsets.reserveCapacity(range.count + 1)
        var ids: [Int32] = [], counts: [Int32] = []
        var scratch: [Int32] = []
        var touched: [Int32] = []
        var documentFrequency: [Int32] = [], totalCount: [Int64] = []
        for d in range {
            extractor.extract(texts[d])
            extractor.withFeatures { base, starts, lengths in
                for f in 0 ..< starts.count {
                    let id = table.insert(base + Int(starts[f]), count: Int(lengths[f]))
                    if id == scratch.count {
                        scratch.append(0)
                        documentFrequency.append(0)
                        totalCount.append(0)
                    }
                    if scratch[id] == 0 { touched.append(Int32(id)) }
                    scratch[id] &+= 1
                }
            }
            for id in touched {
                let i = Int(id)
                let c = scratch[i]
                ids.append(id)
                counts.append(c)
                documentFrequency[i] += 1
                totalCount[i] += Int64(c)
                scratch[i] = 0
            }
            touched.removeAll(keepingCapacity: true)
            rowOffsets.append(ids.count)
        }
        return ChunkCounts(table: table, rowOffsets: rowOffsets, ids: ids, counts: counts,
                           documentFrequency: documentFrequency, totalCount: totalCount)
    }

    /// Sorts the chunk's vocabulary by bytes (code point order).
    func sortTerms() {
        struct Key { var prefix: UInt64; var id: Int32 }
        let table = self.table
        var keys = (0 ..< table.count).map { Key(prefix: table.sortPrefix($0), id: Int32($0)) }
        keys.sort { a, b in
            a.prefix != b.prefix ? a.prefix < b.prefix : table.keyPrecedes(Int(a.id), Int(b.id))
        }
        sortedIDs = keys.map(\.id)
        sortedPrefixes = keys.map(\.prefix)
    }
}

/// The union of several chunks' vocabularies in sorted order, with summed
/// document frequencies and counts.
struct MergedTerms {
    var bytes: [UInt8] = []
    var offsets: [Int] = [0]
    var documentFrequency: [Int] = []
    var totalCount: [Int64] = []
    var count: Int { documentFrequency.count }

    /// Merges chunks whose terms are sorted (`sortTerms()`), filling each
    /// chunk's `globalID`.
    /// - Complexity: O(U · k) comparisons for U chunk terms and k chunks.
    static func merge(_ chunks: [ChunkCounts]) -> MergedTerms {
        var merged = MergedTerms()
        var heads = [Int](repeating: 0, count: chunks.count)
        for chunk in chunks { chunk.globalID = [Int32](repeating: -1, count: chunk.table.count) }
        let total = chunks.reduce(0) { $0 + $1.table.count }
        merged.documentFrequency.reserveCapacity(total)
        merged.totalCount.reserveCapacity(total)
        merged.offsets.reserveCapacity(total + 1)
        while true {
            // Find the smallest head term.
            var best = -1
            for c in chunks.indices where heads[c] < chunks[c].sortedIDs.count {
                if best < 0 || precedes(chunks[c], heads[c], chunks[best], heads[best]) { best = c }
            }
            if best < 0 { break }
            let g = merged.count
            let bestChunk = chunks[best]
            let bestID = Int(bestChunk.sortedIDs[heads[best]])
            bestChunk.table.withKey(bestID) { merged.bytes.append(contentsOf: $0) }
            merged.offsets.append(merged.bytes.count)
            var df = 0
            var tf: Int64 = 0
            let bestPosition = heads[best]
            for c in chunks.indices where heads[c] < chunks[c].sortedIDs.count {
                if c == best || equal(chunks[c], heads[c], bestChunk, bestPosition) {
                    let id = Int(chunks[c].sortedIDs[heads[c]])
                    chunks[c].globalID[id] = Int32(g)
                    df += Int(chunks[c].documentFrequency[id])
                    tf += chunks[c].totalCount[id]
                    heads[c] += 1
                }
            }
            merged.documentFrequency.append(df)
            merged.totalCount.append(tf)
        }
        return merged
    }

    private static func precedes(_ a: ChunkCounts, _ i: Int, _ b: ChunkCounts, _ j: Int) -> Bool {
        let pa = a.sortedPrefixes[i], pb = b.sortedPrefixes[j]
        if pa != pb { return pa < pb }
        return a.table.withKey(Int(a.sortedIDs[i])) { ka in
            b.table.withKey(Int(b.sortedIDs[j])) { kb in
                ByteStringTable.bytesPrecede(ka.baseAddress!, ka.count, kb.baseAddress!, kb.count)
            }
        }
    }

    private static func equal(_ a: ChunkCounts, _ i: Int, _ b: ChunkCounts, _ j: Int) -> Bool {
        guard a.sortedPrefixes[i] == b.sortedPrefixes[j] else { return false }
        return a.table.withKey(Int(a.sortedIDs[i])) { ka in
            b.table.withKey(Int(b.sortedIDs[j])) { kb in ka.elementsEqual(kb) }
        }
    }
}
