import LinearAlgebra

/// Truncated SVD of a sparse matrix by a randomized range finder, the
/// `TruncatedSVD(algorithm="randomized")` of scikit-learn; applied to TF-IDF
/// rows it is latent semantic analysis (LSA).
///
/// ## Algorithm (Halko, Martinsson and Tropp 2011, algorithms 4.4 and 5.1)
/// For `X` (`m x d`), `k = components` and `l = min(k + oversamples, m, d)`:
/// 1. `Ω` (`d x l`): standard normal entries from `SeededGenerator(seed: seed)`,
///    drawn row by row.
/// 2. `Q = qr(X Ω)`; then `powerIterations` times `Q = qr(X qr(Xᵀ Q))`.
///    Every product is re-orthonormalised by Householder QR (`thinQ()`), the
///    stable choice; scikit-learn's default `power_iteration_normalizer="auto"`
///    uses LU for more than two iterations, which is cheaper and less accurate.
///    The sparse products are `CSRMatrix.multiply` (with `Xᵀ` transposed once).
/// 3. `B = Qᵀ X` (`l x d`), its SVD `B = Û Σ Vᵀ` by LAPACK `gesdd`, `U = Q Û`;
///    keep the leading `k` triplets.
/// 4. Signs: each row of `Vᵀ` is flipped so that its entry of largest
///    magnitude (the first, on ties) is positive, with the matching column of
///    `U` — scikit-learn's `svd_flip(u_based_decision=False)`, which its
///    `TruncatedSVD` uses since version 1.5.
///
/// No centering is done (so sparse input stays sparse), exactly as scikit-learn.
/// Defaults match scikit-learn: `oversamples` 10 (`n_oversamples`),
/// `powerIterations` 5 (`n_iter`).
///
/// Results are a function of the input, the seed, the thread counts and the
/// LAPACK build: the sparse products are deterministic for any `threads`, the
/// QR and SVD steps are those of the loaded LAPACK.
public struct TruncatedSVD: Sendable, Hashable, Codable {
    /// The number of components `k` to keep (`n_components`).
    public var components: Int
    /// Extra random directions sampled beyond `k` (`n_oversamples`). Default 10.
    public var oversamples: Int
    /// Power (subspace) iterations (`n_iter`). Default 5.
    public var powerIterations: Int
    /// Seed of the Gaussian test matrix. Default 0.
    public var seed: UInt64
    /// Threads for the sparse products. Default: every available core.
    public var threads: Int

    /// A configuration.
    /// - Precondition: `components >= 1`, `oversamples >= 0`, `powerIterations >= 0`, `threads >= 1`.
    public init(components: Int, oversamples: Int = 10, powerIterations: Int = 5, seed: UInt64 = 0,
                threads: Int = Parallel.availableCores) {
        precondition(components >= 1, "TruncatedSVD: components must be at least 1, got \(components)")
        precondition(oversamples >= 0, "TruncatedSVD: oversamples must not be negative, got \(oversamples)")
        precondition(powerIterations >= 0, "TruncatedSVD: powerIterations must not be negative, got \(powerIterations)")
        precondition(threads >= 1, "TruncatedSVD: threads must be at least 1, got \(threads)")
        self.components = components
        self.oversamples = oversamples
        self.powerIterations = powerIterations
        self.seed = seed
        self.threads = threads
    }

    /// Fits the model to the rows of `x` (`m` documents x `d` terms).
    /// - Precondition: `components <= min(m, d)`.
    /// - Throws: `BLASError` from QR or SVD (for example non-finite input).
    /// - Complexity: `2 (2 powerIterations + 2)` sparse products of `nnz x l`
    ///   multiply-adds, `2 powerIterations + 1` QR factorizations of
    ///   `m x l` or `d x l` (O((m + d) l²) each), an SVD of `l x d`
    ///   (O(d l²)); memory O((m + d) l).
    @_specialize(where S == Float)
    @_specialize(where S == Double)
    public func fit<S: BLASScalar>(_ x: CSRMatrix<S>) throws(BLASError) -> TruncatedSVDModel<S> {
        try fitTransform(x).model
    }

