/// A floating-point type the BLAS and LAPACK routines accept: `Float` (the `s`
/// routines) or `Double` (the `d` routines).
///
/// Generic code in Refrain is written once against this protocol; each
/// conforming type forwards to its precision's C routine in its own file
/// (`Float+BLASScalar.swift`, `Double+BLASScalar.swift`), and every C call
/// itself lives in `BLAS+Calls.swift`.
///
/// The underscored requirements are that forwarding layer: row-major, raw
/// pointers, no shape checks. Call the checked generic API instead (`BLAS`,
/// `DenseMatrix`, `CSRMatrix`). Only `Float` and `Double` conform; other
/// conformances are not supported.
public protocol BLASScalar: BinaryFloatingPoint, Sendable, Codable
where Self.RawSignificand: FixedWidthInteger {
    /// The BLAS letter of this precision: `"s"` or `"d"`.
    static var blasPrefix: String { get }

    // MARK: Level 1

    /// `cblas_?dot`. Use `BLAS.dot`.
    static func _dot(_ n: Int, _ x: UnsafePointer<Self>?, _ incX: Int, _ y: UnsafePointer<Self>?, _ incY: Int) throws(BLASError) -> Self
    /// `cblas_?nrm2`. Use `BLAS.nrm2`.
    static func _nrm2(_ n: Int, _ x: UnsafePointer<Self>?, _ incX: Int) throws(BLASError) -> Self
    /// `cblas_?axpy`. Use `BLAS.axpy`.
    static func _axpy(_ n: Int, _ alpha: Self, _ x: UnsafePointer<Self>?, _ incX: Int, _ y: UnsafeMutablePointer<Self>?, _ incY: Int) throws(BLASError)
    /// `cblas_?scal`. Use `BLAS.scal`.
    static func _scal(_ n: Int, _ alpha: Self, _ x: UnsafeMutablePointer<Self>?, _ incX: Int) throws(BLASError)

    // MARK: Levels 2 and 3

    /// `cblas_?gemv`, row-major. Use `BLAS.gemv` or `DenseMatrix.matvec`.
    static func _gemv(_ transpose: Bool, _ m: Int, _ n: Int, _ alpha: Self, _ a: UnsafePointer<Self>?, _ lda: Int,
                      _ x: UnsafePointer<Self>?, _ incX: Int, _ beta: Self, _ y: UnsafeMutablePointer<Self>?, _ incY: Int) throws(BLASError)
    /// `cblas_?gemm`, row-major. Use `BLAS.gemm` or `DenseMatrix.multiply`.
    static func _gemm(_ transposeA: Bool, _ transposeB: Bool, _ m: Int, _ n: Int, _ k: Int, _ alpha: Self,
                      _ a: UnsafePointer<Self>?, _ lda: Int, _ b: UnsafePointer<Self>?, _ ldb: Int,
                      _ beta: Self, _ c: UnsafeMutablePointer<Self>?, _ ldc: Int) throws(BLASError)
    /// `cblas_?syrk`, row-major. Use `BLAS.syrk` or `DenseMatrix.gram`.
    static func _syrk(_ triangle: MatrixTriangle, _ transpose: Bool, _ n: Int, _ k: Int, _ alpha: Self,
                      _ a: UnsafePointer<Self>?, _ lda: Int, _ beta: Self, _ c: UnsafeMutablePointer<Self>?, _ ldc: Int) throws(BLASError)

    // MARK: LAPACK

    /// `LAPACKE_?gesdd` (`jobz = 'S'`), column-major. Use `DenseMatrix.svd()`.
    static func _gesdd(_ m: Int, _ n: Int, _ a: UnsafeMutablePointer<Self>?, _ lda: Int, _ s: UnsafeMutablePointer<Self>?,
                       _ u: UnsafeMutablePointer<Self>?, _ ldu: Int, _ vt: UnsafeMutablePointer<Self>?, _ ldvt: Int) throws(BLASError)
    /// `LAPACKE_?syevr` (`jobz = 'V'`, `uplo = 'U'`), row-major; returns the number found. Use `DenseMatrix.symmetricEigen(top:)`.
    static func _syevr(_ n: Int, _ a: UnsafeMutablePointer<Self>?, _ lda: Int, _ indices: ClosedRange<Int>?, _ abstol: Self,
                       _ w: UnsafeMutablePointer<Self>?, _ z: UnsafeMutablePointer<Self>?, _ ldz: Int,
                       _ isuppz: UnsafeMutablePointer<Int32>?) throws(BLASError) -> Int
    /// `LAPACKE_?geqrf`, row-major. Use `DenseMatrix.qr()`.
    static func _geqrf(_ m: Int, _ n: Int, _ a: UnsafeMutablePointer<Self>?, _ lda: Int, _ tau: UnsafeMutablePointer<Self>?) throws(BLASError)
    /// `LAPACKE_?orgqr`, row-major. Use `DenseMatrix.qr()` or `DenseMatrix.thinQ()`.
    static func _orgqr(_ m: Int, _ n: Int, _ k: Int, _ a: UnsafeMutablePointer<Self>?, _ lda: Int, _ tau: UnsafePointer<Self>?) throws(BLASError)
    /// `LAPACKE_?getrf`, column-major; a zero pivot is not an error. Use `DenseMatrix.formLURowBasis()`.
    static func _getrf(_ m: Int, _ n: Int, _ a: UnsafeMutablePointer<Self>?, _ lda: Int, _ ipiv: UnsafeMutablePointer<Int32>?) throws(BLASError)
    /// `LAPACKE_?laswp` with `incx = -1` (undoing `getrf`'s interchanges), column-major. Use `DenseMatrix.formLURowBasis()`.
    static func _laswpReversed(_ n: Int, _ a: UnsafeMutablePointer<Self>?, _ lda: Int, _ k: Int, _ ipiv: UnsafePointer<Int32>?) throws(BLASError)
    /// `LAPACKE_?geqrf` then `LAPACKE_?orgqr`, column-major, `A` overwritten by `Q`. Use `DenseMatrix.formOrthonormalRowBasis()`.
    static func _orthonormalize(_ m: Int, _ n: Int, _ a: UnsafeMutablePointer<Self>?, _ lda: Int, _ tau: UnsafeMutablePointer<Self>?) throws(BLASError)
}

/// Which triangle of a symmetric matrix a routine reads or writes.
public enum MatrixTriangle: Sendable, Equatable {
    /// Elements `(i, j)` with `i <= j`.
    case upper
    /// Elements `(i, j)` with `i >= j`.
    case lower
}
