import Testing
@testable import LinearAlgebra
import _TestSupport

/// A seeded random sparse matrix; `Float` and `Double` versions hold the same pattern and values.
private func randomCSR<S: BLASScalar>(_ m: Int, _ n: Int, density: Double, seed: UInt64, as _: S.Type = S.self) -> CSRMatrix<S> {
    var random = SeededRandom(seed: seed)
    let arrays = randomCSRArrays(rows: m, columns: n, density: density, using: &random, as: Double.self)
    return CSRMatrix(rows: m, columns: n, rowOffsets: arrays.rowOffsets, columnIndices: arrays.columnIndices,
                     values: arrays.values.map { S($0) })
}

private func naiveDenseElements<S: BLASScalar>(_ a: CSRMatrix<S>) -> [S] {
    naiveDense(rows: a.rows, columns: a.columns, rowOffsets: a.rowOffsets, columnIndices: a.columnIndices, values: a.values)
}

@Suite("Sparse kernels")
struct SparseKernelTests {
    private func spmmCase<S: BLASScalar>(_: S.Type) throws {
        let a: CSRMatrix<S> = randomCSR(40, 30, density: 0.1, seed: 71)
        let b: DenseMatrix<S> = randomMatrix(30, 12, seed: 72)
        let product = a.multiply(b, threads: 2)
        #expect(product.rows == 40 && product.columns == 12)
        let naive = naiveMatmul(naiveDenseElements(a), b.elements, m: 40, n: 12, k: 30)
        #expect(relativeError(product.elements, reference: naive) < eps(S.self))
        let gemm = try DenseMatrix(a).matmul(b)
        #expect(relativeError(product.elements, reference: gemm.elements) < eps(S.self), "SpMM agrees with dense gemm")
    }

    @Test func spmmMatchesNaiveAndDenseGemm() throws {
        try spmmCase(Float.self)
        try spmmCase(Double.self)
    }

    private func transposeSpmmCase<S: BLASScalar>(_: S.Type) throws {
        let a: CSRMatrix<S> = randomCSR(40, 30, density: 0.1, seed: 73)
        let q: DenseMatrix<S> = randomMatrix(40, 6, seed: 74)
        let product = a.transposeMultiply(q, threads: 2)
        #expect(product.rows == 30 && product.columns == 6)
        let naive = naiveMatmul(naiveDenseElements(a), q.elements, m: 30, n: 6, k: 40, transposeA: true)
        #expect(relativeError(product.elements, reference: naive) < eps(S.self))
        let gemm = try DenseMatrix(a).matmul(q, transposeSelf: true)
        #expect(relativeError(product.elements, reference: gemm.elements) < eps(S.self))
    }

    @Test func transposeSpmmMatchesNaiveAndDenseGemm() throws {
        try transposeSpmmCase(Float.self)
        try transposeSpmmCase(Double.self)
    }

    @Test func oneAndManyThreadsGiveBitIdenticalProducts() {
        let a: CSRMatrix<Float> = randomCSR(600, 300, density: 0.05, seed: 75)
        let b: DenseMatrix<Float> = randomMatrix(300, 64, seed: 76)
        let q: DenseMatrix<Float> = randomMatrix(600, 64, seed: 77)
        #expect(a.workChunks(width: 64).count > 2, "the test must exercise several chunks")
        let single = a.multiply(b, threads: 1)
        let singleT = a.transposeMultiply(q, threads: 1)
        for threads in [2, 3, 8] {
            #expect(a.multiply(b, threads: threads) == single, "multiply, \(threads) threads")
            #expect(a.transposeMultiply(q, threads: threads) == singleT, "transposeMultiply, \(threads) threads")
        }
    }

    @Test func workChunksCoverEveryRowOnceInOrder() {
        let a: CSRMatrix<Double> = randomCSR(1000, 50, density: 0.2, seed: 78)
        let chunks = a.workChunks(width: 100)
        #expect(chunks.count > 1)
        #expect(chunks.first?.lowerBound == 0 && chunks.last?.upperBound == 1000)
        #expect(zip(chunks, chunks.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
        #expect(chunks.allSatisfy { !$0.isEmpty })
    }

