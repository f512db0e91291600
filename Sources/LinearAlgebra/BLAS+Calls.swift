internal import CBLAS

/// The single choke point for calls into CBLAS and LAPACKE. Every `cblas_*`
/// and `LAPACKE_*` call in Refrain lives in this file; sizes are narrowed to
/// `Int32` with a check (`BLASError.dimensionTooLarge`) rather than a trap,
/// and LAPACK's `info` is mapped to `BLASError` cases.
///
/// Everything here is row-major (`CblasRowMajor`, `LAPACK_ROW_MAJOR`) except
/// the routines that say column-major (`LAPACK_COL_MAJOR`, which LAPACKE
/// passes through without transposed copies). The functions take raw pointers
/// and trust their callers (`BLAS.swift`, `DenseMatrix+LAPACK.swift`) to have
/// checked shapes and leading dimensions; the per-precision forwarding lives in
/// `Float+BLASScalar.swift` and `Double+BLASScalar.swift`.
enum BLASCalls {
    /// Narrows a size or stride to the `Int32` the C interface takes.
    static func narrow(_ value: Int, _ name: String) throws(BLASError) -> Int32 {
        guard let narrowed = Int32(exactly: value) else {
            throw .dimensionTooLarge(name: name, value: value)
        }
        return narrowed
    }

    /// Maps a LAPACKE return code to `BLASError`: 0 is success; the LAPACKE
    /// allocation codes become `.outOfMemory`; `info < 0` names the illegal
    /// argument; `info > 0` is a convergence failure.
    static func check(_ info: Int32, _ routine: String) throws(BLASError) {
        switch info {
        case 0: return
        case LAPACK_WORK_MEMORY_ERROR, LAPACK_TRANSPOSE_MEMORY_ERROR: throw .outOfMemory(routine: routine)
        case ..<0: throw .illegalArgument(routine: routine, position: Int(-info))
        default: throw .noConvergence(routine: routine, info: Int(info))
        }
    }

    private static func transpose(_ flag: Bool) -> CBLAS_TRANSPOSE { flag ? CblasTrans : CblasNoTrans }
    private static func uplo(_ triangle: MatrixTriangle) -> CBLAS_UPLO { triangle == .upper ? CblasUpper : CblasLower }
    private static func char(_ ascii: Unicode.Scalar) -> CChar { CChar(bitPattern: UInt8(ascii: ascii)) }
}

// MARK: - Level 1: vectors

extension BLASCalls {
    /// `cblas_sdot`: `Σ x[i*incX] * y[i*incY]`.
    static func sdot(_ n: Int, _ x: UnsafePointer<Float>?, _ incX: Int, _ y: UnsafePointer<Float>?, _ incY: Int) throws(BLASError) -> Float {
        cblas_sdot(try narrow(n, "n"), x, try narrow(incX, "incX"), y, try narrow(incY, "incY"))
    }

    /// `cblas_ddot`: `Σ x[i*incX] * y[i*incY]`.
    static func ddot(_ n: Int, _ x: UnsafePointer<Double>?, _ incX: Int, _ y: UnsafePointer<Double>?, _ incY: Int) throws(BLASError) -> Double {
        cblas_ddot(try narrow(n, "n"), x, try narrow(incX, "incX"), y, try narrow(incY, "incY"))
    }

    /// `cblas_snrm2`: the Euclidean norm, computed without overflow.
    static func snrm2(_ n: Int, _ x: UnsafePointer<Float>?, _ incX: Int) throws(BLASError) -> Float {
        cblas_snrm2(try narrow(n, "n"), x, try narrow(incX, "incX"))
    }

    /// `cblas_dnrm2`: the Euclidean norm, computed without overflow.
    static func dnrm2(_ n: Int, _ x: UnsafePointer<Double>?, _ incX: Int) throws(BLASError) -> Double {
        cblas_dnrm2(try narrow(n, "n"), x, try narrow(incX, "incX"))
    }

    /// `cblas_saxpy`: `y ← alpha * x + y`.
    static func saxpy(_ n: Int, _ alpha: Float, _ x: UnsafePointer<Float>?, _ incX: Int, _ y: UnsafeMutablePointer<Float>?, _ incY: Int) throws(BLASError) {
        cblas_saxpy(try narrow(n, "n"), alpha, x, try narrow(incX, "incX"), y, try narrow(incY, "incY"))
    }

