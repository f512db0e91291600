import Foundation
import Testing
@testable import Refrain
import _TestSupport

@Suite("placing new articles")
struct PlacementTests {
    static let texts = [
        "China firmly opposes any form of official exchanges with Taiwan, the spokesperson said.",
        "ΣΟΦΙΑ and İstanbul: naïve café owners don't agree; U.S. co-op 2024 x9 a b.",
        "", "Beijing urged Washington to stop interfering in China's internal affairs! 日本語 ½",
        String(repeating: "The minister called for dialogue and cooperation between the two sides. ", count: 40),
    ]

    @Test("scoring rows as they are counted finds what scoring the kept rows finds", arguments: [false, true])
    func placingMatchesKeptRows(lsa: Bool) throws {
        let model = try ModelFileTests.sampleModel(lsa: lsa)
        for threads in [1, 3] {
            let kept = ModelSpaceRows(Self.texts, model: model, threads: threads)
            let matrix = kept.matrix
            let table = CentroidTable(model.clusters.map(\.centroid), dimension: matrix.columns, threads: threads)
            let expected = table.nearest(matrix, threads: threads)
            let placed = ArticlePlacer(model, threads: threads).place(Self.texts, threads: threads)
            #expect(placed.nearest.map { $0?.index } == expected.map { $0?.index }, "\(threads) threads: clusters")
            #expect(placed.nearest.map { $0?.similarity } == expected.map { $0?.similarity }, "\(threads) threads: similarities")
            #expect(placed.unknownFeatureCounts == kept.unknownFeatureCounts)
            #expect(placed.featureCount == kept.featureCount)
            #expect(kept.nearest(in: model, threads: threads).map { $0?.similarity } == expected.map { $0?.similarity })
        }
    }

    @Test("assigning with statements found and the model prepared beforehand reports what assigning alone does")
    func precomputedStepsGiveTheSameReport() throws {
        let model = try ModelFileTests.sampleModel(lsa: false)
        let documents = Self.texts.enumerated().filter { !$0.element.isEmpty }.map { i, text in
            Document(id: "new-\(i)", title: nil, date: nil, source: nil, text: text)
        }
        let alone = Pipeline.assign(documents, model: model, noveltyThreshold: nil, threads: 2)
        let statements = SpeakerAttributor().statements(in: documents, threads: 2)
        let placer = ArticlePlacer(model, threads: 1)
        #expect(Pipeline.place(documents, with: placer, threads: 2).nearest.count == documents.count)
        let given = Pipeline.assign(documents, statements: statements, model: model, noveltyThreshold: nil, threads: 2)
        #expect(given == alone)
        let prepared = Pipeline.assign(documents, statements: statements, placer: placer, noveltyThreshold: nil, threads: 2)
        #expect(prepared == alone)
        // Placing only: the same stories, no talking points.
        let placedOnly = Pipeline.assign(documents, placer: placer, noveltyThreshold: nil, threads: 2, matchTalkingPoints: false)
        #expect(placedOnly.assignments.map(\.cluster) == alone.assignments.map(\.cluster))
        #expect(placedOnly.assignments.map(\.similarity) == alone.assignments.map(\.similarity))
        #expect(placedOnly.assignments.allSatisfy(\.talkingPoints.isEmpty) && placedOnly.newTalkingPoints.isEmpty)
        #expect(alone.assignments.map(\.document) == documents.map(\.id))
    }

    @Test("a centroid table in another dimension order holds each centroid's weights at the reordered positions",
          arguments: [(0, 5), (6, 0), (1, 9), (6, 37), (9, 200)])
    func reorderedLayout(clusters k: Int, dimension: Int) {
        var random = SeededRandom(seed: UInt64(k * 1000 + dimension))
        let centroids = (0 ..< k).map { _ in (0 ..< dimension).map { _ in Float(random.next() % 1000) / 999 } }
        let order = (0 ..< Int32(dimension)).map { ($0 * 11 + 5) % Int32(max(dimension, 1)) }
        let distinctOrder = Set(order).count == dimension
        guard distinctOrder else { return }  // 11 and the dimension share a factor: not a permutation
        let plain = CentroidTable(centroids, dimension: dimension)
        for threads in [1, 3] {
            let reordered = CentroidTable(centroids, dimension: dimension, order: order, threads: threads)
            #expect(reordered.clusters == k)
            // Position j holds dimension order[j] of every centroid, in cluster order.
            let expected = order.flatMap { d in (0 ..< k).map { c in plain.byDimension[Int(d) * k + c] } }
            #expect(reordered.byDimension == expected, "\(k) clusters, \(dimension) dimensions, \(threads) threads")
        }
    }

    @Test("a centroid table in another dimension order scores the same")
    func reorderedTable() {
        var random = SeededRandom(seed: 3)
        let dimension = 37, k = 6
        let centroids = (0 ..< k).map { _ in (0 ..< dimension).map { _ in Float(random.next() % 1000) / 999 } }
        let order = (0 ..< Int32(dimension)).map { ($0 * 11) % Int32(dimension) }
        let plain = CentroidTable(centroids, dimension: dimension)
        let reordered = CentroidTable(centroids, dimension: dimension, order: order, threads: 2)
        var position = [Int32](repeating: 0, count: dimension)
        for (j, d) in order.enumerated() { position[Int(d)] = Int32(j) }
        let columns: [Int32] = [0, 3, 4, 17, 36]
        let values: [Double] = [0.5, 0.25, 0.125, 0.75, 0.3]
        let a = columns.withUnsafeBufferPointer { c in values.withUnsafeBufferPointer { plain.nearest(dimensions: c, values: $0) } }
        let b = columns.map { position[Int($0)] }.withUnsafeBufferPointer { c in
            values.withUnsafeBufferPointer { reordered.nearest(dimensions: c, values: $0) }
        }
        #expect(a?.index == b?.index)
        #expect(a?.similarity == b?.similarity)
        // The reference: a scalar sum per centroid in entry order.
        let sums = centroids.map { centroid in zip(columns, values).reduce(0.0) { $0 + $1.1 * Double(centroid[Int($1.0)]) } }
        let best = sums.indices.max { sums[$0] < sums[$1] || (sums[$0] == sums[$1] && $0 > $1) }!
        #expect(a?.index == best)
        #expect(a?.similarity == sums[best])
    }
}
