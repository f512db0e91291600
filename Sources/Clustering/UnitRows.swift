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

    /// `target ← target + scale · x̂[row]` for a dense vector of `dimension` elements.
    func add(row: Int, scaledBy scale: Scalar, to target: UnsafeMutablePointer<Scalar>)

    /// One k-means assignment with the centroid sums: every row gets the
    /// centroid of highest product (ties: the lower index) in `labels` and
    /// that product in `similarities`; the rows of group g are added, in
    /// increasing order, to the g-th `k x dimension` buffer of `sums`.
    /// Results do not depend on `threads`.
    func assignAndAccumulate(
        centroids: UnsafePointer<Scalar>, k: Int, groups: [Range<Int>], labels: SharedPointer<Int>,
        similarities: SharedPointer<Scalar>, sums: SharedPointer<Scalar>, threads: Int
    ) throws(BLASError)

    /// The products `x̂_r · x̂ᵢ` of each row r of `rows` with every row i, as a
    /// `rows.count x count` row-major buffer (one row per r). The k-means++
    /// seeding step. Results do not depend on `threads`.
    func products(withRows rows: [Int], threads: Int) throws(BLASError) -> Buffer<Scalar>

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

    func add(row: Int, scaledBy scale: Scalar, to target: UnsafeMutablePointer<Scalar>) {
        let source = data.base + row * dimension
        for j in 0 ..< dimension { target[j] += scale * source[j] }
    }

    /// The products come from one GEMM per 8192-row block (the BLAS's own
    /// threads); the sums are a second, parallel pass over the groups.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    func assignAndAccumulate(
        centroids: UnsafePointer<Scalar>, k: Int, groups: [Range<Int>], labels: SharedPointer<Int>,
        similarities: SharedPointer<Scalar>, sums: SharedPointer<Scalar>, threads: Int
    ) throws(BLASError) {
        try forEachProductChunk(with: centroids, rows: k, threads: threads) { _, rows, products in
            assignRows(rows, products: products, k: k, labels: labels, similarities: similarities)
        }
        let width = k * dimension
        Parallel.forEach(groups.count, threads: threads) { g in
            accumulate(rows: groups[g], labels: UnsafePointer(labels.base), into: sums + g * width)
        }
    }

    /// One GEMM, `R · X̂ᵀ`, on the BLAS's threads.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    func products(withRows rows: [Int], threads: Int) throws(BLASError) -> Buffer<Scalar> {
        let selected = denseRows(rows)
        let out = Buffer<Scalar>(repeating: 0, count: rows.count * count)
        guard count > 0, !rows.isEmpty else { return out }
        try BLAS.gemm(transposeB: true, m: rows.count, n: count, k: dimension, a: selected.base, lda: max(1, dimension),
                      b: data.base, ldb: max(1, dimension), c: out.base, ldc: count)
        return out
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

    /// The same rows in column order (CSC), built on first use by
    /// `products(withRows:threads:)`: O(nnz + dimension) time and memory.
    let columns = ColumnCache()

    /// Scatters each selected row through the columns it touches: the work is
    /// `Σ_{j ∈ row} df(j)` per row instead of a pass over every stored entry.
    /// Each product sums its terms in the row's column order, one task per
    /// selected row.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    func products(withRows rows: [Int], threads: Int) throws(BLASError) -> Buffer<Scalar> {
        let n = count
        let out = Buffer<Scalar>(repeating: 0, count: rows.count * n)
        let columns = self.columns.columns(of: self)
        let outShared = out.shared
        let offsets = offsets.shared, indices = indices.shared, values = values.shared
        Parallel.forEach(rows.count, threads: threads) { r in
            let target = outShared + r * n, row = rows[r]
            let columnOffsets = columns.offsets.base, rowIndices = columns.rows.base
            let columnValues = UnsafeRawPointer(columns.values).assumingMemoryBound(to: Scalar.self)
            for p in offsets[row] ..< offsets[row + 1] {
                let j = Int(indices[p]), value = values[p]
                for q in columnOffsets[j] ..< columnOffsets[j + 1] {
                    target[Int(rowIndices[q])] += value * columnValues[q]
                }
            }
        }
        withExtendedLifetime(columns) {}
        return out
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    func forEachProductChunk(
        with matrix: UnsafePointer<Scalar>, rows m: Int, from start: Int, threads: Int,
        _ body: @Sendable (_ chunk: Int, _ rows: Range<Int>, _ products: UnsafePointer<Scalar>) -> Void
    ) throws(BLASError) {
        let n = count
        guard n > start, m > 0 else { return }
        let kernel = SparseProductKernel(self, matrix: matrix, rows: m)
        Parallel.forEach(rowChunkCount(n - start), threads: threads) { c in
            let rows = rowChunk(c, of: n - start).shifted(by: start)
            let out = UnsafeMutablePointer<Scalar>.allocate(capacity: rows.count * kernel.stride)
            defer { out.deallocate() }
            kernel.run(rows: rows, into: out)
            body(c, rows, UnsafePointer(out))
        }
        withExtendedLifetime(kernel) {}
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

    func add(row: Int, scaledBy scale: Scalar, to target: UnsafeMutablePointer<Scalar>) {
        for p in offsets[row] ..< offsets[row + 1] { target[Int(indices[p])] += scale * values[p] }
    }

    /// Fused: each group's task forms the products of one 256-row chunk at a
    /// time, assigns those rows and adds them to its sums while they are in cache.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    func assignAndAccumulate(
        centroids: UnsafePointer<Scalar>, k: Int, groups: [Range<Int>], labels: SharedPointer<Int>,
        similarities: SharedPointer<Scalar>, sums: SharedPointer<Scalar>, threads: Int
    ) throws(BLASError) {
        let kernel = SparseProductKernel(self, matrix: centroids, rows: k)
        let width = k * dimension, rows = self
        Parallel.forEach(groups.count, threads: threads) { g in
            let group = groups[g]
            let out = UnsafeMutablePointer<Scalar>.allocate(capacity: rowChunkSize * kernel.stride)
            defer { out.deallocate() }
            for chunkStart in stride(from: group.lowerBound, to: group.upperBound, by: rowChunkSize) {
                let chunk = chunkStart ..< min(group.upperBound, chunkStart + rowChunkSize)
                kernel.run(rows: chunk, into: out)
                assignRows(chunk, products: out, k: k, labels: labels, similarities: similarities)
                rows.accumulate(rows: chunk, labels: UnsafePointer(labels.base), into: sums + g * width)
            }
        }
        withExtendedLifetime(kernel) {}
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

/// A CSC copy of sparse unit rows, built once and then only read.
///
/// `@unchecked Sendable`: the copy is built by the single thread that first
/// asks (k-means++ runs its seeding steps on one thread); afterwards it is
/// immutable.
final class ColumnCache: @unchecked Sendable {
    private var built: SparseColumns?

    /// The columns of `rows`, building them on the first call.
    func columns<Scalar: BLASScalar>(of rows: SparseUnitRows<Scalar>) -> SparseColumns {
        if let built { return built }
        let made = SparseColumns(rows)
        built = made
        return made
    }
}

/// Sparse unit rows in column order: column j holds the entries
/// `offsets[j] ..< offsets[j + 1]` of `rows` (increasing) and `values`.
final class SparseColumns: @unchecked Sendable {
    let offsets: Buffer<Int>
    let rows: Buffer<Int32>
    /// The values, of the rows' scalar type, type-erased.
    let values: UnsafeMutableRawPointer

    /// A counting sort of `matrix`'s entries by column.
    init<Scalar: BLASScalar>(_ matrix: SparseUnitRows<Scalar>) {
        let d = matrix.dimension, nnz = matrix.nonZeroCount
        offsets = Buffer(repeating: 0, count: d + 1)
        for p in 0 ..< nnz { offsets[Int(matrix.indices[p]) + 1] += 1 }
        for j in 0 ..< d { offsets[j + 1] += offsets[j] }
        rows = Buffer(repeating: 0, count: nnz)
        let typed = UnsafeMutablePointer<Scalar>.allocate(capacity: max(1, nnz))
        let next = Buffer(copying: UnsafeBufferPointer(start: offsets.base, count: d))
        for i in 0 ..< matrix.count {
            for p in matrix.offsets[i] ..< matrix.offsets[i + 1] {
                let j = Int(matrix.indices[p])
                rows[next[j]] = Int32(truncatingIfNeeded: i)
                (typed + next[j]).initialize(to: matrix.values[p])
                next[j] += 1
            }
        }
        values = UnsafeMutableRawPointer(typed)
    }

    deinit { values.deallocate() }
}

/// `out[r, :] = Σ values[p] · Mᵀ[indices[p], :]` over the stored entries of
/// each row, in stored order; shared read-only by the tasks of one call.
///
/// The columns are covered in passes of up to 24 (`passes(width:)`); in a
/// pass the row's running sums stay in SIMD registers while its entries
/// stream by, instead of being loaded and stored once per entry. Every sum is
/// a multiply then an add per entry, in stored order, as the scalar loop.
private struct SparseProductKernel<Scalar: BLASScalar>: Sendable {
    let offsets: SharedPointer<Int>
    let indices: SharedPointer<Int32>
    let values: SharedPointer<Scalar>
    /// Mᵀ, `dimension x stride`, zero padded: each stored entry (j, v) of a
    /// row adds v times one contiguous run of columns.
    let transposed: Buffer<Scalar>
    /// The number of columns wanted, m.
    let width: Int
    /// The padded row length of `transposed` and of the rows written to `out`.
    let stride: Int
    let passes: [Int]

    /// A kernel for the products of `rows`' rows with the `m x dimension`
    /// row-major `matrix`. The rows' buffers must outlive it.
    init(_ rows: SparseUnitRows<Scalar>, matrix: UnsafePointer<Scalar>, rows m: Int) {
        let d = rows.dimension
        passes = Self.passes(width: m)
        stride = passes.reduce(0, +)
        width = m
        transposed = Buffer<Scalar>(repeating: 0, count: d * stride)
        for r in 0 ..< m {
            for j in 0 ..< d { transposed[j * stride + r] = matrix[r * d + j] }
        }
        offsets = rows.offsets.shared
        indices = rows.indices.shared
        values = rows.values.shared
    }

    /// Pass widths covering `width` columns: one sweep over a row's entries
    /// keeps up to 24 sums in registers (16 + 8), so 20 clusters take one pass.
    static func passes(width: Int) -> [Int] {
        var passes: [Int] = []
        var remaining = width
        while remaining > 0 {
            let pass = remaining <= 4 ? 4 : remaining <= 8 ? 8 : remaining <= 16 ? 16 : remaining <= 20 ? 20 : 24
            passes.append(pass)
            remaining -= pass
        }
        return passes
    }

    /// Fills `out` (`rows.count x width`, row-major) with the products.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    func run(rows: Range<Int>, into out: UnsafeMutablePointer<Scalar>) {
        if Scalar.self == Double.self {
            runPasses(Double.self, rows: rows, out: UnsafeMutableRawPointer(out))
        } else if Scalar.self == Float.self {
            runPasses(Float.self, rows: rows, out: UnsafeMutableRawPointer(out))
        } else {
            fatalError("SparseProductKernel: only Float and Double are BLAS scalars")
        }
        // Close up the padding: row r moves from r * stride to r * width.
        if stride != width {
            for r in 1 ..< max(1, rows.count) {
                (out + r * width).update(from: out + r * stride, count: width)
            }
        }
    }

    @inline(__always)
    private func runPasses<S: BLASScalar & SIMDScalar>(_: S.Type, rows: Range<Int>, out: UnsafeMutableRawPointer) {
        let values = UnsafeRawPointer(self.values.base).assumingMemoryBound(to: S.self)
        let transposed = UnsafeRawPointer(self.transposed.base).assumingMemoryBound(to: S.self)
        defer { withExtendedLifetime(self.transposed) {} }
        let out = out.assumingMemoryBound(to: S.self)
        var column = 0
        for pass in passes {
            switch pass {
            case 24: sparsePass(SIMD16<S>.self, SIMD8<S>.self, values, transposed, column, rows, out)
            case 20: sparsePass(SIMD16<S>.self, SIMD4<S>.self, values, transposed, column, rows, out)
            case 16: sparsePass(SIMD16<S>.self, values, transposed, column, rows, out)
            case 8: sparsePass(SIMD8<S>.self, values, transposed, column, rows, out)
            default: sparsePass(SIMD4<S>.self, values, transposed, column, rows, out)
            }
            column += pass
        }
    }

    @inline(__always)
    private func sparsePass<V: SIMD>(
        _: V.Type, _ values: UnsafePointer<V.Scalar>, _ transposed: UnsafePointer<V.Scalar>, _ column: Int,
        _ rows: Range<Int>, _ out: UnsafeMutablePointer<V.Scalar>
    ) where V.Scalar: BinaryFloatingPoint {
        let offsets = offsets.base, indices = indices.base, stride = stride
        for i in rows {
            var sums = V()
            for p in offsets[i] ..< offsets[i + 1] {
                let source = UnsafeRawPointer(transposed + (Int(indices[p]) &* stride &+ column))
                sums += source.loadUnaligned(as: V.self) * values[p]
            }
            UnsafeMutableRawPointer(out + (i - rows.lowerBound) * stride + column).storeBytes(of: sums, as: V.self)
        }
    }

    /// One sweep with two accumulators: `V` at `column`, `W` right after it.
    @inline(__always)
    private func sparsePass<V: SIMD, W: SIMD>(
        _: V.Type, _: W.Type, _ values: UnsafePointer<V.Scalar>, _ transposed: UnsafePointer<V.Scalar>, _ column: Int,
        _ rows: Range<Int>, _ out: UnsafeMutablePointer<V.Scalar>
    ) where V.Scalar: BinaryFloatingPoint, W.Scalar == V.Scalar {
        let offsets = offsets.base, indices = indices.base, stride = stride
        let second = MemoryLayout<V.Scalar>.stride * V.scalarCount
        for i in rows {
            var first = V(), rest = W()
            for p in offsets[i] ..< offsets[i + 1] {
                let source = UnsafeRawPointer(transposed + (Int(indices[p]) &* stride &+ column))
                let value = values[p]
                first += source.loadUnaligned(as: V.self) * value
                rest += source.loadUnaligned(fromByteOffset: second, as: W.self) * value
            }
            let target = UnsafeMutableRawPointer(out + (i - rows.lowerBound) * stride + column)
            target.storeBytes(of: first, as: V.self)
            target.storeBytes(of: rest, toByteOffset: second, as: W.self)
        }
    }
}
