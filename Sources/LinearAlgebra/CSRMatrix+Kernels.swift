// Sparse kernels the BLAS lacks: sparse x dense products, the CSR transpose,
// row norms, and conversions to and from DenseMatrix.
//
// Determinism: every output element is computed by exactly one task, summing
// its terms in the order the entries are stored, so the results are
// bit-identical for any thread count. Threads only decide which core runs
// which chunk of rows.

extension CSRMatrix {
    // MARK: - Products with dense matrices

    /// The product `A * B` of this sparse `m x k` matrix and a dense `k x n`
    /// row-major matrix, as a dense `m x n` matrix (SpMM).
    ///
    /// Row `i` of the result is `Σ A[i, j] * B[j, :]` over the stored entries
    /// of row `i`, in stored (increasing column) order. Rows are split into
    /// chunks of about equal work, which run in parallel.
    ///
    /// - Parameter threads: the most threads to use; results do not depend on it.
    /// - Precondition: `b.rows == columns`, `threads >= 1`.
    /// - Complexity: 2 * nnz * n flops; O(m * n) memory for the result.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func multiply(_ b: DenseMatrix<Scalar>, threads: Int = Parallel.availableCores) -> DenseMatrix<Scalar> {
        precondition(b.rows == columns, "CSRMatrix.multiply: \(rows)x\(columns) times \(b.rows)x\(b.columns)")
        precondition(threads >= 1, "CSRMatrix.multiply: threads must be positive, got \(threads)")
        let n = b.columns
        var result = DenseMatrix<Scalar>(rows: rows, columns: n)
        guard rows > 0, n > 0, nonZeroCount > 0 else { return result }
        let chunks = workChunks(width: n)
        result.withUnsafeMutableBufferPointer { out in
            b.withUnsafeBufferPointer { dense in
                rowOffsets.withUnsafeBufferPointer { offsets in
                    columnIndices.withUnsafeBufferPointer { indices in
                        values.withUnsafeBufferPointer { values in
                            let kernel = SpMMKernel(offsets: offsets.baseAddress!, indices: indices.baseAddress!,
                                                    values: values.baseAddress!, dense: dense.baseAddress!,
                                                    out: out.baseAddress!, width: n)
                            Parallel.forEach(chunks.count, threads: threads) { kernel.run(rows: chunks[$0]) }
                        }
                    }
                }
            }
        }
        return result
    }

    /// The product `Aᵀ * B` of this sparse matrix's transpose (`k x m`) and a
    /// dense `m x n` matrix, as a dense `k x n` matrix; randomized SVD uses it
    /// for `Aᵀ * Q`.
    ///
    /// Computed as `transposed().multiply(b)`, so it is deterministic and each
    /// output element sums its terms in increasing row order of `A`. When
    /// multiplying by `Aᵀ` repeatedly (power iterations), call `transposed()`
    /// once and `multiply` the result instead.
    ///
    /// - Precondition: `b.rows == rows`, `threads >= 1`.
    /// - Complexity: 2 * nnz * n flops, plus O(nnz + k) time and memory for the transpose.
    public func transposeMultiply(_ b: DenseMatrix<Scalar>, threads: Int = Parallel.availableCores) -> DenseMatrix<Scalar> {
        precondition(b.rows == rows, "CSRMatrix.transposeMultiply: (\(rows)x\(columns))ᵀ times \(b.rows)x\(b.columns)")
        return transposed().multiply(b, threads: threads)
    }

    // MARK: - Structure

    /// The transpose as a CSR matrix (equivalently, this matrix in CSC form).
    ///
    /// A counting sort by column: stable, so within each row of the result the
    /// column indices (the original rows) increase, as CSR requires.
    /// - Complexity: O(nnz + columns) time and memory.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func transposed() -> CSRMatrix {
        precondition(rows <= Int(Int32.max), "CSRMatrix.transposed: \(rows) rows do not fit Int32 column indices")
        var offsets = [Int](repeating: 0, count: columns + 1)
        for column in columnIndices { offsets[Int(column) + 1] += 1 }
        for j in 0 ..< columns { offsets[j + 1] += offsets[j] }
        var next = offsets
        var indices = [Int32](repeating: 0, count: nonZeroCount)
        var transposedValues = [Scalar](repeating: 0, count: nonZeroCount)
        for i in 0 ..< rows {
            for p in rowOffsets[i] ..< rowOffsets[i + 1] {
                let j = Int(columnIndices[p])
                indices[next[j]] = Int32(truncatingIfNeeded: i)
                transposedValues[next[j]] = values[p]
                next[j] += 1
            }
        }
        return CSRMatrix(rows: columns, columns: rows, rowOffsets: offsets, columnIndices: indices, values: transposedValues)
    }

    /// The Euclidean norm of each row, `√(Σⱼ A[i, j]²)`, accumulated in `Scalar`.
    /// - Complexity: 2 * nnz flops.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func rowNorms() -> [Scalar] {
        (0 ..< rows).map { i in
            var sum: Scalar = 0
            for p in rowOffsets[i] ..< rowOffsets[i + 1] { sum += values[p] * values[p] }
            return sum.squareRoot()
        }
    }

    /// The matrix with every nonzero row scaled to unit Euclidean norm (the
    /// `norm="l2"` of scikit-learn's `normalize`); all-zero rows stay empty.
    /// - Complexity: 3 * nnz flops.
    public func normalizedRows() -> CSRMatrix {
        let norms = rowNorms()
        var scaled = values
        for i in 0 ..< rows where norms[i] > 0 {
            for p in rowOffsets[i] ..< rowOffsets[i + 1] { scaled[p] /= norms[i] }
        }
        return CSRMatrix(rows: rows, columns: columns, rowOffsets: rowOffsets, columnIndices: columnIndices, values: scaled)
    }

    // MARK: - Conversion

    /// The sparse form of a dense matrix: every element that is not zero
    /// (NaN included) is stored.
    /// - Precondition: `dense.columns <= Int32.max`.
    /// - Complexity: O(rows * columns).
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public init(_ dense: DenseMatrix<Scalar>) {
        precondition(dense.columns <= Int(Int32.max), "CSRMatrix: \(dense.columns) columns do not fit Int32 indices")
        var offsets = [0], indices = [Int32](), values = [Scalar]()
        offsets.reserveCapacity(dense.rows + 1)
        let n = dense.columns
        dense.withUnsafeBufferPointer { elements in
            for i in 0 ..< dense.rows {
                for j in 0 ..< n where elements[i * n + j] != 0 {
                    indices.append(Int32(truncatingIfNeeded: j))
                    values.append(elements[i * n + j])
                }
                offsets.append(values.count)
            }
        }
        self.init(rows: dense.rows, columns: dense.columns, rowOffsets: offsets, columnIndices: indices, values: values)
    }

    // MARK: - Implementation

    /// Contiguous row ranges of about equal work (stored entries times
    /// `width`, plus one per row), fixed by the matrix alone: one chunk per
    /// ~64 K multiply-adds, at most 1024 chunks.
    func workChunks(width: Int) -> [Range<Int>] {
        let work = (nonZeroCount + rows) * max(width, 1)
        let count = max(1, min(rows, 1024, work / 65_536))
        guard count > 1 else { return [0 ..< rows] }
        var bounds = [0]
        let total = nonZeroCount + rows
        for c in 1 ..< count {
            // First row whose cumulative work reaches c/count of the total.
            let target = total * c / count
            var low = bounds.last!, high = rows
            while low < high {
                let mid = (low + high) / 2
                if rowOffsets[mid] + mid < target { low = mid + 1 } else { high = mid }
            }
            bounds.append(low)
        }
        bounds.append(rows)
        return zip(bounds, bounds.dropFirst()).map { $0 ..< $1 }.filter { !$0.isEmpty }
    }
}

