import Testing
import LinearAlgebra
import _TestSupport

@Suite("LAPACK factorizations")
struct LAPACKTests {
    // MARK: SVD

    private func svdCase<S: BLASScalar>(_: S.Type, m: Int, n: Int) throws {
        let a: DenseMatrix<S> = randomMatrix(m, n, seed: UInt64(100 * m + n))
        let svd = try a.svd()
        let r = min(m, n)
        #expect(svd.u.rows == m && svd.u.columns == r)
        #expect(svd.vt.rows == r && svd.vt.columns == n)
        #expect(svd.singularValues.count == r)
        #expect(zip(svd.singularValues, svd.singularValues.dropFirst()).allSatisfy { $0 >= $1 }, "descending")
        #expect(svd.singularValues.allSatisfy { $0 >= 0 })
        let reconstruction = naiveReconstruct(u: svd.u.elements, s: svd.singularValues, vt: svd.vt.elements, m: m, n: n)
        #expect(relativeError(reconstruction, reference: a.elements) < eps(S.self, 200), "\(S.self) \(m)x\(n)")
        #expect(relativeError(try svd.reconstructed().elements, reference: a.elements) < eps(S.self, 200))
        #expect(orthonormalityDefect(svd.u.elements, m: m, k: r) < eps(S.self, 200), "U has orthonormal columns")
        #expect(orthonormalityDefect(svd.vt.transposed().elements, m: n, k: r) < eps(S.self, 200), "V has orthonormal columns")
    }

    @Test(arguments: [(8, 5), (5, 8), (6, 6), (1, 4), (30, 3)])
    func svdReconstructsTheMatrixWithOrthonormalFactors(shape: (Int, Int)) throws {
        try svdCase(Float.self, m: shape.0, n: shape.1)
        try svdCase(Double.self, m: shape.0, n: shape.1)
    }

    @Test func svdOfAKnownMatrixGivesItsSingularValues() throws {
        // [[3, 0], [4, 5]] has singular values 3√5 and √5.
        let svd = try DenseMatrix<Double>([[3, 0], [4, 5]]).svd()
        #expect(abs(svd.singularValues[0] - 3 * 5.0.squareRoot()) < 1e-12)
        #expect(abs(svd.singularValues[1] - 5.0.squareRoot()) < 1e-12)
    }

    @Test func truncatedSVDErrorIsTheDiscardedSingularValues() throws {
        let a: DenseMatrix<Double> = randomMatrix(12, 9, seed: 7)
        let svd = try a.svd()
        let rank3 = svd.truncated(to: 3)
        #expect(rank3.rank == 3 && rank3.u.columns == 3 && rank3.vt.rows == 3)
        let residual = zip(a.elements, try rank3.reconstructed().elements).map { $0 - $1 }
        let discarded = svd.singularValues[3...].reduce(0) { $0 + $1 * $1 }.squareRoot()
        #expect(abs(naiveNorm(residual) - discarded) < 1e-12, "Eckart-Young")
    }

    @Test func floatAndDoubleSingularValuesAgree() throws {
        let s32 = try (randomMatrix(15, 10, seed: 8) as DenseMatrix<Float>).svd().singularValues
        let s64 = try (randomMatrix(15, 10, seed: 8) as DenseMatrix<Double>).svd().singularValues
        #expect(relativeError(s32.map(Double.init), reference: s64) < eps(Float.self, 100))
    }

    @Test func svdRejectsNaNWithAnActionableError() {
        var a = DenseMatrix<Double>(rows: 3, columns: 3, repeating: 1)
        a[1, 2] = .nan
        #expect(throws: BLASError.nonFiniteInput(routine: "LAPACKE_dgesdd")) { try a.svd() }
        var b = DenseMatrix<Float>(rows: 2, columns: 2, repeating: 1)
        b[0, 0] = .infinity
        #expect(throws: BLASError.nonFiniteInput(routine: "LAPACKE_sgeqrf")) { try b.qr() }
    }

    @Test func svdOfAnEmptyMatrixIsEmpty() throws {
        let svd = try DenseMatrix<Float>(rows: 0, columns: 3).svd()
        #expect(svd.rank == 0 && svd.u.rows == 0 && svd.vt.columns == 3)
    }

    // MARK: Symmetric eigen

