import LinearAlgebra
import Similarity
import Testing
import _TestSupport

@Suite("Similarity join")
struct JoinTests {
    /// Naive pairs i < j (or i <= j) with score >= threshold, outside shared groups, by i then j.
    private func naivePairs(_ scores: [[Double]], threshold: Double, excludeSelf: Bool = true, groups: [Int]? = nil) -> [Pair] {
        var pairs: [Pair] = []
        for i in scores.indices {
            for j in (excludeSelf ? i + 1 : i) ..< scores.count where scores[i][j] >= threshold {
                if let groups, groups[i] == groups[j] { continue }
                pairs.append(Pair(i: i, j: j, score: scores[i][j]))
            }
        }
        return pairs
    }

    /// Same pairs in the same order, scores within `relative` (plus `absolute` near 0).
    private func samePairs(_ a: [Pair], _ b: [Pair], relative: Double, absolute: Double = 1e-9) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { x, y in
            x.i == y.i && x.j == y.j && abs(x.score - y.score) <= absolute + relative * max(abs(x.score), abs(y.score))
        }
    }

    private func denseJoin<S: BLASScalar>(_ rows: [[Double]], _: S.Type, threshold: Double, excludeSelf: Bool = true,
                                          groups: [Int]? = nil, configuration: SearchConfiguration = .default) throws -> [Pair] {
        var pairs: [Pair] = []
        try similarityJoin(dense(rows, as: S.self), threshold: threshold, excludeSelf: excludeSelf, groups: groups,
                           configuration: configuration) { pairs.append(Pair(i: $0, j: $1, score: $2)) }
        return pairs
    }

    private func sparseJoin<S: BLASScalar>(_ rows: [[Double]], _: S.Type, threshold: Double, excludeSelf: Bool = true,
                                           groups: [Int]? = nil, configuration: SearchConfiguration = .default) -> [Pair] {
        var pairs: [Pair] = []
        similarityJoin(sparse(rows, as: S.self), threshold: threshold, excludeSelf: excludeSelf, groups: groups,
                       configuration: configuration) { pairs.append(Pair(i: $0, j: $1, score: $2)) }
        return pairs
    }

    @Test func denseJoinEmitsTheNaivePairsInOrder() throws {
        let rows = randomRows(130, 12, seed: 51, duplicates: [(70, 3)])
        let scores = naiveScores(rows, rows, .cosine)
        let threshold = 0.45
        #expect(thresholdIsClear(scores, threshold), "fixture: no score at the threshold")
        let expected = naivePairs(scores, threshold: threshold)
        #expect(expected.count > 100)
        for configuration in [SearchConfiguration.default, SearchConfiguration(queryTile: 3, corpusTile: 5, threads: 3),
                              SearchConfiguration(queryTile: 16, corpusTile: 16, threads: 1)] {
            #expect(samePairs(try denseJoin(rows, Float.self, threshold: threshold, configuration: configuration), expected,
                              relative: 1e-5, absolute: 1e-6))
            #expect(samePairs(try denseJoin(rows, Double.self, threshold: threshold, configuration: configuration), expected, relative: 1e-12))
        }
        let withSelf = try denseJoin(rows, Double.self, threshold: threshold, excludeSelf: false)
        #expect(samePairs(withSelf, naivePairs(scores, threshold: threshold, excludeSelf: false), relative: 1e-12))
    }

    @Test func sparseJoinEmitsTheNaivePairsInOrder() {
        let rows = sparseRows(120, 30, density: 0.15, seed: 52)
        let scores = naiveScores(rows, rows, .cosine)
        for threshold in [0.4, -0.1] {
            #expect(thresholdIsClear(scores, threshold), "fixture: no score at \(threshold)")
            let expected = naivePairs(scores, threshold: threshold)
            for configuration in [SearchConfiguration.default, SearchConfiguration(queryTile: 4, corpusTile: 5, threads: 3)] {
                #expect(samePairs(sparseJoin(rows, Float.self, threshold: threshold, configuration: configuration), expected,
                                  relative: 1e-5, absolute: 1e-6))
                #expect(samePairs(sparseJoin(rows, Double.self, threshold: threshold, configuration: configuration), expected, relative: 1e-12))
            }
            #expect(samePairs(sparseJoin(rows, Double.self, threshold: threshold, excludeSelf: false),
                              naivePairs(scores, threshold: threshold, excludeSelf: false), relative: 1e-12))
        }
    }

    @Test func pairsWithinOneGroupAreSkipped() throws {
        let rows = randomRows(60, 6, seed: 53)
        let groups = (0 ..< 60).map { $0 % 4 }
        let scores = naiveScores(rows, rows, .cosine)
        let threshold = 0.5
        #expect(thresholdIsClear(scores, threshold))
        let expected = naivePairs(scores, threshold: threshold, groups: groups)
        let all = naivePairs(scores, threshold: threshold)
        #expect(expected.count < all.count, "the groups must remove some pairs")
        #expect(samePairs(try denseJoin(rows, Double.self, threshold: threshold, groups: groups), expected, relative: 1e-12))
        #expect(samePairs(sparseJoin(rows, Double.self, threshold: threshold, groups: groups), expected, relative: 1e-12))
        let withSelf = try denseJoin(rows, Double.self, threshold: threshold, excludeSelf: false, groups: groups)
        #expect(!withSelf.contains { $0.i == $0.j }, "a row shares its own group")
    }

    @Test func joinIsBitIdenticalAcrossThreadCounts() throws {
        let rows = randomRows(200, 16, seed: 54)
        let base = try denseJoin(rows, Float.self, threshold: 0.3, configuration: SearchConfiguration(queryTile: 9, corpusTile: 17, threads: 1))
        for threads in [2, 3] {
            #expect(try denseJoin(rows, Float.self, threshold: 0.3, configuration: SearchConfiguration(queryTile: 9, corpusTile: 17, threads: threads)) == base)
        }
        #expect(try denseJoin(rows, Float.self, threshold: 0.3) == base, "default tiles")
    }

    @Test func emptyMatrixEmitsNothing() throws {
        #expect(try denseJoin([], Float.self, threshold: 0).isEmpty)
        #expect(sparseJoin([], Float.self, threshold: 0).isEmpty)
    }
}
