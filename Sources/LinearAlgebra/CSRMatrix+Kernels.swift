// Sparse kernels the BLAS lacks: sparse x dense products, the CSR transpose,
// row norms, and conversions to and from DenseMatrix.
//
// Determinism: every output element is computed by exactly one task, summing
// its terms in the order the entries are stored (a multiply then an add per
// entry), so the results are bit-identical for any thread count and panel
// width. Threads only decide which core runs which chunk of rows.

extension CSRMatrix {
    // MARK: - Products with dense matrices

    /// The product `A * B` of this sparse `m x k` matrix and a dense `k x n`
    /// row-major matrix, as a dense `m x n` matrix (SpMM).
    ///
    /// Row `i` of the result is `Σ A[i, j] * B[j, :]` over the stored entries
    /// of row `i`, in stored (increasing column) order. The columns of `B` are
    /// taken in panels of 16 (`Float`, when `n > 8`) or 8, each copied
    /// contiguously (`k x 16`), so that a stored entry reads one cache line
    /// from a panel small enough to stay in cache (90,515 rows of `Float`:
    /// 5.8 MB) instead of a whole row of a `B` that is not (with 266 columns,
    /// 96 MB); the row's 16 sums stay in registers meanwhile. For each panel,
    /// rows are split into chunks of about equal work, which run in parallel.
    ///
    /// - Parameter threads: the most threads to use; results do not depend on it.
    /// - Precondition: `b.rows == columns`, `threads >= 1`.
    /// - Complexity: 2 * nnz * n flops; O(m * n) memory for the result and
    ///   O(k) for a panel.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func multiply(_ b: DenseMatrix<Scalar>, threads: Int = Parallel.availableCores) -> DenseMatrix<Scalar> {
        precondition(b.rows == columns, "CSRMatrix.multiply: \(rows)x\(columns) times \(b.rows)x\(b.columns)")
        precondition(threads >= 1, "CSRMatrix.multiply: threads must be positive, got \(threads)")
        let n = b.columns
        var result = DenseMatrix<Scalar>(rows: rows, columns: n)
        b.withUnsafeBufferPointer { dense in
            result.withUnsafeMutableBufferPointer { out in
                panelProduct(dense: dense.baseAddress, denseStrides: (row: n, column: 1),
                             out: out.baseAddress, outStrides: (row: n, column: 1), width: n, threads: threads)
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
        transposed(rowOfColumn: nil)
    }

    /// The transpose with its rows in another order: row `r` of the result is
    /// column `order[r]` of this matrix (the transpose of this matrix with its
    /// columns permuted). `transposed(columnOrder:).transposed()` is then this
    /// matrix with column `order[r]` renumbered `r`, its rows sorted again.
    ///
    /// - Precondition: `order` is a permutation of `0 ..< columns`.
    /// - Complexity: O(nnz + columns) time and memory, as `transposed()`.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func transposed(columnOrder order: [Int]) -> CSRMatrix {
        precondition(order.count == columns, "CSRMatrix.transposed(columnOrder:): \(order.count) entries for \(columns) columns")
        var rowOfColumn = [Int](repeating: -1, count: columns)
        for (row, column) in order.enumerated() {
            precondition(column >= 0 && column < columns && rowOfColumn[column] < 0,
                         "CSRMatrix.transposed(columnOrder:): not a permutation of 0..<\(columns)")
            rowOfColumn[column] = row
        }
        return transposed(rowOfColumn: rowOfColumn)
    }