    /// `cblas_daxpy`: `y ← alpha * x + y`.
    static func daxpy(_ n: Int, _ alpha: Double, _ x: UnsafePointer<Double>?, _ incX: Int, _ y: UnsafeMutablePointer<Double>?, _ incY: Int) throws(BLASError) {
        cblas_daxpy(try narrow(n, "n"), alpha, x, try narrow(incX, "incX"), y, try narrow(incY, "incY"))
    }

    /// `cblas_sscal`: `x ← alpha * x`.
    static func sscal(_ n: Int, _ alpha: Float, _ x: UnsafeMutablePointer<Float>?, _ incX: Int) throws(BLASError) {
        cblas_sscal(try narrow(n, "n"), alpha, x, try narrow(incX, "incX"))
    }

    /// `cblas_dscal`: `x ← alpha * x`.
    static func dscal(_ n: Int, _ alpha: Double, _ x: UnsafeMutablePointer<Double>?, _ incX: Int) throws(BLASError) {
        cblas_dscal(try narrow(n, "n"), alpha, x, try narrow(incX, "incX"))
    }
}

// MARK: - Levels 2 and 3: matrices

extension BLASCalls {
    /// `cblas_sgemv`: `y ← alpha * op(A) * x + beta * y`, `A` row-major `m x n`.
    static func sgemv(_ trans: Bool, _ m: Int, _ n: Int, _ alpha: Float, _ a: UnsafePointer<Float>?, _ lda: Int,
                      _ x: UnsafePointer<Float>?, _ incX: Int, _ beta: Float, _ y: UnsafeMutablePointer<Float>?, _ incY: Int) throws(BLASError) {
        let (m32, n32, lda32) = (try narrow(m, "m"), try narrow(n, "n"), try narrow(lda, "lda"))
        let (incX32, incY32) = (try narrow(incX, "incX"), try narrow(incY, "incY"))
        cblas_sgemv(CblasRowMajor, transpose(trans), m32, n32, alpha, a, lda32, x, incX32, beta, y, incY32)
    }

    /// `cblas_dgemv`: `y ← alpha * op(A) * x + beta * y`, `A` row-major `m x n`.
    static func dgemv(_ trans: Bool, _ m: Int, _ n: Int, _ alpha: Double, _ a: UnsafePointer<Double>?, _ lda: Int,
                      _ x: UnsafePointer<Double>?, _ incX: Int, _ beta: Double, _ y: UnsafeMutablePointer<Double>?, _ incY: Int) throws(BLASError) {
        let (m32, n32, lda32) = (try narrow(m, "m"), try narrow(n, "n"), try narrow(lda, "lda"))
        let (incX32, incY32) = (try narrow(incX, "incX"), try narrow(incY, "incY"))
        cblas_dgemv(CblasRowMajor, transpose(trans), m32, n32, alpha, a, lda32, x, incX32, beta, y, incY32)
    }

    /// `cblas_sgemm`: `C ← alpha * op(A) * op(B) + beta * C`, row-major, `op(A)` `m x k`, `op(B)` `k x n`.
    static func sgemm(_ transA: Bool, _ transB: Bool, _ m: Int, _ n: Int, _ k: Int, _ alpha: Float,
                      _ a: UnsafePointer<Float>?, _ lda: Int, _ b: UnsafePointer<Float>?, _ ldb: Int,
                      _ beta: Float, _ c: UnsafeMutablePointer<Float>?, _ ldc: Int) throws(BLASError) {
        let (m32, n32, k32) = (try narrow(m, "m"), try narrow(n, "n"), try narrow(k, "k"))
        let (lda32, ldb32, ldc32) = (try narrow(lda, "lda"), try narrow(ldb, "ldb"), try narrow(ldc, "ldc"))
        cblas_sgemm(CblasRowMajor, transpose(transA), transpose(transB), m32, n32, k32, alpha, a, lda32, b, ldb32, beta, c, ldc32)
    }

