import Foundation
import Testing
@testable import Refrain
import _TestSupport

@Suite("centroid table scoring")
struct CentroidTableTests {
    @Test("nearest sums each centroid over the entries in order, whatever the cluster count", arguments: [1, 3, 7, 8, 9, 12, 20, 33])
    func nearestMatchesScalarSums(_ k: Int) {
        var random = SeededRandom(seed: UInt64(k))
        let dimension = 300
        let centroids = (0 ..< k).map { _ in (0 ..< dimension).map { _ in Float(random.next() % 100_000) / 99_999 - 0.3 } }
        let table = CentroidTable(centroids, dimension: dimension)
        for _ in 0 ..< 20 {
            let columns = (0 ..< Int32(dimension)).filter { _ in random.next() % 4 == 0 }
            let values = columns.map { _ in Double(random.next() % 1_000_000) / 777_777 }
            let found = columns.withUnsafeBufferPointer { c in values.withUnsafeBufferPointer { table.nearest(dimensions: c, values: $0) } }
            let sums = centroids.map { centroid in zip(columns, values).reduce(0.0) { $0 + $1.1 * Double(centroid[Int($1.0)]) } }
            let best = sums.indices.max { sums[$0] < sums[$1] || (sums[$0] == sums[$1] && $0 > $1) }!
            #expect(found?.index == best)
            #expect(found?.similarity == sums[best])
        }
    }
}
