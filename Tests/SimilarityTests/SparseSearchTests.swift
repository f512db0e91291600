import LinearAlgebra
import Similarity
import Testing
import _TestSupport

@Suite("Sparse search")
struct SparseSearchTests {
    private static let tiny = SearchConfiguration(queryTile: 3, corpusTile: 5, threads: 3)

    private func topKMatchesNaive<S: BLASScalar>(_: S.Type, tolerance: Double) {
        // Signed values, so some scores are negative and rank below the
        // zeros of rows sharing no column; rows 9 and 33 duplicate row 1.
        var rows = rounded(sparseRows(70, 40, density: 0.08, seed: 31), to: S.self)
        rows[9] = rows[1]
        rows[33] = rows[1]
        rows[50] = Array(repeating: 0, count: 40)
        let queries = rounded(sparseRows(11, 40, density: 0.1, seed: 32), to: S.self)
        let x: CSRMatrix<S> = sparse(rows), q: CSRMatrix<S> = sparse(queries)
        for measure in SimilarityMeasure.allCases {
            for configuration in [SearchConfiguration.default, Self.tiny] {
                for k in [1, 6, 69, 200] {
                    let within = SparseSearch.topK(within: x, k: k, measure: measure, configuration: configuration)
                    let expectedWithin = naiveTopK(naiveScores(rows, rows, measure), k: k, excludeSelf: true)
                    #expect(sameNeighbors(within, expectedWithin, relative: tolerance),
                            "\(S.self) \(measure) k=\(k) within: \(firstDifference(within, expectedWithin))")
                    let found = SparseSearch.topK(queries: q, corpus: x, k: k, measure: measure, configuration: configuration)
                    let expected = naiveTopK(naiveScores(queries, rows, measure), k: k, excludeSelf: false)
                    #expect(sameNeighbors(found, expected, relative: tolerance), "\(S.self) \(measure) k=\(k): \(firstDifference(found, expected))")
                }
            }
        }
        let withSelf = SparseSearch.topK(within: x, k: 8, excludeSelf: false)
        #expect(sameNeighbors(withSelf, naiveTopK(naiveScores(rows, rows, .cosine), k: 8, excludeSelf: false), relative: tolerance))
    }

    @Test func topKEqualsNaiveReferenceIncludingZerosAndTies() {
        topKMatchesNaive(Float.self, tolerance: 1e-5)
        topKMatchesNaive(Double.self, tolerance: 1e-12)
    }

    @Test func sparseAndDenseRowsMatchNaiveInBothAccumulationModes() {
        // Mostly very sparse rows (few list entries: touched-list mode) and a
        // few dense ones (many entries: accumulate-then-scan mode).
        var rows = sparseRows(300, 200, density: 0.015, seed: 39)
        for (index, row) in sparseRows(12, 200, density: 0.6, seed: 40).enumerated() { rows[index * 25] = row }
        let x: CSRMatrix<Double> = sparse(rows)
        let scores = naiveScores(rows, rows, .cosine)
        for configuration in [SearchConfiguration.default, SearchConfiguration(queryTile: 16, corpusTile: 1, threads: 3)] {
            let within = SparseSearch.topK(within: x, k: 4, configuration: configuration)
            #expect(sameNeighbors(within, naiveTopK(scores, k: 4, excludeSelf: true), relative: 1e-12),
                    "\(firstDifference(within, naiveTopK(scores, k: 4, excludeSelf: true)))")
            let rect = SparseSearch.search(queries: x, corpus: x, excludeSelf: true, configuration: configuration) {
                TopKCollector(rows: $0, k: 4)
            }
            #expect(rect == within)
        }
    }

    @Test func sparseAndDensePathsAgree() throws {
        let rows = sparseRows(60, 30, density: 0.2, seed: 33, nonNegative: true)
        let sparseFound = SparseSearch.topK(within: sparse(rows, as: Double.self), k: 5)
        let denseFound = try DenseSearch.topK(within: dense(rows, as: Double.self), k: 5)
        #expect(sameNeighbors(sparseFound, denseFound, relative: 1e-12))
    }

    @Test func oneTwoAndThreeThreadsGiveBitIdenticalResults() {
        let x: CSRMatrix<Float> = sparse(sparseRows(400, 60, density: 0.05, seed: 34, nonNegative: true))
        let q: CSRMatrix<Float> = sparse(sparseRows(50, 60, density: 0.05, seed: 35, nonNegative: true))
        for tile in [1024, 7] {
            let base = SearchConfiguration(queryTile: tile, corpusTile: 1024, threads: 1)
            let within = SparseSearch.topK(within: x, k: 9, configuration: base)
            let rect = SparseSearch.topK(queries: q, corpus: x, k: 9, configuration: base)
            let range = SparseSearch.threshold(within: x, threshold: 0.2, configuration: base)
            for threads in [2, 3] {
                let configuration = base.with(threads: threads)
                #expect(SparseSearch.topK(within: x, k: 9, configuration: configuration) == within, "\(threads) threads")
                #expect(SparseSearch.topK(queries: q, corpus: x, k: 9, configuration: configuration) == rect, "\(threads) threads")
                #expect(SparseSearch.threshold(within: x, threshold: 0.2, configuration: configuration) == range, "\(threads) threads")
            }
            #expect(SparseSearch.topK(within: x, k: 9, configuration: Self.tiny) == within, "tiny chunks")
        }
    }

    @Test func thresholdSearchEqualsNaivePairsAlsoAtOrBelowZero() {
        let rows = sparseRows(50, 25, density: 0.12, seed: 36)
        let x: CSRMatrix<Double> = sparse(rows)
        let scores = naiveScores(rows, rows, .cosine)
        for threshold in [0.3, -0.25] {
            #expect(thresholdIsClear(scores, threshold), "fixture: no score at \(threshold)")
            for configuration in [SearchConfiguration.default, Self.tiny] {
                let within = SparseSearch.threshold(within: x, threshold: threshold, configuration: configuration)
                #expect(sameNeighbors(within, naiveThreshold(scores, threshold: threshold, excludeSelf: true), relative: 1e-12),
                        "\(threshold): \(firstDifference(within, naiveThreshold(scores, threshold: threshold, excludeSelf: true)))")
                // The generic entry point runs the rectangular path even for equal matrices.
                let rect = SparseSearch.search(queries: x, corpus: x, excludeSelf: false, configuration: configuration) {
                    ThresholdCollector(rows: $0, threshold: threshold)
                }
                #expect(sameNeighbors(rect, naiveThreshold(scores, threshold: threshold, excludeSelf: false), relative: 1e-12))
            }
        }
    }

    @Test func edgeCasesEmptyQueriesKZeroAndClampedK() {
        let rows = sparseRows(10, 8, density: 0.3, seed: 37)
        let x: CSRMatrix<Float> = sparse(rows)
        #expect(SparseSearch.topK(queries: CSRMatrix<Float>(zeros: 0, columns: 8), corpus: x, k: 3).isEmpty)
        #expect(SparseSearch.topK(within: CSRMatrix<Float>(zeros: 0, columns: 8), k: 3).isEmpty)
        #expect(SparseSearch.topK(within: x, k: 0) == Array(repeating: [], count: 10))
        #expect(SparseSearch.topK(within: x, k: 50).allSatisfy { $0.count == 9 })
        #expect(SparseSearch.topK(within: x, k: 50, excludeSelf: false).allSatisfy { $0.count == 10 })
        #expect(SparseSearch.topK(queries: x, corpus: x, k: Int.max).allSatisfy { $0.count == 10 })
    }

    @Test func zeroRowsHaveCosineZeroNotNaN() {
        var rows = sparseRows(6, 5, density: 0.5, seed: 38)
        rows[1] = Array(repeating: 0, count: 5)
        let found = SparseSearch.topK(within: sparse(rows, as: Float.self), k: 6, excludeSelf: false)
        #expect(found.allSatisfy { $0.allSatisfy { !$0.score.isNaN } })
        #expect(found[1] == (0 ..< 6).map { Neighbor(index: $0, score: 0) })
    }
}

