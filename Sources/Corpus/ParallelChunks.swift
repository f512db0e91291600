import Foundation
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
    ///
    /// The calling thread works too, with up to `threads - 1` threads of its own
    /// taking pieces as they finish theirs. They are plain threads, not Dispatch
    /// workers, so a load started inside `DispatchQueue.concurrentPerform` (which
    /// runs nested applies serially) still gets the cores it asks for.
    /// - Complexity: `count` calls of `body`, spread over the cores.
    static func map<T: Sendable>(_ count: Int, threads: Int, _ body: @escaping @Sendable (Int) -> T) -> [T] {
        guard threads > 1, count > 1 else { return (0 ..< count).map(body) }
        let slots = Slots<T>(count: count)
        let next = PieceCounter(count: count)
        let work: @Sendable () -> Void = {
            while let i = next.take() { slots.store(body(i), at: i) }
        }
        let finished = DispatchGroup()
        for _ in 1 ..< min(threads, count) {
            finished.enter()
            Thread {
                work()
                finished.leave()
            }.start()
        }
        work()
        finished.wait()
        return slots.results()
    }

    /// `transform` of every element, in order, computed in contiguous chunks in parallel.
    /// - Complexity: `elements.count` calls of `transform`, spread over the cores.
    static func map<A: Sendable, T: Sendable>(_ elements: [A], threads: Int,
                                              _ transform: @escaping @Sendable (A) -> T) -> [T] {
        guard threads > 1, elements.count > 1 else { return elements.map(transform) }
        let chunks = ranges(of: elements.count, into: 4 * threads)
        var parts = map(chunks.count, threads: threads) { k in elements[chunks[k]].map(transform) }
        return joined(&parts)
    }

    /// The elements of `parts` in order, moved out of them (no element is copied,
    /// so no reference is retained and released again); `parts` is left empty.
    /// - Complexity: O(total elements).
    static func joined<T>(_ parts: inout [[T]]) -> [T] {
        if parts.count == 1 { return parts.removeLast() }
        var all: [T] = []
        all.reserveCapacity(parts.reduce(0) { $0 + $1.count })
        // Taking from the back moves each element; one reversal restores the order.
        while !parts.isEmpty {
            while let element = parts[parts.count - 1].popLast() { all.append(element) }
            parts.removeLast()
        }
        reverseByMoving(&all)
        return all
    }

    /// Reverses `elements` in place by moving them (`Array.reverse()` copies each
    /// element through a temporary, retaining and releasing its references).
    /// - Complexity: O(n).
    static func reverseByMoving<T>(_ elements: inout [T]) {
        elements.withUnsafeMutableBufferPointer { $0.reverse() }
    }

    /// Splits `0 ..< count` into at most `pieces` contiguous, nearly equal ranges.
    /// - Complexity: O(pieces).
    static func ranges(of count: Int, into pieces: Int) -> [Range<Int>] {
        let n = max(1, min(pieces, count))
        return (0 ..< n).map { k in count * k / n ..< count * (k + 1) / n }
    }

    /// Hands out piece numbers `0 ..< count`, each once.
    private final class PieceCounter: @unchecked Sendable {
        private let lock = NSLock()
        private var next = 0
        private let count: Int
        init(count: Int) { self.count = count }
        func take() -> Int? {
            lock.lock()
            defer { lock.unlock() }
            guard next < count else { return nil }
            next += 1
            return next - 1
        }
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
