internal import ClusteringKernels
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
    /// The most terms any row's product with a dense vector sums (stored
    /// entries of the longest sparse row, or `dimension`): what bounds the
    /// rounding error of a product.
    var longestRow: Int { get }

    /// Calls `body(chunk, rows, products)` for every chunk of `rowChunkSize`
    /// rows of `start ..< count` (chunk 0 begins at `start`), where `products`
    /// holds the `rows.count x m` row-major block of `X̂[rows] · Mᵀ` and `M` is
    /// the `m x dimension` row-major matrix at `matrix`. Chunks may run in
    /// parallel on up to `threads` threads; `body` may write only state that
    /// belongs to its rows or its chunk. The products of a row do not depend
    /// on `threads`. Repeated calls may pass one `workspace` so that scratch
    /// memory is allocated once, not per call. With `active`, the products of
    /// rows i with `active[i] == false` may be skipped (left unspecified);
    /// whether they are is reported by `skipsInactiveRows`.
    func forEachProductChunk(
        with matrix: UnsafePointer<Scalar>, rows m: Int, from start: Int, threads: Int, workspace: ProductWorkspace<Scalar>?,
        active: SharedPointer<Bool>?,
        _ body: @Sendable (_ chunk: Int, _ rows: Range<Int>, _ products: UnsafePointer<Scalar>) -> Void
    ) throws(BLASError)

    /// Whether `forEachProductChunk` saves the work of rows marked inactive
    /// (sparse rows, one row at a time) rather than computing every product
    /// anyway (dense rows, whole blocks by GEMM).
    var skipsInactiveRows: Bool { get }

    /// Adds the rows `members` to the dense vector `target` of `dimension`
    /// elements, one after another in the order given.
    func accumulate(_ members: UnsafeBufferPointer<Int>, into target: UnsafeMutablePointer<Scalar>)

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
        with matrix: UnsafePointer<Scalar>, rows m: Int, threads: Int, workspace: ProductWorkspace<Scalar>? = nil,
        _ body: @Sendable (_ chunk: Int, _ rows: Range<Int>, _ products: UnsafePointer<Scalar>) -> Void
    ) throws(BLASError) {
        try forEachProductChunk(with: matrix, rows: m, from: 0, threads: threads, workspace: workspace, active: nil, body)
    }

    /// `forEachProductChunk` from row `start`, with fresh scratch memory.
    func forEachProductChunk(
        with matrix: UnsafePointer<Scalar>, rows m: Int, from start: Int, threads: Int,
        _ body: @Sendable (_ chunk: Int, _ rows: Range<Int>, _ products: UnsafePointer<Scalar>) -> Void
    ) throws(BLASError) {
        try forEachProductChunk(with: matrix, rows: m, from: start, threads: threads, workspace: nil, active: nil, body)
    }
}

/// Scratch memory that successive product passes over the same rows reuse
/// (the transposed matrix of the sparse kernel), so an iterative caller such
/// as k-means pays for the allocation, and its page faults, once.
///
/// `@unchecked Sendable`: only the thread that starts a product pass takes
/// or replaces the buffer; the pass's tasks only read and write its elements.
final class ProductWorkspace<Scalar: BLASScalar>: @unchecked Sendable {
    private var buffer: Buffer<Scalar>?

