import Foundation
import LinearAlgebra
import Testing
@testable import Clustering
import _TestSupport

@Suite("Spherical k-means")
struct SphericalKMeansTests {
    // MARK: Recovery

    @Test func recoversWellSeparatedDenseClusters() throws {
        let (x, truth) = separatedBlobs(clusters: 5, perCluster: 40, dimension: 12, seed: 1, as: Double.self)
        let result = try SphericalKMeans(KMeansConfiguration(k: 5, seed: 3)).fit(x)
        #expect(adjustedRandIndex(result.labels, truth) == 1.0)
        #expect(result.converged)
        #expect(result.clusterSizes.sorted() == [40, 40, 40, 40, 40])
    }

    @Test func recoversWellSeparatedSparseFloatClusters() throws {
        let (dense, truth) = separatedBlobs(clusters: 4, perCluster: 30, dimension: 9, seed: 2, as: Float.self)
        let result = try SphericalKMeans(KMeansConfiguration(k: 4, seed: 5)).fit(CSRMatrix(dense))
        #expect(adjustedRandIndex(result.labels, truth) == 1.0)
    }

    @Test func centroidsAreUnitMeanDirectionsAndSimilaritiesMatchThem() throws {
        let (x, _) = separatedBlobs(clusters: 3, perCluster: 20, dimension: 6, seed: 4, as: Double.self)
        let result = try SphericalKMeans(KMeansConfiguration(k: 3, seed: 1)).fit(x)
        var objective = 0.0
        for c in 0 ..< 3 {
            let centroid = result.centroids.row(c)
            #expect(abs(naiveNorm(centroid) - 1) < 1e-12)
            // The centroid is the normalised sum of the members' unit rows.
            var sum = [Double](repeating: 0, count: 6)
            for i in result.labels.indices where result.labels[i] == c {
                let row = x.row(i), norm = naiveNorm(row)
                for j in 0 ..< 6 { sum[j] += row[j] / norm }
            }
            let norm = naiveNorm(sum)
            #expect(maxAbsoluteDifference(centroid, sum.map { $0 / norm }) < 1e-12)
        }
        for i in result.labels.indices {
            let row = x.row(i)
            let cosine = naiveDot(row, result.centroids.row(result.labels[i])) / naiveNorm(row)
            #expect(abs(result.similarities[i] - cosine) < 1e-12)
            objective += 1 - cosine
        }
        #expect(abs(result.objective - objective) < 1e-9)
    }

    // MARK: Determinism and parity across paths

    @Test func sameSeedGivesBitIdenticalResultsOnOneAndTwoThreads() throws {
        // Enough rows for several chunks and partial-sum groups; a few
        // iterations suffice to compare every step bit for bit.
        let (x, _) = separatedBlobs(clusters: 6, perCluster: 1500, dimension: 16, noise: 0.6, seed: 6, as: Double.self)
        var configuration = KMeansConfiguration(k: 6, nInit: 2, maxIterations: 4, seed: 11, threads: 1)
        let one = try SphericalKMeans(configuration).fit(x)
        configuration.threads = 2
        let two = try SphericalKMeans(configuration).fit(x)
        #expect(one.labels == two.labels)
        #expect(one.centroids == two.centroids)
        #expect(one.objective == two.objective)
        #expect(one.similarities == two.similarities)

        let (sparse, _) = sparseTopics(rows: 9000, columns: 400, perRow: 12, clusters: 5, seed: 3, as: Float.self)
        configuration.k = 5
        configuration.maxIterations = 3
        configuration.threads = 1
        let sparseOne = try SphericalKMeans(configuration).fit(sparse)
        configuration.threads = 2
        let sparseTwo = try SphericalKMeans(configuration).fit(sparse)
        #expect(sparseOne.labels == sparseTwo.labels)
        #expect(sparseOne.centroids == sparseTwo.centroids)
        #expect(sparseOne.objective == sparseTwo.objective)
    }

    @Test func sparseAndDenseInputsGiveTheSameClustering() throws {
        let (sparse, _) = sparseTopics(rows: 600, columns: 120, perRow: 10, clusters: 4, seed: 8, as: Double.self)
        let configuration = KMeansConfiguration(k: 4, nInit: 3, seed: 2)
        let fromSparse = try SphericalKMeans(configuration).fit(sparse)
        let fromDense = try SphericalKMeans(configuration).fit(DenseMatrix(sparse))
        #expect(fromSparse.labels == fromDense.labels)
        #expect(maxAbsoluteDifference(fromSparse.centroids.elements, fromDense.centroids.elements) < 1e-12)
        #expect(abs(fromSparse.objective - fromDense.objective) < 1e-9)
        #expect(fromSparse.iterations == fromDense.iterations)
    }