    /// `cblas_dgemm`: `C ← alpha * op(A) * op(B) + beta * C`, row-major, `op(A)` `m x k`, `op(B)` `k x n`.
    static func dgemm(_ transA: Bool, _ transB: Bool, _ m: Int, _ n: Int, _ k: Int, _ alpha: Double,
                      _ a: UnsafePointer<Double>?, _ lda: Int, _ b: UnsafePointer<Double>?, _ ldb: Int,
                      _ beta: Double, _ c: UnsafeMutablePointer<Double>?, _ ldc: Int) throws(BLASError) {
        let (m32, n32, k32) = (try narrow(m, "m"), try narrow(n, "n"), try narrow(k, "k"))
        let (lda32, ldb32, ldc32) = (try narrow(lda, "lda"), try narrow(ldb, "ldb"), try narrow(ldc, "ldc"))
        cblas_dgemm(CblasRowMajor, transpose(transA), transpose(transB), m32, n32, k32, alpha, a, lda32, b, ldb32, beta, c, ldc32)
    }

    /// `cblas_ssyrk`: one triangle of `C ← alpha * op(A) * op(A)ᵀ + beta * C`, `C` `n x n`, `op(A)` `n x k`.
    static func ssyrk(_ triangle: MatrixTriangle, _ trans: Bool, _ n: Int, _ k: Int, _ alpha: Float,
                      _ a: UnsafePointer<Float>?, _ lda: Int, _ beta: Float, _ c: UnsafeMutablePointer<Float>?, _ ldc: Int) throws(BLASError) {
        let (n32, k32, lda32, ldc32) = (try narrow(n, "n"), try narrow(k, "k"), try narrow(lda, "lda"), try narrow(ldc, "ldc"))
        cblas_ssyrk(CblasRowMajor, uplo(triangle), transpose(trans), n32, k32, alpha, a, lda32, beta, c, ldc32)
    }

    /// `cblas_dsyrk`: one triangle of `C ← alpha * op(A) * op(A)ᵀ + beta * C`, `C` `n x n`, `op(A)` `n x k`.
    static func dsyrk(_ triangle: MatrixTriangle, _ trans: Bool, _ n: Int, _ k: Int, _ alpha: Double,
                      _ a: UnsafePointer<Double>?, _ lda: Int, _ beta: Double, _ c: UnsafeMutablePointer<Double>?, _ ldc: Int) throws(BLASError) {
        let (n32, k32, lda32, ldc32) = (try narrow(n, "n"), try narrow(k, "k"), try narrow(lda, "lda"), try narrow(ldc, "ldc"))
        cblas_dsyrk(CblasRowMajor, uplo(triangle), transpose(trans), n32, k32, alpha, a, lda32, beta, c, ldc32)
    }
}

// MARK: - LAPACK (through LAPACKE's high-level interface, which queries and allocates workspace)

extension BLASCalls {
    /// `LAPACKE_sgesdd` with `jobz = 'S'`, column-major: thin SVD of the `m x n`
    /// `A` (destroyed) into `U` (`m x min(m,n)`), `s`, `Vt` (`min(m,n) x n`).
    /// Column-major, so LAPACKE hands the arrays to LAPACK without transposed copies.
    static func sgesdd(_ m: Int, _ n: Int, _ a: UnsafeMutablePointer<Float>?, _ lda: Int, _ s: UnsafeMutablePointer<Float>?,
                       _ u: UnsafeMutablePointer<Float>?, _ ldu: Int, _ vt: UnsafeMutablePointer<Float>?, _ ldvt: Int) throws(BLASError) {
        let (m32, n32, lda32, ldu32, ldvt32) = (try narrow(m, "m"), try narrow(n, "n"), try narrow(lda, "lda"), try narrow(ldu, "ldu"), try narrow(ldvt, "ldvt"))
        try check(LAPACKE_sgesdd(LAPACK_COL_MAJOR, char("S"), m32, n32, a, lda32, s, u, ldu32, vt, ldvt32), "LAPACKE_sgesdd")
    }