    /// The stored entries of each column, `columns` counts.
    /// - Complexity: O(nnz + columns).
    public func columnEntryCounts() -> [Int] {
        var counts = [Int](repeating: 0, count: columns)
        for column in columnIndices { counts[Int(column)] += 1 }
        return counts
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

    /// `out = A * B` for a dense `B` (`columns x width`) and result (`rows x
    /// width`) at the given element strides (row-major: `(width, 1)`;
    /// column-major, i.e. stored transposed: `(1, rows of the matrix)`). Every
    /// element of `out` is written. See `multiply(_:threads:)` for the scheme.
    func panelProduct(dense: UnsafePointer<Scalar>?, denseStrides: (row: Int, column: Int),
                      out: UnsafeMutablePointer<Scalar>?, outStrides: (row: Int, column: Int), width: Int, threads: Int) {
        guard rows > 0, width > 0, let out else { return }
        guard nonZeroCount > 0, let dense, columns > 0 else {
            for i in 0 ..< rows { for c in 0 ..< width { out[i * outStrides.row + c * outStrides.column] = 0 } }
            return
        }
        let chunks = workChunks(width: width)
        let packChunks = Parallel.chunks(of: columns, into: max(1, columns / 8192))
        let panelWidth = PanelKernel<Scalar>.panelWidth(for: width)
        let panel = UnsafeMutableRawPointer.allocate(byteCount: columns * panelWidth * MemoryLayout<Scalar>.stride, alignment: 64)
            .bindMemory(to: Scalar.self, capacity: columns * panelWidth)
        defer { panel.deallocate() }
        rowOffsets.withUnsafeBufferPointer { offsets in
            columnIndices.withUnsafeBufferPointer { indices in
                values.withUnsafeBufferPointer { values in
                    let kernel = PanelKernel(offsets: offsets.baseAddress!, indices: indices.baseAddress!, values: values.baseAddress!,
                                             dense: dense, denseStrides: denseStrides, panel: panel, panelWidth: panelWidth,
                                             out: out, outStrides: outStrides)
                    for column in stride(from: 0, to: width, by: panelWidth) {
                        let panelColumns = min(panelWidth, width - column)
                        Parallel.forEach(packChunks.count, threads: threads) {
                            kernel.pack(rows: packChunks[$0], column: column, width: panelColumns)
                        }
                        Parallel.forEach(chunks.count, threads: threads) {
                            kernel.run(rows: chunks[$0], column: column, width: panelColumns)
                        }
                    }
                }
            }
        }
    }

    /// The transpose by a stable counting sort, column `j` becoming row
    /// `rowOfColumn[j]` (row `j` when `nil`).
    private func transposed(rowOfColumn: [Int]?) -> CSRMatrix {
        precondition(rows <= Int(Int32.max), "CSRMatrix.transposed: \(rows) rows do not fit Int32 column indices")
        var offsets = [Int](repeating: 0, count: columns + 1)
        let counts = columnEntryCounts()
        for j in 0 ..< columns { offsets[(rowOfColumn?[j] ?? j) + 1] = counts[j] }
        for r in 0 ..< columns { offsets[r + 1] += offsets[r] }
        var next = offsets
        var indices = [Int32](repeating: 0, count: nonZeroCount)
        var transposedValues = [Scalar](repeating: 0, count: nonZeroCount)
        for i in 0 ..< rows {
            for p in rowOffsets[i] ..< rowOffsets[i + 1] {
                let j = Int(columnIndices[p]), r = rowOfColumn?[j] ?? j
                indices[next[r]] = Int32(truncatingIfNeeded: i)
                transposedValues[next[r]] = values[p]
                next[r] += 1
            }
        }
        return CSRMatrix(rows: columns, columns: rows, rowOffsets: offsets, columnIndices: indices, values: transposedValues)
    }

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
    /// The product `W * Aᵀ` of this dense `n x k` row-major matrix and the
    /// transpose of the sparse `m x k` matrix `a`, written into `result`
    /// (`n x m`, every element overwritten).
    ///
    /// Equivalently `(A * Wᵀ)ᵀ`: the sparse product with a dense factor held
    /// transposed (column-major) and answered the same way, which is how
    /// randomized SVD keeps its bases, as wide matrices whose rows are the
    /// basis vectors, ready for LAPACK without transposed copies. Element
    /// `(c, i)` is `Σ A[i, j] * W[c, j]` over the stored entries of row `i` of
    /// `a`, in stored order — the same sums as `a.multiply(transposed())`, bit
    /// for bit, for any thread count.
    ///
    /// - Parameter threads: the most threads to use; results do not depend on it.
    /// - Precondition: `columns == a.columns`, `result` is `rows x a.rows`, `threads >= 1`.
    /// - Complexity: 2 * nnz(a) * n flops; O(k) extra memory (one panel).
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func multiply(transposeOf a: CSRMatrix<Scalar>, into result: inout DenseMatrix, threads: Int = Parallel.availableCores) {
        precondition(columns == a.columns, "DenseMatrix.multiply(transposeOf:): \(rows)x\(columns) times (\(a.rows)x\(a.columns))ᵀ")
        precondition(result.rows == rows && result.columns == a.rows,
                     "DenseMatrix.multiply(transposeOf:): result is \(result.rows)x\(result.columns), needs \(rows)x\(a.rows)")
        precondition(threads >= 1, "DenseMatrix.multiply(transposeOf:): threads must be positive, got \(threads)")
        let k = columns, m = a.rows
        withUnsafeBufferPointer { dense in
            result.withUnsafeMutableBufferPointer { out in
                a.panelProduct(dense: dense.baseAddress, denseStrides: (row: 1, column: k),
                               out: out.baseAddress, outStrides: (row: 1, column: m), width: rows, threads: threads)
            }
        }
    }

    /// `W * Aᵀ` as a new `n x m` matrix; see `multiply(transposeOf:into:threads:)`.
    /// - Precondition: `columns == a.columns`, `threads >= 1`.
    /// - Complexity: 2 * nnz(a) * n flops; O(n * m) memory for the result.
    public func multiply(transposeOf a: CSRMatrix<Scalar>, threads: Int = Parallel.availableCores) -> DenseMatrix {
        var result = DenseMatrix(rows: rows, columns: a.rows)
        multiply(transposeOf: a, into: &result, threads: threads)
        return result
    }

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
/// one panel of a `CSRMatrix.panelProduct` call; each task writes only its own
/// rows of `out`. Valid only inside the `withUnsafe...` scopes that created it.
private struct PanelKernel<Scalar: BLASScalar>: @unchecked Sendable {
    let offsets: UnsafePointer<Int>
    let indices: UnsafePointer<Int32>
    let values: UnsafePointer<Scalar>
    /// The dense factor `B` (`k x width`): `B[j, c]` is `dense[j * denseStrides.row + c * denseStrides.column]`.
    let dense: UnsafePointer<Scalar>
    let denseStrides: (row: Int, column: Int)
    /// `k x panelWidth`, row-major: columns `column ..< column + panelWidth` of `B`, zero past `width`.
    let panel: UnsafeMutablePointer<Scalar>
    /// 8 or 16 (`panelWidth(for:)`).
    let panelWidth: Int
    /// The result: element `(i, c)` is `out[i * outStrides.row + c * outStrides.column]`.
    let out: UnsafeMutablePointer<Scalar>
    let outStrides: (row: Int, column: Int)

    /// Columns per panel for a product `width` columns wide: 8, or 16 for
    /// `Float` products wider than 8 — a panel row is then one 64-byte cache
    /// line, and the sums four SSE registers in the baseline x86-64 build.
    /// Measured on TF-IDF products, 16 `Float` columns beat 8 by about 15%
    /// (half the passes over the sparse matrix) and 24 or 32 lose (a panel the
    /// cache keeps less of); products of 8 columns or fewer run fastest in
    /// panels of 8.
    static func panelWidth(for width: Int) -> Int {
        MemoryLayout<Scalar>.stride <= 4 && width > 8 ? 16 : 8
    }

    /// Copies rows `rows` of `B`'s columns `column ..< column + width` into the panel.
    func pack(rows: Range<Int>, column: Int, width: Int) {
        let w = panelWidth
        for j in rows {
            let source = dense + j * denseStrides.row + column * denseStrides.column
            let target = panel + j * w
            for t in 0 ..< w { target[t] = t < width ? source[t * denseStrides.column] : 0 }
        }
    }

    /// `out[i, column + t] = Σ values[p] * B[indices[p], column + t]` for each
    /// row `i` in `rows` and `t < width`, summed in stored order.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    func run(rows: Range<Int>, column: Int, width: Int) {
        if Scalar.self == Float.self {
            run(Float.self, rows: rows, column: column, width: width)
        } else if Scalar.self == Double.self {
            run(Double.self, rows: rows, column: column, width: width)
        } else {
            fatalError("PanelKernel: only Float and Double are BLAS scalars")
        }
    }

    @inline(__always)
    private func run<S: BLASScalar & SIMDScalar>(_: S.Type, rows: Range<Int>, column: Int, width: Int) {
        if panelWidth == 16 {
            sweep(S.self, halves: 2, rows: rows, column: column, width: width)
        } else {
            sweep(S.self, halves: 1, rows: rows, column: column, width: width)
        }
    }

    /// The kernel for panels of `halves` times 8 columns (a constant once
    /// inlined, so the panel row size is one in the loop).
    @inline(__always)
    private func sweep<S: BLASScalar & SIMDScalar>(_: S.Type, halves: Int, rows: Range<Int>, column: Int, width: Int) {
        let values = UnsafeRawPointer(self.values).assumingMemoryBound(to: S.self)
        let panel = UnsafeRawPointer(self.panel)
        let out = UnsafeMutableRawPointer(self.out).assumingMemoryBound(to: S.self)
        let half = MemoryLayout<SIMD8<S>>.stride, rowBytes = halves * half
        let (rowStride, columnStride) = outStrides
        for i in rows {
            var first = SIMD8<S>(), second = SIMD8<S>()
            for p in offsets[i] ..< offsets[i + 1] {
                let offset = Int(indices[p]) &* rowBytes, value = values[p]
                first += panel.loadUnaligned(fromByteOffset: offset, as: SIMD8<S>.self) * value
                if halves == 2 { second += panel.loadUnaligned(fromByteOffset: offset &+ half, as: SIMD8<S>.self) * value }
            }
            let target = out + i * rowStride + column * columnStride
            for t in 0 ..< min(width, 8) { target[t * columnStride] = first[t] }
            for t in 8 ..< max(width, 8) { target[t * columnStride] = second[t - 8] }
        }
    }
}
