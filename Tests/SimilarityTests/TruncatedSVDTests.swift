import Foundation
import LinearAlgebra
import Similarity
import Testing
import _TestSupport

@Suite("Truncated SVD")
struct TruncatedSVDTests {
    /// `U diag(σ) Vᵀ` with random orthonormal `U` (`m x r`), `V` (`d x r`) and
    /// geometrically decaying `σᵢ = 10 · 0.6ⁱ`, as a sparse matrix with some
    /// entries zeroed afterwards (so it is genuinely sparse but keeps the decay).
    private func decayingMatrix<S: BLASScalar>(_ m: Int, _ d: Int, rank r: Int, seed: UInt64, as _: S.Type) throws -> DenseMatrix<S> {
        var random = SeededRandom(seed: seed)
        let gu = DenseMatrix<Double>(rows: m, columns: r) { _, _ in random.normal() }
        let gv = DenseMatrix<Double>(rows: d, columns: r) { _, _ in random.normal() }
        var u = try gu.thinQ()
        let v = try gv.thinQ()
        u.withUnsafeMutableBufferPointer { p in
            for index in p.indices { p[index] *= 10 * pow(0.6, Double(index % r)) }
        }
        let a = try u.matmul(v, transposeOther: true)
        return a.converted(to: S.self)
    }

    private func singularValuesMatchExact<S: BLASScalar>(_: S.Type, _ m: Int, _ d: Int, normalizer: TruncatedSVD.Normalizer) throws {
        let a = try decayingMatrix(m, d, rank: 60, seed: 61, as: S.self)
        let x = CSRMatrix(a)
        let exact = try DenseMatrix(x).svd().singularValues.map { Double($0) }
        let model = try TruncatedSVD(components: 8, normalizer: normalizer, seed: 7).fit(x)
        #expect(model.singularValues.count == 8)
        for (found, truth) in zip(model.singularValues.map { Double($0) }, exact) {
            #expect(abs(found - truth) <= 1e-3 * truth, "\(S.self) \(m)x\(d), \(normalizer): \(found) vs \(truth)")
        }
    }

    /// Tall and wide: the range finder starts from the side with fewer entries.
    @Test(arguments: TruncatedSVD.Normalizer.allCases)
    func singularValuesAreWithinOnePerMilleOfTheExactSVD(normalizer: TruncatedSVD.Normalizer) throws {
        for (m, d) in [(150, 90), (90, 150)] {
            try singularValuesMatchExact(Double.self, m, d, normalizer: normalizer)
            try singularValuesMatchExact(Float.self, m, d, normalizer: normalizer)
        }
    }

    @Test func luAndQRNormalisationFindTheSameSubspace() throws {
        let x: CSRMatrix<Double> = sparse(sparseRows(120, 70, density: 0.2, seed: 67, nonNegative: true))
        let lu = try TruncatedSVD(components: 5, normalizer: .lu, seed: 4).fit(x)
        let qr = try TruncatedSVD(components: 5, normalizer: .qr, seed: 4).fit(x)
        #expect(relativeError(lu.singularValues, reference: qr.singularValues) < 1e-6)
        #expect(relativeError(lu.components.elements, reference: qr.components.elements) < 1e-4, "same vectors, same signs")
    }

    @Test func configurationRoundTripsThroughJSONAndDefaultsToLU() throws {
        let svd = TruncatedSVD(components: 7, oversamples: 3, powerIterations: 2, normalizer: .qr, seed: 5, threads: 2)
        #expect(try JSONDecoder().decode(TruncatedSVD.self, from: JSONEncoder().encode(svd)) == svd)
        let older = Data(#"{"components": 7, "oversamples": 3, "powerIterations": 2, "seed": 5, "threads": 2}"#.utf8)
        #expect(try JSONDecoder().decode(TruncatedSVD.self, from: older).normalizer == .lu)
    }

    @Test(arguments: [(120, 70), (70, 120)])
    func reconstructionErrorIsCloseToTheBestRankKError(shape: (Int, Int)) throws {
        let (m, d) = shape
        let a = try decayingMatrix(m, d, rank: 50, seed: 62, as: Double.self)
        let x = CSRMatrix(a)
        let k = 6
        let (model, transformed) = try TruncatedSVD(components: k, seed: 3).fitTransform(x)
        let approximation = try transformed.matmul(model.components)
        var residual = a
        try residual.add(approximation, scaledBy: -1)
        let error = try residual.frobeniusNorm()
        let exact = try a.svd().singularValues
        let best = exact[k...].reduce(0) { $0 + $1 * $1 }.squareRoot()
        #expect(error >= best * (1 - 1e-9))
        #expect(error <= best * 1.001, "error \(error), Eckart-Young bound \(best)")
        #expect(relativeError(model.transform(x).elements, reference: transformed.elements) < 1e-6, "converged: X Vᵀ = U Σ")
        // Components are orthonormal rows.
        #expect(orthonormalityDefect(model.components.transposed().elements, m: d, k: k) < 1e-10)
        #expect(orthonormalityDefect(transformed.elements.enumerated().map { $0.element / model.singularValues[$0.offset % k] }, m: m, k: k) < 1e-10,
                 "U = transformed Σ⁻¹ has orthonormal columns")
    }