    /// `LAPACKE_dgesdd` with `jobz = 'S'`, column-major: thin SVD of the `m x n`
    /// `A` (destroyed) into `U` (`m x min(m,n)`), `s`, `Vt` (`min(m,n) x n`).
    /// Column-major, so LAPACKE hands the arrays to LAPACK without transposed copies.
    static func dgesdd(_ m: Int, _ n: Int, _ a: UnsafeMutablePointer<Double>?, _ lda: Int, _ s: UnsafeMutablePointer<Double>?,
                       _ u: UnsafeMutablePointer<Double>?, _ ldu: Int, _ vt: UnsafeMutablePointer<Double>?, _ ldvt: Int) throws(BLASError) {
        let (m32, n32, lda32, ldu32, ldvt32) = (try narrow(m, "m"), try narrow(n, "n"), try narrow(lda, "lda"), try narrow(ldu, "ldu"), try narrow(ldvt, "ldvt"))
        try check(LAPACKE_dgesdd(LAPACK_COL_MAJOR, char("S"), m32, n32, a, lda32, s, u, ldu32, vt, ldvt32), "LAPACKE_dgesdd")
    }

    /// `LAPACKE_ssyevr` with `jobz = 'V'`, `uplo = 'U'`: eigenvalues (ascending)
    /// and eigenvectors of the symmetric row-major `n x n` `A` (destroyed); all
    /// of them (`range = 'A'`) or those with 1-based indices `il ... iu`
    /// (`range = 'I'`). Returns how many were found.
    static func ssyevr(_ n: Int, _ a: UnsafeMutablePointer<Float>?, _ lda: Int, _ indices: ClosedRange<Int>?, _ abstol: Float,
                       _ w: UnsafeMutablePointer<Float>?, _ z: UnsafeMutablePointer<Float>?, _ ldz: Int,
                       _ isuppz: UnsafeMutablePointer<Int32>?) throws(BLASError) -> Int {
        let (n32, lda32, ldz32) = (try narrow(n, "n"), try narrow(lda, "lda"), try narrow(ldz, "ldz"))
        let (il, iu) = (try narrow(indices?.lowerBound ?? 1, "il"), try narrow(indices?.upperBound ?? n, "iu"))
        var found: Int32 = 0
        try check(LAPACKE_ssyevr(LAPACK_ROW_MAJOR, char("V"), char(indices == nil ? "A" : "I"), char("U"), n32, a, lda32,
                                 0, 0, il, iu, abstol, &found, w, z, ldz32, isuppz), "LAPACKE_ssyevr")
        return Int(found)
    }

    /// `LAPACKE_dsyevr` with `jobz = 'V'`, `uplo = 'U'`: eigenvalues (ascending)
    /// and eigenvectors of the symmetric row-major `n x n` `A` (destroyed); all
    /// of them (`range = 'A'`) or those with 1-based indices `il ... iu`
    /// (`range = 'I'`). Returns how many were found.
    static func dsyevr(_ n: Int, _ a: UnsafeMutablePointer<Double>?, _ lda: Int, _ indices: ClosedRange<Int>?, _ abstol: Double,
                       _ w: UnsafeMutablePointer<Double>?, _ z: UnsafeMutablePointer<Double>?, _ ldz: Int,
                       _ isuppz: UnsafeMutablePointer<Int32>?) throws(BLASError) -> Int {
        let (n32, lda32, ldz32) = (try narrow(n, "n"), try narrow(lda, "lda"), try narrow(ldz, "ldz"))
        let (il, iu) = (try narrow(indices?.lowerBound ?? 1, "il"), try narrow(indices?.upperBound ?? n, "iu"))
        var found: Int32 = 0
        try check(LAPACKE_dsyevr(LAPACK_ROW_MAJOR, char("V"), char(indices == nil ? "A" : "I"), char("U"), n32, a, lda32,
                                 0, 0, il, iu, abstol, &found, w, z, ldz32, isuppz), "LAPACKE_dsyevr")
        return Int(found)
    }

    /// `LAPACKE_sgeqrf`: Householder QR of the row-major `m x n` `A` in place
    /// (`R` above the diagonal, reflectors below, scalars in `tau`).
    static func sgeqrf(_ m: Int, _ n: Int, _ a: UnsafeMutablePointer<Float>?, _ lda: Int, _ tau: UnsafeMutablePointer<Float>?) throws(BLASError) {
        try check(LAPACKE_sgeqrf(LAPACK_ROW_MAJOR, try narrow(m, "m"), try narrow(n, "n"), a, try narrow(lda, "lda"), tau), "LAPACKE_sgeqrf")
    }

