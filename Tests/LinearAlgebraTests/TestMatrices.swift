import LinearAlgebra
import _TestSupport

/// A seeded `m x n` matrix with entries uniform in `-1 ..< 1`, drawn in
/// `Double` so that the `Float` and `Double` versions hold the same values
/// (up to rounding).
func randomMatrix<S: BLASScalar>(_ m: Int, _ n: Int, seed: UInt64, as _: S.Type = S.self) -> DenseMatrix<S> {
    var random = SeededRandom(seed: seed)
    let values: [Double] = random.array(count: m * n)
    return DenseMatrix(rows: m, columns: n, elements: values.map { S($0) })
}

/// A seeded random symmetric `n x n` matrix.
func randomSymmetric<S: BLASScalar>(_ n: Int, seed: UInt64, as _: S.Type = S.self) -> DenseMatrix<S> {
    let a: DenseMatrix<S> = randomMatrix(n, n, seed: seed)
    return DenseMatrix(rows: n, columns: n) { i, j in (a[i, j] + a[j, i]) / 2 }
}

/// A relative tolerance for results of `S` arithmetic: `factor` ulps of 1.
func eps<S: BLASScalar>(_: S.Type, _ factor: Double = 100) -> Double { Double(S.ulpOfOne) * factor }
