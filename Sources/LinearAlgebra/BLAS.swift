/// Checked, generic entry points to the BLAS for both precisions.
///
/// Each function checks its arguments with `precondition` (sizes, strides,
/// leading dimensions), then forwards through `BLASScalar` to the `s` or `d`
/// routine named in its documentation. All matrices are **row-major**: element
/// `(i, j)` of a matrix with leading dimension `ld` is at offset `i * ld + j`,
/// so a tile of a larger matrix is addressed by a pointer to its first element
/// and the larger matrix's column count as `ld`.
///
/// Sizes above `Int32.max` throw `BLASError.dimensionTooLarge` before any C
/// call. The raw-pointer variants are the kernels for tiled algorithms; the
/// buffer and array variants are the safe form for whole vectors.
public enum BLAS: Sendable {
    // MARK: - Level 1: whole vectors

    /// The inner product `Σᵢ x[i] * y[i]` (`cblas_sdot` / `cblas_ddot`).
    /// - Precondition: `x.count == y.count`.
    /// - Complexity: 2n flops.
    public static func dot<S: BLASScalar>(_ x: UnsafeBufferPointer<S>, _ y: UnsafeBufferPointer<S>) throws(BLASError) -> S {
        precondition(x.count == y.count, "BLAS.dot: lengths \(x.count) and \(y.count) differ")
        return try S._dot(x.count, x.baseAddress, 1, y.baseAddress, 1)
    }

    /// The inner product `Σᵢ x[i] * y[i]` (`cblas_sdot` / `cblas_ddot`).
    /// - Precondition: `x.count == y.count`.
    /// - Complexity: 2n flops.
    public static func dot<S: BLASScalar>(_ x: [S], _ y: [S]) throws(BLASError) -> S {
        try x.withUnsafeBufferPointer { (x) throws(BLASError) in
            try y.withUnsafeBufferPointer { (y) throws(BLASError) in try dot(x, y) }
        }
    }

    /// The Euclidean norm `√(Σᵢ x[i]²)` (`cblas_snrm2` / `cblas_dnrm2`), computed
    /// with scaling so that it neither overflows nor underflows.
    /// - Complexity: about 2n flops.
    public static func nrm2<S: BLASScalar>(_ x: UnsafeBufferPointer<S>) throws(BLASError) -> S {
        try S._nrm2(x.count, x.baseAddress, 1)
    }

    /// The Euclidean norm `√(Σᵢ x[i]²)` (`cblas_snrm2` / `cblas_dnrm2`).
    /// - Complexity: about 2n flops.
    public static func nrm2<S: BLASScalar>(_ x: [S]) throws(BLASError) -> S {
        try x.withUnsafeBufferPointer { (x) throws(BLASError) in try nrm2(x) }
    }

    /// `y ← alpha * x + y` (`cblas_saxpy` / `cblas_daxpy`).
    /// - Precondition: `x.count == y.count`.
    /// - Complexity: 2n flops.
    public static func axpy<S: BLASScalar>(_ alpha: S, _ x: UnsafeBufferPointer<S>, _ y: UnsafeMutableBufferPointer<S>) throws(BLASError) {
        precondition(x.count == y.count, "BLAS.axpy: lengths \(x.count) and \(y.count) differ")
        try S._axpy(x.count, alpha, x.baseAddress, 1, y.baseAddress, 1)
    }

    /// `y ← alpha * x + y` (`cblas_saxpy` / `cblas_daxpy`).
    /// - Precondition: `x.count == y.count`.
    /// - Complexity: 2n flops.
    public static func axpy<S: BLASScalar>(_ alpha: S, _ x: [S], _ y: inout [S]) throws(BLASError) {
        try x.withUnsafeBufferPointer { (x) throws(BLASError) in
            try y.withUnsafeMutableBufferPointer { (y) throws(BLASError) in try axpy(alpha, x, y) }
        }
    }