    @Test func sparseAndDenseAgreeForMoreClustersThanOneKernelSweepHolds() throws {
        // k = 30 needs two sweeps of the sparse kernel (24 + 8 columns, padded).
        let (dense, _) = separatedBlobs(clusters: 30, perCluster: 6, dimension: 40, noise: 0.05, seed: 14, as: Float.self)
        let configuration = KMeansConfiguration(k: 30, nInit: 2, seed: 6)
        let fromSparse = try SphericalKMeans(configuration).fit(CSRMatrix(dense))
        let fromDense = try SphericalKMeans(configuration).fit(dense)
        #expect(fromSparse.labels == fromDense.labels)
        #expect(maxAbsoluteDifference(fromSparse.centroids.elements, fromDense.centroids.elements) < 1e-5)
        #expect(Set(fromSparse.labels).count == 30)
    }

    @Test func seedsChangeTheDrawsButNotTheQualityOnEasyData() throws {
        let (x, truth) = separatedBlobs(clusters: 4, perCluster: 25, dimension: 8, seed: 9, as: Double.self)
        for seed in [0, 1, 2, 99] as [UInt64] {
            let result = try SphericalKMeans(KMeansConfiguration(k: 4, seed: seed)).fit(x)
            #expect(adjustedRandIndex(result.labels, truth) == 1.0)
        }
    }

    @Test func keepsTheRestartWithTheLowestObjective() throws {
        let x: DenseMatrix<Double> = randomDense(200, 10, seed: 12)
        let result = try SphericalKMeans(KMeansConfiguration(k: 7, nInit: 5, seed: 4)).fit(x)
        #expect(result.restartObjectives.count == 5)
        #expect(result.objective == result.restartObjectives.min())
        #expect(result.restartObjectives.firstIndex(of: result.objective) == result.bestRestart)
    }

    // MARK: Edge cases

    @Test func reseedsEmptyClustersWhenDuplicatesOutnumberDirections() throws {
        // Eight documents with only three distinct directions, k = 6: k-means++
        // must repeat centres, so clusters start empty and are re-seeded.
        let rows: [[Double]] = [[1, 0, 0], [2, 0, 0], [0, 1, 0], [1, 0, 0], [0, 0, 3], [0, 2, 0], [0, 0, 1], [3, 0, 0]]
        let result = try SphericalKMeans(KMeansConfiguration(k: 6, nInit: 2, seed: 1)).fit(DenseMatrix(rows))
        #expect(Set(result.labels) == Set(0 ..< 6))
        #expect(result.centroids.elements.allSatisfy { $0.isFinite })
        #expect(result.similarities.allSatisfy { abs($0 - 1) < 1e-12 })
        #expect(abs(result.objective) < 1e-12)
    }

    @Test func kEqualToTheDocumentCountGivesSingletons() throws {
        let rows: [[Float]] = [[1, 0], [1, 0], [0, 1], [1, 1], [2, 2]]
        let result = try SphericalKMeans(KMeansConfiguration(k: 5, seed: 7)).fit(CSRMatrix(DenseMatrix(rows)))
        #expect(Set(result.labels).count == 5)
        #expect(result.clusterSizes == [1, 1, 1, 1, 1])
        #expect(result.centroids.elements.allSatisfy { $0.isFinite })
    }

