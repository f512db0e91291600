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

    /// Sorts the chunk's vocabulary by bytes (code point order): a radix sort
    /// on the first eight bytes, then a comparison sort inside each run of
    /// equal prefixes.
    func sortTerms() {
        let table = self.table
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
        sortedIDs = ids
        sortedPrefixes = prefixes
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
        let totalTerms = chunks.reduce(0) { $0 + $1.table.count }
        let totalBytes = chunks.reduce(0) { $0 + $1.table.byteCount }
        var globalIDs = chunks.map { [Int32](repeating: -1, count: $0.table.count) }
        var bytes = [UInt8](repeating: 0, count: totalBytes)
        var offsets = [Int](repeating: 0, count: totalTerms + 1)
        var documentFrequency = [Int](repeating: 0, count: totalTerms)
        var totalCount = [Int64](repeating: 0, count: totalTerms)
        var g = 0
        var byteCount = 0
        bytes.withUnsafeMutableBufferPointer { out in
            while true {
                // Find the smallest head term.
                var best = -1
                for c in chunks.indices where heads[c] < chunks[c].sortedIDs.count {
                    if best < 0 || precedes(chunks[c], heads[c], chunks[best], heads[best]) { best = c }
                }
                if best < 0 { break }
                let bestChunk = chunks[best]
                let bestPosition = heads[best]
                let bestKey = bestChunk.table.key(Int(bestChunk.sortedIDs[bestPosition]))
                (out.baseAddress! + byteCount).update(from: bestKey.baseAddress!, count: bestKey.count)
                byteCount += bestKey.count
                offsets[g + 1] = byteCount
                var df = 0
                var tf: Int64 = 0
                for c in chunks.indices where heads[c] < chunks[c].sortedIDs.count {
                    if c == best || (chunks.count > 1 && equal(chunks[c], heads[c], bestChunk, bestPosition)) {
                        let id = Int(chunks[c].sortedIDs[heads[c]])
                        globalIDs[c][id] = Int32(g)
                        df += Int(chunks[c].documentFrequency[id])
                        tf += chunks[c].totalCount[id]
                        heads[c] += 1
                    }
                }
                documentFrequency[g] = df
                totalCount[g] = tf
                g += 1
            }
        }
        bytes.removeLast(bytes.count - byteCount)
        offsets.removeLast(offsets.count - (g + 1))
        documentFrequency.removeLast(documentFrequency.count - g)
        totalCount.removeLast(totalCount.count - g)
        merged.bytes = bytes
        merged.offsets = offsets
        merged.documentFrequency = documentFrequency
        merged.totalCount = totalCount
        for (c, ids) in globalIDs.enumerated() { chunks[c].globalID = ids }
        return merged
    }

    private static func precedes(_ a: ChunkCounts, _ i: Int, _ b: ChunkCounts, _ j: Int) -> Bool {
        let pa = a.sortedPrefixes[i], pb = b.sortedPrefixes[j]
        if pa != pb { return pa < pb }
        let ka = a.table.key(Int(a.sortedIDs[i])), kb = b.table.key(Int(b.sortedIDs[j]))
        return ByteStringTable.bytesPrecede(ka.baseAddress!, ka.count, kb.baseAddress!, kb.count)
    }

    private static func equal(_ a: ChunkCounts, _ i: Int, _ b: ChunkCounts, _ j: Int) -> Bool {
        guard a.sortedPrefixes[i] == b.sortedPrefixes[j] else { return false }
        let ka = a.table.key(Int(a.sortedIDs[i])), kb = b.table.key(Int(b.sortedIDs[j]))
        return ka.count == kb.count && memcmp(ka.baseAddress!, kb.baseAddress!, ka.count) == 0
    }
}
