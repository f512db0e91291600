/// Naive dense references: textbook loops over row-major arrays, accumulated
/// in `Double`, with no blocking and no BLAS. Slow and obviously correct.

/// `op(A) * op(B)` where `op(A)` is `m x k` and `op(B)` is `k x n`; the stored
/// `A` is `m x k` (or `k x m` when `transposeA`), likewise `B`. Row-major result.
public func naiveMatmul<T: BinaryFloatingPoint>(
    _ a: [T], _ b: [T], m: Int, n: Int, k: Int, transposeA: Bool = false, transposeB: Bool = false
) -> [T] {
    precondition(a.count == m * k && b.count == k * n, "naiveMatmul: sizes")
    var c = [T](repeating: 0, count: m * n)
    for i in 0 ..< m {
        for j in 0 ..< n {
            var sum = 0.0
            for p in 0 ..< k {
                let x = transposeA ? a[p * m + i] : a[i * k + p]
                let y = transposeB ? b[j * k + p] : b[p * n + j]
                sum += Double(x) * Double(y)
            }
            c[i * n + j] = T(sum)
        }
    }
    return c
}

/// `op(A) * x` for a stored `m x n` row-major `A`; `op(A) = Aᵀ` when `transpose`.
public func naiveMatVec<T: BinaryFloatingPoint>(_ a: [T], _ x: [T], m: Int, n: Int, transpose: Bool = false) -> [T] {
    precondition(a.count == m * n, "naiveMatVec: sizes")
    let rows = transpose ? n : m, inner = transpose ? m : n
    precondition(x.count == inner, "naiveMatVec: vector length")
    return (0 ..< rows).map { i in
        var sum = 0.0
        for p in 0 ..< inner { sum += Double(transpose ? a[p * n + i] : a[i * n + p]) * Double(x[p]) }
        return T(sum)
    }
}

/// The row-major transpose of an `m x n` row-major array.
public func naiveTranspose<T>(_ a: [T], m: Int, n: Int) -> [T] {
    precondition(a.count == m * n, "naiveTranspose: sizes")
    var t = [T]()
    t.reserveCapacity(m * n)
    for j in 0 ..< n { for i in 0 ..< m { t.append(a[i * n + j]) } }
    return t
}

/// `Σ x[i] y[i]`, accumulated in `Double`.
public func naiveDot<T: BinaryFloatingPoint>(_ x: [T], _ y: [T]) -> T {
    precondition(x.count == y.count, "naiveDot: lengths")
    return T(zip(x, y).reduce(0.0) { $0 + Double($1.0) * Double($1.1) })
}

/// `√(Σ x[i]²)`, accumulated in `Double`.
public func naiveNorm<T: BinaryFloatingPoint>(_ x: [T]) -> T {
    T(x.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot())
}

/// `U * diag(s) * Vt` for `U` (`m x r`), `s` (`r`), `Vt` (`r x n`), row-major.
public func naiveReconstruct<T: BinaryFloatingPoint>(u: [T], s: [T], vt: [T], m: Int, n: Int) -> [T] {
    let r = s.count
    precondition(u.count == m * r && vt.count == r * n, "naiveReconstruct: sizes")
    var scaled = u
    for i in 0 ..< m { for p in 0 ..< r { scaled[i * r + p] *= s[p] } }
    return naiveMatmul(scaled, vt, m: m, n: n, k: r)
}

/// The largest `|(QᵀQ − I)[i, j]|` for the `m x k` row-major `Q`: zero for
/// orthonormal columns.
public func orthonormalityDefect<T: BinaryFloatingPoint>(_ q: [T], m: Int, k: Int) -> Double {
    let gram = naiveMatmul(q, q, m: k, n: k, k: m, transposeA: true)
    var worst = 0.0
    for i in 0 ..< k {
        for j in 0 ..< k { worst = max(worst, abs(Double(gram[i * k + j]) - (i == j ? 1 : 0))) }
    }
    return worst
}
