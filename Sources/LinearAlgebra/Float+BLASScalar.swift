// Float forwards every BLASScalar requirement to the `s` routine in
// BLAS+Calls.swift. Arguments are passed through unchanged; checks live in the
// generic layer above and the Int32 narrowing in the layer below.

extension Float: BLASScalar {
    /// `"s"`: single precision routines (`cblas_sgemm`, `LAPACKE_sgesdd`, ...).
    public static var blasPrefix: String { "s" }

    // MARK: Level 1

    /// `cblas_sdot`.
    public static func _dot(_ n: Int, _ x: UnsafePointer<Float>?, _ incX: Int, _ y: UnsafePointer<Float>?, _ incY: Int) throws(BLASError) -> Float {
        try BLASCalls.sdot(n, x, incX, y, incY)
    }

    /// `cblas_snrm2`.
    public static func _nrm2(_ n: Int, _ x: UnsafePointer<Float>?, _ incX: Int) throws(BLASError) -> Float {
        try BLASCalls.snrm2(n, x, incX)
    }

    /// `cblas_saxpy`.
    public static func _axpy(_ n: Int, _ alpha: Float, _ x: UnsafePointer<Float>?, _ incX: Int, _ y: UnsafeMutablePointer<Float>?, _ incY: Int) throws(BLASError) {
        try BLASCalls.saxpy(n, alpha, x, incX, y, incY)
    }

    /// `cblas_sscal`.
    public static func _scal(_ n: Int, _ alpha: Float, _ x: UnsafeMutablePointer<Float>?, _ incX: Int) throws(BLASError) {
        try BLASCalls.sscal(n, alpha, x, incX)
    }

    // MARK: Levels 2 and 3

    /// `cblas_sgemv`.
    public static func _gemv(_ transpose: Bool, _ m: Int, _ n: Int, _ alpha: Float, _ a: UnsafePointer<Float>?, _ lda: Int,
                             _ x: UnsafePointer<Float>?, _ incX: Int, _ beta: Float, _ y: UnsafeMutablePointer<Float>?, _ incY: Int) throws(BLASError) {
        try BLASCalls.sgemv(transpose, m, n, alpha, a, lda, x, incX, beta, y, incY)
    }

    /// `cblas_sgemm`.
    public static func _gemm(_ transposeA: Bool, _ transposeB: Bool, _ m: Int, _ n: Int, _ k: Int, _ alpha: Float,
                             _ a: UnsafePointer<Float>?, _ lda: Int, _ b: UnsafePointer<Float>?, _ ldb: Int,
                             _ beta: Float, _ c: UnsafeMutablePointer<Float>?, _ ldc: Int) throws(BLASError) {
        try BLASCalls.sgemm(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
    }

    /// `cblas_ssyrk`.
    public static func _syrk(_ triangle: MatrixTriangle, _ transpose: Bool, _ n: Int, _ k: Int, _ alpha: Float,
                             _ a: UnsafePointer<Float>?, _ lda: Int, _ beta: Float, _ c: UnsafeMutablePointer<Float>?, _ ldc: Int) throws(BLASError) {
        try BLASCalls.ssyrk(triangle, transpose, n, k, alpha, a, lda, beta, c, ldc)
    }

    // MARK: LAPACK

    /// `LAPACKE_sgesdd` (column-major).
    public static func _gesdd(_ m: Int, _ n: Int, _ a: UnsafeMutablePointer<Float>?, _ lda: Int, _ s: UnsafeMutablePointer<Float>?,
                              _ u: UnsafeMutablePointer<Float>?, _ ldu: Int, _ vt: UnsafeMutablePointer<Float>?, _ ldvt: Int) throws(BLASError) {
        try BLASCalls.sgesdd(m, n, a, lda, s, u, ldu, vt, ldvt)
    }

    /// `LAPACKE_ssyevr`.
    public static func _syevr(_ n: Int, _ a: UnsafeMutablePointer<Float>?, _ lda: Int, _ indices: ClosedRange<Int>?, _ abstol: Float,
                              _ w: UnsafeMutablePointer<Float>?, _ z: UnsafeMutablePointer<Float>?, _ ldz: Int,
                              _ isuppz: UnsafeMutablePointer<Int32>?) throws(BLASError) -> Int {
        try BLASCalls.ssyevr(n, a, lda, indices, abstol, w, z, ldz, isuppz)
    }

    /// `LAPACKE_sgeqrf`.
    public static func _geqrf(_ m: Int, _ n: Int, _ a: UnsafeMutablePointer<Float>?, _ lda: Int, _ tau: UnsafeMutablePointer<Float>?) throws(BLASError) {
        try BLASCalls.sgeqrf(m, n, a, lda, tau)
    }

    /// `LAPACKE_sorgqr`.
    public static func _orgqr(_ m: Int, _ n: Int, _ k: Int, _ a: UnsafeMutablePointer<Float>?, _ lda: Int, _ tau: UnsafePointer<Float>?) throws(BLASError) {
        try BLASCalls.sorgqr(m, n, k, a, lda, tau)
    }

    /// `LAPACKE_sgetrf` (column-major).
    public static func _getrf(_ m: Int, _ n: Int, _ a: UnsafeMutablePointer<Float>?, _ lda: Int, _ ipiv: UnsafeMutablePointer<Int32>?) throws(BLASError) {
        try BLASCalls.sgetrf(m, n, a, lda, ipiv)
    }

    /// `LAPACKE_slaswp` with `incx = -1` (column-major).
    public static func _laswpReversed(_ n: Int, _ a: UnsafeMutablePointer<Float>?, _ lda: Int, _ k: Int, _ ipiv: UnsafePointer<Int32>?) throws(BLASError) {
        try BLASCalls.slaswpReversed(n, a, lda, k, ipiv)
    }

    /// `LAPACKE_sgeqrf` then `LAPACKE_sorgqr` (column-major).
    public static func _orthonormalize(_ m: Int, _ n: Int, _ a: UnsafeMutablePointer<Float>?, _ lda: Int, _ tau: UnsafeMutablePointer<Float>?) throws(BLASError) {
        try BLASCalls.sorthonormalize(m, n, a, lda, tau)
    }
}
