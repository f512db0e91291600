/// A sparse matrix in compressed sparse row (CSR) form, the layout of
/// `scipy.sparse.csr_matrix`.
///
/// Row `i` holds the entries `rowOffsets[i] ..< rowOffsets[i + 1]` of
/// `columnIndices` and `values`. Column indices within a row are strictly
/// increasing (no duplicates), which every constructor guarantees and debug
/// builds check.
///
/// Storage is `rows + 1` offsets plus `nnz` indices (`Int32`) and values.
public struct CSRMatrix<Scalar: BLASScalar>: Sendable, Equatable {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let columns: Int
    /// `rows + 1` offsets into `columnIndices`/`values`; starts at 0, ends at `nnz`.
    public let rowOffsets: [Int]
    /// Column of each stored entry, increasing within a row.
    public let columnIndices: [Int32]
    /// Value of each stored entry.
    public let values: [Scalar]

    /// The number of stored entries.
    public var nonZeroCount: Int { values.count }

    /// Creates a matrix from raw CSR arrays.
    ///
    /// - Precondition: the arrays describe a valid CSR matrix: `rowOffsets`
    ///   has `rows + 1` non-decreasing entries from 0 to `values.count`,
    ///   `columnIndices.count == values.count`, and each row's column indices are
    ///   strictly increasing and in `0 ..< columns`. Checked in full in debug
    ///   builds; only the sizes are checked in release builds.
    /// - Complexity: O(nnz) in debug builds, O(1) in release builds.
    public init(rows: Int, columns: Int, rowOffsets: [Int], columnIndices: [Int32], values: [Scalar]) {
        precondition(rows >= 0 && columns >= 0, "CSRMatrix: negative shape \(rows)x\(columns)")
        precondition(rowOffsets.count == rows + 1, "CSRMatrix: need rows + 1 = \(rows + 1) offsets, got \(rowOffsets.count)")
        precondition(columnIndices.count == values.count, "CSRMatrix: \(columnIndices.count) indices but \(values.count) values")
        precondition(rowOffsets.first == 0 && rowOffsets.last == values.count, "CSRMatrix: offsets must run from 0 to nnz")
        self.rows = rows
        self.columns = columns
        self.rowOffsets = rowOffsets
        self.columnIndices = columnIndices
        self.values = values
        assert(Self.invariantsHold(rows: rows, columns: columns, rowOffsets: rowOffsets, columnIndices: columnIndices),
               "CSRMatrix: row offsets must not decrease and column indices must increase within a row and lie in 0..<\(columns)")
    }

    /// An empty `rows x columns` matrix with no stored entries.
    public init(zeros rows: Int, columns: Int) {
        self.init(rows: rows, columns: columns, rowOffsets: Array(repeating: 0, count: rows + 1), columnIndices: [], values: [])
    }

    /// The stored entries of row `row` as parallel slices.
    /// - Complexity: O(1).
    public func row(_ row: Int) -> (columns: ArraySlice<Int32>, values: ArraySlice<Scalar>) {
        let range = rowOffsets[row] ..< rowOffsets[row + 1]
        return (columnIndices[range], values[range])
    }

    /// The value at `(row, column)`, zero when not stored.
    /// - Complexity: O(log nnz(row)) by binary search.
    public subscript(row: Int, column: Int) -> Scalar {
        var low = rowOffsets[row], high = rowOffsets[row + 1]
        let target = Int32(column)
        while low < high {
            let mid = (low + high) / 2
            if columnIndices[mid] < target { low = mid + 1 } else { high = mid }
        }
        return low < rowOffsets[row + 1] && columnIndices[low] == target ? values[low] : 0
    }

    /// The matrix with every value converted to another precision.
    /// - Complexity: O(nnz).
    public func converted<Other: BLASScalar>(to _: Other.Type = Other.self) -> CSRMatrix<Other> {
        CSRMatrix<Other>(rows: rows, columns: columns, rowOffsets: rowOffsets,
                         columnIndices: columnIndices, values: values.map { Other($0) })
    }

    static func invariantsHold(rows: Int, columns: Int, rowOffsets: [Int], columnIndices: [Int32]) -> Bool {
        for r in 0 ..< rows {
            let start = rowOffsets[r], end = rowOffsets[r + 1]
            if end < start { return false }
            var previous: Int32 = -1
            for k in start ..< end {
                let c = columnIndices[k]
                if c <= previous || Int(c) >= columns { return false }
                previous = c
            }
        }
        return true
    }
}