    @Test func eigenOfTheTridiagonalLaplacianIsKnown() throws {
        // [[2, -1, 0], [-1, 2, -1], [0, -1, 2]]: eigenvalues 2 + √2, 2, 2 − √2.
        let a = DenseMatrix<Double>([[2, -1, 0], [-1, 2, -1], [0, -1, 2]])
        let eigen = try a.symmetricEigen()
        let root2 = 2.0.squareRoot()
        #expect(relativeError(eigen.eigenvalues, reference: [2 + root2, 2, 2 - root2]) < 1e-14)
        // The top eigenvector is ±(1, −√2, 1) / 2.
        let v = eigen.eigenvectors.column(0)
        let sign = v[0] < 0 ? -1.0 : 1.0
        #expect(relativeError(v.map { sign * $0 }, reference: [0.5, -root2 / 2, 0.5]) < 1e-14)
    }

    private func eigenCase<S: BLASScalar>(_: S.Type) throws {
        let n = 9
        let a: DenseMatrix<S> = randomSymmetric(n, seed: 61)
        let all = try a.symmetricEigen()
        #expect(all.eigenvalues.count == n)
        #expect(zip(all.eigenvalues, all.eigenvalues.dropFirst()).allSatisfy { $0 >= $1 }, "descending")
        #expect(orthonormalityDefect(all.eigenvectors.elements, m: n, k: n) < eps(S.self, 200))
        // A V = V Λ, column by column.
        let av = naiveMatmul(a.elements, all.eigenvectors.elements, m: n, n: n, k: n)
        let vl = (0 ..< n * n).map { all.eigenvectors.elements[$0] * all.eigenvalues[$0 % n] }
        #expect(relativeError(av, reference: vl) < eps(S.self, 500))
        // The top 3 are the first 3 of the full decomposition.
        let top = try a.symmetricEigen(top: 3)
        #expect(top.eigenvectors.rows == n && top.eigenvectors.columns == 3)
        #expect(relativeError(top.eigenvalues, reference: Array(all.eigenvalues[..<3])) < eps(S.self, 100))
        for j in 0 ..< 3 {
            let dot = abs(naiveDot(top.eigenvectors.column(j), all.eigenvectors.column(j)))
            #expect(abs(dot - 1) < S(eps(S.self, 500)), "same eigenvector up to sign")
        }
    }

    @Test func eigenOfRandomSymmetricSatisfiesAVEqualsVLambdaAndTopKMatchesAll() throws {
        try eigenCase(Float.self)
        try eigenCase(Double.self)
    }

    @Test func eigenReadsOnlyTheUpperTriangle() throws {
        let symmetric = DenseMatrix<Double>([[4, 1, 2], [1, 3, 0], [2, 0, 5]])
        var upperOnly = symmetric
        upperOnly[1, 0] = 99; upperOnly[2, 0] = .nan; upperOnly[2, 1] = -99
        #expect(try upperOnly.symmetricEigen().eigenvalues == symmetric.symmetricEigen().eigenvalues)
        #expect(try symmetric.symmetricEigen(top: 0).eigenvalues.isEmpty)
    }

    // MARK: QR

    private func qrCase<S: BLASScalar>(_: S.Type, m: Int, n: Int) throws {
        let a: DenseMatrix<S> = randomMatrix(m, n, seed: UInt64(7 * m + n))
        let qr = try a.qr()
        let r = min(m, n)
        #expect(qr.q.rows == m && qr.q.columns == r && qr.r.rows == r && qr.r.columns == n)
        #expect(orthonormalityDefect(qr.q.elements, m: m, k: r) < eps(S.self, 100), "Q has orthonormal columns")
        #expect((0 ..< r).allSatisfy { i in (0 ..< min(i, n)).allSatisfy { qr.r[i, $0] == 0 } }, "R is upper trapezoidal")
        let product = naiveMatmul(qr.q.elements, qr.r.elements, m: m, n: n, k: r)
        #expect(relativeError(product, reference: a.elements) < eps(S.self, 100), "\(S.self) \(m)x\(n)")
        #expect(try a.thinQ() == qr.q)
    }

    @Test(arguments: [(10, 4), (6, 6), (4, 7), (1, 1)])
    func qrGivesOrthonormalQAndUpperRWhoseProductIsA(shape: (Int, Int)) throws {
        try qrCase(Float.self, m: shape.0, n: shape.1)
        try qrCase(Double.self, m: shape.0, n: shape.1)
    }