@Suite("Path choice")
struct PathChoiceTests {
    @Test func denseInputsGoToGemmAndSparseTfidfStaysSparse() throws {
        let search = SimilaritySearch()
        let denseLike: CSRMatrix<Float> = sparse(randomRows(200, 16, seed: 41))
        #expect(search.resolvedPath(within: denseLike) == .dense)
        #expect(search.resolvedPath(queries: denseLike, corpus: denseLike) == .dense)
        let tfidfLike: CSRMatrix<Float> = sparse(sparseRows(200, 3000, density: 0.002, seed: 42, nonNegative: true))
        #expect(search.resolvedPath(within: tfidfLike) == .sparse)
        #expect(SimilaritySearch(densifyLimitBytes: 1000).resolvedPath(within: denseLike) == .sparse, "too big to densify")
        #expect(SimilaritySearch(path: .sparse).resolvedPath(within: denseLike) == .sparse, "forced")
        #expect(SimilaritySearch(path: .dense).resolvedPath(within: tfidfLike) == .dense, "forced")
    }

    @Test func forcedDenseAndSparsePathsFindTheSameNeighbours() throws {
        let rows = sparseRows(80, 50, density: 0.15, seed: 43, nonNegative: true)
        let x: CSRMatrix<Double> = sparse(rows)
        let viaDense = SimilaritySearch(path: .dense), viaSparse = SimilaritySearch(path: .sparse)
        #expect(sameNeighbors(try viaDense.topK(within: x, k: 6), try viaSparse.topK(within: x, k: 6), relative: 1e-12))
        #expect(sameNeighbors(try viaDense.topK(queries: x, corpus: x, k: 6), try viaSparse.topK(queries: x, corpus: x, k: 6), relative: 1e-12))
        #expect(sameNeighbors(try viaDense.threshold(within: x, threshold: 0.25), try viaSparse.threshold(within: x, threshold: 0.25),
                              relative: 1e-12))
        var densePairs: [Pair] = [], sparsePairs: [Pair] = []
        try viaDense.join(x, threshold: 0.25) { densePairs.append(Pair(i: $0, j: $1, score: $2)) }
        try viaSparse.join(x, threshold: 0.25) { sparsePairs.append(Pair(i: $0, j: $1, score: $2)) }
        #expect(densePairs.map { [$0.i, $0.j] } == sparsePairs.map { [$0.i, $0.j] })
        #expect(!densePairs.isEmpty)
    }

    @Test func sparseWorkCountsMultiplyAddsOfTheInvertedIndex() {
        // Column 0 in rows 0 and 1, column 2 in row 1: df = [2, 0, 1].
        let x = CSRMatrix<Float>(rows: 2, columns: 3, rowOffsets: [0, 1, 3], columnIndices: [0, 0, 2], values: [1, 1, 1])
        #expect(SimilaritySearch.sparseWork(queries: x, corpus: x) == 5)
    }
}
