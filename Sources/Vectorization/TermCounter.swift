import Foundation
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
    /// The vocabulary in byte order; set by `sortTerms()`.
    private(set) var sorted: SortedTable?
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
        sorted = SortedTable(table)
    }
}

/// The keys of a `ByteStringTable` in byte order (code point order for
/// UTF-8), with each sorted key's 8-byte big-endian prefix.
struct SortedTable: @unchecked Sendable {
    let table: ByteStringTable
    /// Ids of the table, sorted by key bytes.
    let ids: [Int32]
    /// `prefixes[i]` is `table.sortPrefix(ids[i])`.
    let prefixes: [UInt64]

    /// Sorts `table`'s keys: a radix sort on the first eight bytes, then a
    /// comparison sort inside each run of equal prefixes.
    /// - Complexity: O(n) for distinct prefixes, plus O(r log r · key length)
    ///   per run of r equal prefixes.
    init(_ table: ByteStringTable) {
        self.table = table
        var prefixes = (0 ..< table.count).map { table.sortPrefix($0) }
        var ids = (0 ..< Int32(table.count)).map { $0 }
        SortKernels.radixSort(prefixes: &prefixes, ids: &ids)
        var start = 0
        while start < ids.count {
            var end = start + 1
            while end < ids.count && prefixes[end] == prefixes[start] { end += 1 }
            if end - start > 1 {
                ids[start ..< end].sort { table.keyPrecedes(Int($0), Int($1)) }
            }
            start = end
        }
        self.ids = ids
        self.prefixes = prefixes
    }

    /// The union of several sorted tables in byte order: the concatenated
    /// distinct keys with `count + 1` offsets, and for every table the map
    /// from its ids to positions in the union.
    /// - Complexity: O(U · k) comparisons for U keys in k tables.
    static func union(_ tables: [SortedTable]) -> (bytes: [UInt8], offsets: [Int], positions: [[Int32]]) {
        var heads = [Int](repeating: 0, count: tables.count)
        let totalKeys = tables.reduce(0) { $0 + $1.table.count }
        let totalBytes = tables.reduce(0) { $0 + $1.table.byteCount }
        var positions = tables.map { [Int32](repeating: -1, count: $0.table.count) }
        var bytes = [UInt8](repeating: 0, count: totalBytes)
        var offsets = [Int](repeating: 0, count: totalKeys + 1)
        var g = 0
        var byteCount = 0
        bytes.withUnsafeMutableBufferPointer { out in
            while true {
                // Find the smallest head key.
                var best = -1
                for c in tables.indices where heads[c] < tables[c].ids.count {
                    if best < 0 || precedes(tables[c], heads[c], tables[best], heads[best]) { best = c }
                }
                if best < 0 { break }
                let bestTable = tables[best]
                let bestPosition = heads[best]
                let bestKey = bestTable.table.key(Int(bestTable.ids[bestPosition]))
                if bestKey.count > 0 {
                    (out.baseAddress! + byteCount).update(from: bestKey.baseAddress!, count: bestKey.count)
                }
                byteCount += bestKey.count
                offsets[g + 1] = byteCount
                for c in tables.indices where heads[c] < tables[c].ids.count {
                    if c == best || (tables.count > 1 && equal(tables[c], heads[c], bestTable, bestPosition)) {
                        positions[c][Int(tables[c].ids[heads[c]])] = Int32(g)
                        heads[c] += 1
                    }
                }
                g += 1
            }
        }
        bytes.removeLast(bytes.count - byteCount)
        offsets.removeLast(offsets.count - (g + 1))
        return (bytes, offsets, positions)
    }

    private static func precedes(_ a: SortedTable, _ i: Int, _ b: SortedTable, _ j: Int) -> Bool {
        let pa = a.prefixes[i], pb = b.prefixes[j]
        if pa != pb { return pa < pb }
        let ka = a.table.key(Int(a.ids[i])), kb = b.table.key(Int(b.ids[j]))
        return ByteStringTable.bytesPrecede(ka.baseAddress!, ka.count, kb.baseAddress!, kb.count)
    }

    private static func equal(_ a: SortedTable, _ i: Int, _ b: SortedTable, _ j: Int) -> Bool {
        guard a.prefixes[i] == b.prefixes[j] else { return false }
        let ka = a.table.key(Int(a.ids[i])), kb = b.table.key(Int(b.ids[j]))
        return ka.count == kb.count && memcmp(ka.baseAddress!, kb.baseAddress!, ka.count) == 0
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
        let union = SortedTable.union(chunks.map { $0.sorted! })
        var merged = MergedTerms()
        let count = union.offsets.count - 1
        var documentFrequency = [Int](repeating: 0, count: count)
        var totalCount = [Int64](repeating: 0, count: count)
        for (c, chunk) in chunks.enumerated() {
            let positions = union.positions[c]
            for id in positions.indices {
                let g = Int(positions[id])
                documentFrequency[g] += Int(chunk.documentFrequency[id])
                totalCount[g] += chunk.totalCount[id]
            }
            chunk.globalID = positions
        }
        merged.bytes = union.bytes
        merged.offsets = union.offsets
        merged.documentFrequency = documentFrequency
        merged.totalCount = totalCount
        return merged
    }
}
