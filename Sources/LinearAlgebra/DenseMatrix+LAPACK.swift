// Dense factorizations through LAPACKE's high-level interface (which queries
// the optimal workspace and allocates it). The input matrix is copied, never
// modified (`svd()` factors it in place when the caller consumes it), except by
// the `form...RowBasis()` methods, which replace it; NaN and infinities are
// rejected before the call.

/// A thin singular value decomposition `A = U * diag(s) * Vt` of an `m x n`
/// matrix, with `r = min(m, n)` components.
public struct SingularValueDecomposition<Scalar: BLASScalar>: Sendable {
    /// The left singular vectors as the columns of an `m x r` matrix with orthonormal columns.
    public var u: DenseMatrix<Scalar>
    /// The `r` singular values, non-negative and in descending order.
    public var singularValues: [Scalar]
    /// The right singular vectors as the rows of an `r x n` matrix with orthonormal rows.
    public var vt: DenseMatrix<Scalar>

    /// Creates a decomposition from its parts.
    /// - Precondition: `u` is `m x r`, `singularValues` has `r` entries, `vt` is `r x n`.
    public init(u: DenseMatrix<Scalar>, singularValues: [Scalar], vt: DenseMatrix<Scalar>) {
        precondition(u.columns == singularValues.count && vt.rows == singularValues.count,
                     "SingularValueDecomposition: U is \(u.rows)x\(u.columns), \(singularValues.count) values, Vt is \(vt.rows)x\(vt.columns)")
        self.u = u
        self.singularValues = singularValues
        self.vt = vt
    }

    /// The number of components `r`.
    public var rank: Int { singularValues.count }

    /// The leading `k` components: the best rank-`k` approximation in the
    /// Frobenius and spectral norms (Eckart-Young).
    /// - Precondition: `0 <= k <= rank`.
    /// - Complexity: O((m + n) k).
    public func truncated(to k: Int) -> SingularValueDecomposition {
        precondition(k >= 0 && k <= rank, "SingularValueDecomposition.truncated: k = \(k) outside 0...\(rank)")
        return SingularValueDecomposition(u: u.columns(0 ..< k), singularValues: Array(singularValues[..<k]), vt: vt.rows(0 ..< k))
    }

    /// `U * diag(s) * Vt`, the matrix the decomposition represents (`cblas_?gemm`).
    /// - Complexity: 2mnr flops.
    public func reconstructed() throws(BLASError) -> DenseMatrix<Scalar> {
        var scaled = u
        let r = rank, values = singularValues
        scaled.withUnsafeMutableBufferPointer { buffer in
            for index in buffer.indices { buffer[index] *= values[index % r] }
        }
        return try scaled.matmul(vt)
    }
}

/// Eigenvalues and eigenvectors of a symmetric matrix: `A * v = λ * v`.
public struct SymmetricEigendecomposition<Scalar: BLASScalar>: Sendable {
    /// The eigenvalues found, in descending order.
    public var eigenvalues: [Scalar]
    /// The matching unit eigenvectors as the columns of an `n x k` matrix
    /// (column `j` belongs to `eigenvalues[j]`); mutually orthogonal. Each
    /// vector's sign is arbitrary.
    public var eigenvectors: DenseMatrix<Scalar>
}

/// A thin QR decomposition `A = Q * R` of an `m x n` matrix, `r = min(m, n)`.
public struct QRDecomposition<Scalar: BLASScalar>: Sendable {
    /// An `m x r` matrix with orthonormal columns spanning the column space of `A` (for full-rank `A`).
    public var q: DenseMatrix<Scalar>
    /// An `r x n` upper-trapezoidal matrix (zero below the diagonal).
    public var r: DenseMatrix<Scalar>
}

