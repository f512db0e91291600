import Testing
@testable import LinearAlgebra
import _TestSupport

@Suite("BLAS wrappers against naive references")
struct BLASTests {
    // MARK: gemm

    private func gemmCase<S: BLASScalar>(_: S.Type, transposeA: Bool, transposeB: Bool) throws {
        let (m, n, k) = (7, 5, 9)
        let a: DenseMatrix<S> = transposeA ? randomMatrix(k, m, seed: 1) : randomMatrix(m, k, seed: 1)
        let b: DenseMatrix<S> = transposeB ? randomMatrix(n, k, seed: 2) : randomMatrix(k, n, seed: 2)
        var c: DenseMatrix<S> = randomMatrix(m, n, seed: 3)
        let c0 = c
        try DenseMatrix.multiply(a, b, transposeA: transposeA, transposeB: transposeB, alpha: 2, beta: 0.5, into: &c)
        let product = naiveMatmul(a.elements, b.elements, m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB)
        let expected = zip(product, c0.elements).map { 2 * $0 + 0.5 * $1 }
        #expect(relativeError(c.elements, reference: expected) < eps(S.self),
                "\(S.self) transposeA \(transposeA) transposeB \(transposeB)")
    }

    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func gemmMatchesNaiveForEveryTransposeCombination(flags: (Bool, Bool)) throws {
        try gemmCase(Float.self, transposeA: flags.0, transposeB: flags.1)
        try gemmCase(Double.self, transposeA: flags.0, transposeB: flags.1)
    }

    @Test func matmulOfEmptyAndInnerEmptyShapes() throws {
        let a = DenseMatrix<Double>(rows: 3, columns: 0)
        let b = DenseMatrix<Double>(rows: 0, columns: 2)
        #expect(try a.matmul(b) == DenseMatrix(rows: 3, columns: 2))
        #expect(try b.matmul(a, transposeSelf: true, transposeOther: true).rows == 2)
        #expect(try DenseMatrix<Float>(rows: 0, columns: 4).matmul(DenseMatrix(rows: 4, columns: 3)).rows == 0)
    }

    @Test func multiplyIntoAnAliasOfAnOperandUsesTheOldValues() throws {
        var a: DenseMatrix<Double> = randomMatrix(4, 4, seed: 5)
        let original = a
        try DenseMatrix.multiply(a, a, into: &a)
        #expect(relativeError(a.elements, reference: naiveMatmul(original.elements, original.elements, m: 4, n: 4, k: 4)) < 1e-13)
    }

    @Test func gemmKernelMultipliesTilesThroughLeadingDimensions() throws {
        // C[1..<4, 2..<7] += A[0..<3, 1..<5] * B[2..<6, 0..<5] inside larger matrices.
        let a: DenseMatrix<Double> = randomMatrix(6, 8, seed: 11)
        let b: DenseMatrix<Double> = randomMatrix(9, 10, seed: 12)
        var c: DenseMatrix<Double> = randomMatrix(5, 9, seed: 13)
        let before = c
        try a.withUnsafeBufferPointer { (pa) throws(BLASError) in
            try b.withUnsafeBufferPointer { (pb) throws(BLASError) in
                try c.withUnsafeMutableBufferPointer { (pc) throws(BLASError) in
                    try BLAS.gemm(m: 3, n: 5, k: 4, a: pa.baseAddress! + 0 * 8 + 1, lda: 8,
                                  b: pb.baseAddress! + 2 * 10 + 0, ldb: 10,
                                  beta: 1, c: pc.baseAddress! + 1 * 9 + 2, ldc: 9)
                }
            }
        }
        let tileA = a.rows(0 ..< 3).columns(1 ..< 5), tileB = b.rows(2 ..< 6).columns(0 ..< 5)
        let product = naiveMatmul(tileA.elements, tileB.elements, m: 3, n: 5, k: 4)
        for i in 0 ..< 5 {
            for j in 0 ..< 9 {
                let inTile = (1 ..< 4).contains(i) && (2 ..< 7).contains(j)
                let expected = before[i, j] + (inTile ? product[(i - 1) * 5 + (j - 2)] : 0)
                #expect(abs(c[i, j] - expected) < 1e-13, "(\(i), \(j))")
            }
        }
    }

    @Test func floatAndDoubleProductsAgreeToFloatPrecision() throws {
        let a32: DenseMatrix<Float> = randomMatrix(20, 30, seed: 21), b32: DenseMatrix<Float> = randomMatrix(30, 10, seed: 22)
        let a64: DenseMatrix<Double> = randomMatrix(20, 30, seed: 21), b64: DenseMatrix<Double> = randomMatrix(30, 10, seed: 22)
        let c32 = try a32.matmul(b32).converted(to: Double.self)
        let c64 = try a64.matmul(b64)
        #expect(relativeError(c32.elements, reference: c64.elements) < eps(Float.self))
        #expect(relativeError(c32.elements, reference: c64.elements) > 0, "Float should not be computed in Double")
    }

    // MARK: gemv and syrk

    private func gemvCase<S: BLASScalar>(_: S.Type) throws {
        let a: DenseMatrix<S> = randomMatrix(6, 4, seed: 31)
        var random = SeededRandom(seed: 32)
        let x4: [S] = random.array(count: 4), x6: [S] = random.array(count: 6)
        #expect(relativeError(try a.matvec(x4), reference: naiveMatVec(a.elements, x4, m: 6, n: 4)) < eps(S.self))
        let yt = try a.matvec(x6, transpose: true, alpha: -3)
        #expect(relativeError(yt, reference: naiveMatVec(a.elements, x6, m: 6, n: 4, transpose: true).map { -3 * $0 }) < eps(S.self))
    }

    @Test func gemvMatchesNaiveWithAndWithoutTranspose() throws {
        try gemvCase(Float.self)
        try gemvCase(Double.self)
    }

    private func gramCase<S: BLASScalar>(_: S.Type) throws {
        let a: DenseMatrix<S> = randomMatrix(5, 8, seed: 41)
        let rowsGram = try a.gram()
        #expect(rowsGram.rows == 5)
        #expect(relativeError(rowsGram.elements, reference: naiveMatmul(a.elements, a.elements, m: 5, n: 5, k: 8, transposeB: true)) < eps(S.self))
        #expect(rowsGram == rowsGram.transposed(), "mirrored exactly")
        let columnsGram = try a.gram(transpose: true, alpha: 2)
        #expect(columnsGram.rows == 8)
        let expected = naiveMatmul(a.elements, a.elements, m: 8, n: 8, k: 5, transposeA: true).map { 2 * $0 }
        #expect(relativeError(columnsGram.elements, reference: expected) < eps(S.self))
    }

    @Test func syrkGramMatchesNaiveProductAndIsSymmetric() throws {
        try gramCase(Float.self)
        try gramCase(Double.self)
    }

    @Test func syrkKernelWritesOnlyTheRequestedTriangle() throws {
        let a: DenseMatrix<Double> = randomMatrix(4, 3, seed: 43)
        var c = DenseMatrix<Double>(rows: 4, columns: 4, repeating: -7)
        try a.withUnsafeBufferPointer { (pa) throws(BLASError) in
            try c.withUnsafeMutableBufferPointer { (pc) throws(BLASError) in
                try BLAS.syrk(triangle: .lower, n: 4, k: 3, a: pa.baseAddress, lda: 3, c: pc.baseAddress, ldc: 4)
            }
        }
        let full = naiveMatmul(a.elements, a.elements, m: 4, n: 4, k: 3, transposeB: true)
        for i in 0 ..< 4 {
            for j in 0 ..< 4 {
                if j <= i { #expect(abs(c[i, j] - full[i * 4 + j]) < 1e-14) } else { #expect(c[i, j] == -7) }
            }
        }
    }

    // MARK: Level 1

    private func level1Case<S: BLASScalar>(_: S.Type) throws {
        var random = SeededRandom(seed: 51)
        let x: [S] = random.array(count: 37), y: [S] = random.array(count: 37)
        #expect(isApproximatelyEqual(Double(try BLAS.dot(x, y)), Double(naiveDot(x, y)), relative: eps(S.self), absolute: eps(S.self)))
        #expect(isApproximatelyEqual(Double(try BLAS.nrm2(x)), Double(naiveNorm(x)), relative: eps(S.self)))
        var z = y
        try BLAS.axpy(S(1.5), x, &z)
        #expect(relativeError(z, reference: zip(x, y).map { 1.5 * $0 + $1 }) < eps(S.self))
        try BLAS.scal(S(-2), &z)
        #expect(relativeError(z, reference: zip(x, y).map { -2 * (1.5 * $0 + $1) }) < eps(S.self))
        #expect(try BLAS.dot([S](), []) == 0)
        #expect(try BLAS.nrm2([S]()) == 0)
    }

    @Test func dotNrm2AxpyScalMatchNaive() throws {
        try level1Case(Float.self)
        try level1Case(Double.self)
    }

    @Test func stridedDotAndNorm2WalkAMatrixColumn() throws {
        let a: DenseMatrix<Double> = randomMatrix(6, 5, seed: 52)
        let column2 = a.column(2), column4 = a.column(4)
        let (dot, norm) = try a.withUnsafeBufferPointer { (p) throws(BLASError) in
            (try BLAS.dot(count: 6, x: p.baseAddress! + 2, strideX: 5, y: p.baseAddress! + 4, strideY: 5),
             try BLAS.nrm2(count: 6, x: p.baseAddress! + 2, strideX: 5))
        }
        #expect(abs(dot - naiveDot(column2, column4)) < 1e-14)
        #expect(abs(norm - naiveNorm(column2)) < 1e-14)
    }

    @Test func rowNormsNormalizeRowsScaleAndAdd() throws {
        var a: DenseMatrix<Float> = randomMatrix(5, 7, seed: 53)
        a.setRow(3, to: [Float](repeating: 0, count: 7))
        let norms = try a.rowNorms()
        #expect(relativeError(norms, reference: (0 ..< 5).map { naiveNorm(a.row($0)) }) < eps(Float.self))
        #expect(isApproximatelyEqual(try a.frobeniusNorm(), naiveNorm(a.elements)))
        var unit = a
        try unit.normalizeRows()
        let unitNorms = try unit.rowNorms()
        #expect(unitNorms.enumerated().allSatisfy { $0.offset == 3 ? $0.element == 0 : abs($0.element - 1) < 1e-6 })
        var b = a
        try b.scale(by: 3)
        try b.add(a, scaledBy: -2)
        #expect(relativeError(b.elements, reference: a.elements) < eps(Float.self))
    }

    // MARK: Narrowing and error mapping

    @Test func sizesAboveInt32MaxThrowDimensionTooLargeInsteadOfTrapping() throws {
        let tooLarge = Int(Int32.max) + 1
        #expect(try BLASCalls.narrow(Int(Int32.max), "n") == Int32.max)
        #expect(throws: BLASError.dimensionTooLarge(name: "n", value: tooLarge)) { try BLASCalls.narrow(tooLarge, "n") }
        #expect(throws: BLASError.dimensionTooLarge(name: "lda", value: -tooLarge - 1)) { try BLASCalls.narrow(-tooLarge - 1, "lda") }
        // The wrappers narrow every size before the C call, so no memory is touched.
        #expect(throws: BLASError.dimensionTooLarge(name: "m", value: tooLarge)) {
            try BLAS.gemm(m: tooLarge, n: 1, k: 1, a: nil as UnsafePointer<Float>?, lda: 1, b: nil, ldb: 1, c: nil, ldc: 1)
        }
        #expect(throws: BLASError.dimensionTooLarge(name: "n", value: tooLarge)) {
            try BLAS.dot(count: tooLarge, x: nil as UnsafePointer<Double>?, y: nil)
        }
    }

    @Test func lapackInfoCodesMapToErrorCases() {
        #expect(throws: BLASError.illegalArgument(routine: "LAPACKE_dgesdd", position: 5)) { try BLASCalls.check(-5, "LAPACKE_dgesdd") }
        #expect(throws: BLASError.noConvergence(routine: "LAPACKE_dgesdd", info: 3)) { try BLASCalls.check(3, "LAPACKE_dgesdd") }
        #expect(throws: BLASError.outOfMemory(routine: "LAPACKE_ssyevr")) { try BLASCalls.check(-1010, "LAPACKE_ssyevr") }
        #expect(throws: BLASError.outOfMemory(routine: "LAPACKE_ssyevr")) { try BLASCalls.check(-1011, "LAPACKE_ssyevr") }
        #expect(throws: Never.self) { try BLASCalls.check(0, "LAPACKE_sgeqrf") }
        #expect(BLASError.dimensionTooLarge(name: "k", value: 1 << 40).description.contains("split the problem"))
    }
}
