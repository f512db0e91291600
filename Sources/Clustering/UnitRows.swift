import LinearAlgebra

/// Document vectors scaled to unit Euclidean length, the form every cosine
/// computation here works on: spherical k-means, k-means++, silhouettes.
///
/// Row i becomes `x̂ᵢ = xᵢ / ‖xᵢ‖₂`, the norm accumulated in `Double` over the
/// stored entries in column order and each entry divided by it, so a sparse
/// and a dense copy of the same data give bit-identical unit rows. All-zero
/// rows stay zero: they have cosine 0 with every vector (cosine distance 1).
///
/// The two conforming types differ only in how they form products with a
/// small dense matrix (GEMM for dense rows, a sparse-times-dense kernel for
/// CSR rows) and how they add rows into sums.
protocol UnitRows: Sendable {
    associatedtype Scalar: BLASScalar

    /// Number of rows (documents).
    var count: Int { get }
    /// Number of columns (features).
    var dimension: Int { get }
    /// `‖x̂ᵢ‖²` as stored: 1 up to rounding, or 0 for an all-zero row.
    var squaredNorms: Buffer<Scalar> { get }

    /// Calls `body(chunk, rows, products)` for every chunk of `rowChunkSize`
    /// rows of `start ..< count` (chunk 0 begins at `start`), where `products`
    /// holds the `rows.count x m` row-major block of `X̂[rows] · Mᵀ` and `M` is
    /// the `m x dimension` row-major matrix at `matrix`. Chunks may run in
    /// parallel on up to `threads` threads; `body` may write only state that
    /// belongs to its rows or its chunk. The products of a row do not depend
    /// on `threads`.
    func forEachProductChunk(
        with matrix: UnsafePointer<Scalar>, rows m: Int, from start: Int, threads: Int,
        _ body: @Sendable (_ chunk: Int, _ rows: Range<Int>, _ products: UnsafePointer<Scalar>) -> Void
    ) throws(BLASError)

    /// Adds each row `i` in `rows` to row `labels[i]` of the `k x dimension`
    /// row-major `sums`, in increasing `i`.
    func accumulate(rows: Range<Int>, labels: UnsafePointer<Int>, into sums: UnsafeMutablePointer<Scalar>)

    /// `x̂[row] · v` for a dense vector of `dimension` elements.
    func dot(row: Int, _ vector: UnsafePointer<Scalar>) -> Scalar

    /// The unit rows `indices` as a dense `indices.count x dimension` buffer.
    func denseRows(_ indices: [Int]) -> Buffer<Scalar>

    /// The unit rows `indices`, in that order, as a new value of the same kind.
    func subset(_ indices: [Int]) -> Self
}

extension UnitRows {
    /// `forEachProductChunk` over all rows.
    func forEachProductChunk(
        with matrix: UnsafePointer<Scalar>, rows m: Int, threads: Int,
        _ body: @Sendable (_ chunk: Int, _ rows: Range<Int>, _ products: UnsafePointer<Scalar>) -> Void
    ) throws(BLASError) {
        try forEachProductChunk(with: matrix, rows: m, from: 0, threads: threads, body)
    }
}

/// Whether every value is finite; otherwise the first offending row.
private func firstNonFiniteRow<Scalar: BLASScalar>(_ values: UnsafePointer<Scalar>, rowOffsets: (Int) -> Int, rows: Int) -> Int? {
    for i in 0 ..< rows {
        for p in rowOffsets(i) ..< rowOffsets(i + 1) where !values[p].isFinite { return i }
    }
    return nil
}

// MARK: - Dense rows

/// Unit rows stored densely, row-major, `count x dimension`.
struct DenseUnitRows<Scalar: BLASScalar>: UnitRows {
    let count: Int
    let dimension: Int
    let data: Buffer<Scalar>
    let squaredNorms: Buffer<Scalar>

