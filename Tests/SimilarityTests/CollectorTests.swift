import Foundation
import Similarity
import Testing
import _TestSupport

@Suite("Collectors and neighbours")
struct CollectorTests {
    @Test func resultOrderIsScoreDescendingThenIndexAscending() {
        var list = [Neighbor(index: 4, score: 0.5), Neighbor(index: 1, score: 0.9), Neighbor(index: 2, score: 0.5),
                    Neighbor(index: 0, score: -1)]
        list.sortInResultOrder()
        #expect(list.map(\.index) == [1, 2, 4, 0])
        #expect(Neighbor.precedes(Neighbor(index: 2, score: 0.5), Neighbor(index: 4, score: 0.5)))
        #expect(!Neighbor.precedes(Neighbor(index: 4, score: 0.5), Neighbor(index: 4, score: 0.5)))
    }

    @Test func neighborRoundTripsThroughJSON() throws {
        let neighbor = Neighbor(index: 7, score: 0.25)
        let decoded = try JSONDecoder().decode(Neighbor.self, from: JSONEncoder().encode(neighbor))
        #expect(decoded == neighbor)
    }

    @Test func topKCollectorKeepsTheSameSetInAnyOfferOrder() {
        var random = SeededRandom(seed: 71)
        // Scores from a small set, so that many tie.
        let offers = (0 ..< 200).map { Neighbor(index: $0, score: Double(Int(random.next() % 7))) }
        var expected = offers
        expected.sortInResultOrder()
        for trial in 0 ..< 5 {
            var shuffled = offers
            var shuffler = SeededRandom(seed: UInt64(trial))
            shuffled.shuffle(using: &shuffler)
            let collector = TopKCollector(rows: 10 ..< 11, k: 25)
            for offer in shuffled { collector.offer(row: 10, index: offer.index, score: offer.score) }
            #expect(collector.results() == [Array(expected.prefix(25))])
            #expect(collector.bound(row: 10) == expected[24].score)
        }
    }

    @Test func topKCollectorBoundIsMinusInfinityUntilFullAndIgnoresNaN() {
        let collector = TopKCollector(rows: 0 ..< 2, k: 2)
        #expect(collector.bound(row: 1) == -.infinity)
        collector.offer(row: 1, index: 0, score: .nan)
        collector.offer(row: 1, index: 3, score: 0.5)
        #expect(collector.bound(row: 1) == -.infinity)
        collector.offer(row: 1, index: 4, score: 0.25)
        #expect(collector.bound(row: 1) == 0.25)
        #expect(collector.results() == [[], [Neighbor(index: 3, score: 0.5), Neighbor(index: 4, score: 0.25)]])
        #expect(collector.combine([[Neighbor(index: 9, score: 1)], [Neighbor(index: 3, score: 0.5), Neighbor(index: 4, score: 0.25)]])
                == [Neighbor(index: 9, score: 1), Neighbor(index: 3, score: 0.5)])
        #expect(TopKCollector(rows: 0 ..< 1, k: 0).bound(row: 0) == .infinity)
    }

    @Test func thresholdCollectorKeepsScoresAtOrAboveTheThresholdOutsideGroups() {
        let collector = ThresholdCollector(rows: 0 ..< 2, threshold: 0.5, groups: [0, 1, 1])
        #expect(collector.admits(row: 0, index: 1) && !collector.admits(row: 1, index: 2))
        collector.offer(row: 0, index: 1, score: 0.5)
        collector.offer(row: 0, index: 2, score: 0.7)
        collector.offer(row: 1, index: 0, score: 0.4)
        #expect(collector.results() == [[Neighbor(index: 2, score: 0.7), Neighbor(index: 1, score: 0.5)], []])
    }

    /// A custom collector: the single best neighbour with an even index.
    final class BestEven: NeighborCollector {
        let rows: Range<Int>
        private var best: [Neighbor?]
        init(rows: Range<Int>) { self.rows = rows; best = Array(repeating: nil, count: rows.count) }
        func bound(row: Int) -> Double { best[row - rows.lowerBound]?.score ?? -.infinity }
        func admits(row: Int, index: Int) -> Bool { index % 2 == 0 }
        func offer(row: Int, index: Int, score: Double) -> Double {
            let candidate = Neighbor(index: index, score: score)
            if let current = best[row - rows.lowerBound], !Neighbor.precedes(candidate, current) { return current.score }
            best[row - rows.lowerBound] = candidate
            return score
        }
        func results() -> [[Neighbor]] { best.map { $0.map { [$0] } ?? [] } }
        func combine(_ parts: [[Neighbor]]) -> [Neighbor] {
            var all = parts.flatMap { $0 }
            all.sortInResultOrder()
            return Array(all.prefix(1))
        }
        var maximumPerRow: Int? { 1 }
    }

    @Test func customCollectorsPlugIntoEveryEngine() throws {
        let rows = randomRows(40, 6, seed: 72)
        let expected = naiveScores(rows, rows, .cosine).map { scores in
            var list = scores.enumerated().filter { $0.offset % 2 == 0 }.map { Neighbor(index: $0.offset, score: $0.element) }
            list.sortInResultOrder()
            return Array(list.prefix(1))
        }
        let configuration = SearchConfiguration(queryTile: 4, corpusTile: 6, threads: 2)
        let viaDense = try DenseSearch.search(queries: dense(rows, as: Double.self), corpus: dense(rows), configuration: configuration) {
            BestEven(rows: $0)
        }
        #expect(sameNeighbors(viaDense, expected, relative: 1e-12))
        let viaSparse = SparseSearch.search(queries: sparse(rows, as: Double.self), corpus: sparse(rows), configuration: configuration) {
            BestEven(rows: $0)
        }
        #expect(sameNeighbors(viaSparse, expected, relative: 1e-12))
    }
}
