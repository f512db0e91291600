#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A small, fast, seeded random number generator: xoshiro256** (Blackman and
/// Vigna), its state filled from the seed by SplitMix64, with standard normal
/// variates by the Box-Muller transform.
///
/// The whole stream is a function of the seed, so randomized algorithms
/// (`TruncatedSVD`, k-means seeding) are reproducible run to run. Normal
/// variates use the platform's `log`, `sin` and `cos`, so they can differ in
/// the last bit across C libraries.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)
    private var spareNormal: Double?

    /// A generator whose stream is determined by `seed`.
    public init(seed: UInt64) {
        var splitMix = seed
        func next() -> UInt64 {
            splitMix &+= 0x9E37_79B9_7F4A_7C15
            var z = splitMix
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (next(), next(), next(), next())
    }

    /// The next 64 random bits (xoshiro256**).
    /// - Complexity: O(1).
    public mutating func next() -> UInt64 {
        let result = rotateLeft(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = rotateLeft(state.3, 45)
        return result
    }

    /// Advances the stream by 2¹²⁸ draws of `next()` (xoshiro256**'s jump
    /// function) and drops a pending normal variate: the generator and its
    /// jumped copies give non-overlapping streams, one per parallel task, so a
    /// result drawn that way still depends on the seed alone.
    /// - Complexity: 256 steps of the generator.
    public mutating func jump() {
        let polynomial: [UInt64] = [0x180E_C6D3_3CFD_0ABA, 0xD5A6_1266_F0C9_392C, 0xA958_2618_E03F_C9AA, 0x39AB_DC45_29B1_661C]
        var jumped: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        for word in polynomial {
            for bit in 0 ..< 64 as Range<UInt64> {
                if word & (1 << bit) != 0 {
                    jumped.0 ^= state.0
                    jumped.1 ^= state.1
                    jumped.2 ^= state.2
                    jumped.3 ^= state.3
                }
                _ = next()
            }
        }
        state = jumped
        spareNormal = nil
    }

    /// A uniform `Double` in `[0, 1)` with 53 random bits.
    public mutating func nextUniform() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A standard normal variate (mean 0, variance 1). Box-Muller makes two
    /// at a time from two uniforms; the second is returned by the next call.
    public mutating func nextNormal() -> Double {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        let u1 = Double((next() >> 11) + 1) * 0x1p-53   // (0, 1]: log is finite
        let u2 = nextUniform()
        let radius = (-2 * log(u1)).squareRoot()
        let angle = 2 * Double.pi * u2
        spareNormal = radius * sin(angle)
        return radius * cos(angle)
    }

    private func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}