extension DenseMatrix {
    /// The thin singular value decomposition, `A = U * diag(s) * Vt`, by the
    /// divide-and-conquer driver `LAPACKE_sgesdd` / `LAPACKE_dgesdd` (`jobz = 'S'`).
    ///
    /// For an `m x n` matrix with `r = min(m, n)`: `U` is `m x r`, `s` has `r`
    /// descending non-negative values, `Vt` is `r x n`. Singular vectors are
    /// unique only up to sign (and within repeated singular values).
    ///
    /// The row-major elements are, read column-major, `Aᵀ = V diag(s) Uᵀ`; so
    /// `gesdd` runs column-major on them as they are and its `U` and `Vt` are
    /// this `Vt` and `U`, row-major, with no transposed copies. `consuming`:
    /// when the caller gives the matrix up, its buffer is factored in place
    /// instead of copied.
    ///
    /// - Throws: `BLASError.nonFiniteInput` if an element is NaN or infinite;
    ///   `BLASError.noConvergence` if the bidiagonal SVD fails to converge.
    /// - Complexity: O(mn·min(m, n)) flops, about 6mn² + 20n³ for `m >= n`
    ///   (Golub & Van Loan's count for the R-SVD); memory O(mn) for the copy
    ///   (none when consumed) and O(min(m, n)²) of workspace.
    public consuming func svd() throws(BLASError) -> SingularValueDecomposition<Scalar> {
        let m = rows, n = columns, r = Swift.min(m, n)
        var u = DenseMatrix(rows: m, columns: r)
        var vt = DenseMatrix(rows: r, columns: n)
        var s = [Scalar](repeating: 0, count: r)
        guard r > 0 else { return SingularValueDecomposition(u: u, singularValues: s, vt: vt) }
        try checkFinite(routine: "gesdd")
        var a = self
        try a.withUnsafeMutableBufferPointer { (pa) throws(BLASError) in
            try u.withUnsafeMutableBufferPointer { (pu) throws(BLASError) in
                try vt.withUnsafeMutableBufferPointer { (pvt) throws(BLASError) in
                    try s.withUnsafeMutableBufferPointer { (ps) throws(BLASError) in
                        // Column-major Aᵀ (n x m): its left vectors (n x r, ld n) are Vt, its right ones (r x m, ld r) are U.
                        try Scalar._gesdd(n, m, pa.baseAddress, n, ps.baseAddress, pvt.baseAddress, n, pu.baseAddress, r)
                    }
                }
            }
        }
        return SingularValueDecomposition(u: u, singularValues: s, vt: vt)
    }

    /// Eigenvalues and eigenvectors of this symmetric matrix, all of them or
    /// the `top` largest, by the MRRR driver `LAPACKE_ssyevr` / `LAPACKE_dsyevr`
    /// (`jobz = 'V'`, `range = 'A'` or `'I'`).
    ///
    /// Only the upper triangle (`i <= j`) is read; the lower is assumed to
    /// mirror it. Results are in descending order of eigenvalue (largest,
    /// i.e. most positive, first). The absolute tolerance is the safe minimum,
    /// LAPACK's recommendation for the most accurate eigenvalues.
    ///
    /// - Parameter top: how many of the largest eigenpairs to compute, or `nil` for all `n`.
    /// - Precondition: the matrix is square and `0 <= top <= n`.
    /// - Throws: `BLASError.nonFiniteInput` for NaN or infinite entries in the
    ///   upper triangle; `BLASError.noConvergence` if the tridiagonal solver fails.
    /// - Complexity: about 4n³/3 flops to reduce to tridiagonal form, plus
    ///   O(nk) for `k` eigenvectors of the tridiagonal matrix and 2n²k to
    ///   transform them back.
    public func symmetricEigen(top: Int? = nil) throws(BLASError) -> SymmetricEigendecomposition<Scalar> {
        precondition(rows == columns, "DenseMatrix.symmetricEigen: matrix is \(rows)x\(columns), not square")
        let n = rows, k = top ?? n
        precondition(k >= 0 && k <= n, "DenseMatrix.symmetricEigen: top = \(k) outside 0...\(n)")
        guard k > 0 else { return SymmetricEigendecomposition(eigenvalues: [], eigenvectors: DenseMatrix(rows: n, columns: 0)) }
        try withUnsafeBufferPointer { (a) throws(BLASError) in
            for i in 0 ..< n {
                for j in i ..< n where !a[i * n + j].isFinite { throw .nonFiniteInput(routine: "LAPACKE_\(Scalar.blasPrefix)syevr") }
            }
        }
        var a = self
        var w = [Scalar](repeating: 0, count: n)
        var z = DenseMatrix(rows: n, columns: k)
        var support = [Int32](repeating: 0, count: 2 * k)
        let indices = k < n ? (n - k + 1) ... n : nil
        let found = try a.withUnsafeMutableBufferPointer { (pa) throws(BLASError) in
            try w.withUnsafeMutableBufferPointer { (pw) throws(BLASError) in
                try z.withUnsafeMutableBufferPointer { (pz) throws(BLASError) in
                    try support.withUnsafeMutableBufferPointer { (ps) throws(BLASError) in
                        try Scalar._syevr(n, pa.baseAddress, n, indices, Scalar.leastNormalMagnitude,
                                          pw.baseAddress, pz.baseAddress, k, ps.baseAddress)
                    }
                }
            }
        }
        guard found == k else { throw .noConvergence(routine: "LAPACKE_\(Scalar.blasPrefix)syevr", info: found) }
        // LAPACK returns ascending order; reverse values and vector columns.
        let vectors = DenseMatrix(rows: n, columns: k) { i, j in z[i, k - 1 - j] }
        return SymmetricEigendecomposition(eigenvalues: w[..<k].reversed(), eigenvectors: vectors)
    }

