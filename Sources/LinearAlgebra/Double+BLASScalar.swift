// Double forwards every BLASScalar requirement to the `d` routine in
// BLAS+Calls.swift. Arguments are passed through unchanged; checks live in the
// generic layer above and the Int32 narrowing in the layer below.

extension Double: BLASScalar {
    /// `"d"`: double precision routines (`cblas_dgemm`, `LAPACKE_dgesdd`, ...).
    public static var blasPrefix: String { "d" }

    // MARK: Level 1

    /// `cblas_ddot`.
    public static func _dot(_ n: Int, _ x: UnsafePointer<Double>?, _ incX: Int, _ y: UnsafePointer<Double>?, _ incY: Int) throws(BLASError) -> Double {
        try BLASCalls.ddot(n, x, incX, y, incY)
    }

    /// `cblas_dnrm2`.
    public static func _nrm2(_ n: Int, _ x: UnsafePointer<Double>?, _ incX: Int) throws(BLASError) -> Double {
        try BLASCalls.dnrm2(n, x, incX)
    }

    /// `cblas_daxpy`.
    public static func _axpy(_ n: Int, _ alpha: Double, _ x: UnsafePointer<Double>?, _ incX: Int, _ y: UnsafeMutablePointer<Double>?, _ incY: Int) throws(BLASError) {
        try BLASCalls.daxpy(n, alpha, x, incX, y, incY)
    }

    /// `cblas_dscal`.
    public static func _scal(_ n: Int, _ alpha: Double, _ x: UnsafeMutablePointer<Double>?, _ incX: Int) throws(BLASError) {
        try BLASCalls.dscal(n, alpha, x, incX)
    }

    // MARK: Levels 2 and 3

    /// `cblas_dgemv`.
    public static func _gemv(_ transpose: Bool, _ m: Int, _ n: Int, _ alpha: Double, _ a: UnsafePointer<Double>?, _ lda: Int,
                             _ x: UnsafePointer<Double>?, _ incX: Int, _ beta: Double, _ y: UnsafeMutablePointer<Double>?, _ incY: Int) throws(BLASError) {
        try BLASCalls.dgemv(transpose, m, n, alpha, a, lda, x, incX, beta, y, incY)
    }

    /// `cblas_dgemm`.
    public static func _gemm(_ transposeA: Bool, _ transposeB: Bool, _ m: Int, _ n: Int, _ k: Int, _ alpha: Double,
                             _ a: UnsafePointer<Double>?, _ lda: Int, _ b: UnsafePointer<Double>?, _ ldb: Int,
                             _ beta: Double, _ c: UnsafeMutablePointer<Double>?, _ ldc: Int) throws(BLASError) {
        try BLASCalls.dgemm(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
    }

    /// `cblas_dsyrk`.
    public static func _syrk(_ triangle: MatrixTriangle, _ transpose: Bool, _ n: Int, _ k: Int, _ alpha: Double,
                             _ a: UnsafePointer<Double>?, _ lda: Int, _ beta: Double, _ c: UnsafeMutablePointer<Double>?, _ ldc: Int) throws(BLASError) {
        try BLASCalls.dsyrk(triangle, transpose, n, k, alpha, a, lda, beta, c, ldc)
    }

    // MARK: LAPACK

    /// `LAPACKE_dgesdd` (column-major).
    public static func _gesdd(_ m: Int, _ n: Int, _ a: UnsafeMutablePointer<Double>?, _ lda: Int, _ s: UnsafeMutablePointer<Double>?,
                              _ u: UnsafeMutablePointer<Double>?, _ ldu: Int, _ vt: UnsafeMutablePointer<Double>?, _ ldvt: Int) throws(BLASError) {
        try BLASCalls.dgesdd(m, n, a, lda, s, u, ldu, vt, ldvt)
    }

    /// `LAPACKE_dsyevr`.
    public static func _syevr(_ n: Int, _ a: UnsafeMutablePointer<Double>?, _ lda: Int, _ indices: ClosedRange<Int>?, _ abstol: Double,
                              _ w: UnsafeMutablePointer<Double>?, _ z: UnsafeMutablePointer<Double>?, _ ldz: Int,
                              _ isuppz: UnsafeMutablePointer<Int32>?) throws(BLASError) -> Int {
        try BLASCalls.dsyevr(n, a, lda, indices, abstol, w, z, ldz, isuppz)
    }

    /// `LAPACKE_dgeqrf`.
    public static func _geqrf(_ m: Int, _ n: Int, _ a: UnsafeMutablePointer<Double>?, _ lda: Int, _ tau: UnsafeMutablePointer<Double>?) throws(BLASError) {
        try BLASCalls.dgeqrf(m, n, a, lda, tau)
    }

    /// `LAPACKE_dorgqr`.
    public static func _orgqr(_ m: Int, _ n: Int, _ k: Int, _ a: UnsafeMutablePointer<Double>?, _ lda: Int, _ tau: UnsafePointer<Double>?) throws(BLASError) {
        try BLASCalls.dorgqr(m, n, k, a, lda, tau)
    }

    /// `LAPACKE_dgetrf` (column-major).
    public static func _getrf(_ m: Int, _ n: Int, _ a: UnsafeMutablePointer<Double>?, _ lda: Int, _ ipiv: UnsafeMutablePointer<Int32>?) throws(BLASError) {
        try BLASCalls.dgetrf(m, n, a, lda, ipiv)
    }

    /// `LAPACKE_dlaswp` with `incx = -1` (column-major).
    public static func _laswpReversed(_ n: Int, _ a: UnsafeMutablePointer<Double>?, _ lda: Int, _ k: Int, _ ipiv: UnsafePointer<Int32>?) throws(BLASError) {
        try BLASCalls.dlaswpReversed(n, a, lda, k, ipiv)
    }

    /// `LAPACKE_dgeqrf` then `LAPACKE_dorgqr` (column-major).
    public static func _orthonormalize(_ m: Int, _ n: Int, _ a: UnsafeMutablePointer<Double>?, _ lda: Int, _ tau: UnsafeMutablePointer<Double>?) throws(BLASError) {
        try BLASCalls.dorthonormalize(m, n, a, lda, tau)
    }
}
