import Foundation
import Tokenization

/// A fitted vocabulary as hash tables for counting new texts, with term ids
/// in one of two orders:
///
/// - `.columns`: id = column (for building matrices);
/// - `.byFrequency`: id = rank by falling document frequency (ties by
///   column), so the terms most documents use have the smallest ids and
///   whatever a caller keeps per id for them (counts, IDF, centroid weights)
///   sits together in memory. The most frequent terms also get a small
///   table of their own, probed first, that stays in cache.
///
/// Shared read-only by all counting threads.
struct TermLookup: @unchecked Sendable {
    /// The hot table: ids `0 ..< hot.count` (the most frequent terms), or `nil`.
    let hot: ByteStringTable?
    /// Every term.
    let all: ByteStringTable
    /// Per id: its column; `nil` when ids are columns.
    let columnOfID: [Int32]?

    /// Hot terms by default: their table (16 bytes a slot, at most half
    /// full) takes 128 KiB, an eighth of a core's L2 cache.
    static let defaultHotCount = 4096

    /// Terms numbered by column.
    init(columnsOf model: TfidfModel) {
        all = model.termLookup()
        hot = nil
        columnOfID = nil
    }

    /// Terms numbered by falling document frequency, the first `hotCount`
    /// also in the hot table.
    /// - Complexity: O(vocabulary bytes + training documents).
    init(byFrequencyOf model: TfidfModel, hotCount: Int = TermLookup.defaultHotCount) {
        let order = model.columnsByFrequency
        let all = ByteStringTable(expectedCount: order.count)
        let hot = ByteStringTable(expectedCount: min(hotCount, order.count))
        let vocabulary = model.vocabulary
        vocabulary.bytes.withUnsafeBufferPointer { bytes in
            // Any readable address for an empty key.
            let empty = UnsafePointer<UInt8>(bitPattern: MemoryLayout<UInt64>.alignment)!
            for (id, column) in order.enumerated() {
                let start = vocabulary.offsets[Int(column)], length = vocabulary.offsets[Int(column) + 1] - start
                let key = length > 0 ? bytes.baseAddress! + start : empty
                _ = all.insert(key, count: length)
                if id < hotCount { _ = hot.insert(key, count: length) }
            }
        }
        self.all = all
        self.hot = hot
        columnOfID = order
    }
}

extension TfidfModel {
    /// The columns by falling document frequency, ties by column: the order
    /// of the `terms` of a `TfidfRow`, so per-term tables laid out in it keep
    /// the common terms together. A counting sort.
    /// - Complexity: O(columns + training documents).
    public var columnsByFrequency: [Int32] {
        let largest = documentFrequency.max() ?? 0
        var start = [Int](repeating: 0, count: largest + 2)
        for f in documentFrequency { start[largest - f + 1] += 1 }
        for i in 1 ..< start.count { start[i] += start[i - 1] }
        var order = [Int32](repeating: 0, count: documentFrequency.count)
        for (column, f) in documentFrequency.enumerated() {
            order[start[largest - f]] = Int32(column)
            start[largest - f] += 1
        }
        return order
    }
}
