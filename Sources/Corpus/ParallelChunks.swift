import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs independent pieces of a load on all cores and returns their results in
/// piece order, so that what is computed never depends on the thread count or timing.
enum ParallelChunks {
    /// The number of processors online.
    static var availableCores: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    /// `body(i)` for every `i` in `0 ..< count`, in order. With `threads <= 1`
    /// (or one piece) the pieces run in order on the calling thread.
    /// - Complexity: `count` calls of `body`, spread over the cores.
    static func map<T: Sendable>(_ count: Int, threads: Int, _ body: @Sendable (Int) -> T) -> [T] {
        guard threads > 1, count > 1 else { return (0 ..< count).map(body) }
        let slots = Slots<T>(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { i in slots.store(body(i), at: i) }
        return slots.results()
    }

    /// `transform` of every element, in order, computed in contiguous chunks in parallel.
    /// - Complexity: `elements.count` calls of `transform`, spread over the cores.
    static func map<A: Sendable, T: Sendable>(_ elements: [A], threads: Int,
                                              _ transform: @Sendable (A) -> T) -> [T] {
        guard threads > 1, elements.count > 1 else { return elements.map(transform) }
        let chunks = ranges(of: elements.count, into: 4 * threads)
        let parts = map(chunks.count, threads: threads) { k in elements[chunks[k]].map(transform) }
        var all: [T] = []
        all.reserveCapacity(elements.count)
        for part in parts { all += part }
        return all
    }

    /// Splits `0 ..< count` into at most `pieces` contiguous, nearly equal ranges.
    /// - Complexity: O(pieces).
    static func ranges(of count: Int, into pieces: Int) -> [Range<Int>] {
        let n = max(1, min(pieces, count))
        return (0 ..< n).map { k in count * k / n ..< count * (k + 1) / n }
    }

    /// One slot per piece; each piece writes only its own slot, so no lock is needed.
    private final class Slots<T>: @unchecked Sendable {
        private let storage: UnsafeMutableBufferPointer<T?>
        init(count: Int) {
            storage = .allocate(capacity: count)
            storage.initialize(repeating: nil)
        }
        deinit {
            storage.deinitialize()
            storage.deallocate()
        }
        func store(_ value: T, at index: Int) { storage[index] = value }
        func results() -> [T] { storage.map { $0! } }
    }
}
