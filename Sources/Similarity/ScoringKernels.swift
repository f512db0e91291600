import LinearAlgebra

// Small raw-pointer kernels for the dense engine: the fixed-order inner
// product that defines every reported dense score, the screening bound that
// makes GEMM scores safe to filter with, and SIMD tests over score tiles.

enum ScoringKernels {
    /// `Σ x[t] * y[t]` for `t < count`, accumulated in `Double` in a fixed
    /// order (eight interleaved partial sums, combined pairwise, then the tail
    /// in order). The order depends only on `count`, so the result is the same
    /// bit pattern for the same two vectors wherever they sit in memory, and
    /// `dot(x, y) == dot(y, x)`.
    ///
    /// For `Float` inputs every product is exact in `Double`, so the result is
    /// within a few `Double` ulps of the true inner product.
    @inline(__always)
    static func dot<S: BLASScalar>(_ x: UnsafePointer<S>, _ y: UnsafePointer<S>, _ count: Int) -> Double {
        if S.self == Float.self {
            return dotKernel(UnsafeRawPointer(x).assumingMemoryBound(to: Float.self),
                             UnsafeRawPointer(y).assumingMemoryBound(to: Float.self), count)
        } else if S.self == Double.self {
            return dotKernel(UnsafeRawPointer(x).assumingMemoryBound(to: Double.self),
                             UnsafeRawPointer(y).assumingMemoryBound(to: Double.self), count)
        }
        var sum = 0.0
        for t in 0 ..< count { sum += Double(x[t]) * Double(y[t]) }
        return sum
    }

    @inline(__always)
    private static func dotKernel(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ count: Int) -> Double {
        var acc = SIMD8<Double>()
        var t = 0
        while t + 8 <= count {
            let a = UnsafeRawPointer(x + t).loadUnaligned(as: SIMD8<Float>.self)
            let b = UnsafeRawPointer(y + t).loadUnaligned(as: SIMD8<Float>.self)
            acc += widen(a) * widen(b)
            t += 8
        }
        var sum = reduce(acc)
        while t < count {
            sum += Double(x[t]) * Double(y[t])
            t += 1
        }
        return sum
    }

    @inline(__always)
    private static func dotKernel(_ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, _ count: Int) -> Double {
        var acc = SIMD8<Double>()
        var t = 0
        while t + 8 <= count {
            let a = UnsafeRawPointer(x + t).loadUnaligned(as: SIMD8<Double>.self)
            let b = UnsafeRawPointer(y + t).loadUnaligned(as: SIMD8<Double>.self)
            acc += a * b
            t += 8
        }
        var sum = reduce(acc)
        while t < count {
            sum += x[t] * y[t]
            t += 1
        }
        return sum
    }

    @inline(__always)
    private static func widen(_ v: SIMD8<Float>) -> SIMD8<Double> {
        SIMD8<Double>(Double(v[0]), Double(v[1]), Double(v[2]), Double(v[3]),
                      Double(v[4]), Double(v[5]), Double(v[6]), Double(v[7]))
    }

    @inline(__always)
    private static func reduce(_ v: SIMD8<Double>) -> Double {
        ((v[0] + v[4]) + (v[2] + v[6])) + ((v[1] + v[5]) + (v[3] + v[7]))
    }

    // MARK: - Screening

    /// How far a `gemm` score of vectors of length `d` may lie from the
    /// `dot` score, per unit of `‖x‖ ‖y‖`: twice the classic bound
    /// `γ(d+2) = (d + 2) u / (1 − (d + 2) u)` for any summation order in
    /// `S` (u = ulpOfOne / 2), plus the same for the `Double` kernel, with a
    /// safety factor of 2 for BLAS kernels that scale or convert.
    static func screeningFactor<S: BLASScalar>(_: S.Type, length d: Int) -> Double {
        func gamma(_ u: Double) -> Double {
            let nu = Double(d + 2) * u
            return nu < 0.5 ? nu / (1 - nu) : 1
        }
        return 2 * (gamma(Double(S.ulpOfOne) / 2) + gamma(Double.ulpOfOne / 2))
    }

    /// The `gemm`-score threshold below which a candidate cannot reach `bound`
    /// once rescored: `bound − margin`, rounded down into `S`.
    @inline(__always)
    static func screen<S: BLASScalar>(bound: Double, margin: Double, as _: S.Type = S.self) -> S {
        if bound == -.infinity { return -S.infinity }
        if bound == .infinity { return S.infinity }
        return S(bound - margin).nextDown
    }

    // MARK: - SIMD tests on score tiles

    /// Whether any of the 16 scores at `p` is `>= t`. NaN compares false.
    @inline(__always)
    static func anyAtLeast<S: BLASScalar>(_ p: UnsafePointer<S>, _ t: S) -> Bool {
        if S.self == Float.self {
            let v = UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Float>.self)
            return any(v .>= SIMD16<Float>(repeating: unsafeBitCast(t, to: Float.self)))
        } else if S.self == Double.self {
            let v = UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Double>.self)
            return any(v .>= SIMD16<Double>(repeating: unsafeBitCast(t, to: Double.self)))
        }
        for u in 0 ..< 16 where p[u] >= t { return true }
        return false
    }

    /// Whether any of the 16 scores at `p` is `>= t` or `>= columnBounds[u]`
    /// at its own position `u`. NaN compares false.
    @inline(__always)
    static func anyAtLeast<S: BLASScalar>(_ p: UnsafePointer<S>, _ t: S, orColumn columnBounds: UnsafePointer<S>) -> Bool {
        if S.self == Float.self {
            let v = UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Float>.self)
            let c = UnsafeRawPointer(columnBounds).loadUnaligned(as: SIMD16<Float>.self)
            return any((v .>= SIMD16<Float>(repeating: unsafeBitCast(t, to: Float.self))) .| (v .>= c))
        } else if S.self == Double.self {
            let v = UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Double>.self)
            let c = UnsafeRawPointer(columnBounds).loadUnaligned(as: SIMD16<Double>.self)
            return any((v .>= SIMD16<Double>(repeating: unsafeBitCast(t, to: Double.self))) .| (v .>= c))
        }
        for u in 0 ..< 16 where p[u] >= t || p[u] >= columnBounds[u] { return true }
        return false
    }
}