    /// Fits the model and returns it with the rows of `x` in component space,
    /// `U Σ` (`m x k`), as scikit-learn's `fit_transform` does (equal to
    /// `model.transform(x)` up to rounding).
    /// - Precondition: `components <= min(m, d)`.
    /// - Complexity: that of `fit`, plus O(m k).
    @_specialize(where S == Float)
    @_specialize(where S == Double)
    public func fitTransform<S: BLASScalar>(_ x: CSRMatrix<S>) throws(BLASError) -> (model: TruncatedSVDModel<S>, transformed: DenseMatrix<S>) {
        let m = x.rows, d = x.columns, k = components
        precondition(k <= min(m, d), "TruncatedSVD: \(k) components for a \(m)x\(d) matrix; at most \(min(m, d))")
        let l = min(k + oversamples, min(m, d))

        // 1. Gaussian test matrix.
        var random = SeededGenerator(seed: seed)
        let omega = DenseMatrix<S>(rows: d, columns: l) { _, _ in S(random.nextNormal()) }

        // 2. Range finder with QR-normalised power iterations.
        let xt = x.transposed()
        var q = try x.multiply(omega, threads: threads).thinQ()
        for _ in 0 ..< powerIterations {
            let z = try xt.multiply(q, threads: threads).thinQ()
            q = try x.multiply(z, threads: threads).thinQ()
        }

        // 3. Project and decompose: B = Qᵀ X = (Xᵀ Q)ᵀ.
        let b = xt.multiply(q, threads: threads).transposed()
        let small = try b.svd()
        var u = try q.matmul(small.u).columns(0 ..< k)
        var vt = small.vt.rows(0 ..< k)
        let sigma = Array(small.singularValues[..<k])

        // 4. Deterministic signs from Vᵀ.
        Self.flipSigns(u: &u, vt: &vt)

        var transformed = u
        transformed.withUnsafeMutableBufferPointer { t in
            for index in t.indices { t[index] *= sigma[index % k] }
        }
        let explained = Self.columnVariances(transformed)
        let total = Self.totalVariance(x)
        let model = TruncatedSVDModel(
            components: vt, singularValues: sigma,
            explainedVariance: explained.map { S($0) },
            explainedVarianceRatio: explained.map { total > 0 ? S($0 / total) : 0 })
        return (model, transformed)
    }

    // MARK: - Implementation

    /// Makes the largest-magnitude entry of each row of `vt` positive (the
    /// first such entry on ties), flipping the matching column of `u`.
    static func flipSigns<S: BLASScalar>(u: inout DenseMatrix<S>, vt: inout DenseMatrix<S>) {
        let k = vt.rows, d = vt.columns, m = u.rows
        var negate = [Bool](repeating: false, count: k)
        vt.withUnsafeMutableBufferPointer { v in
            for r in 0 ..< k {
                var best = 0
                for c in 1 ..< max(d, 1) where abs(v[r * d + c]) > abs(v[r * d + best]) { best = c }
                guard d > 0, v[r * d + best] < 0 else { continue }
                negate[r] = true
                for c in 0 ..< d { v[r * d + c] = -v[r * d + c] }
            }
        }
        u.withUnsafeMutableBufferPointer { p in
            for i in 0 ..< m {
                for r in 0 ..< k where negate[r] { p[i * k + r] = -p[i * k + r] }
            }
        }
    }

    /// The population variance (divided by `m`) of each column, in `Double`.
    static func columnVariances<S: BLASScalar>(_ a: DenseMatrix<S>) -> [Double] {
        let m = a.rows, k = a.columns
        guard m > 0 else { return Array(repeating: 0, count: k) }
        return a.withUnsafeBufferPointer { p in
            (0 ..< k).map { c in
                var mean = 0.0
                for i in 0 ..< m { mean += Double(p[i * k + c]) }
                mean /= Double(m)
                var sum = 0.0
                for i in 0 ..< m {
                    let e = Double(p[i * k + c]) - mean
                    sum += e * e
                }
                return sum / Double(m)
            }
        }
    }

