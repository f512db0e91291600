/// Naive sparse references over raw CSR arrays (the layout of
/// `LinearAlgebra.CSRMatrix`), independent of the library's own conversions.

/// The dense row-major `rows x columns` array of a CSR matrix.
public func naiveDense<T: BinaryFloatingPoint>(
    rows: Int, columns: Int, rowOffsets: [Int], columnIndices: [Int32], values: [T]
) -> [T] {
    var dense = [T](repeating: 0, count: rows * columns)
    for i in 0 ..< rows {
        for k in rowOffsets[i] ..< rowOffsets[i + 1] { dense[i * columns + Int(columnIndices[k])] += values[k] }
    }
    return dense
}

/// A random sparse matrix in CSR arrays: each entry is stored with probability
/// `density`, with a uniform value in `-1 ..< 1`.
public func randomCSRArrays<T: BinaryFloatingPoint>(
    rows: Int, columns: Int, density: Double, using random: inout SeededRandom, as _: T.Type = T.self
) -> (rowOffsets: [Int], columnIndices: [Int32], values: [T]) where T.RawSignificand: FixedWidthInteger {
    var offsets = [0], indices: [Int32] = [], values: [T] = []
    for _ in 0 ..< rows {
        for j in 0 ..< columns where Double.random(in: 0 ..< 1, using: &random) < density {
            indices.append(Int32(j))
            values.append(random.uniform(in: -1 ..< 1))
        }
        offsets.append(indices.count)
    }
    return (offsets, indices, values)
}
