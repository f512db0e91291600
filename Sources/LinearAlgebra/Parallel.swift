import Dispatch

/// Deterministic data parallelism: split `0 ..< count` into contiguous chunks
/// and run them on up to `threads` cores.
///
/// Chunk boundaries depend only on `count` and `chunkCount`, never on the
/// thread count or on timing, so callers that write chunk results into their
/// own slots and merge them in chunk order get identical results for any
/// number of threads.
public enum Parallel {
    /// The number of cores this process may use.
    public static var availableCores: Int { ProcessInfoCores.active }

    /// Splits `0 ..< count` into `chunkCount` contiguous, nearly equal ranges.
    /// - Complexity: O(chunkCount).
    public static func chunks(of count: Int, into chunkCount: Int) -> [Range<Int>] {
        precondition(count >= 0 && chunkCount >= 1, "Parallel.chunks: count \(count), chunks \(chunkCount)")
        let n = min(chunkCount, max(count, 1))
        return (0 ..< n).map { i in (count * i / n) ..< (count * (i + 1) / n) }
    }

    /// Runs `body(i)` for every `i` in `0 ..< taskCount` on up to `threads` threads.
    /// With `threads <= 1` the tasks run in order on the calling thread.
    /// `body` must only write state owned by task `i`.
    public static func forEach(_ taskCount: Int, threads: Int, _ body: @Sendable (Int) -> Void) {
        guard taskCount > 0 else { return }
        let workers = max(1, min(threads, taskCount))
        if workers == 1 {
            for i in 0 ..< taskCount { body(i) }
            return
        }
        // Workers pull task indices from a shared counter; which worker runs a
        // task never changes what the task computes.
        let next = TaskCounter()
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let i = next.take()
                if i >= taskCount { break }
                body(i)
            }
        }
    }

    /// Computes `body(i)` for every `i` in `0 ..< taskCount` in parallel and
    /// returns the results in task order.
    public static func map<T: Sendable>(_ taskCount: Int, threads: Int, _ body: @Sendable (Int) -> T) -> [T] {
        let slots = ResultSlots<T>(count: taskCount)
        forEach(taskCount, threads: threads) { i in slots.store(body(i), at: i) }
        return slots.results()
    }
}

extension Parallel {
    /// Runs two independent jobs at the same time and returns both results:
    /// `second` on the calling thread, `first` on a thread of its own.
    ///
    /// Unlike `map(2, …)`, neither job runs inside a parallel loop, so each
    /// can use `forEach`/`map` at full width (a parallel loop nested in
    /// another runs serially).
    public static func pair<A: Sendable, B>(_ first: @escaping @Sendable () -> A, _ second: () -> B) -> (A, B) {
        let slot = ResultSlots<A>(count: 1)
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global(qos: .userInitiated).async {
            slot.store(first(), at: 0)
            done.signal()
        }
        let b = second()
        done.wait()
        return (slot.results()[0], b)
    }
}

/// A lock-protected counter handing out task indices.
final class TaskCounter: @unchecked Sendable {
    private var value = 0
    private let lock = Lock()
    func take() -> Int { lock.withLock { defer { value += 1 }; return value } }
}

/// One result slot per task; each task writes only its own slot.
final class ResultSlots<T>: @unchecked Sendable {
    private var storage: [T?]
    private let lock = Lock()
    init(count: Int) { storage = Array(repeating: nil, count: count) }
    func store(_ value: T, at index: Int) { lock.withLock { storage[index] = value } }
    func results() -> [T] { lock.withLock { storage.map { $0! } } }
}

/// A mutable buffer that parallel tasks write into at disjoint indices.
///
/// Sendable by promise, not by proof: callers must guarantee that no two
/// tasks touch the same element and that the buffer outlives the tasks.
package struct DisjointWriteBuffer<Element>: @unchecked Sendable {
    package let base: UnsafeMutablePointer<Element>
    package let count: Int
    package init(_ buffer: UnsafeMutableBufferPointer<Element>) {
        base = buffer.baseAddress ?? UnsafeMutablePointer(bitPattern: MemoryLayout<Element>.alignment)!
        count = buffer.count
    }
    @inline(__always)
    package subscript(index: Int) -> Element {
        get { base[index] }
        nonmutating set { base[index] = newValue }
    }
}
