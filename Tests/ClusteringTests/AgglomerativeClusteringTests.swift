import Foundation
import LinearAlgebra
import Testing
@testable import Clustering
import _TestSupport

@Suite("Agglomerative clustering")
struct AgglomerativeClusteringTests {
    static let fixture: AgglomerativeFixture = try! loadFixture("agglomerative.json")

    // MARK: scipy and scikit-learn parity

    @Test(arguments: Linkage.allCases)
    func matchesScipyAndScikitLearnOnRandomPoints(linkage: Linkage) throws {
        try checkParity(caseName: "random60", linkage: linkage, exactChildren: true)
    }

    @Test(arguments: Linkage.allCases)
    func matchesScipyAndScikitLearnWhenDistancesTie(linkage: Linkage) throws {
        try checkParity(caseName: "ties", linkage: linkage, exactChildren: true)
    }

    @Test(arguments: Linkage.allCases)
    func scipysOwnDistancesGiveScipysTreeExactly(linkage: Linkage) throws {
        for fixtureCase in Self.fixture.cases {
            let reference = try #require(fixtureCase.methods[linkage.rawValue])
            let tree = try AgglomerativeClustering(linkage: linkage)
                .fit(condensedDistances: try #require(fixtureCase.condensed), documentCount: fixtureCase.X.count)
            #expect(tree.linkageMatrix == reference.Z, "\(fixtureCase.name)")
        }
    }

    private func checkParity(caseName: String, linkage: Linkage, exactChildren: Bool) throws {
        let fixtureCase = try #require(Self.fixture.cases.first { $0.name == caseName })
        let reference = try #require(fixtureCase.methods[linkage.rawValue])
        let dense = DenseMatrix(fixtureCase.X)
        for tree in [try AgglomerativeClustering(linkage: linkage, threads: 2).fit(dense),
                     try AgglomerativeClustering(linkage: linkage, threads: 1).fit(CSRMatrix(dense))] {
            #expect(tree.merges.count == reference.Z.count)
            #expect(maxAbsoluteDifference(tree.heights, reference.Z.map { $0[2] }) <= 1e-9)
            #expect(tree.merges.map(\.size) == reference.Z.map { Int($0[3]) })
            if exactChildren {
                #expect(tree.children == reference.Z.map { [Int($0[0]), Int($0[1])] }, "\(caseName) \(linkage)")
            }
            for (k, labels) in reference.labels {
                let ours = try tree.labels(clusterCount: Int(k)!)
                #expect(adjustedRandIndex(ours, labels) == 1.0, "\(caseName) \(linkage) k=\(k)")
            }
        }
    }

    @Test func floatInputGivesTheDoubleTreeToFloatPrecision() throws {
        let fixtureCase = try #require(Self.fixture.cases.first { $0.name == "random60" })
        let double = DenseMatrix(fixtureCase.X)
        let float: DenseMatrix<Float> = double.converted()
        for linkage in Linkage.allCases {
            let expected = try AgglomerativeClustering(linkage: linkage).fit(double)
            let tree = try AgglomerativeClustering(linkage: linkage).fit(float)
            #expect(maxAbsoluteDifference(tree.heights, expected.heights) < 1e-5)
            #expect(adjustedRandIndex(try tree.labels(clusterCount: 5), try expected.labels(clusterCount: 5)) == 1.0)
        }
    }

    // MARK: Against naive agglomeration

    @Test(arguments: Linkage.allCases)
    func equalsNaiveAgglomerationOnRandomPoints(linkage: Linkage) throws {
        let x: DenseMatrix<Double> = randomDense(45, 6, seed: 21)
        let rows = (0 ..< 45).map { x.row($0) }
        let naive = naiveAgglomeration(naiveDistanceMatrix(rows), linkage: linkage)
        let tree = try AgglomerativeClustering(linkage: linkage).fit(x)
        #expect(maxAbsoluteDifference(tree.heights, naive.heights.sorted()) < 1e-12)
        for merged in 0 ... 44 {
            #expect(adjustedRandIndex(tree.labels(applyingFirst: merged), naive.partitions[merged]) == 1.0,
                    "\(linkage) after \(merged) merges")
        }
    }

    @Test func singleLinkageByMinimumSpanningTreeEqualsNaiveSingleLinkage() throws {
        // Sparse Float input with duplicate directions and a zero document.
        var rows: [[Float]] = (0 ..< 30).map { i in (0 ..< 5).map { j in Float((i * 7 + j * 3) % 5) } }
        rows.append([0, 0, 0, 0, 0])
        let tree = try AgglomerativeClustering(linkage: .single).fit(CSRMatrix(DenseMatrix(rows)))
        let naive = naiveAgglomeration(naiveDistanceMatrix(rows.map { $0.map(Double.init) }), linkage: .single)
        #expect(maxAbsoluteDifference(tree.heights, naive.heights.sorted()) < 1e-6)
        // Single-linkage partitions at a height are unique: compare between
        // every two consecutive distinct heights.
        let distinct = Set(naive.heights).sorted()
        for (low, high) in zip(distinct, distinct.dropFirst() + [2.5]) {
            let threshold = (low + high) / 2
            let applied = naive.heights.filter { $0 < threshold }.count
            #expect(adjustedRandIndex(tree.labels(distanceThreshold: threshold), naive.partitions[applied]) == 1.0)
        }
    }

    // MARK: Distances