    /// A buffer of exactly `count` elements (zero when new, otherwise as the
    /// last user left it), reused while the count stays the same.
    func buffer(count: Int) -> Buffer<Scalar> {
        if let buffer, buffer.count == count { return buffer }
        let made = Buffer<Scalar>(repeating: 0, count: count, hugePages: true)
        buffer = made
        return made
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

    /// Every product is computed: a GEMM over whole blocks.
    var skipsInactiveRows: Bool { false }

    var longestRow: Int { dimension }

    /// Rows per GEMM call: large enough for the BLAS to run at full speed and
    /// use its own threads, small enough to bound the product buffer.
    static var blockRows: Int { 8192 }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    func forEachProductChunk(
        with matrix: UnsafePointer<Scalar>, rows m: Int, from start: Int, threads: Int, workspace: ProductWorkspace<Scalar>?,
        active: SharedPointer<Bool>?,
        _ body: @Sendable (_ chunk: Int, _ rows: Range<Int>, _ products: UnsafePointer<Scalar>) -> Void
    ) throws(BLASError) {
        let n = count, d = dimension
        guard n > start, m > 0 else { return }
        let productCount = min(n - start, Self.blockRows) * m
        let products = workspace?.buffer(count: productCount) ?? Buffer<Scalar>(repeating: 0, count: productCount)
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
    func accumulate(_ members: UnsafeBufferPointer<Int>, into target: UnsafeMutablePointer<Scalar>) {
        let d = dimension
        for i in members {
            let source = data.base + i * d
            for j in 0 ..< d { target[j] += source[j] }
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

    /// - Complexity: O(n).
    var longestRow: Int {
        var longest = 0
        for i in 0 ..< count { longest = max(longest, offsets[i + 1] - offsets[i]) }
        return longest
    }

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

    /// Inactive rows cost nothing: the kernel runs row by row.
    var skipsInactiveRows: Bool { true }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    func forEachProductChunk(
        with matrix: UnsafePointer<Scalar>, rows m: Int, from start: Int, threads: Int, workspace: ProductWorkspace<Scalar>?,
        active: SharedPointer<Bool>?,
        _ body: @Sendable (_ chunk: Int, _ rows: Range<Int>, _ products: UnsafePointer<Scalar>) -> Void
    ) throws(BLASError) {
        let n = count
        guard n > start, m > 0 else { return }
        let kernel = SparseProductKernel(self, matrix: matrix, rows: m, threads: threads, workspace: workspace)
        Parallel.forEach(rowChunkCount(n - start), threads: threads) { c in
            let rows = rowChunk(c, of: n - start).shifted(by: start)
            let out = UnsafeMutablePointer<Scalar>.allocate(capacity: rows.count * kernel.stride)
            defer { out.deallocate() }
            kernel.run(rows: rows, active: active.map { UnsafePointer($0.base) }, into: out)
            body(c, rows, UnsafePointer(out))
        }
        withExtendedLifetime(kernel) {}
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    func accumulate(_ members: UnsafeBufferPointer<Int>, into target: UnsafeMutablePointer<Scalar>) {
        let offsets = offsets.base, indices = indices.base, values = values.base
        for i in members {
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

/// Whether the CPU runs the AVX2 + FMA product loops of `ClusteringKernels`.
let sparseProductsVectorized = refrain_clustering_has_avx2_fma() != 0

/// `out[r, :] = Σ values[p] · Mᵀ[indices[p], :]` over the stored entries of
/// each row, in stored order; shared read-only by the tasks of one call.
///
/// Mᵀ is laid out `dimension x stride`, zero padded, so that each stored
/// entry (j, v) of a row adds v times one contiguous run of columns. Two
/// implementations of the same sums:
/// - vectorized (the CPU has AVX2 and FMA): the C loops of
///   `ClusteringKernels`, one fused multiply-add per entry and column, the
///   stride a multiple of the 256-bit register width;
/// - portable: Swift SIMD loops covering the columns in passes of up to 24
///   (`passes(width:)`), a multiply then an add per entry and column.
/// In a pass the row's running sums stay in registers while its entries
/// stream by, instead of being loaded and stored once per entry.
struct SparseProductKernel<Scalar: BLASScalar>: Sendable {
    let offsets: SharedPointer<Int>
    let indices: SharedPointer<Int32>
    let values: SharedPointer<Scalar>
    /// Mᵀ, `dimension x stride`, zero padded.
    let transposed: Buffer<Scalar>
    /// The number of columns wanted, m.
    let width: Int
    /// The padded row length of `transposed` and of the rows written to `out`.
    let stride: Int
    /// The portable loops' pass widths; empty when vectorized.
    let passes: [Int]

    /// A kernel for the products of `rows`' rows with the `m x dimension`
    /// row-major `matrix`; the transposition runs on up to `threads` threads
    /// into `workspace`'s buffer when given. The rows' buffers (and the
    /// workspace's) must outlive it.
    init(_ rows: SparseUnitRows<Scalar>, matrix: UnsafePointer<Scalar>, rows m: Int, threads: Int = 1,
         workspace: ProductWorkspace<Scalar>? = nil, vectorized: Bool = sparseProductsVectorized) {
        let d = rows.dimension
        width = m
        if vectorized {
            let lanes = 32 / MemoryLayout<Scalar>.stride
            passes = []
            stride = (m + lanes - 1) / lanes * lanes
        } else {
            passes = Self.passes(width: m)
            stride = passes.reduce(0, +)
        }
        let transposed = workspace?.buffer(count: d * stride) ?? Buffer<Scalar>(repeating: 0, count: d * stride)
        // Row j of Mᵀ gathers column j of every row of M: reading the m rows
        // side by side keeps both sides sequential.
        let target = transposed.shared, source = SharedPointer(UnsafeMutablePointer(mutating: matrix)), stride = stride
        let slices = Parallel.chunks(of: d, into: max(1, min(64, d / 4096)))
        Parallel.forEach(slices.count, threads: threads) { slice in
            for j in slices[slice] {
                let row = target + j * stride
                for r in 0 ..< m { row[r] = source[r * d + j] }
                for r in m ..< stride { row[r] = 0 }
            }
        }
        self.transposed = transposed
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

    /// Fills `out` (`rows.count x width`, row-major) with the products;
    /// with `active`, only the rows i of `rows` with `active[i]` (the others'
    /// products are left unspecified).
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    func run(rows: Range<Int>, active: UnsafePointer<Bool>? = nil, into out: UnsafeMutablePointer<Scalar>) {
        if passes.isEmpty {
            if let active {
                withUnsafeTemporaryAllocation(of: Int.self, capacity: rows.count) { list in
                    var count = 0
                    for i in rows where active[i] {
                        list[count] = i
                        count += 1
                    }
                    runVectorized(rows: rows, list: UnsafePointer(list.baseAddress), count: count, out: UnsafeMutableRawPointer(out))
                }
            } else {
                runVectorized(rows: rows, list: nil, count: rows.count, out: UnsafeMutableRawPointer(out))
            }
        } else if Scalar.self == Double.self {
            runPasses(Double.self, rows: rows, active: active, out: UnsafeMutableRawPointer(out))
        } else if Scalar.self == Float.self {
            runPasses(Float.self, rows: rows, active: active, out: UnsafeMutableRawPointer(out))
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

    /// The C loops over `list[0 ..< count]`, or all of `rows` without a
    /// list; `Scalar` is `Float` or `Double`.
    private func runVectorized(rows: Range<Int>, list: UnsafePointer<Int>?, count: Int, out: UnsafeMutableRawPointer) {
        defer { withExtendedLifetime(self.transposed) {} }
        let values = UnsafeRawPointer(self.values.base), matrix = UnsafeRawPointer(transposed.base)
        let offsets = UnsafePointer(self.offsets.base), indices = UnsafePointer(self.indices.base)
        if Scalar.self == Double.self {
            refrain_sparse_products_f64(offsets, indices, values.assumingMemoryBound(to: Double.self), list, rows.lowerBound,
                                        count, matrix.assumingMemoryBound(to: Double.self), stride,
                                        out.assumingMemoryBound(to: Double.self))
        } else if Scalar.self == Float.self {
            refrain_sparse_products_f32(offsets, indices, values.assumingMemoryBound(to: Float.self), list, rows.lowerBound,
                                        count, matrix.assumingMemoryBound(to: Float.self), stride,
                                        out.assumingMemoryBound(to: Float.self))
        } else {
            fatalError("SparseProductKernel: only Float and Double are BLAS scalars")
        }
    }

    @inline(__always)
    private func runPasses<S: BLASScalar & SIMDScalar>(_: S.Type, rows: Range<Int>, active: UnsafePointer<Bool>?,
                                                       out: UnsafeMutableRawPointer) {
        let values = UnsafeRawPointer(self.values.base).assumingMemoryBound(to: S.self)
        let transposed = UnsafeRawPointer(self.transposed.base).assumingMemoryBound(to: S.self)
        defer { withExtendedLifetime(self.transposed) {} }
        let out = out.assumingMemoryBound(to: S.self)
        var column = 0
        for pass in passes {
            switch pass {
            case 24: sparsePass(SIMD16<S>.self, SIMD8<S>.self, values, transposed, column, rows, active, out)
            case 20: sparsePass(SIMD16<S>.self, SIMD4<S>.self, values, transposed, column, rows, active, out)
            case 16: sparsePass(SIMD16<S>.self, values, transposed, column, rows, active, out)
            case 8: sparsePass(SIMD8<S>.self, values, transposed, column, rows, active, out)
            default: sparsePass(SIMD4<S>.self, values, transposed, column, rows, active, out)
            }
            column += pass
        }
    }

    @inline(__always)
    private func sparsePass<V: SIMD>(
        _: V.Type, _ values: UnsafePointer<V.Scalar>, _ transposed: UnsafePointer<V.Scalar>, _ column: Int,
        _ rows: Range<Int>, _ active: UnsafePointer<Bool>?, _ out: UnsafeMutablePointer<V.Scalar>
    ) where V.Scalar: BinaryFloatingPoint {
        let offsets = offsets.base, indices = indices.base, stride = stride
        for i in rows where active?[i] ?? true {
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
        _ rows: Range<Int>, _ active: UnsafePointer<Bool>?, _ out: UnsafeMutablePointer<V.Scalar>
    ) where V.Scalar: BinaryFloatingPoint, W.Scalar == V.Scalar {
        let offsets = offsets.base, indices = indices.base, stride = stride
        let second = MemoryLayout<V.Scalar>.stride * V.scalarCount
        for i in rows where active?[i] ?? true {
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
