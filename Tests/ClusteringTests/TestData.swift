import Foundation
import LinearAlgebra
@testable import Clustering
import _TestSupport

// MARK: - Synthetic data

/// `perCluster` points around each of `clusters` centre directions: centre c
/// is `scale · e_c` plus small noise in every coordinate, so clusters are
/// far apart in angle. Rows are shuffled; `truth` gives each row's centre.
func separatedBlobs<S: BLASScalar>(
    clusters: Int, perCluster: Int, dimension: Int, noise: Double = 0.15, seed: UInt64, as _: S.Type = S.self
) -> (matrix: DenseMatrix<S>, truth: [Int]) {
    precondition(dimension >= clusters)
    var random = SeededRandom(seed: seed)
    var rows: [(Int, [S])] = []
    for c in 0 ..< clusters {
        for _ in 0 ..< perCluster {
            var row = (0 ..< dimension).map { _ in S(noise * random.normal(Double.self)) }
            row[c] += 1
            rows.append((c, row))
        }
    }
    rows.shuffle(using: &random)
    return (DenseMatrix(rows.map(\.1)), rows.map(\.0))
}

/// A random sparse non-negative matrix in the shape of TF-IDF: each row draws
/// `perRow` distinct columns, biased towards its cluster's block of columns.
func sparseTopics<S: BLASScalar>(
    rows: Int, columns: Int, perRow: Int, clusters: Int, seed: UInt64, as _: S.Type = S.self
) -> (matrix: CSRMatrix<S>, truth: [Int]) {
    var random = SeededRandom(seed: seed)
    var offsets = [0], indices: [Int32] = [], values: [S] = [], truth: [Int] = []
    let block = columns / clusters
    for _ in 0 ..< rows {
        let cluster = Int(random.next() % UInt64(clusters))
        truth.append(cluster)
        var chosen = Set<Int32>()
        while chosen.count < perRow {
            let inBlock = random.next() % 10 < 8
            let column = inBlock ? cluster * block + Int(random.next() % UInt64(block)) : Int(random.next() % UInt64(columns))
            chosen.insert(Int32(column))
        }
        for column in chosen.sorted() {
            indices.append(column)
            values.append(S(Double.random(in: 0.1 ..< 1, using: &random)))
        }
        offsets.append(indices.count)
    }
    return (CSRMatrix(rows: rows, columns: columns, rowOffsets: offsets, columnIndices: indices, values: values), truth)
}

/// Uniform random dense rows in −1 ..< 1.
func randomDense<S: BLASScalar>(_ rows: Int, _ columns: Int, seed: UInt64, as _: S.Type = S.self) -> DenseMatrix<S> {
    var random = SeededRandom(seed: seed)
    return DenseMatrix(rows: rows, columns: columns, elements: random.array(count: rows * columns))
}

// MARK: - Naive references

/// `1 − x·y / (‖x‖ ‖y‖)` in Double, 1 when either is zero, clamped to 0 ... 2.
func naiveCosineDistance(_ x: [Double], _ y: [Double]) -> Double {
    var xy = 0.0, xx = 0.0, yy = 0.0
    for (a, b) in zip(x, y) {
        xy += a * b
        xx += a * a
        yy += b * b
    }
    guard xx > 0, yy > 0 else { return 1 }
    return min(2, max(0, 1 - xy / (xx.squareRoot() * yy.squareRoot())))
}

/// The full n x n cosine distance matrix (0 on the diagonal).
func naiveDistanceMatrix(_ rows: [[Double]]) -> [[Double]] {
    rows.indices.map { i in rows.indices.map { j in i == j ? 0 : naiveCosineDistance(rows[i], rows[j]) } }
}

/// s(i) by the definition, from a full distance matrix.
func naiveSilhouette(_ distances: [[Double]], labels: [Int]) -> [Double] {
    let n = labels.count
    let clusters = Set(labels)
    return (0 ..< n).map { i in
        let own = labels[i]
        let ownMembers = (0 ..< n).filter { labels[$0] == own && $0 != i }
        guard !ownMembers.isEmpty else { return 0 }
        let a = ownMembers.reduce(0.0) { $0 + distances[i][$1] } / Double(ownMembers.count)
        var b = Double.infinity
        for c in clusters where c != own {
            let others = (0 ..< n).filter { labels[$0] == c }
            b = min(b, others.reduce(0.0) { $0 + distances[i][$1] } / Double(others.count))
        }
        let scale = max(a, b)
        return scale > 0 ? (b - a) / scale : 0
    }
}

// MARK: - Fixtures

/// A JSON fixture written by `Fixtures/make-fixtures.py`.
func loadFixture<T: Decodable>(_ name: String, as _: T.Type = T.self) throws -> T {
    let url = Bundle.module.resourceURL!.appendingPathComponent("Fixtures").appendingPathComponent(name)
    return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
}

struct KMeansFixture: Decodable {
    struct Result: Decodable {
        let k: Int
        let nInit: Int
        let inertia: Double
        let labels: [Int]
    }

    struct Case: Decodable {
        let name: String
        let X: [[Double]]
        let results: [Result]
    }

    let cases: [Case]
}

struct SilhouetteFixture: Decodable {
    let X: [[Double]]
    let labels: [Int]
    let score: Double
    let samples: [Double]
}
