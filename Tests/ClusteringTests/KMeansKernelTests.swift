import Foundation
import LinearAlgebra
import Testing
@testable import Clustering
import _TestSupport

/// The pieces behind `SphericalKMeans`: the sparse product kernels, the
/// cluster sums, the stopping rule's measure and the assignment bounds.
@Suite("k-means kernels")
struct KMeansKernelTests {
    // MARK: Sparse products

    @Test(arguments: [1, 3, 8, 20, 30, 50, 100])
    func sparseProductsMatchNaiveProductsOnBothPaths(width: Int) throws {
        try checkSparseProducts(width: width, as: Double.self, tolerance: 1e-12)
        try checkSparseProducts(width: width, as: Float.self, tolerance: 1e-4)
    }

    private func checkSparseProducts<S: BLASScalar>(width m: Int, as _: S.Type, tolerance: Double) throws
        where S.RawSignificand: FixedWidthInteger {
        var random = SeededRandom(seed: UInt64(m))
        let n = 300, d = 70
        let arrays = randomCSRArrays(rows: n, columns: d, density: 0.2, using: &random, as: S.self)
        let rows = try SparseUnitRows(copying: CSRMatrix(rows: n, columns: d, rowOffsets: arrays.rowOffsets,
                                                         columnIndices: arrays.columnIndices, values: arrays.values))
        let matrix: [S] = random.array(count: m * d)
        let dense = naiveDense(rows: n, columns: d, rowOffsets: arrays.rowOffsets, columnIndices: arrays.columnIndices,
                               values: arrays.values)
        let expected = naiveMatmul(dense, matrix, m: n, n: m, k: d, transposeB: true)
        // Every third row active: the others' products may be skipped.
        let active = Buffer<Bool>(copying: (0 ..< n).map { $0 % 3 == 0 })
        let paths = sparseProductsVectorized ? [false, true] : [false]
        for vectorized in paths {
            matrix.withUnsafeBufferPointer { matrix in
                let kernel = SparseProductKernel(rows, matrix: matrix.baseAddress!, rows: m, threads: 2, vectorized: vectorized)
                for mask in [nil, UnsafePointer(active.base)] {
                    let chunk = 17 ..< 290
                    let out = UnsafeMutablePointer<S>.allocate(capacity: chunk.count * kernel.stride)
                    defer { out.deallocate() }
                    kernel.run(rows: chunk, active: mask, into: out)
                    for i in chunk where mask?[i] ?? true {
                        for c in 0 ..< m {
                            let got = Double(out[(i - chunk.lowerBound) * m + c]), want = Double(expected[i * m + c])
                            #expect(abs(got - want) <= tolerance * max(1, abs(want)),
                                    "vectorized \(vectorized), row \(i), column \(c) of \(m): \(got) vs \(want)")
                        }
                    }
                }
            }
        }
    }

    // MARK: Sums and the stopping rule

    @Test func clusterSumsAddEachClustersRowsAndOnlyTheSelectedOnes() throws {
        let (matrix, truth) = sparseTopics(rows: 900, columns: 60, perRow: 6, clusters: 4, seed: 21, as: Double.self)
        let rows = try SparseUnitRows(normalizing: matrix)
        let labels = Buffer<Int>(copying: truth)
        let sums = clusterSums(of: rows, labels: labels, clusterCount: 4, threads: 2)
        let dense = rows.denseRows(Array(0 ..< 900))
        for c in 0 ..< 4 {
            for j in 0 ..< 60 {
                var expected = 0.0
                for i in 0 ..< 900 where truth[i] == c { expected += dense[i * 60 + j] }
                #expect(abs(sums[c * 60 + j] - expected) < 1e-12)
            }
        }
        let target = Buffer<Double>(repeating: -7, count: 4 * 60)
        clusterSums(of: rows, labels: labels, clusterCount: 4, threads: 2, into: target, only: [false, true, false, true])
        for c in 0 ..< 4 {
            for j in 0 ..< 60 {
                #expect(target[c * 60 + j] == (c % 2 == 1 ? sums[c * 60 + j] : -7))
            }
        }
    }

    @Test func stoppingShiftIsTheSquaredMovementOfThePlainClusterMeans() throws {
        let (matrix, _) = separatedBlobs(clusters: 4, perCluster: 30, dimension: 8, noise: 0.5, seed: 5, as: Double.self)
        let rows = try DenseUnitRows(normalizing: matrix)
        let engine = KMeansEngine(rows, k: 4, threads: 2)
        let seeds = [3, 50, 77, 100]
        let state = KMeansEngine<DenseUnitRows<Double>>.LloydState(
            centroids: rows.denseRows(seeds), meanLengths: [1, 1, 1, 1], rows: rows.count, bounds: nil)
        // Before the first step each centre is its seed row.
        var previousMeans = seeds.map { seed in (0 ..< 8).map { rows.data[seed * 8 + $0] } }
        for _ in 0 ..< 3 {
            let shift = try engine.step(state)
            let labels = state.labels.array
            var expected = 0.0
            var means: [[Double]] = []
            for c in 0 ..< 4 {
                let members = labels.indices.filter { labels[$0] == c }
                let mean = (0 ..< 8).map { j in members.reduce(0.0) { $0 + rows.data[$1 * 8 + j] } / Double(members.count) }
                expected += zip(mean, previousMeans[c]).reduce(0.0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
                means.append(mean)
            }
            #expect(abs(shift - expected) <= 1e-12 * max(1, expected), "\(shift) vs \(expected)")
            previousMeans = means
        }
    }

    // MARK: Bounds

    @Test func boundsSkipRowsWithoutChangingAnyResult() throws {
        // Overlapping topics and more clusters than topics: many iterations,
        // with labels that keep moving between nearby centroids.
        let (double, _) = sparseTopics(rows: 4000, columns: 240, perRow: 9, clusters: 5, seed: 17, as: Double.self)
        try checkBoundsChangeNothing(SparseUnitRows(normalizing: double), k: 12)
        let (float, _) = sparseTopics(rows: 3000, columns: 200, perRow: 8, clusters: 4, seed: 19, as: Float.self)
        try checkBoundsChangeNothing(SparseUnitRows(normalizing: float), k: 9)
    }

    private func checkBoundsChangeNothing<S: BLASScalar>(_ rows: SparseUnitRows<S>, k: Int) throws {
        for seed in [1, 2, 3] as [UInt64] {
            let pruned = try KMeansEngine(rows, k: k, threads: 2).run(seed: seed, maxIterations: 300, tolerance: 0)
            let plain = try KMeansEngine(rows, k: k, threads: 2, pruning: false)
                .run(seed: seed, maxIterations: 300, tolerance: 0)
            #expect(pruned.iterations > 3)
            #expect(pruned.labels.array == plain.labels.array)
            #expect(pruned.centroids.array == plain.centroids.array)
            #expect(pruned.iterations == plain.iterations)
            #expect(pruned.objective == plain.objective)
        }
    }

    @Test func boundsStayBoundsAfterWidening() {
        let bounds = AssignmentBounds(rows: 2, clusters: 3, terms: 4, ulp: Double.ulpOfOne, largestSquaredNorm: 1)
        let products: [Double] = [0.2, 0.9, 0.5]
        products.withUnsafeBufferPointer { bounds.record(row: 0, products: $0.baseAddress!, label: 1) }
        #expect(bounds.own[0] == 0.9)
        bounds.markActive()
        #expect(!bounds.active[0])
        #expect(bounds.active[1])
        // Centroid 1 (row 0's own) turns by 0.1 and centroid 2 by 0.25:
        // 0.9 − 0.1 against 0.5 + 0.25 still separates.
        let labels = Buffer<Int>(copying: [1, 0])
        bounds.widen(labels: labels, movements: [0, 0.1, 0.25])
        #expect(bounds.own[0] <= 0.8 && bounds.own[0] > 0.8 - 1e-9)
        bounds.markActive()
        #expect(!bounds.active[0])
        bounds.widen(labels: labels, movements: [0, 0, 0.1])
        bounds.markActive()
        #expect(bounds.active[0])
    }
}
