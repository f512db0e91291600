import LinearAlgebra

/// A seeded random number generator for tests (LinearAlgebra's `SeededGenerator`:
/// xoshiro256** seeded through SplitMix64) with helpers for uniform and normal
/// values, so tests draw the same "random" matrices on every run and platform.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var base: SeededGenerator

    /// A generator whose whole stream is determined by `seed` (the library's
    /// `SeededGenerator`, so tests and library draw the same streams).
    public init(seed: UInt64) { base = SeededGenerator(seed: seed) }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 { base.next() }

    /// A uniform value in `range` (half-open).
    public mutating func uniform<T: BinaryFloatingPoint>(in range: Range<T> = -1 ..< 1) -> T
    where T.RawSignificand: FixedWidthInteger {
        T.random(in: range, using: &self)
    }

    /// A standard normal value (Box-Muller).
    public mutating func normal<T: BinaryFloatingPoint>(_: T.Type = T.self) -> T {
        let u1 = Double.random(in: Double.ulpOfOne ..< 1, using: &self)
        let u2 = Double.random(in: 0 ..< 1, using: &self)
        return T((-2 * _log(u1)).squareRoot() * _cos(2 * Double.pi * u2))
    }

    /// `count` uniform values in `range`.
    public mutating func array<T: BinaryFloatingPoint>(count: Int, in range: Range<T> = -1 ..< 1) -> [T]
    where T.RawSignificand: FixedWidthInteger {
        (0 ..< count).map { _ in uniform(in: range) }
    }

}

// Minimal libm access without importing Foundation into every test target.
#if canImport(Glibc)
import Glibc
private func _log(_ x: Double) -> Double { Glibc.log(x) }
private func _cos(_ x: Double) -> Double { Glibc.cos(x) }
#elseif canImport(Darwin)
import Darwin
private func _log(_ x: Double) -> Double { Darwin.log(x) }
private func _cos(_ x: Double) -> Double { Darwin.cos(x) }
#endif