    /// Normalises a copy of `matrix`.
    /// - Throws: `ClusteringError.nonFiniteValue` for a row with NaN or infinity.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    init(normalizing matrix: DenseMatrix<Scalar>) throws(ClusteringError) {
        let n = matrix.rows, d = matrix.columns
        let data = Buffer<Scalar>(repeating: 0, count: n * d)
        let norms = Buffer<Scalar>(repeating: 0, count: n)
        let bad: Int? = matrix.withUnsafeBufferPointer { source -> Int? in
            guard let source = source.baseAddress else { return nil }
            for i in 0 ..< n {
                let row = source + i * d, target = data.base + i * d
                var sum = 0.0
                for j in 0 ..< d {
                    let value = Double(row[j])
                    sum += value * value
                }
                guard sum.isFinite else { return i }
                guard sum > 0 else { continue }
                let norm = sum.squareRoot()
                var squared: Scalar = 0
                for j in 0 ..< d where row[j] != 0 {
                    let unit = Scalar(Double(row[j]) / norm)
                    target[j] = unit
                    squared += unit * unit
                }
                norms[i] = squared
            }
            return nil
        }
        if let bad { throw .nonFiniteValue(row: bad) }
        self.init(count: n, dimension: d, data: data, squaredNorms: norms)
    }

    /// A copy of `matrix` as it is, not normalised (for products of raw rows);
    /// `squaredNorms` are left zero.
    /// - Throws: `ClusteringError.nonFiniteValue` for a row with NaN or infinity.
    init(copying matrix: DenseMatrix<Scalar>) throws(ClusteringError) {
        let n = matrix.rows, d = matrix.columns
        let data = matrix.withUnsafeBufferPointer { Buffer(copying: $0) }
        if let bad = firstNonFiniteRow(UnsafePointer(data.base), rowOffsets: { $0 * d }, rows: n) {
            throw .nonFiniteValue(row: bad)
        }
        self.init(count: n, dimension: d, data: data, squaredNorms: Buffer(repeating: 0, count: n))
    }

    init(count: Int, dimension: Int, data: Buffer<Scalar>, squaredNorms: Buffer<Scalar>) {
        self.count = count
        self.dimension = dimension
        self.data = data
        self.squaredNorms = squaredNorms
    }

    /// Rows per GEMM call: large enough for the BLAS to run at full speed and
    /// use its own threads, small enough to bound the product buffer.
    static var blockRows: Int { 8192 }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    func forEachProductChunk(
        with matrix: UnsafePointer<Scalar>, rows m: Int, from start: Int, threads: Int,
        _ body: @Sendable (_ chunk: Int, _ rows: Range<Int>, _ products: UnsafePointer<Scalar>) -> Void
    ) throws(BLASError) {
        let n = count, d = dimension
        guard n > start, m > 0 else { return }
        let products = Buffer<Scalar>(repeating: 0, count: min(n - start, Self.blockRows) * m)
        let shared = products.shared
        for blockStart in stride(from: start, to: n, by: Self.blockRows) {
            let blockEnd = min(n, blockStart + Self.blockRows)
            // The BLAS runs on this thread with its own thread pool; the
            // row-wise work that follows uses `threads`.
            try BLAS.gemm(transposeB: true, m: blockEnd - blockStart, n: m, k: d, a: data.base + blockStart * d,
                          lda: max(1, d), b: matrix, ldb: max(1, d), c: products.base, ldc: m)
            let firstChunk = (blockStart - start) / rowChunkSize
            Parallel.forEach(rowChunkCount(blockEnd - blockStart), threads: threads) { c in
                let rows = rowChunk(firstChunk + c, of: n - start).shifted(by: start)
                body(firstChunk + c, rows, UnsafePointer(shared + (rows.lowerBound - blockStart) * m))
            }
        }
        withExtendedLifetime(products) {}
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    func accumulate(rows: Range<Int>, labels: UnsafePointer<Int>, into sums: UnsafeMutablePointer<Scalar>) {
        let d = dimension
        for i in rows {
            let source = data.base + i * d, target = sums + labels[i] * d
            for j in 0 ..< d { target[j] += source[j] }
        }
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    func dot(row: Int, _ vector: UnsafePointer<Scalar>) -> Scalar {
        let source = data.base + row * dimension
        var sum: Scalar = 0
        for j in 0 ..< dimension { sum += source[j] * vector[j] }
        return sum
    }

    func denseRows(_ indices: [Int]) -> Buffer<Scalar> {
        let d = dimension
        let out = Buffer<Scalar>(repeating: 0, count: indices.count * d)
        for (r, i) in indices.enumerated() { (out.base + r * d).update(from: data.base + i * d, count: d) }
        return out
    }

    func subset(_ indices: [Int]) -> DenseUnitRows {
        DenseUnitRows(count: indices.count, dimension: dimension, data: denseRows(indices),
                      squaredNorms: Buffer(copying: indices.map { squaredNorms[$0] }))
    }
}

// MARK: - Sparse rows

/// Unit rows in CSR form (the layout of `CSRMatrix`), in owned buffers.
struct SparseUnitRows<Scalar: BLASScalar>: UnitRows {
    let count: Int
    let dimension: Int
    let offsets: Buffer<Int>
    let indices: Buffer<Int32>
    let values: Buffer<Scalar>
    let squaredNorms: Buffer<Scalar>

    /// Normalises a copy of `matrix`.
    /// - Throws: `ClusteringError.nonFiniteValue` for a row with NaN or infinity.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    init(normalizing matrix: CSRMatrix<Scalar>) throws(ClusteringError) {
        let n = matrix.rows
        let offsets = Buffer(copying: matrix.rowOffsets)
        let indices = Buffer(copying: matrix.columnIndices)
        let values = Buffer(copying: matrix.values)
        let norms = Buffer<Scalar>(repeating: 0, count: n)
        for i in 0 ..< n {
            var sum = 0.0
            for p in offsets[i] ..< offsets[i + 1] {
                let value = Double(values[p])
                sum += value * value
            }
            guard sum.isFinite else { throw .nonFiniteValue(row: i) }
            let norm = sum.squareRoot()
            var squared: Scalar = 0
            for p in offsets[i] ..< offsets[i + 1] where values[p] != 0 {
                let unit = Scalar(Double(values[p]) / norm)
                values[p] = unit
                squared += unit * unit
            }
            norms[i] = squared
        }
        self.init(count: n, dimension: matrix.columns, offsets: offsets, indices: indices, values: values, squaredNorms: norms)
    }

    /// A copy of `matrix` as it is, not normalised (for products of raw rows);
    /// `squaredNorms` are left zero.
    /// - Throws: `ClusteringError.nonFiniteValue` for a row with NaN or infinity.
    init(copying matrix: CSRMatrix<Scalar>) throws(ClusteringError) {
        let values = Buffer(copying: matrix.values)
        if let bad = firstNonFiniteRow(UnsafePointer(values.base), rowOffsets: { matrix.rowOffsets[$0] }, rows: matrix.rows) {
            throw .nonFiniteValue(row: bad)
        }
        self.init(count: matrix.rows, dimension: matrix.columns, offsets: Buffer(copying: matrix.rowOffsets),
                  indices: Buffer(copying: matrix.columnIndices), values: values,
                  squaredNorms: Buffer(repeating: 0, count: matrix.rows))
    }

    init(count: Int, dimension: Int, offsets: Buffer<Int>, indices: Buffer<Int32>, values: Buffer<Scalar>,
         squaredNorms: Buffer<Scalar>) {
        self.count = count
        self.dimension = dimension
        self.offsets = offsets
        self.indices = indices
        self.values = values
        self.squaredNorms = squaredNorms
    }

    var nonZeroCount: Int { offsets[count] }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    func forEachProductChunk(
        with matrix: UnsafePointer<Scalar>, rows m: Int, from start: Int, threads: Int,
        _ body: @Sendable (_ chunk: Int, _ rows: Range<Int>, _ products: UnsafePointer<Scalar>) -> Void
    ) throws(BLASError) {
        let n = count, d = dimension
        guard n > start, m > 0 else { return }
        // Mᵀ (d x m): each stored entry (j, v) of a row then adds v times one
        // contiguous m-vector, which vectorises.
        let transposed = Buffer<Scalar>(repeating: 0, count: d * m)
        for r in 0 ..< m {
            for j in 0 ..< d { transposed[j * m + r] = matrix[r * d + j] }
        }
        let kernel = SparseProductKernel(offsets: offsets.shared, indices: indices.shared, values: values.shared,
                                         transposed: transposed.shared, width: m)
        Parallel.forEach(rowChunkCount(n - start), threads: threads) { c in
            let rows = rowChunk(c, of: n - start).shifted(by: start)
            let out = UnsafeMutablePointer<Scalar>.allocate(capacity: rows.count * m)
            defer { out.deallocate() }
            kernel.run(rows: rows, into: out)
            body(c, rows, UnsafePointer(out))
        }
        withExtendedLifetime(transposed) {}
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    func accumulate(rows: Range<Int>, labels: UnsafePointer<Int>, into sums: UnsafeMutablePointer<Scalar>) {
        let d = dimension
        for i in rows {
            let target = sums + labels[i] * d
            for p in offsets[i] ..< offsets[i + 1] { target[Int(indices[p])] += values[p] }
        }
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    func dot(row: Int, _ vector: UnsafePointer<Scalar>) -> Scalar {
        var sum: Scalar = 0
        for p in offsets[row] ..< offsets[row + 1] { sum += values[p] * vector[Int(indices[p])] }
        return sum
    }

    func denseRows(_ rows: [Int]) -> Buffer<Scalar> {
        let d = dimension
        let out = Buffer<Scalar>(repeating: 0, count: rows.count * d)
        for (r, i) in rows.enumerated() {
            for p in offsets[i] ..< offsets[i + 1] { out[r * d + Int(indices[p])] = values[p] }
        }
        return out
    }

    func subset(_ rows: [Int]) -> SparseUnitRows {
        var newOffsets = [0]
        newOffsets.reserveCapacity(rows.count + 1)
        for i in rows { newOffsets.append(newOffsets.last! + offsets[i + 1] - offsets[i]) }
        let total = newOffsets.last!
        let newIndices = Buffer<Int32>(repeating: 0, count: total)
        let newValues = Buffer<Scalar>(repeating: 0, count: total)
        for (r, i) in rows.enumerated() {
            let length = offsets[i + 1] - offsets[i]
            (newIndices.base + newOffsets[r]).update(from: indices.base + offsets[i], count: length)
            (newValues.base + newOffsets[r]).update(from: values.base + offsets[i], count: length)
        }
        return SparseUnitRows(count: rows.count, dimension: dimension, offsets: Buffer(copying: newOffsets),
                              indices: newIndices, values: newValues,
                              squaredNorms: Buffer(copying: rows.map { squaredNorms[$0] }))
    }
}

/// `out[r, :] = Σ values[p] · Mᵀ[indices[p], :]` over the stored entries of
/// each row, in stored order; shared read-only by the tasks of one call.
private struct SparseProductKernel<Scalar: BLASScalar>: Sendable {
    let offsets: SharedPointer<Int>
    let indices: SharedPointer<Int32>
    let values: SharedPointer<Scalar>
    let transposed: SharedPointer<Scalar>
    let width: Int

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    func run(rows: Range<Int>, into out: UnsafeMutablePointer<Scalar>) {
        let m = width
        let offsets = offsets.base, indices = indices.base, values = values.base, transposed = transposed.base
        for i in rows {
            let target = out + (i - rows.lowerBound) * m
            target.update(repeating: 0, count: m)
            for p in offsets[i] ..< offsets[i + 1] {
                let value = values[p]
                let source = transposed + Int(indices[p]) * m
                for t in 0 ..< m { target[t] += value * source[t] }
            }
        }
    }
}
