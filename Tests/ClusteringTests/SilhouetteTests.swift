import Foundation
import LinearAlgebra
import Testing
@testable import Clustering
import _TestSupport

@Suite("Silhouette and choosing k")
struct SilhouetteTests {
    @Test func equalsTheNaivePairwiseDefinition() throws {
        var x: DenseMatrix<Double> = randomDense(70, 9, seed: 31)
        for j in 0 ..< 9 { x[3, j] = 0 }   // an all-zero document
        var labels = (0 ..< 70).map { ($0 * 7) % 4 }
        labels[10] = 9                      // a singleton
        let rows = (0 ..< 70).map { x.row($0) }
        let expected = naiveSilhouette(naiveDistanceMatrix(rows), labels: labels)
        let dense = try silhouetteSamples(x, labels: labels, threads: 2)
        let sparse = try silhouetteSamples(CSRMatrix(x), labels: labels, threads: 1)
        #expect(maxAbsoluteDifference(dense, expected) < 1e-9)
        #expect(maxAbsoluteDifference(sparse, expected) < 1e-9)
        #expect(dense[10] == 0)
        let score = try silhouette(x, labels: labels, sampleSize: nil)
        #expect(abs(score - expected.reduce(0, +) / 70) < 1e-9)
    }

    @Test func equalsScikitLearnsCosineSilhouette() throws {
        let fixture = try loadFixture("silhouette.json", as: SilhouetteFixture.self)
        let x = DenseMatrix(fixture.X)
        #expect(abs(try silhouette(x, labels: fixture.labels) - fixture.score) < 1e-9)
        #expect(maxAbsoluteDifference(try silhouetteSamples(x, labels: fixture.labels), fixture.samples) < 1e-9)
        let floats: DenseMatrix<Float> = x.converted()
        #expect(abs(try silhouette(CSRMatrix(floats), labels: fixture.labels) - fixture.score) < 1e-5)
    }

    @Test func samplingIsSeededAndEstimatesTheFullScore() throws {
        let (x, truth) = separatedBlobs(clusters: 4, perCluster: 300, dimension: 10, noise: 0.5, seed: 5, as: Double.self)
        let full = try silhouette(x, labels: truth, sampleSize: nil)
        let sampled = try silhouette(x, labels: truth, sampleSize: 400, seed: 1)
        #expect(try silhouette(x, labels: truth, sampleSize: 400, seed: 1) == sampled)
        #expect(abs(sampled - full) < 0.05)
        #expect(try silhouette(x, labels: truth, sampleSize: 5000) == full)
    }

    @Test func isUndefinedForOneClusterOrAllSingletons() throws {
        let x: DenseMatrix<Double> = randomDense(5, 3, seed: 1)
        #expect(throws: ClusteringError.silhouetteUndefined(clusterCount: 1, documentCount: 5)) {
            try silhouette(x, labels: [2, 2, 2, 2, 2])
        }
        #expect(throws: ClusteringError.silhouetteUndefined(clusterCount: 5, documentCount: 5)) {
            try silhouette(x, labels: [0, 1, 2, 3, 4])
        }
        #expect(throws: ClusteringError.labelCountMismatch(labelCount: 2, documentCount: 5)) {
            try silhouette(x, labels: [0, 1])
        }
    }

    @Test func chooseKPicksTheNumberOfSeparatedClusters() throws {
        let (x, truth) = separatedBlobs(clusters: 4, perCluster: 30, dimension: 10, noise: 0.2, seed: 8, as: Double.self)
        let selection = try SphericalKMeans(KMeansConfiguration(k: 2, nInit: 2, seed: 3)).chooseK(CSRMatrix(x), range: 1 ... 8)
        #expect(selection.k == 4)
        #expect(selection.scores.map(\.k) == Array(2 ... 8))
        #expect(adjustedRandIndex(selection.result.labels, truth) == 1.0)
        let best = selection.scores.max { $0.silhouette < $1.silhouette }!
        #expect(best.k == 4)
    }

    @Test func chooseKRejectsARangeWithNothingToScore() throws {
        let x: DenseMatrix<Double> = randomDense(4, 3, seed: 2)
        #expect(throws: ClusteringError.self) {
            try SphericalKMeans(KMeansConfiguration(k: 2)).chooseK(x, range: 4 ... 9)
        }
    }
}
