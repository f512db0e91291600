import Foundation
import LinearAlgebra
import Testing

@Suite("Parallel")
struct ParallelTests {
    @Test func pairReturnsBothResultsWhateverFinishesFirst() {
        let (slow, fast) = Parallel.pair({ () -> Int in
            usleep(20_000)
            return 1
        }, { 2 })
        #expect(slow == 1 && fast == 2)
        let (a, b) = Parallel.pair({ "model" }, { () -> [Int] in
            usleep(20_000)
            return [3]
        })
        #expect(a == "model" && b == [3])
    }

    @Test func loopsInsideAPairGiveTheSerialResults_whateverRunsThem() {
        let serial = (0 ..< 1000).map { $0 * $0 }
        let (first, second) = Parallel.pair({ Parallel.map(1000, threads: 4) { $0 * $0 } },
                                            { Parallel.map(1000, threads: 4) { $0 * $0 } })
        #expect(first == serial && second == serial)
    }
}