    /// `x ← alpha * x` (`cblas_sscal` / `cblas_dscal`).
    /// - Complexity: n flops.
    public static func scal<S: BLASScalar>(_ alpha: S, _ x: UnsafeMutableBufferPointer<S>) throws(BLASError) {
        try S._scal(x.count, alpha, x.baseAddress, 1)
    }

    /// `x ← alpha * x` (`cblas_sscal` / `cblas_dscal`).
    /// - Complexity: n flops.
    public static func scal<S: BLASScalar>(_ alpha: S, _ x: inout [S]) throws(BLASError) {
        try x.withUnsafeMutableBufferPointer { (x) throws(BLASError) in try scal(alpha, x) }
    }

    // MARK: - Level 1: strided kernels

    /// `Σᵢ x[i * strideX] * y[i * strideY]` for `i < count` (`cblas_sdot` / `cblas_ddot`);
    /// a column of a row-major matrix has stride `columns`.
    /// - Precondition: `count >= 0`, strides `>= 1`.
    /// - Complexity: 2 * count flops.
    public static func dot<S: BLASScalar>(count: Int, x: UnsafePointer<S>?, strideX: Int = 1, y: UnsafePointer<S>?, strideY: Int = 1) throws(BLASError) -> S {
        checkVector(count, strideX, strideY, "dot")
        return try S._dot(count, x, strideX, y, strideY)
    }

    /// `√(Σᵢ x[i * strideX]²)` for `i < count` (`cblas_snrm2` / `cblas_dnrm2`).
    /// - Precondition: `count >= 0`, `strideX >= 1`.
    /// - Complexity: about 2 * count flops.
    public static func nrm2<S: BLASScalar>(count: Int, x: UnsafePointer<S>?, strideX: Int = 1) throws(BLASError) -> S {
        checkVector(count, strideX, 1, "nrm2")
        return try S._nrm2(count, x, strideX)
    }

    /// `y[i * strideY] ← alpha * x[i * strideX] + y[i * strideY]` for `i < count`
    /// (`cblas_saxpy` / `cblas_daxpy`).
    /// - Precondition: `count >= 0`, strides `>= 1`.
    /// - Complexity: 2 * count flops.
    public static func axpy<S: BLASScalar>(count: Int, alpha: S, x: UnsafePointer<S>?, strideX: Int = 1,
                                           y: UnsafeMutablePointer<S>?, strideY: Int = 1) throws(BLASError) {
        checkVector(count, strideX, strideY, "axpy")
        try S._axpy(count, alpha, x, strideX, y, strideY)
    }

    /// `x[i * strideX] ← alpha * x[i * strideX]` for `i < count` (`cblas_sscal` / `cblas_dscal`).
    /// - Precondition: `count >= 0`, `strideX >= 1`.
    /// - Complexity: count flops.
    public static func scal<S: BLASScalar>(count: Int, alpha: S, x: UnsafeMutablePointer<S>?, strideX: Int = 1) throws(BLASError) {
        checkVector(count, strideX, 1, "scal")
        try S._scal(count, alpha, x, strideX)
    }

    // MARK: - Levels 2 and 3: row-major kernels

    /// `y ← alpha * op(A) * x + beta * y` (`cblas_sgemv` / `cblas_dgemv`), where
    /// the stored `A` is `m x n` with leading dimension `lda` and
    /// `op(A) = Aᵀ` when `transpose`. `x` has `transpose ? m : n` elements, `y`
    /// has `transpose ? n : m`. With `beta == 0`, `y` is not read.
    /// - Precondition: `m, n >= 0`, `lda >= max(1, n)`, strides `>= 1`.
    /// - Complexity: 2mn flops.
    public static func gemv<S: BLASScalar>(
        transpose: Bool = false, m: Int, n: Int, alpha: S = 1, a: UnsafePointer<S>?, lda: Int,
        x: UnsafePointer<S>?, strideX: Int = 1, beta: S = 0, y: UnsafeMutablePointer<S>?, strideY: Int = 1
    ) throws(BLASError) {
        precondition(m >= 0 && n >= 0, "BLAS.gemv: negative shape \(m)x\(n)")
        precondition(lda >= max(1, n), "BLAS.gemv: lda \(lda) < max(1, n = \(n))")
        checkVector(0, strideX, strideY, "gemv")
        try S._gemv(transpose, m, n, alpha, a, lda, x, strideX, beta, y, strideY)
    }