extension DenseMatrix {
    /// The dense form of a sparse matrix: stored entries in place, zeros elsewhere.
    /// - Complexity: O(rows * columns + nnz).
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public init(_ sparse: CSRMatrix<Scalar>) {
        self.init(rows: sparse.rows, columns: sparse.columns)
        let n = sparse.columns
        withUnsafeMutableBufferPointer { out in
            for i in 0 ..< sparse.rows {
                for p in sparse.rowOffsets[i] ..< sparse.rowOffsets[i + 1] {
                    out[i * n + Int(sparse.columnIndices[p])] = sparse.values[p]
                }
            }
        }
    }
}

/// The SpMM inner loop over raw pointers, shared read-only by the tasks of
/// one `CSRMatrix.multiply` call; each task writes only its own rows of `out`.
/// Valid only inside the `withUnsafe...` scopes that created it.
private struct SpMMKernel<Scalar: BLASScalar>: @unchecked Sendable {
    let offsets: UnsafePointer<Int>
    let indices: UnsafePointer<Int32>
    let values: UnsafePointer<Scalar>
    let dense: UnsafePointer<Scalar>
    let out: UnsafeMutablePointer<Scalar>
    let width: Int

    /// `out[i, :] = Σ values[p] * dense[indices[p], :]` for each row `i` in `rows`.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    func run(rows: Range<Int>) {
        let n = width
        for i in rows {
            let target = out + i * n
            for p in offsets[i] ..< offsets[i + 1] {
                let value = values[p]
                let source = dense + Int(indices[p]) * n
                for t in 0 ..< n { target[t] += value * source[t] }
            }
        }
    }
}
