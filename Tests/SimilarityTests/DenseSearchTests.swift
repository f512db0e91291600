import LinearAlgebra
import Similarity
import Testing
import _TestSupport

@Suite("Dense search")
struct DenseSearchTests {
    private static let tiny = SearchConfiguration(queryTile: 3, corpusTile: 5, threads: 2)

    private func topKMatchesNaive<S: BLASScalar>(_: S.Type, tolerance: Double) throws {
        // Rows 7, 40 and 41 copy earlier rows: exact ties that the index rule must order.
        let rows = rounded(randomRows(90, 24, seed: 11, duplicates: [(7, 3), (40, 3), (41, 12)]), to: S.self)
        let queries = rounded(randomRows(17, 24, seed: 12, duplicates: [(5, 0)]), to: S.self) + [rows[3]]
        let x: DenseMatrix<S> = dense(rows), q: DenseMatrix<S> = dense(queries)
        for measure in SimilarityMeasure.allCases {
            for configuration in [SearchConfiguration.default, Self.tiny] {
                let within = try DenseSearch.topK(within: x, k: 9, measure: measure, configuration: configuration)
                let expectedWithin = naiveTopK(naiveScores(rows, rows, measure), k: 9, excludeSelf: true)
                #expect(sameNeighbors(within, expectedWithin, relative: tolerance), "\(S.self) \(measure) within: \(firstDifference(within, expectedWithin))")

                let found = try DenseSearch.topK(queries: q, corpus: x, k: 12, measure: measure, configuration: configuration)
                let expected = naiveTopK(naiveScores(queries, rows, measure), k: 12, excludeSelf: false)
                #expect(sameNeighbors(found, expected, relative: tolerance), "\(S.self) \(measure): \(firstDifference(found, expected))")
            }
        }
    }

    @Test func topKEqualsNaiveReferenceWithDuplicateRows() throws {
        try topKMatchesNaive(Float.self, tolerance: 1e-5)
        try topKMatchesNaive(Double.self, tolerance: 1e-12)
    }

