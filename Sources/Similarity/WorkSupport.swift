import LinearAlgebra
import Synchronization

// Scheduling helpers shared by the search engines: a task cursor for workers
// that pull tasks dynamically, and the process-wide "BLAS single-threaded"
// scope used while several tasks call `gemm` at once.

/// Hands out task numbers `0, 1, 2, ...` to workers; each number once.
final class TaskCursor: Sendable {
    private let next = Atomic<Int>(0)

    /// The next unclaimed task number.
    func take() -> Int { next.wrappingAdd(1, ordering: .relaxed).oldValue }
}

/// Keeps the BLAS single-threaded while any scope is open, so that tasks
/// running `gemm` side by side do not also fork BLAS threads (2 tasks x 2
/// OpenBLAS threads on 2 cores would oversubscribe the machine).
///
/// Reference-counted across the process: the first scope to open saves the
/// BLAS thread count and sets it to 1; the last to close restores it, so
/// concurrent searches do not clobber each other's restore. Code outside this
/// module that sets the BLAS thread count while a search runs may still see
/// its value changed for the duration.
enum SingleThreadedBLAS {
    private static let state = Mutex<(open: Int, saved: Int)>((0, 1))

    /// Runs `body` with the BLAS limited to one thread when `active`; otherwise just runs it.
    static func run<R>(if active: Bool, _ body: () throws -> R) rethrows -> R {
        guard active else { return try body() }
        state.withLock { state in
            if state.open == 0 {
                state.saved = BLASRuntime.threads
                if state.saved != 1 { BLASRuntime.setThreads(1) }
            }
            state.open += 1
        }
        defer {
            state.withLock { state in
                state.open -= 1
                if state.open == 0, state.saved != 1 { BLASRuntime.setThreads(state.saved) }
            }
        }
        return try body()
    }
}

/// Runs `workers` workers in parallel; each calls `body(worker)` once. Worker
/// `w` owns whatever per-worker state `body` creates; `body` usually pulls
/// tasks from a shared `TaskCursor`. Results come back in worker order.
func runWorkers<T: Sendable>(_ workers: Int, _ body: @Sendable (Int) -> T) -> [T] {
    Parallel.map(workers, threads: workers, body)
}