    /// `LAPACKE_dgeqrf`: Householder QR of the row-major `m x n` `A` in place
    /// (`R` above the diagonal, reflectors below, scalars in `tau`).
    static func dgeqrf(_ m: Int, _ n: Int, _ a: UnsafeMutablePointer<Double>?, _ lda: Int, _ tau: UnsafeMutablePointer<Double>?) throws(BLASError) {
        try check(LAPACKE_dgeqrf(LAPACK_ROW_MAJOR, try narrow(m, "m"), try narrow(n, "n"), a, try narrow(lda, "lda"), tau), "LAPACKE_dgeqrf")
    }

    /// `LAPACKE_sorgqr`: overwrites the row-major `m x n` output of `sgeqrf`
    /// (first `k` reflectors) with the `m x n` orthonormal `Q`.
    static func sorgqr(_ m: Int, _ n: Int, _ k: Int, _ a: UnsafeMutablePointer<Float>?, _ lda: Int, _ tau: UnsafePointer<Float>?) throws(BLASError) {
        try check(LAPACKE_sorgqr(LAPACK_ROW_MAJOR, try narrow(m, "m"), try narrow(n, "n"), try narrow(k, "k"), a, try narrow(lda, "lda"), tau), "LAPACKE_sorgqr")
    }

    /// `LAPACKE_dorgqr`: overwrites the row-major `m x n` output of `dgeqrf`
    /// (first `k` reflectors) with the `m x n` orthonormal `Q`.
    static func dorgqr(_ m: Int, _ n: Int, _ k: Int, _ a: UnsafeMutablePointer<Double>?, _ lda: Int, _ tau: UnsafePointer<Double>?) throws(BLASError) {
        try check(LAPACKE_dorgqr(LAPACK_ROW_MAJOR, try narrow(m, "m"), try narrow(n, "n"), try narrow(k, "k"), a, try narrow(lda, "lda"), tau), "LAPACKE_dorgqr")
    }
}

// MARK: - LAPACK, column-major (no transposed copies)

extension BLASCalls {
    /// `LAPACKE_sgetrf`, column-major: LU factorization with partial pivoting,
    /// `P A = L U`, of the `m x n` `A` in place (`L` below the diagonal with an
    /// implicit unit diagonal, `U` on and above it); `ipiv` (`min(m,n)` entries,
    /// 1-based) records the row interchanges. A zero pivot (`info > 0`, an exactly
    /// singular `U`) is not an error: the factorization is complete.
    static func sgetrf(_ m: Int, _ n: Int, _ a: UnsafeMutablePointer<Float>?, _ lda: Int, _ ipiv: UnsafeMutablePointer<Int32>?) throws(BLASError) {
        let info = LAPACKE_sgetrf(LAPACK_COL_MAJOR, try narrow(m, "m"), try narrow(n, "n"), a, try narrow(lda, "lda"), ipiv)
        try check(min(info, 0), "LAPACKE_sgetrf")
    }

    /// `LAPACKE_dgetrf`, column-major: LU factorization with partial pivoting,
    /// `P A = L U`, of the `m x n` `A` in place (`L` below the diagonal with an
    /// implicit unit diagonal, `U` on and above it); `ipiv` (`min(m,n)` entries,
    /// 1-based) records the row interchanges. A zero pivot (`info > 0`, an exactly
    /// singular `U`) is not an error: the factorization is complete.
    static func dgetrf(_ m: Int, _ n: Int, _ a: UnsafeMutablePointer<Double>?, _ lda: Int, _ ipiv: UnsafeMutablePointer<Int32>?) throws(BLASError) {
        let info = LAPACKE_dgetrf(LAPACK_COL_MAJOR, try narrow(m, "m"), try narrow(n, "n"), a, try narrow(lda, "lda"), ipiv)
        try check(min(info, 0), "LAPACKE_dgetrf")
    }