    @Test func transposedMatchesTheDenseTransposeAndIsAnInvolution() {
        let a: CSRMatrix<Double> = randomCSR(17, 23, density: 0.2, seed: 79)
        let t = a.transposed()
        #expect(t.rows == 23 && t.columns == 17 && t.nonZeroCount == a.nonZeroCount)
        #expect(naiveDenseElements(t) == naiveTranspose(naiveDenseElements(a), m: 17, n: 23))
        #expect(t.transposed() == a)
    }

    @Test func rowNormsAndNormalizedRowsMatchNaive() {
        var random = SeededRandom(seed: 80)
        var arrays = randomCSRArrays(rows: 12, columns: 9, density: 0.3, using: &random, as: Double.self)
        // Make row 4 empty.
        let removed = arrays.rowOffsets[5] - arrays.rowOffsets[4]
        arrays.columnIndices.removeSubrange(arrays.rowOffsets[4] ..< arrays.rowOffsets[5])
        arrays.values.removeSubrange(arrays.rowOffsets[4] ..< arrays.rowOffsets[5])
        for i in 5 ... 12 { arrays.rowOffsets[i] -= removed }
        let a = CSRMatrix(rows: 12, columns: 9, rowOffsets: arrays.rowOffsets, columnIndices: arrays.columnIndices, values: arrays.values)
        let dense = naiveDenseElements(a)
        let expected = (0 ..< 12).map { naiveNorm(Array(dense[$0 * 9 ..< ($0 + 1) * 9])) }
        #expect(relativeError(a.rowNorms(), reference: expected) < 1e-14)
        let unit = a.normalizedRows().rowNorms()
        #expect(unit[4] == 0)
        for (norm, unitNorm) in zip(expected, unit) {
            #expect(norm == 0 ? unitNorm == 0 : abs(unitNorm - 1) < 1e-14)
        }
    }

    @Test func denseAndSparseConversionsRoundTrip() {
        let dense = DenseMatrix<Float>([[0, 1.5, 0], [0, 0, 0], [-2, 0, 3]])
        let sparse = CSRMatrix(dense)
        #expect(sparse.rowOffsets == [0, 1, 1, 3])
        #expect(sparse.columnIndices == [1, 0, 2])
        #expect(sparse.values == [1.5, -2, 3])
        #expect(DenseMatrix(sparse) == dense)
        let random: CSRMatrix<Double> = randomCSR(9, 14, density: 0.25, seed: 81)
        #expect(DenseMatrix(random).elements == naiveDenseElements(random))
        #expect(CSRMatrix(DenseMatrix(random)) == random)
    }

    @Test func emptyMatricesMultiplyToZeros() {
        let empty = CSRMatrix<Double>(zeros: 3, columns: 4)
        let b: DenseMatrix<Double> = randomMatrix(4, 2, seed: 82)
        #expect(empty.multiply(b) == DenseMatrix(rows: 3, columns: 2))
        #expect(empty.transposeMultiply(DenseMatrix(rows: 3, columns: 5)) == DenseMatrix(rows: 4, columns: 5))
        #expect(CSRMatrix<Float>(zeros: 0, columns: 0).transposed().rows == 0)
    }

    /// The sum the kernels promise, written out: per output element, a multiply
    /// then an add per stored entry, in stored order, starting from zero.
    private func storedOrderProduct<S: BLASScalar>(_ a: CSRMatrix<S>, _ b: DenseMatrix<S>) -> [S] {
        var out = [S](repeating: 0, count: a.rows * b.columns)
        for i in 0 ..< a.rows {
            for c in 0 ..< b.columns {
                var sum: S = 0
                for p in a.rowOffsets[i] ..< a.rowOffsets[i + 1] {
                    let product = a.values[p] * b[Int(a.columnIndices[p]), c]
                    sum += product
                }
                out[i * b.columns + c] = sum
            }
        }
        return out
    }

    private func storedOrderCase<S: BLASScalar>(_: S.Type) {
        let a: CSRMatrix<S> = randomCSR(70, 45, density: 0.2, seed: 83)
        for width in [1, 7, 8, 9, 16, 21] {
            let b: DenseMatrix<S> = randomMatrix(45, width, seed: 84 + UInt64(width))
            #expect(a.multiply(b, threads: 2).elements == storedOrderProduct(a, b), "\(S.self), \(width) columns")
        }
    }