    @Test func integerInnerProductsTieExactlyAndBreakTiesByLowerIndex() throws {
        let rows = integerRows(70, 6, seed: 13)
        for configuration in [SearchConfiguration.default, Self.tiny] {
            let found = try DenseSearch.topK(within: dense(rows, as: Float.self), k: 15, measure: .innerProduct, configuration: configuration)
            let expected = naiveTopK(naiveScores(rows, rows, .innerProduct), k: 15, excludeSelf: true)
            #expect(found == expected, "exact scores, index tie rule: \(firstDifference(found, expected))")
            let foundDouble = try DenseSearch.topK(within: dense(rows, as: Double.self), k: 15, measure: .innerProduct, configuration: configuration)
            #expect(foundDouble == expected)
        }
        // With few distinct scores, many neighbours tie; some row must show it.
        #expect(naiveTopK(naiveScores(rows, rows, .innerProduct), k: 15, excludeSelf: true).contains { list in
            zip(list, list.dropFirst()).contains { $0.score == $1.score }
        })
    }

    @Test func tinyTilesGiveBitIdenticalResultsToDefaultTiles() throws {
        let x: DenseMatrix<Float> = dense(randomRows(150, 40, seed: 14, duplicates: [(99, 2)]))
        let q: DenseMatrix<Float> = dense(randomRows(31, 40, seed: 15))
        for measure in SimilarityMeasure.allCases {
            let reference = try DenseSearch.topK(within: x, k: 10, measure: measure)
            let referenceRect = try DenseSearch.topK(queries: q, corpus: x, k: 10, measure: measure)
            for tiles in [(3, 5), (1, 1), (16, 7), (64, 200)] {
                let configuration = SearchConfiguration(queryTile: tiles.0, corpusTile: tiles.1, threads: 2)
                #expect(try DenseSearch.topK(within: x, k: 10, measure: measure, configuration: configuration) == reference, "\(tiles)")
                #expect(try DenseSearch.topK(queries: q, corpus: x, k: 10, measure: measure, configuration: configuration) == referenceRect, "\(tiles)")
            }
        }
    }

    @Test func oneTwoAndThreeThreadsGiveBitIdenticalResults() throws {
        let x: DenseMatrix<Float> = dense(randomRows(300, 32, seed: 16))
        let q: DenseMatrix<Float> = dense(randomRows(5, 32, seed: 17))
        for tiles in [(1024, 1024), (8, 13)] {
            let base = SearchConfiguration(queryTile: tiles.0, corpusTile: tiles.1, threads: 1)
            let within = try DenseSearch.topK(within: x, k: 7, configuration: base)
            let rect = try DenseSearch.topK(queries: q, corpus: x, k: 7, configuration: base)
            let range = try DenseSearch.threshold(within: x, threshold: 0.3, configuration: base)
            for threads in [2, 3] {
                let configuration = base.with(threads: threads)
                #expect(try DenseSearch.topK(within: x, k: 7, configuration: configuration) == within, "\(threads) threads")
                #expect(try DenseSearch.topK(queries: q, corpus: x, k: 7, configuration: configuration) == rect, "\(threads) threads")
                #expect(try DenseSearch.threshold(within: x, threshold: 0.3, configuration: configuration) == range, "\(threads) threads")
            }
        }
    }

    @Test func selfSearchScoresAreSymmetricAndEqualTheRectangularSearch() throws {
        let x: DenseMatrix<Float> = dense(randomRows(120, 20, seed: 18))
        let within = try DenseSearch.topK(within: x, k: 119)
        // The generic entry point never reroutes to the self-search.
        let rect = try DenseSearch.search(queries: x, corpus: x, excludeSelf: true,
                                          configuration: Self.tiny) { TopKCollector(rows: $0, k: 119) }
        #expect(within == rect)
        #expect(try DenseSearch.topK(queries: x, corpus: x, k: 119, excludeSelf: true) == within)
        var scores = [[Double]](repeating: [Double](repeating: 0, count: 120), count: 120)
        for (i, list) in within.enumerated() { for neighbor in list { scores[i][neighbor.index] = neighbor.score } }
        #expect((0 ..< 120).allSatisfy { i in (0 ..< 120).allSatisfy { j in scores[i][j] == scores[j][i] } })
    }

    @Test func floatAndDoubleFindTheSameNeighboursOnSeparatedData() throws {
        // Well separated: each row is a cluster centre plus small noise.
        let centres = randomRows(6, 30, seed: 19)
        var random = SeededRandom(seed: 20)
        let rows = (0 ..< 120).map { i in centres[i % 6].map { $0 + 0.05 * random.uniform(in: -1 ..< 1) } }
        let inFloat = try DenseSearch.topK(within: dense(rows, as: Float.self), k: 5)
        let inDouble = try DenseSearch.topK(within: dense(rows, as: Double.self), k: 5)
        #expect(sameNeighbors(inFloat, inDouble, relative: 1e-5))
        #expect(inDouble.enumerated().allSatisfy { i, list in list.allSatisfy { $0.index % 6 == i % 6 } })
    }

    @Test func emptyQueriesReturnNoLists() throws {
        let x: DenseMatrix<Float> = dense(randomRows(10, 4, seed: 21))
        let none = DenseMatrix<Float>(rows: 0, columns: 4)
        #expect(try DenseSearch.topK(queries: none, corpus: x, k: 3).isEmpty)
        #expect(try DenseSearch.topK(within: none, k: 3).isEmpty)
        #expect(try DenseSearch.threshold(queries: none, corpus: x, threshold: 0).isEmpty)
        // An empty corpus gives one empty list per query.
        #expect(try DenseSearch.topK(queries: x, corpus: none, k: 3) == Array(repeating: [], count: 10))
    }

    @Test func kLargerThanTheCorpusIsClampedToEveryCandidate() throws {
        let rows = randomRows(12, 5, seed: 22)
        let x: DenseMatrix<Double> = dense(rows)
        let within = try DenseSearch.topK(within: x, k: 1000)
        #expect(within.allSatisfy { $0.count == 11 })
        #expect(try DenseSearch.topK(within: x, k: 1000, excludeSelf: false).allSatisfy { $0.count == 12 })
        #expect(try DenseSearch.topK(queries: x, corpus: x, k: Int.max).allSatisfy { $0.count == 12 })
        #expect(sameNeighbors(within, naiveTopK(naiveScores(rows, rows, .cosine), k: 11, excludeSelf: true), relative: 1e-12))
    }

    @Test func kZeroReturnsAnEmptyListPerQuery() throws {
        let x: DenseMatrix<Float> = dense(randomRows(9, 5, seed: 23))
        #expect(try DenseSearch.topK(within: x, k: 0) == Array(repeating: [], count: 9))
        #expect(try DenseSearch.topK(queries: x, corpus: x, k: 0) == Array(repeating: [], count: 9))
    }

    @Test func zeroVectorsHaveCosineZeroNotNaN() throws {
        var rows = randomRows(8, 6, seed: 24)
        rows[2] = Array(repeating: 0, count: 6)
        rows[5] = Array(repeating: 0, count: 6)
        let found = try DenseSearch.topK(within: dense(rows, as: Float.self), k: 8, excludeSelf: false)
        #expect(found.allSatisfy { $0.allSatisfy { !$0.score.isNaN } })
        #expect(found[2].allSatisfy { $0.score == 0 }, "a zero row scores 0 with everything")
        #expect(found[2].map(\.index) == Array(0 ..< 8), "all ties, so by index")
        #expect(found[0].contains { $0.index == 5 && $0.score == 0 })
    }

    @Test func aRowHoldingNaNIsNeverReportedAndLeavesOtherRowsAlone() throws {
        var rows = randomRows(40, 6, seed: 28)
        let clean = try DenseSearch.topK(within: dense(Array(rows[..<39]), as: Float.self), k: 5, measure: .innerProduct)
        rows[39][2] = .nan
        let found = try DenseSearch.topK(within: dense(rows, as: Float.self), k: 5, measure: .innerProduct,
                                         configuration: SearchConfiguration(queryTile: 7, corpusTile: 9, threads: 2))
        #expect(Array(found[..<39]) == clean)
        #expect(found[39].isEmpty)
    }

    @Test func thresholdSearchEqualsNaivePairs() throws {
        let rows = randomRows(80, 10, seed: 25, duplicates: [(30, 4)])
        let queries = randomRows(9, 10, seed: 26)
        let threshold = 0.35
        let selfScores = naiveScores(rows, rows, .cosine), scores = naiveScores(queries, rows, .cosine)
        #expect(thresholdIsClear(selfScores, threshold) && thresholdIsClear(scores, threshold), "fixture: no score at the threshold")
        for configuration in [SearchConfiguration.default, Self.tiny] {
            let within = try DenseSearch.threshold(within: dense(rows, as: Float.self), threshold: threshold, configuration: configuration)
            #expect(sameNeighbors(within, naiveThreshold(selfScores, threshold: threshold, excludeSelf: true), relative: 1e-5))
            let rect = try DenseSearch.threshold(queries: dense(queries, as: Double.self), corpus: dense(rows), threshold: threshold,
                                                 configuration: configuration)
            #expect(sameNeighbors(rect, naiveThreshold(scores, threshold: threshold, excludeSelf: false), relative: 1e-12))
        }
    }

    @Test func excludeSelfOnARectangularSearchSkipsOnlyTheMatchingIndex() throws {
        let rows = randomRows(20, 8, seed: 27)
        let x: DenseMatrix<Double> = dense(rows)
        let found = try DenseSearch.topK(queries: x, corpus: x, k: 4, excludeSelf: true)
        #expect(sameNeighbors(found, naiveTopK(naiveScores(rows, rows, .cosine), k: 4, excludeSelf: true), relative: 1e-12))
        #expect(found.enumerated().allSatisfy { i, list in !list.contains { $0.index == i } })
    }
}