    /// `LAPACKE_slaswp`, column-major: the row interchanges `ipiv[0 ..< k]` of
    /// `getrf` applied to the `n` columns of `A`, in reverse order (`incx = -1`),
    /// which undoes them: `L` becomes `P⁻¹ L`.
    static func slaswpReversed(_ n: Int, _ a: UnsafeMutablePointer<Float>?, _ lda: Int, _ k: Int, _ ipiv: UnsafePointer<Int32>?) throws(BLASError) {
        try check(LAPACKE_slaswp(LAPACK_COL_MAJOR, try narrow(n, "n"), a, try narrow(lda, "lda"), 1, try narrow(k, "k"), ipiv, -1),
                  "LAPACKE_slaswp")
    }

    /// `LAPACKE_dlaswp`, column-major: the row interchanges `ipiv[0 ..< k]` of
    /// `getrf` applied to the `n` columns of `A`, in reverse order (`incx = -1`),
    /// which undoes them: `L` becomes `P⁻¹ L`.
    static func dlaswpReversed(_ n: Int, _ a: UnsafeMutablePointer<Double>?, _ lda: Int, _ k: Int, _ ipiv: UnsafePointer<Int32>?) throws(BLASError) {
        try check(LAPACKE_dlaswp(LAPACK_COL_MAJOR, try narrow(n, "n"), a, try narrow(lda, "lda"), 1, try narrow(k, "k"), ipiv, -1),
                  "LAPACKE_dlaswp")
    }

    /// `LAPACKE_sgeqrf` then `LAPACKE_sorgqr`, column-major: the `m x n`
    /// (`m >= n`) `A` is overwritten by the `Q` of its thin QR decomposition.
    static func sorthonormalize(_ m: Int, _ n: Int, _ a: UnsafeMutablePointer<Float>?, _ lda: Int, _ tau: UnsafeMutablePointer<Float>?) throws(BLASError) {
        let (m32, n32, lda32) = (try narrow(m, "m"), try narrow(n, "n"), try narrow(lda, "lda"))
        try check(LAPACKE_sgeqrf(LAPACK_COL_MAJOR, m32, n32, a, lda32, tau), "LAPACKE_sgeqrf")
        try check(LAPACKE_sorgqr(LAPACK_COL_MAJOR, m32, n32, n32, a, lda32, tau), "LAPACKE_sorgqr")
    }

    /// `LAPACKE_dgeqrf` then `LAPACKE_dorgqr`, column-major: the `m x n`
    /// (`m >= n`) `A` is overwritten by the `Q` of its thin QR decomposition.
    static func dorthonormalize(_ m: Int, _ n: Int, _ a: UnsafeMutablePointer<Double>?, _ lda: Int, _ tau: UnsafeMutablePointer<Double>?) throws(BLASError) {
        let (m32, n32, lda32) = (try narrow(m, "m"), try narrow(n, "n"), try narrow(lda, "lda"))
        try check(LAPACKE_dgeqrf(LAPACK_COL_MAJOR, m32, n32, a, lda32, tau), "LAPACKE_dgeqrf")
        try check(LAPACKE_dorgqr(LAPACK_COL_MAJOR, m32, n32, n32, a, lda32, tau), "LAPACKE_dorgqr")
    }
}

// MARK: - Loaded-library introspection

extension BLASCalls {
    /// Where a symbol this module links against was loaded from.
    struct LoadedSymbol {
        /// Path of the shared object as the dynamic loader recorded it (may be a symlink).
        var objectPath: String
        /// The nearest exported symbol at or below the address, if any.
        var symbolName: String?
    }

    /// The address of `cblas_sgemm` as this module's code sees it.
    static var sgemmAddress: UnsafeRawPointer { refrain_address_of_cblas_sgemm() }

    /// The address of `LAPACKE_dgesdd` as this module's code sees it.
    static var dgesddAddress: UnsafeRawPointer { refrain_address_of_LAPACKE_dgesdd() }

    /// `dladdr`: the shared object that contains `address`, or `nil` if none does.
    static func loadedObject(containing address: UnsafeRawPointer) -> LoadedSymbol? {
        var info = refrain_dl_info()
        guard refrain_dladdr(address, &info) != 0, let file = info.dli_fname else { return nil }
        return LoadedSymbol(objectPath: String(cString: file), symbolName: info.dli_sname.map { String(cString: $0) })
    }
}