    @Test func spmmSumsEachElementInStoredOrderForAnyNumberOfColumns() {
        storedOrderCase(Float.self)
        storedOrderCase(Double.self)
    }

    private func transposeOfCase<S: BLASScalar>(_: S.Type) {
        let a: CSRMatrix<S> = randomCSR(50, 33, density: 0.15, seed: 85)
        for n in [1, 5, 8, 13, 24] {
            let w: DenseMatrix<S> = randomMatrix(n, 33, seed: 86 + UInt64(n))
            let product = w.multiply(transposeOf: a, threads: 2)
            #expect(product.rows == n && product.columns == 50)
            let naive = naiveMatmul(w.elements, naiveDenseElements(a), m: n, n: 50, k: 33, transposeB: true)
            #expect(relativeError(product.elements, reference: naive) < eps(S.self), "\(S.self), \(n) rows")
            #expect(product == a.multiply(w.transposed()).transposed(), "the same sums as A Wᵀ, bit for bit")
        }
    }

    @Test func denseTimesSparseTransposeMatchesNaiveAndEqualsTheTransposedSpmm() {
        transposeOfCase(Float.self)
        transposeOfCase(Double.self)
    }

    @Test func denseTimesSparseTransposeIsBitIdenticalForAnyThreadCount() {
        let a: CSRMatrix<Float> = randomCSR(700, 300, density: 0.05, seed: 87)
        let w: DenseMatrix<Float> = randomMatrix(37, 300, seed: 88)
        #expect(a.workChunks(width: 37).count > 2, "the test must exercise several chunks")
        let single = w.multiply(transposeOf: a, threads: 1)
        for threads in [2, 3, 8] {
            var result = DenseMatrix<Float>(rows: 37, columns: 700, repeating: .nan)
            w.multiply(transposeOf: a, into: &result, threads: threads)
            #expect(result == single, "\(threads) threads")
        }
    }

    @Test func denseTimesSparseTransposeOverwritesTheWholeResult() {
        let w: DenseMatrix<Double> = randomMatrix(3, 4, seed: 89)
        var result = DenseMatrix<Double>(rows: 3, columns: 5, repeating: 7)
        w.multiply(transposeOf: CSRMatrix(zeros: 5, columns: 4), into: &result)
        #expect(result == DenseMatrix(rows: 3, columns: 5))
        // Rows of `a` with no entries give zero columns too.
        let a = CSRMatrix<Double>(DenseMatrix([[0, 0, 0, 0], [1, 0, 2, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 3, 0, 0]]))
        result = DenseMatrix(rows: 3, columns: 5, repeating: 7)
        w.multiply(transposeOf: a, into: &result)
        #expect(relativeError(result.elements, reference: naiveMatmul(w.elements, naiveDenseElements(a), m: 3, n: 5, k: 4, transposeB: true)) < 1e-15)
        #expect(result.column(0) == [0, 0, 0] && result.column(2) == [0, 0, 0])
    }

    @Test func transposedWithAColumnOrderPutsColumnOrderRAtRowR() {
        let a: CSRMatrix<Double> = randomCSR(30, 12, density: 0.3, seed: 90)
        let order = [5, 0, 11, 3, 7, 1, 10, 2, 9, 4, 8, 6]
        let reordered = a.transposed(columnOrder: order)
        let plain = a.transposed()
        #expect(reordered.rows == 12 && reordered.columns == 30)
        for (r, column) in order.enumerated() {
            #expect(reordered.row(r).columns == plain.row(column).columns && reordered.row(r).values == plain.row(column).values)
        }
        // Transposed back: the columns renumbered, rows sorted by the new numbers.
        let renumbered = reordered.transposed()
        for i in 0 ..< 30 {
            for (r, column) in order.enumerated() { #expect(renumbered[i, r] == a[i, column]) }
        }
        #expect(a.transposed(columnOrder: Array(0 ..< 12)) == plain)
        #expect(a.columnEntryCounts() == (0 ..< 12).map { plain.row($0).values.count })
    }
}
