import Dispatch

/// Measures the core clock the way a benchmark sees it (including turbo), by
/// timing a chain of dependent 1-cycle integer operations.
///
/// Each step of the chain is a rotate followed by an exclusive-or, two
/// operations of one cycle latency each on every x86-64 and ARM64 core of
/// the last decade, and each depends on the previous result, so the chain
/// runs at two cycles per step whatever the width of the core. Cycles per
/// second are `2 × steps / seconds`; the best of several runs is kept.
public enum CPUClock {
    /// The measured clock in MHz (best of `runs`, each about `steps` long).
    /// - Complexity: about `runs × steps × 2` cycles (≈ 0.1 s by default).
    public static func measureMHz(steps: Int = 40_000_000, runs: Int = 3) -> Double {
        var best = 0.0
        var sink: UInt64 = 0
        for _ in 0 ..< runs {
            let start = DispatchTime.now().uptimeNanoseconds
            sink ^= dependentChain(steps, seed: UInt64(truncatingIfNeeded: start))
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            if elapsed > 0 { best = max(best, 2 * Double(steps) / elapsed / 1e6) }
        }
        blackHole(sink)
        return best
    }

    @inline(never)
    static func dependentChain(_ steps: Int, seed: UInt64) -> UInt64 {
        var x = seed | 1
        let key = seed &* 0x9E37_79B9_7F4A_7C15
        for _ in 0 ..< steps {
            x = ((x << 1) | (x >> 63)) ^ key
        }
        return x
    }

    @inline(never)
    static func blackHole(_ value: UInt64) {
        if value == 0x1234_5678_9ABC_DEF0 { print("", terminator: "") }
    }
}