    /// The thin QR decomposition `A = Q * R` by Householder reflections
    /// (`LAPACKE_?geqrf`), with `Q` formed explicitly (`LAPACKE_?orgqr`).
    ///
    /// For an `m x n` matrix with `r = min(m, n)`: `Q` is `m x r` with
    /// orthonormal columns and `R` is `r x n` upper trapezoidal. Diagonal
    /// entries of `R` may be negative.
    ///
    /// - Throws: `BLASError.nonFiniteInput` if an element is NaN or infinite.
    /// - Complexity: for `m >= n`, 2n²(m − n/3) flops to factor and about the
    ///   same again to form `Q`; for `m < n`, 2m²(n − m/3) plus 4m³/3.
    public func qr() throws(BLASError) -> QRDecomposition<Scalar> {
        let (q, factored) = try householderQ()
        let r = Swift.min(rows, columns), n = columns
        let upper = DenseMatrix(rows: r, columns: n) { i, j in j >= i ? factored[i, j] : 0 }
        return QRDecomposition(q: q, r: upper)
    }

    /// The `m x min(m, n)` factor `Q` of the thin QR decomposition: an
    /// orthonormal basis of the column space (for full column rank), as used by
    /// randomized range finders. Same routines and cost as `qr()`, without
    /// extracting `R`.
    public func thinQ() throws(BLASError) -> DenseMatrix {
        try householderQ().q
    }

    // MARK: - Row bases (the range finder of randomized SVD)

    /// Replaces the rows of this `l x n` matrix `W` (`l <= n`) by rows spanning
    /// the same space, from the LU factorization with partial pivoting of its
    /// transpose: with `Wᵀ = P L U` (`LAPACKE_?getrf`), the rows become
    /// `(P L)ᵀ`, what `scipy.linalg.lu(Wᵀ, permute_l=True)[0].T` gives.
    ///
    /// This is the cheap normaliser of randomized power iterations
    /// (scikit-learn's `power_iteration_normalizer="LU"`): the rows are not
    /// orthonormal, but `L`'s unit diagonal and entries of magnitude at most 1
    /// keep them far from dependent. The row-major elements are `Wᵀ` read
    /// column-major, so LAPACK works on them in place, with no transposed copy.
    ///
    /// - Precondition: `rows <= columns`.
    /// - Throws: `BLASError.nonFiniteInput` if an element is NaN or infinite.
    ///   An exactly rank-deficient `W` is not an error (some rows of `L` then
    ///   stay as `getrf` leaves them).
    /// - Complexity: about l²(n − l/3) flops; O(l) extra memory.
    public mutating func formLURowBasis() throws(BLASError) {
        var pivots = [Int32](repeating: 0, count: rows)
        try withTransposeInPlace(routine: "getrf") { (base, l, n) throws(BLASError) in
            try pivots.withUnsafeMutableBufferPointer { (p) throws(BLASError) in
                try Scalar._getrf(n, l, base, n, p.baseAddress)
                // Row c of W is column c of the factored Wᵀ: keep L (unit diagonal, zeros above).
                for c in 0 ..< l {
                    let row = base + c * n
                    for i in 0 ..< c { row[i] = 0 }
                    row[c] = 1
                }
                try Scalar._laswpReversed(l, base, n, l, p.baseAddress)
            }
        }
    }