    @Test func kOfOneGivesTheMeanDirection() throws {
        let rows: [[Double]] = [[1, 0], [0, 1], [3, 3]]
        let result = try SphericalKMeans(KMeansConfiguration(k: 1)).fit(DenseMatrix(rows))
        #expect(result.labels == [0, 0, 0])
        let expected = 1 / 2.0.squareRoot()
        #expect(maxAbsoluteDifference(result.centroids.row(0), [expected, expected]) < 1e-12)
        #expect(abs(result.objective - 2 * (1 - expected)) < 1e-12)
        // Inertia against the plain mean of the unit rows.
        let mean = [(1 + expected) / 3, (1 + expected) / 3]
        let inertia = [[1.0, 0], [0, 1], [expected, expected]].reduce(0.0) { sum, row in
            sum + zip(row, mean).reduce(0.0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        }
        #expect(abs(result.inertia - inertia) < 1e-12)
    }

    @Test func allZeroDocumentsNeverProduceNaN() throws {
        let rows: [[Double]] = [[0, 0, 0], [1, 0, 0], [0, 0, 0], [0, 1, 0], [1, 0.1, 0], [0, 0, 0]]
        let result = try SphericalKMeans(KMeansConfiguration(k: 3, seed: 2)).fit(DenseMatrix(rows))
        #expect(result.centroids.elements.allSatisfy { $0.isFinite })
        #expect(result.similarities.allSatisfy { $0.isFinite })
        #expect(Set(result.labels).count == 3)
    }

    @Test func rejectsKOutsideOneToTheDocumentCount() throws {
        let x: DenseMatrix<Double> = randomDense(5, 3, seed: 1)
        #expect(throws: ClusteringError.invalidClusterCount(k: 7, documentCount: 5)) {
            try SphericalKMeans(KMeansConfiguration(k: 7)).fit(x)
        }
        #expect(throws: ClusteringError.invalidClusterCount(k: 0, documentCount: 5)) {
            try SphericalKMeans(KMeansConfiguration(k: 0)).fit(CSRMatrix(x))
        }
        #expect(ClusteringError.invalidClusterCount(k: 7, documentCount: 5).description
            == "k = 7 but there are only 5 documents; choose k between 1 and 5")
        #expect(ClusteringError.invalidClusterCount(k: 0, documentCount: 5).description
            == "k = 0 must be at least 1; choose k between 1 and 5")
        #expect(throws: ClusteringError.noDocuments) {
            try SphericalKMeans(KMeansConfiguration(k: 1)).fit(DenseMatrix<Double>(rows: 0, columns: 3))
        }
    }

    @Test func rejectsInvalidOptionsAndNonFiniteValues() throws {
        let x: DenseMatrix<Double> = randomDense(6, 3, seed: 1)
        for configuration in [KMeansConfiguration(k: 2, nInit: 0), KMeansConfiguration(k: 2, maxIterations: 0),
                              KMeansConfiguration(k: 2, tolerance: -1), KMeansConfiguration(k: 2, threads: 0)] {
            #expect(throws: ClusteringError.self) { try SphericalKMeans(configuration).fit(x) }
        }
        var bad = x
        bad[4, 1] = .nan
        #expect(throws: ClusteringError.nonFiniteValue(row: 4)) { try SphericalKMeans(KMeansConfiguration(k: 2)).fit(bad) }
    }

    // MARK: scikit-learn

    @Test func inertiaIsWithinOnePercentOfScikitLearnsKMeansOnNormalisedData() throws {
        let fixture = try loadFixture("kmeans.json", as: KMeansFixture.self)
        for fixtureCase in fixture.cases {
            let x = DenseMatrix(fixtureCase.X)
            for reference in fixtureCase.results {
                let result = try SphericalKMeans(KMeansConfiguration(k: reference.k, nInit: reference.nInit, seed: 0)).fit(x)
                #expect(result.inertia <= reference.inertia * 1.01,
                        "\(fixtureCase.name) k=\(reference.k): \(result.inertia) vs scikit-learn \(reference.inertia)")
                // The inertia is the partition's sum of squares about plain means.
                #expect(abs(result.inertia - partitionInertia(fixtureCase.X, result.labels)) < 1e-9)
            }
        }
    }

    /// Σᵢ ‖x̂ᵢ − mean of x̂ over i's cluster‖², naively.
    private func partitionInertia(_ rows: [[Double]], _ labels: [Int]) -> Double {
        let unit = rows.map { row in row.map { $0 / naiveNorm(row) } }
        var total = 0.0
        for c in Set(labels) {
            let members = unit.indices.filter { labels[$0] == c }.map { unit[$0] }
            let mean = (0 ..< members[0].count).map { j in members.reduce(0.0) { $0 + $1[j] } / Double(members.count) }
            for m in members { total += zip(m, mean).reduce(0.0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } }
        }
        return total
    }
}

@Suite("Adjusted Rand index")
struct AdjustedRandIndexTests {
    @Test func isOneForTheSamePartitionUnderAnyLabelNumbers() {
        #expect(adjustedRandIndex([0, 0, 1, 1, 2], [7, 7, 3, 3, 9]) == 1.0)
        #expect(adjustedRandIndex([], []) == 1.0)
        #expect(adjustedRandIndex([4, 4, 4], [1, 1, 1]) == 1.0)
    }

    @Test func matchesScikitLearnsValues() {
        // sklearn.metrics.adjusted_rand_score on the same label lists.
        #expect(abs(adjustedRandIndex([0, 0, 1, 1], [0, 0, 1, 2]) - 0.5714285714285714) < 1e-15)
        #expect(abs(adjustedRandIndex([0, 0, 1, 1], [0, 1, 0, 1]) - -0.5) < 1e-15)
        #expect(abs(adjustedRandIndex([0, 0, 0, 1, 1, 1, 2, 2], [1, 1, 0, 0, 2, 2, 2, 2]) - 0.18181818181818182) < 1e-15)
    }

    @Test func isSymmetric() {
        let a = [0, 1, 1, 2, 2, 2, 0, 3], b = [1, 1, 0, 0, 2, 2, 2, 2]
        #expect(adjustedRandIndex(a, b) == adjustedRandIndex(b, a))
    }
}