    // MARK: Row bases

    /// `scipy.linalg.lu(a, permute_l=True)[0]` for a tall `n x l` row-major `a`:
    /// Doolittle elimination with partial pivoting (largest magnitude, first on
    /// ties), then the unit lower trapezoidal `L` with its rows put back in the
    /// order of `a`'s rows.
    private func naivePermutedL(_ a: [Double], n: Int, l: Int) -> [Double] {
        var lu = a, order = Array(0 ..< n)
        for c in 0 ..< l {
            var pivot = c
            for r in c ..< n where abs(lu[r * l + c]) > abs(lu[pivot * l + c]) { pivot = r }
            for j in 0 ..< l { lu.swapAt(pivot * l + j, c * l + j) }
            order.swapAt(pivot, c)
            for r in c + 1 ..< n {
                lu[r * l + c] /= lu[c * l + c]
                for j in c + 1 ..< l { lu[r * l + j] -= lu[r * l + c] * lu[c * l + j] }
            }
        }
        var permuted = [Double](repeating: 0, count: n * l)
        for r in 0 ..< n {
            for j in 0 ..< l { permuted[order[r] * l + j] = r > j ? lu[r * l + j] : r == j ? 1 : 0 }
        }
        return permuted
    }

    private func luRowBasisCase<S: BLASScalar>(_: S.Type, l: Int, n: Int) throws {
        let w: DenseMatrix<S> = randomMatrix(l, n, seed: UInt64(13 * l + n))
        var basis = w
        try basis.formLURowBasis()
        #expect(basis.rows == l && basis.columns == n)
        let wt = naiveTranspose(w.elements.map { Double($0) }, m: l, n: n)
        let expected = naiveTranspose(naivePermutedL(wt, n: n, l: l), m: n, n: l)
        #expect(relativeError(basis.elements.map { Double($0) }, reference: expected) < eps(S.self, 1000), "\(S.self) \(l)x\(n)")
        #expect(basis.elements.allSatisfy { abs($0) <= 1 }, "partial pivoting bounds L's entries by 1")
    }

    @Test(arguments: [(1, 6), (4, 9), (7, 7), (12, 40)])
    func luRowBasisIsThePermutedLOfTheTransposesLU(shape: (Int, Int)) throws {
        try luRowBasisCase(Float.self, l: shape.0, n: shape.1)
        try luRowBasisCase(Double.self, l: shape.0, n: shape.1)
    }

    private func orthonormalRowBasisCase<S: BLASScalar>(_: S.Type, l: Int, n: Int) throws {
        let w: DenseMatrix<S> = randomMatrix(l, n, seed: UInt64(17 * l + n))
        var basis = w
        try basis.formOrthonormalRowBasis()
        #expect(basis.rows == l && basis.columns == n)
        #expect(orthonormalityDefect(basis.transposed().elements, m: n, k: l) < eps(S.self, 100), "orthonormal rows")
        // W's rows lie in the span: W = (W Bᵀ) B.
        let coefficients = naiveMatmul(w.elements, basis.elements, m: l, n: l, k: n, transposeB: true)
        let projected = naiveMatmul(coefficients, basis.elements, m: l, n: n, k: l)
        #expect(relativeError(projected, reference: w.elements) < eps(S.self, 100), "\(S.self) \(l)x\(n)")
        #expect(relativeError(basis.elements, reference: try w.transposed().thinQ().transposed().elements) < eps(S.self, 100),
                "the Q of the transpose's QR")
    }

    @Test(arguments: [(1, 6), (4, 9), (7, 7), (12, 40)])
    func orthonormalRowBasisSpansTheRowsWithOrthonormalRows(shape: (Int, Int)) throws {
        try orthonormalRowBasisCase(Float.self, l: shape.0, n: shape.1)
        try orthonormalRowBasisCase(Double.self, l: shape.0, n: shape.1)
    }

    @Test func rowBasesRejectNaN() {
        var a = DenseMatrix<Double>([[1, .nan, 2], [0, 1, 3]])
        #expect(throws: BLASError.nonFiniteInput(routine: "LAPACKE_dgetrf")) { try a.formLURowBasis() }
        #expect(throws: BLASError.nonFiniteInput(routine: "LAPACKE_dgeqrf")) { try a.formOrthonormalRowBasis() }
    }
}