    /// Replaces the rows of this `l x n` matrix `W` (`l <= n`) by orthonormal
    /// rows spanning the same space (when `W` has full row rank): `Qᵀ`, where
    /// `Wᵀ = Q R` is the thin Householder QR of the transpose
    /// (`LAPACKE_?geqrf` then `LAPACKE_?orgqr`) — the `Q` of `W`'s LQ
    /// decomposition. As in `formLURowBasis()`, LAPACK reads the row-major
    /// elements as `Wᵀ` column-major, in place.
    ///
    /// - Precondition: `rows <= columns`.
    /// - Throws: `BLASError.nonFiniteInput` if an element is NaN or infinite.
    /// - Complexity: about 4l²(n − l/3) flops; O(l) extra memory besides LAPACK's workspace.
    public mutating func formOrthonormalRowBasis() throws(BLASError) {
        var tau = [Scalar](repeating: 0, count: rows)
        try withTransposeInPlace(routine: "geqrf") { (base, l, n) throws(BLASError) in
            try tau.withUnsafeMutableBufferPointer { (t) throws(BLASError) in
                try Scalar._orthonormalize(n, l, base, n, t.baseAddress)
            }
        }
    }

    // MARK: - Implementation

    /// Checks the shape (`rows <= columns`) and the elements of a row basis,
    /// then runs `body(elements, l, n)` on the unique buffer, which LAPACK reads
    /// as the `n x l` column-major `Wᵀ` (leading dimension `n`). Nothing runs
    /// for an empty matrix.
    private mutating func withTransposeInPlace(
        routine: String, _ body: (UnsafeMutablePointer<Scalar>, Int, Int) throws(BLASError) -> Void
    ) throws(BLASError) {
        let l = rows, n = columns
        precondition(l <= n, "DenseMatrix: a row basis of \(l)x\(n) needs no more rows than columns")
        guard l > 0 else { return }
        try checkFinite(routine: routine)
        try withUnsafeMutableBufferPointer { (w) throws(BLASError) in try body(w.baseAddress!, l, n) }
    }

    /// `geqrf` then `orgqr`: returns `Q` and the matrix as `geqrf` left it (`R` on and above the diagonal).
    private func householderQ() throws(BLASError) -> (q: DenseMatrix, factored: DenseMatrix) {
        let m = rows, n = columns, r = Swift.min(m, n)
        guard r > 0 else { return (DenseMatrix(rows: m, columns: 0), self) }
        try checkFinite(routine: "geqrf")
        var factored = self
        var tau = [Scalar](repeating: 0, count: r)
        try factored.withUnsafeMutableBufferPointer { (pa) throws(BLASError) in
            try tau.withUnsafeMutableBufferPointer { (pt) throws(BLASError) in
                try Scalar._geqrf(m, n, pa.baseAddress, n, pt.baseAddress)
            }
        }
        // orgqr needs m >= columns >= reflectors; keep the first r columns (all of them when m >= n).
        var q = r == n ? factored : factored.columns(0 ..< r)
        try q.withUnsafeMutableBufferPointer { (pq) throws(BLASError) in
            try tau.withUnsafeBufferPointer { (pt) throws(BLASError) in
                try Scalar._orgqr(m, r, r, pq.baseAddress, r, pt.baseAddress)
            }
        }
        return (q, factored)
    }

    /// Throws `nonFiniteInput` naming `LAPACKE_<prefix><routine>` if any element is NaN or infinite.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    func checkFinite(routine: String) throws(BLASError) {
        // A plain loop on the buffer: no key path, so it specialises and
        // vectorises (it runs before every LAPACK call on the whole matrix).
        let finite = withUnsafeBufferPointer { buffer -> Bool in
            var allFinite = true
            for value in buffer where !value.isFinite { allFinite = false; break }
            return allFinite
        }
        if !finite { throw .nonFiniteInput(routine: "LAPACKE_\(Scalar.blasPrefix)\(routine)") }
    }
}