    /// `Σⱼ var(X[:, j])`, population variances of the columns of the sparse
    /// `X` (`E[x²] − E[x]²` per column, in `Double`).
    static func totalVariance<S: BLASScalar>(_ x: CSRMatrix<S>) -> Double {
        let m = Double(x.rows)
        guard x.rows > 0 else { return 0 }
        var sums = [Double](repeating: 0, count: x.columns), squares = sums
        for p in 0 ..< x.nonZeroCount {
            let j = Int(x.columnIndices[p]), v = Double(x.values[p])
            sums[j] += v
            squares[j] += v * v
        }
        var total = 0.0
        for j in 0 ..< x.columns {
            let mean = sums[j] / m
            total += max(0, squares[j] / m - mean * mean)
        }
        return total
    }
}

/// A fitted truncated SVD: the leading right singular vectors of the training
/// matrix and what they explain.
public struct TruncatedSVDModel<Scalar: BLASScalar>: Sendable, Codable {
    /// `k x d`: row `r` is the `r`-th right singular vector (scikit-learn's
    /// `components_`), unit length, rows mutually orthogonal, signs as in
    /// `TruncatedSVD` step 4.
    public let components: DenseMatrix<Scalar>
    /// The `k` leading singular values, descending (`singular_values_`).
    public let singularValues: [Scalar]
    /// The variance of each column of the transformed training matrix
    /// (population variance, in squared input units; `explained_variance_`).
    public let explainedVariance: [Scalar]
    /// `explainedVariance` divided by the summed variances of the training
    /// matrix's columns (`explained_variance_ratio_`); 0 when that total is 0.
    /// Not necessarily descending, because no centering is done.
    public let explainedVarianceRatio: [Scalar]

    /// A model from its parts.
    /// - Precondition: the three arrays have `components.rows` entries.
    public init(components: DenseMatrix<Scalar>, singularValues: [Scalar], explainedVariance: [Scalar],
                explainedVarianceRatio: [Scalar]) {
        precondition(singularValues.count == components.rows && explainedVariance.count == components.rows
                     && explainedVarianceRatio.count == components.rows,
                     "TruncatedSVDModel: \(components.rows) components need as many values")
        self.components = components
        self.singularValues = singularValues
        self.explainedVariance = explainedVariance
        self.explainedVarianceRatio = explainedVarianceRatio
    }

    /// The number of components `k`.
    public var componentCount: Int { components.rows }
    /// The number of input columns `d` (terms).
    public var featureCount: Int { components.columns }

    /// Rows of `x` in component space: `X Vᵀ` (`m x k`), by a sparse-dense product.
    /// - Precondition: `x.columns == featureCount`.
    /// - Complexity: 2 nnz k flops, plus O(d k) to transpose the components.
    public func transform(_ x: CSRMatrix<Scalar>, threads: Int = Parallel.availableCores) -> DenseMatrix<Scalar> {
        precondition(x.columns == featureCount, "TruncatedSVDModel.transform: \(x.columns) columns, model has \(featureCount)")
        return x.multiply(components.transposed(), threads: threads)
    }

    /// Dense rows in component space: `X Vᵀ` (`m x k`), by `gemm`.
    /// - Precondition: `x.columns == featureCount`.
    /// - Complexity: 2 m d k flops.
    public func transform(_ x: DenseMatrix<Scalar>) throws(BLASError) -> DenseMatrix<Scalar> {
        precondition(x.columns == featureCount, "TruncatedSVDModel.transform: \(x.columns) columns, model has \(featureCount)")
        return try x.matmul(components, transposeOther: true)
    }
}
