// Whole-matrix BLAS operations on DenseMatrix. Shapes are checked with
// `precondition`; the C calls go through `BLAS` and `BLASScalar`.

extension DenseMatrix {
    // MARK: - Products

    /// `C ← alpha * op(A) * op(B) + beta * C` (`cblas_sgemm` / `cblas_dgemm`),
    /// where `op(X)` is `Xᵀ` when the matching transpose flag is set. No
    /// transpose is materialised.
    ///
    /// `c` may share storage with `a` or `b` (copy-on-write gives it its own
    /// buffer first). With `beta == 0`, the old contents of `c` are ignored.
    ///
    /// - Precondition: `op(A)` is `m x k`, `op(B)` is `k x n`, and `c` is `m x n`.
    /// - Complexity: 2mnk flops.
    public static func multiply(
        _ a: DenseMatrix, _ b: DenseMatrix, transposeA: Bool = false, transposeB: Bool = false,
        alpha: Scalar = 1, beta: Scalar = 0, into c: inout DenseMatrix
    ) throws(BLASError) {
        let (m, k) = transposeA ? (a.columns, a.rows) : (a.rows, a.columns)
        let (kB, n) = transposeB ? (b.columns, b.rows) : (b.rows, b.columns)
        precondition(k == kB, "DenseMatrix.multiply: inner dimensions \(k) and \(kB) differ")
        precondition(c.rows == m && c.columns == n, "DenseMatrix.multiply: result is \(c.rows)x\(c.columns), expected \(m)x\(n)")
        guard m > 0 && n > 0 else { return }
        try a.withUnsafeBufferPointer { (pa) throws(BLASError) in
            try b.withUnsafeBufferPointer { (pb) throws(BLASError) in
                try c.withUnsafeMutableBufferPointer { (pc) throws(BLASError) in
                    try BLAS.gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                                  a: pa.baseAddress, lda: max(1, a.columns), b: pb.baseAddress, ldb: max(1, b.columns),
                                  beta: beta, c: pc.baseAddress, ldc: n)
                }
            }
        }
    }

    /// The product `alpha * op(self) * op(other)` as a new matrix (`cblas_?gemm`).
    /// - Precondition: the inner dimensions agree.
    /// - Complexity: 2mnk flops for an `m x k` times `k x n` product.
    public func matmul(_ other: DenseMatrix, transposeSelf: Bool = false, transposeOther: Bool = false,
                       alpha: Scalar = 1) throws(BLASError) -> DenseMatrix {
        var result = DenseMatrix(rows: transposeSelf ? columns : rows, columns: transposeOther ? other.rows : other.columns)
        try Self.multiply(self, other, transposeA: transposeSelf, transposeB: transposeOther, alpha: alpha, into: &result)
        return result
    }

    /// The matrix-vector product `alpha * op(self) * x` (`cblas_sgemv` / `cblas_dgemv`),
    /// with `op(self) = selfᵀ` when `transpose`.
    /// - Precondition: `x.count == (transpose ? rows : columns)`.
    /// - Complexity: 2 * rows * columns flops.
    public func matvec(_ x: [Scalar], transpose: Bool = false, alpha: Scalar = 1) throws(BLASError) -> [Scalar] {
        let (inner, outer) = transpose ? (rows, columns) : (columns, rows)
        precondition(x.count == inner, "DenseMatrix.matvec: vector has \(x.count) elements, expected \(inner)")
        var y = [Scalar](repeating: 0, count: outer)
        guard outer > 0 else { return y }
        let (m, n) = (rows, columns)
        try withUnsafeBufferPointer { (a) throws(BLASError) in
            try x.withUnsafeBufferPointer { (px) throws(BLASError) in
                try y.withUnsafeMutableBufferPointer { (py) throws(BLASError) in
                    try BLAS.gemv(transpose: transpose, m: m, n: n, alpha: alpha, a: a.baseAddress, lda: max(1, n),
                                  x: px.baseAddress, y: py.baseAddress)
                }
            }
        }
        return y
    }

    /// The Gram matrix `alpha * A * Aᵀ` (`rows x rows`: inner products of rows)
    /// or, with `transpose`, `alpha * Aᵀ * A` (`columns x columns`: inner products
    /// of columns), by `cblas_ssyrk` / `cblas_dsyrk` on the upper triangle,
    /// then mirrored, so the result is exactly symmetric.
    /// - Complexity: n²k flops for an `n x n` result from `k`-long vectors,
    ///   half of the equivalent `matmul`, plus O(n²) for the mirror.
    public func gram(transpose: Bool = false, alpha: Scalar = 1) throws(BLASError) -> DenseMatrix {
        let (n, k) = transpose ? (columns, rows) : (rows, columns)
        var result = DenseMatrix(rows: n, columns: n)
        guard n > 0 else { return result }
        let lda = max(1, columns)
        try withUnsafeBufferPointer { (a) throws(BLASError) in
            try result.withUnsafeMutableBufferPointer { (c) throws(BLASError) in
                try BLAS.syrk(triangle: .upper, transpose: transpose, n: n, k: k, alpha: alpha,
                              a: a.baseAddress, lda: lda, c: c.baseAddress, ldc: n)
                for i in 0 ..< n {
                    for j in 0 ..< i { c[i * n + j] = c[j * n + i] }
                }
            }
        }
        return result
    }

    // MARK: - Norms and scaling

    /// The Euclidean norm of each row (`cblas_snrm2` / `cblas_dnrm2` per row).
    /// - Complexity: 2 * rows * columns flops.
    public func rowNorms() throws(BLASError) -> [Scalar] {
        let n = columns
        return try withUnsafeBufferPointer { (a) throws(BLASError) in
            var norms = [Scalar]()
            norms.reserveCapacity(rows)
            for i in 0 ..< rows {
                norms.append(try BLAS.nrm2(UnsafeBufferPointer(rebasing: a[i * n ..< (i + 1) * n])))
            }
            return norms
        }
    }

    /// The Frobenius norm `√(Σᵢⱼ aᵢⱼ²)` (`cblas_snrm2` / `cblas_dnrm2` over all elements).
    /// - Complexity: 2 * rows * columns flops.
    public func frobeniusNorm() throws(BLASError) -> Scalar {
        try withUnsafeBufferPointer { (a) throws(BLASError) in try BLAS.nrm2(a) }
    }

    /// Scales every row to unit Euclidean norm (`cblas_?nrm2` then `cblas_?scal`
    /// per row); all-zero rows stay zero. After this, `gram()` holds cosine
    /// similarities.
    /// - Complexity: 3 * rows * columns flops.
    public mutating func normalizeRows() throws(BLASError) {
        let (m, n) = (rows, columns)
        try withUnsafeMutableBufferPointer { (a) throws(BLASError) in
            for i in 0 ..< m {
                let row = UnsafeMutableBufferPointer(rebasing: a[i * n ..< (i + 1) * n])
                let norm = try BLAS.nrm2(UnsafeBufferPointer(row))
                if norm > 0 { try BLAS.scal(1 / norm, row) }
            }
        }
    }

    /// `self ← alpha * self` (`cblas_sscal` / `cblas_dscal`).
    /// - Complexity: rows * columns flops.
    public mutating func scale(by alpha: Scalar) throws(BLASError) {
        try withUnsafeMutableBufferPointer { (a) throws(BLASError) in try BLAS.scal(alpha, a) }
    }

    /// `self ← self + alpha * other` (`cblas_saxpy` / `cblas_daxpy`).
    /// - Precondition: equal shapes.
    /// - Complexity: 2 * rows * columns flops.
    public mutating func add(_ other: DenseMatrix, scaledBy alpha: Scalar = 1) throws(BLASError) {
        precondition(rows == other.rows && columns == other.columns,
                     "DenseMatrix.add: shapes \(rows)x\(columns) and \(other.rows)x\(other.columns) differ")
        try other.withUnsafeBufferPointer { (x) throws(BLASError) in
            try withUnsafeMutableBufferPointer { (y) throws(BLASError) in try BLAS.axpy(alpha, x, y) }
        }
    }
}