    @Test func cosineDistancesMatchTheDefinitionIncludingZeroVectors() throws {
        var x: DenseMatrix<Double> = randomDense(23, 7, seed: 4)
        for j in 0 ..< 7 { x[5, j] = 0 }
        let condensed = try AgglomerativeClustering.cosineDistances(DenseUnitRows(copying: x), threads: 2)
        let sparse = try AgglomerativeClustering.cosineDistances(SparseUnitRows(copying: CSRMatrix(x)), threads: 1)
        let rows = (0 ..< 23).map { x.row($0) }
        for i in 0 ..< 23 {
            for j in i + 1 ..< 23 {
                let expected = naiveCosineDistance(rows[i], rows[j])
                #expect(abs(condensed.values[condensed.index(i, j)] - expected) < 1e-14)
                #expect(abs(sparse.values[sparse.index(i, j)] - expected) < 1e-14)
            }
        }
        #expect(condensed.values[condensed.index(5, 9)] == 1)
    }

    // MARK: Cuts

    @Test func cutsByCountAndByThresholdNumberLabelsByFirstAppearance() throws {
        // Two tight pairs far apart, and a loner.
        let rows: [[Double]] = [[0, 1, 0], [1, 0, 0], [0.9, 0.1, 0], [0, 0, 1], [0.2, 0.9, 0]]
        let tree = try AgglomerativeClustering(linkage: .average).fit(DenseMatrix(rows))
        #expect(try tree.labels(clusterCount: 3) == [0, 1, 1, 2, 0])
        #expect(try tree.labels(clusterCount: 1) == [0, 0, 0, 0, 0])
        #expect(try tree.labels(clusterCount: 5) == [0, 1, 2, 3, 4])
        #expect(tree.labels(distanceThreshold: 0.2) == [0, 1, 1, 2, 0])
        #expect(tree.clusterCount(distanceThreshold: 0.2) == 3)
        #expect(tree.labels(distanceThreshold: 0) == [0, 1, 2, 3, 4])
        // A merge exactly at the threshold is not applied (scikit-learn's rule).
        let height = tree.merges[0].height
        #expect(tree.clusterCount(distanceThreshold: height) == 5)
        #expect(tree.clusterCount(distanceThreshold: height.nextUp) == 4)
        #expect(throws: ClusteringError.invalidClusterCount(k: 6, documentCount: 5)) { try tree.labels(clusterCount: 6) }
    }

    @Test func oneDocumentIsATreeWithoutMerges() throws {
        let tree = try AgglomerativeClustering().fit(DenseMatrix<Double>([[1, 2]]))
        #expect(tree.merges.isEmpty)
        #expect(try tree.labels(clusterCount: 1) == [0])
    }

    // MARK: Memory

    @Test func refusesDistanceMatricesBeyondTheMemoryBudget() throws {
        let x: DenseMatrix<Double> = randomDense(1000, 4, seed: 3)
        let small = AgglomerativeClustering(memoryBudget: 1_000_000)
        #expect(throws: ClusteringError.self) { try small.fit(x) }
        do {
            _ = try small.fit(x)
        } catch let error {
            guard case let .distanceMatrixTooLarge(n, required, budget) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(n == 1000 && budget == 1_000_000 && required >= 1000 * 999 / 2 * 8)
            #expect(error.description.contains("1000 documents"))
            #expect(error.description.contains("use k-means"))
        }
        // The default 8 GiB budget admits 45,000 Double documents but not 50,000.
        let required45k = AgglomerativeClustering.requiredBytes(documentCount: 45_000, storedValues: 45_000 * 256, scalar: Double.self)
        let required50k = AgglomerativeClustering.requiredBytes(documentCount: 50_000, storedValues: 50_000 * 256, scalar: Double.self)
        #expect(required45k <= AgglomerativeClustering().memoryBudget)
        #expect(required50k > AgglomerativeClustering().memoryBudget)
        let tooMany = DenseMatrix<Double>(rows: 50_000, columns: 1, repeating: 1)
        #expect(throws: ClusteringError.self) { try AgglomerativeClustering().fit(tooMany) }
    }
}

// MARK: - References

/// Textbook agglomeration: merge the closest pair of live clusters (first
/// pair in index order on ties), update with the linkage formula, repeat.
/// Returns the merge heights in order and the partition after each count of merges.
func naiveAgglomeration(_ distances: [[Double]], linkage: Linkage) -> (heights: [Double], partitions: [[Int]]) {
    let n = distances.count
    var d = distances
    var members = (0 ..< n).map { [$0] }
    var alive = Array(repeating: true, count: n)
    var heights: [Double] = []
    var partitions: [[Int]] = [Array(0 ..< n)]
    for _ in 0 ..< max(0, n - 1) {
        var best = (i: -1, j: -1, value: Double.infinity)
        for i in 0 ..< n where alive[i] {
            for j in i + 1 ..< n where alive[j] && d[i][j] < best.value { best = (i, j, d[i][j]) }
        }
        let (i, j) = (best.i, best.j)
        heights.append(best.value)
        for other in 0 ..< n where alive[other] && other != i && other != j {
            let value: Double
            switch linkage {
            case .single: value = min(d[i][other], d[j][other])
            case .complete: value = max(d[i][other], d[j][other])
            case .average:
                value = (Double(members[i].count) * d[i][other] + Double(members[j].count) * d[j][other])
                    / Double(members[i].count + members[j].count)
            }
            d[i][other] = value
            d[other][i] = value
        }
        members[i] += members[j]
        alive[j] = false
        var labels = [Int](repeating: 0, count: n)
        for (c, cluster) in members.enumerated() where alive[c] { for p in cluster { labels[p] = c } }
        partitions.append(labels)
    }
    return (heights, partitions)
}

struct AgglomerativeFixture: Decodable {
    struct Method: Decodable {
        let Z: [[Double]]
        let labels: [String: [Int]]
    }

    struct Case: Decodable {
        let name: String
        let X: [[Double]]
        let condensed: [Double]?
        let methods: [String: Method]
    }

    let cases: [Case]
}
