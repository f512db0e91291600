import Foundation
import LinearAlgebra

/// Counted rows of one chunk: per document `(id, count)` pairs and the map
/// from id to output column (-1: dropped).
struct RowSource: Sendable {
    var offsets: [Int]
    var ids: [Int32]
    var counts: [Int32]
    var column: [Int32]
    /// Whether every row's ids already map to ascending columns, so rows
    /// need no sorting.
    var rowsSorted: Bool = false
}

/// Turns counted rows into the final CSR matrix: maps ids to columns, sorts
/// each row by column, applies tf (binary / sublinear), IDF and the row norm
/// in scikit-learn's order, in parallel over chunks.
struct RowAssembler {
    let model: TfidfModel
    let threads: Int

    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    func assemble<Scalar: BLASScalar>(_ sources: [RowSource], documentCount: Int) -> CSRMatrix<Scalar> {
        // Pass 1: kept entries per document, then global row offsets.
        let firstRow = sources.reduce(into: [0]) { $0.append($0.last! + $1.offsets.count - 1) }
        let perRow = Parallel.map(sources.count, threads: threads) { c -> [Int] in
            let s = sources[c]
            if !s.column.contains(where: { $0 < 0 }) {
                return (0 ..< s.offsets.count - 1).map { s.offsets[$0 + 1] - s.offsets[$0] }
            }
            return s.column.withUnsafeBufferPointer { column in
                s.ids.withUnsafeBufferPointer { ids in
                    (0 ..< s.offsets.count - 1).map { r in
                        var kept = 0
                        for k in s.offsets[r] ..< s.offsets[r + 1] where column[Int(ids[k])] >= 0 { kept += 1 }
                        return kept
                    }
                }
            }
        }
        var rowOffsets = [Int](repeating: 0, count: documentCount + 1)
        var position = 0
        for c in sources.indices {
            for (r, kept) in perRow[c].enumerated() {
                position += kept
                rowOffsets[firstRow[c] + r + 1] = position
            }
        }
        let nnz = position
        let configuration = model.configuration
        let idf = model.idf
        var columns = [Int32](repeating: 0, count: nnz)
        var values = [Scalar](repeating: 0, count: nnz)
        columns.withUnsafeMutableBufferPointer { columnBuffer in
            values.withUnsafeMutableBufferPointer { valueBuffer in
                let outColumns = DisjointWriteBuffer(columnBuffer)
                let outValues = DisjointWriteBuffer(valueBuffer)
                let offsets = rowOffsets
                Parallel.forEach(sources.count, threads: threads) { c in
                    let s = sources[c]
                    let longest = (0 ..< s.offsets.count - 1).reduce(0) { max($0, s.offsets[$1 + 1] - s.offsets[$1]) }
                    let packed = UnsafeMutablePointer<UInt64>.allocate(capacity: max(1, longest))
                    let weights = UnsafeMutablePointer<Double>.allocate(capacity: max(1, longest))
                    defer { packed.deallocate(); weights.deallocate() }
                    // Per id: its column and IDF side by side, so each row
                    // entry costs one random access instead of two.
                    let lookup = UnsafeMutablePointer<ColumnWeight>.allocate(capacity: max(1, s.column.count))
                    defer { lookup.deallocate() }
                    for id in s.column.indices {
                        let col = s.column[id]
                        lookup[id] = ColumnWeight(column: col, idf: col >= 0 ? idf?[Int(col)] ?? 1.0 : 0)
                    }
                    s.ids.withUnsafeBufferPointer { ids in
                        s.counts.withUnsafeBufferPointer { counts in
                            for r in 0 ..< s.offsets.count - 1 {
                                var n = 0
                                if s.rowsSorted {
                                    // Ids ascend with columns: no packing or sorting needed.
                                    for k in s.offsets[r] ..< s.offsets[r + 1] {
                                        let entry = lookup[Int(ids[k])]
                                        guard entry.column >= 0 else { continue }
                                        packed[n] = UInt64(UInt32(entry.column)) << 32
                                        weights[n] = TermWeight.of(count: counts[k], idf: idf != nil ? entry.idf : nil, configuration)
                                        n += 1
                                    }
                                } else {
                                    for k in s.offsets[r] ..< s.offsets[r + 1] {
                                        let col = lookup[Int(ids[k])].column
                                        if col >= 0 { packed[n] = UInt64(UInt32(col)) << 32 | UInt64(UInt32(counts[k])); n += 1 }
                                    }
                                    SortKernels.sort(UnsafeMutableBufferPointer(start: packed, count: n))
                                    for i in 0 ..< n {
                                        let p = packed[i]
                                        weights[i] = TermWeight.of(count: Int32(truncatingIfNeeded: p), idf: idf?[Int(p >> 32)], configuration)
                                    }
                                }
                                RowNormalization.normalize(UnsafeMutableBufferPointer(start: weights, count: n), configuration.norm)
                                let start = offsets[firstRow[c] + r]
                                let columnOut = outColumns.base + start, valueOut = outValues.base + start
                                for i in 0 ..< n {
                                    columnOut[i] = Int32(truncatingIfNeeded: packed[i] >> 32)
                                    valueOut[i] = Scalar(weights[i])
                                }
                            }
                        }
                    }
                }
            }
        }
        return CSRMatrix(rows: documentCount, columns: model.vocabulary.count, rowOffsets: rowOffsets,
                         columnIndices: columns, values: values)
    }
}

/// scikit-learn's weight of one row entry before the row norm: the term
/// frequency (1 when binary; `ln(tf) + 1` when sublinear) times its IDF.
enum TermWeight {
    @inline(__always)
    static func of(count: Int32, idf: Double?, _ configuration: TfidfConfiguration) -> Double {
        var w = configuration.binary ? 1.0 : Double(count)
        if configuration.sublinearTF { w = Foundation.log(w) + 1.0 }
        if let idf { w *= idf }
        return w
    }
}

/// A row id's output column (-1: dropped) and that column's IDF weight.
private struct ColumnWeight {
    var column: Int32
    var idf: Double
}

/// scikit-learn's in-place row normalisation: a zero row stays zero.
enum RowNormalization {
    static func normalize(_ values: inout [Double], _ norm: RowNorm?) {
        values.withUnsafeMutableBufferPointer { normalize($0, norm) }
    }

    /// `normalize` on a buffer.
    static func normalize(_ values: UnsafeMutableBufferPointer<Double>, _ norm: RowNorm?) {
        guard let norm else { return }
        var total = 0.0
        switch norm {
        case .l2:
            for v in values { total += v * v }
            if total == 0 { return }
            total = total.squareRoot()
        case .l1:
            for v in values { total += abs(v) }
            if total == 0 { return }
        }
        for i in values.indices { values[i] /= total }
    }
}