    /// `C ← alpha * op(A) * op(B) + beta * C` (`cblas_sgemm` / `cblas_dgemm`),
    /// row-major. `op(A)` is `m x k` (stored `k x m` when `transposeA`),
    /// `op(B)` is `k x n` (stored `n x k` when `transposeB`), `C` is `m x n`.
    /// With `beta == 0`, `C` is not read. `C` must not overlap `A` or `B`.
    ///
    /// This is the tile kernel: pass a pointer to a tile's first element and
    /// the enclosing matrix's column count as its leading dimension.
    ///
    /// - Precondition: `m, n, k >= 0`; `lda >= max(1, transposeA ? m : k)`,
    ///   `ldb >= max(1, transposeB ? k : n)`, `ldc >= max(1, n)`.
    /// - Complexity: 2mnk flops.
    public static func gemm<S: BLASScalar>(
        transposeA: Bool = false, transposeB: Bool = false, m: Int, n: Int, k: Int, alpha: S = 1,
        a: UnsafePointer<S>?, lda: Int, b: UnsafePointer<S>?, ldb: Int,
        beta: S = 0, c: UnsafeMutablePointer<S>?, ldc: Int
    ) throws(BLASError) {
        precondition(m >= 0 && n >= 0 && k >= 0, "BLAS.gemm: negative size m \(m), n \(n), k \(k)")
        precondition(lda >= max(1, transposeA ? m : k), "BLAS.gemm: lda \(lda) too small")
        precondition(ldb >= max(1, transposeB ? k : n), "BLAS.gemm: ldb \(ldb) too small")
        precondition(ldc >= max(1, n), "BLAS.gemm: ldc \(ldc) < max(1, n = \(n))")
        try S._gemm(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
    }

    /// One triangle of `C ← alpha * op(A) * op(A)ᵀ + beta * C`
    /// (`cblas_ssyrk` / `cblas_dsyrk`), row-major: `op(A)` is `n x k` (stored
    /// `k x n` when `transpose`, giving `AᵀA`), `C` is `n x n`. Only `triangle`
    /// of `C` is read and written; the other is left untouched.
    /// - Precondition: `n, k >= 0`; `lda >= max(1, transpose ? n : k)`, `ldc >= max(1, n)`.
    /// - Complexity: n²k flops (half of the equivalent `gemm`).
    public static func syrk<S: BLASScalar>(
        triangle: MatrixTriangle = .upper, transpose: Bool = false, n: Int, k: Int, alpha: S = 1,
        a: UnsafePointer<S>?, lda: Int, beta: S = 0, c: UnsafeMutablePointer<S>?, ldc: Int
    ) throws(BLASError) {
        precondition(n >= 0 && k >= 0, "BLAS.syrk: negative size n \(n), k \(k)")
        precondition(lda >= max(1, transpose ? n : k), "BLAS.syrk: lda \(lda) too small")
        precondition(ldc >= max(1, n), "BLAS.syrk: ldc \(ldc) < max(1, n = \(n))")
        try S._syrk(triangle, transpose, n, k, alpha, a, lda, beta, c, ldc)
    }

    private static func checkVector(_ count: Int, _ strideX: Int, _ strideY: Int, _ name: String) {
        precondition(count >= 0, "BLAS.\(name): negative count \(count)")
        precondition(strideX >= 1 && strideY >= 1, "BLAS.\(name): strides must be positive")
    }
}