    @Test func transformEqualsFitTransformAndExplainedVarianceMatchesItsDefinition() throws {
        let rows = sparseRows(80, 40, density: 0.2, seed: 63, nonNegative: true)
        let x: CSRMatrix<Double> = sparse(rows)
        let (model, transformed) = try TruncatedSVD(components: 5, seed: 1).fitTransform(x)
        // transform is X Vᵀ; fitTransform is U Σ, equal only as far as the range finder converged.
        let product = naiveMatmul(naiveDense(rows: 80, columns: 40, rowOffsets: x.rowOffsets, columnIndices: x.columnIndices, values: x.values),
                                  model.components.elements, m: 80, n: 5, k: 40, transposeB: true)
        #expect(relativeError(model.transform(x).elements, reference: product) < 1e-12)
        #expect(relativeError(try model.transform(dense(rows, as: Double.self)).elements, reference: product) < 1e-12)
        #expect(relativeError(transformed.elements, reference: product) < 0.05)

        func variance(_ values: [Double]) -> Double {
            let mean = values.reduce(0, +) / Double(values.count)
            return values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
        }
        let total = (0 ..< 40).reduce(0.0) { sum, j in sum + variance(rows.map { $0[j] }) }
        for c in 0 ..< 5 {
            let explained = variance(transformed.column(c))
            #expect(abs(model.explainedVariance[c] - explained) <= 1e-10 * explained)
            #expect(abs(model.explainedVarianceRatio[c] - explained / total) <= 1e-10)
        }
        #expect(model.explainedVarianceRatio.reduce(0, +) < 1)
    }

    @Test func signsMakeTheLargestEntryOfEachComponentPositive() throws {
        let x: CSRMatrix<Float> = sparse(sparseRows(60, 30, density: 0.3, seed: 64))
        let model = try TruncatedSVD(components: 4, seed: 2).fit(x)
        for r in 0 ..< 4 {
            let row = model.components.row(r)
            let largest = row.max { abs($0) < abs($1) }!
            #expect(largest > 0)
        }
    }

    /// Small and tall; larger and wide, with several row chunks per product.
    @Test(arguments: [(90, 50, 0.15), (600, 1100, 0.05)])
    func aSeedGivesBitIdenticalResultsAcrossRunsAndThreadCounts(shape: (Int, Int, Double)) throws {
        let x: CSRMatrix<Float> = sparse(sparseRows(shape.0, shape.1, density: shape.2, seed: 65, nonNegative: true))
        let first = try TruncatedSVD(components: 6, seed: 42, threads: 1).fitTransform(x)
        for threads in [1, 2, 3] {
            let again = try TruncatedSVD(components: 6, seed: 42, threads: threads).fitTransform(x)
            #expect(again.model.components == first.model.components, "\(threads) threads")
            #expect(again.model.singularValues == first.model.singularValues)
            #expect(again.transformed == first.transformed)
        }
        let other = try TruncatedSVD(components: 6, seed: 43).fit(x)
        #expect(relativeError(other.singularValues, reference: first.model.singularValues) < 1e-2, "another seed, about the same values")
    }

    @Test func modelRoundTripsThroughJSON() throws {
        let x: CSRMatrix<Double> = sparse(sparseRows(30, 20, density: 0.3, seed: 66, nonNegative: true))
        let model = try TruncatedSVD(components: 3).fit(x)
        let data = try JSONEncoder().encode(model)
        let decoded = try JSONDecoder().decode(TruncatedSVDModel<Double>.self, from: data)
        #expect(decoded.components == model.components && decoded.singularValues == model.singularValues)
    }

    @Test func seededGeneratorIsReproducibleAndRoughlyStandardNormal() {
        var a = SeededGenerator(seed: 9), b = SeededGenerator(seed: 9)
        let xs = (0 ..< 20_000).map { _ in a.nextNormal() }
        #expect(xs == (0 ..< 20_000).map { _ in b.nextNormal() })
        let mean = xs.reduce(0, +) / Double(xs.count)
        let variance = xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(xs.count)
        #expect(abs(mean) < 0.03 && abs(variance - 1) < 0.05)
        var c = SeededGenerator(seed: 10)
        #expect(c.nextNormal() != xs[0])
    }

    @Test func jumpMatchesTheReferenceXoshiroJump() {
        // Expected values from the reference C code (xoshiro256starstar.c,
        // `jump()`), its state filled by SplitMix64 from seed 42.
        var random = SeededGenerator(seed: 42)
        _ = random.next()
        random.jump()
        #expect([random.next(), random.next(), random.next()] == [0xBA28_5EC2_1347_D703, 0x5EA1_247B_4DC6_452A, 0x03A5_C664_2470_2131])
        random.jump()
        #expect(random.next() == 0xA4B7_9480_6FC2_FC16)
        var pending = SeededGenerator(seed: 1)
        _ = pending.nextNormal()
        var drained = pending
        let spare = drained.nextNormal()
        pending.jump()
        drained.jump()
        let next = pending.nextNormal()
        #expect(next == drained.nextNormal() && next != spare, "a jump drops the pending second normal")
    }
}
