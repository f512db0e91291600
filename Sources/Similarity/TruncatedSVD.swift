import LinearAlgebra

/// Truncated SVD of a sparse matrix by a randomized range finder, the
/// `TruncatedSVD(algorithm="randomized")` of scikit-learn; applied to TF-IDF
/// rows it is latent semantic analysis (LSA).
///
/// ## Algorithm (Halko, Martinsson and Tropp 2011, algorithms 4.4 and 5.1)
/// For `X` (`m x d`), `k = components` and `l = min(k + oversamples, m, d)`,
/// let `A` be `X` when `m >= d` and `Xᵀ` otherwise, so that `A` (`r x c`) has
/// no more columns than rows — scikit-learn's `randomized_svd(transpose=
/// "auto")`, which starts from the smaller side:
/// 1. `Ω` (`c x l`): standard normal entries; column `j` is drawn in order
///    from `SeededGenerator(seed: seed)` jumped `j` times (`jump()`), so the
///    columns are drawn in parallel and still depend on the seed alone.
/// 2. `Q = Ω`; then `powerIterations` times `Q = N(A Q)`, `Q = N(Aᵀ Q)`; then
///    `Q = qr(A Q)` (`r x l`, orthonormal columns). The normaliser `N` is
///    `normalizer`: by default `.lu`, the `P L` of an LU factorization with
///    partial pivoting, as scikit-learn's default `power_iteration_normalizer=
///    "auto"` for more than two iterations — half the flops of a QR and no
///    `Q` to form; `.qr` re-orthonormalises every product instead (the most
///    stable choice, and the slowest). Either way the final basis is
///    orthonormal, so the result differs only in how well the leading
///    directions have converged.
/// 3. `B = Qᵀ A` (`l x c`), its SVD `B = Û Σ Wᵀ` by LAPACK `gesdd`, so
///    `A ≈ (Q Û) Σ Wᵀ`; keep the leading `k` triplets, as `U = Q Û`, `Vᵀ = Wᵀ`
///    for `A = X` and `U = W`, `Vᵀ = (Q Û)ᵀ` for `A = Xᵀ`.
/// 4. Signs: each row of `Vᵀ` is flipped so that its entry of largest
///    magnitude (the first, on ties) is positive, with the matching column of
///    `U` — scikit-learn's `svd_flip(u_based_decision=False)`, which its
///    `TruncatedSVD` uses since version 1.5.
///
/// The bases are kept as wide matrices whose rows are the basis vectors (`Qᵀ`,
/// `l x r` and `l x c`): the sparse products write them directly
/// (`DenseMatrix.multiply(transposeOf:into:)`, with `X` transposed once), and
/// LAPACK factors them in place, column-major, without transposed copies. The
/// terms are renumbered by descending document frequency for the products
/// (the frequent terms' rows of the basis then share cache lines) and put back
/// in their order in `Vᵀ`; so when `Ω`'s rows are terms (`m >= d`), a term's
/// row is the one of its rank.
///
/// No centering is done (so sparse input stays sparse), exactly as scikit-learn.
/// Defaults match scikit-learn: `oversamples` 10 (`n_oversamples`),
/// `powerIterations` 5 (`n_iter`), LU normalisation.
///
/// Results are a function of the input, the seed, the normaliser, the thread
/// counts and the LAPACK build: `Ω` and the sparse products are deterministic
/// for any `threads`, the factorizations are those of the loaded LAPACK.
public struct TruncatedSVD: Sendable, Hashable, Codable {
    /// How the power iterations keep the basis well conditioned.
    public enum Normalizer: String, Sendable, Hashable, Codable, CaseIterable {
        /// LU with partial pivoting, `P L` (`DenseMatrix.formLURowBasis()`):
        /// scikit-learn's choice for more than two iterations. About l²(n − l/3)
        /// flops for an `n x l` basis.
        case lu
        /// Householder QR (`DenseMatrix.formOrthonormalRowBasis()`): an
        /// orthonormal basis after every product. About 4l²(n − l/3) flops,
        /// and much slower in practice, as LAPACK's QR is less parallel.
        case qr
    }

    /// The number of components `k` to keep (`n_components`).
    public var components: Int
    /// Extra random directions sampled beyond `k` (`n_oversamples`). Default 10.
    public var oversamples: Int
    /// Power (subspace) iterations (`n_iter`). Default 5.
    public var powerIterations: Int
    /// How each power-iteration product is normalised. Default `.lu`.
    public var normalizer: Normalizer
    /// Seed of the Gaussian test matrix. Default 0.
    public var seed: UInt64
    /// Threads for the sparse products and the test matrix. Default: every available core.
    public var threads: Int

    /// A configuration.
    /// - Precondition: `components >= 1`, `oversamples >= 0`, `powerIterations >= 0`, `threads >= 1`.
    public init(components: Int, oversamples: Int = 10, powerIterations: Int = 5, normalizer: Normalizer = .lu,
                seed: UInt64 = 0, threads: Int = Parallel.availableCores) {
        precondition(components >= 1, "TruncatedSVD: components must be at least 1, got \(components)")
        precondition(oversamples >= 0, "TruncatedSVD: oversamples must not be negative, got \(oversamples)")
        precondition(powerIterations >= 0, "TruncatedSVD: powerIterations must not be negative, got \(powerIterations)")
        precondition(threads >= 1, "TruncatedSVD: threads must be at least 1, got \(threads)")
        self.components = components
        self.oversamples = oversamples
        self.powerIterations = powerIterations
        self.normalizer = normalizer
        self.seed = seed
        self.threads = threads
    }

    /// Decodes a configuration; a missing `normalizer` (configurations written
    /// before it existed) means `.lu`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(components: try container.decode(Int.self, forKey: .components),
                  oversamples: try container.decode(Int.self, forKey: .oversamples),
                  powerIterations: try container.decode(Int.self, forKey: .powerIterations),
                  normalizer: try container.decodeIfPresent(Normalizer.self, forKey: .normalizer) ?? .lu,
                  seed: try container.decode(UInt64.self, forKey: .seed),
                  threads: try container.decode(Int.self, forKey: .threads))
    }

    /// Fits the model to the rows of `x` (`m` documents x `d` terms).
    /// - Precondition: `components <= min(m, d)`.
    /// - Throws: `BLASError` from a factorization (for example non-finite input).
    /// - Complexity: see `fitTransform`.
    @_specialize(where S == Float)
    @_specialize(where S == Double)
    public func fit<S: BLASScalar>(_ x: CSRMatrix<S>) throws(BLASError) -> TruncatedSVDModel<S> {
        try fitTransform(x).model
    }

    /// Fits the model and returns it with the rows of `x` in component space,
    /// `U Σ` (`m x k`), as scikit-learn's `fit_transform` does (equal to
    /// `model.transform(x)` up to rounding).
    /// - Precondition: `components <= min(m, d)`.
    /// - Throws: `BLASError` from a factorization (for example non-finite input).
    /// - Complexity: `2 powerIterations + 2` sparse products of `2 nnz l` flops
    ///   each; `2 powerIterations` normalisations of `m x l` or `d x l` bases
    ///   (O((m + d) l²) each), one QR of `max(m, d) x l`, an SVD of
    ///   `l x min(m, d)` and a product of O(max(m, d) l k);
    ///   memory: two renumbered copies of `X`, one transposed (O(nnz)), and
    ///   O((m + d) l).
    ///
    /// The BLAS runs single-threaded for the duration (the sparse products
    /// still use `threads`): a multi-threaded BLAS may round differently for
    /// different thread counts, and the result must not depend on them.
    @_specialize(where S == Float)
    @_specialize(where S == Double)
    public func fitTransform<S: BLASScalar>(_ x: CSRMatrix<S>) throws(BLASError) -> (model: TruncatedSVDModel<S>, transformed: DenseMatrix<S>) {
        let result: Result<(model: TruncatedSVDModel<S>, transformed: DenseMatrix<S>), BLASError> = SingleThreadedBLAS.run(if: true) {
            do throws(BLASError) { return .success(try fitTransformWithCurrentBLAS(x)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    @_specialize(where S == Float)
    @_specialize(where S == Double)
    func fitTransformWithCurrentBLAS<S: BLASScalar>(_ x: CSRMatrix<S>) throws(BLASError) -> (model: TruncatedSVDModel<S>, transformed: DenseMatrix<S>) {
        let m = x.rows, d = x.columns, k = components
        precondition(k <= min(m, d), "TruncatedSVD: \(k) components for a \(m)x\(d) matrix; at most \(min(m, d))")
        let l = min(k + oversamples, min(m, d))

        // 1-3. Range finder and projection on X' = X Π, the terms renumbered.
        let termOrder = Self.termsByFrequency(x)
        let (basis, projection, transposed) = try rangeAndProjection(x, termOrder: termOrder, basisSize: l)
        let small = try (consume projection).svd()
        let leading = small.u.columns(0 ..< k)   // Û's first k columns (l x k)
        var u: DenseMatrix<S>, vt: DenseMatrix<S>
        if transposed {    // A = X'ᵀ: U = W, Vᵀ = Ûᵀ Qᵀ
            vt = try leading.matmul(consume basis, transposeSelf: true)
            u = small.vt.rows(0 ..< k).transposed()
        } else {           // A = X': U = Q Û, Vᵀ = Wᵀ
            u = try basis.matmul(leading, transposeSelf: true)
            vt = small.vt.rows(0 ..< k)
        }
        Self.permuteColumns(&vt, to: termOrder)
        let sigma = Array(small.singularValues[..<k])

        // 4. Deterministic signs from Vᵀ.
        Self.flipSigns(u: &u, vt: &vt)

        var transformed = consume u
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

    /// Steps 1 to 3 before the SVD, on `X' = X Π`, the terms renumbered so
    /// that `termOrder[r]` is term `r`, and `A = X'` or `X'ᵀ` (`transposed`),
    /// whichever has fewer columns (`X'` on a tie): returns `Qᵀ` (`l x r`,
    /// orthonormal rows) and `B = Qᵀ A` (`l x c`). The renumbered copies of `X`
    /// live only here.
    ///
    /// Terms are renumbered by descending document frequency because the
    /// products with `X'` gather rows of the term basis at each document's
    /// terms: numbering the frequent terms first keeps the rows gathered most
    /// together in cache. The SVD of `X'` is that of `X` with `V`'s rows
    /// permuted, which the caller undoes.
    private func rangeAndProjection<S: BLASScalar>(
        _ x: CSRMatrix<S>, termOrder: [Int], basisSize l: Int
    ) throws(BLASError) -> (basis: DenseMatrix<S>, projection: DenseMatrix<S>, transposed: Bool) {
        let xt = x.transposed(columnOrder: termOrder)    // X'ᵀ (d x m)
        let xp = xt.transposed()                         // X'  (m x d)
        let transposed = x.rows < x.columns
        let (a, at) = transposed ? (xt, xp) : (xp, xt)
        // Bases are stored transposed: their rows are the basis vectors.
        var smallBasis: DenseMatrix<S> = Self.gaussianRows(l, a.columns, seed: seed, threads: threads)  // Ωᵀ, then Qᵀ (l x c)
        var largeBasis = DenseMatrix<S>(rows: l, columns: a.rows)                                      // Qᵀ (l x r)
        for _ in 0 ..< powerIterations {
            smallBasis.multiply(transposeOf: a, into: &largeBasis, threads: threads)                  // (A Q)ᵀ
            try normalize(&largeBasis)
            largeBasis.multiply(transposeOf: at, into: &smallBasis, threads: threads)                 // (Aᵀ Q)ᵀ
            try normalize(&smallBasis)
        }
        smallBasis.multiply(transposeOf: a, into: &largeBasis, threads: threads)
        try largeBasis.formOrthonormalRowBasis()
        // B = Qᵀ A = (Aᵀ Q)ᵀ, into the small basis's buffer.
        largeBasis.multiply(transposeOf: at, into: &smallBasis, threads: threads)
        return (largeBasis, smallBasis, transposed)
    }

    /// Applies `normalizer` to a basis stored as rows.
    private func normalize<S: BLASScalar>(_ basis: inout DenseMatrix<S>) throws(BLASError) {
        switch normalizer {
        case .lu: try basis.formLURowBasis()
        case .qr: try basis.formOrthonormalRowBasis()
        }
    }

    /// The columns of `x` by descending count of stored entries, ties by index.
    static func termsByFrequency<S: BLASScalar>(_ x: CSRMatrix<S>) -> [Int] {
        let counts = x.columnEntryCounts()
        return (0 ..< x.columns).sorted { counts[$0] != counts[$1] ? counts[$0] > counts[$1] : $0 < $1 }
    }

    /// Moves column `c` of `a` to column `order[c]`, a row at a time.
    static func permuteColumns<S: BLASScalar>(_ a: inout DenseMatrix<S>, to order: [Int]) {
        let (rows, d) = (a.rows, a.columns)
        var row = [S](repeating: 0, count: d)
        a.withUnsafeMutableBufferPointer { elements in
            for r in 0 ..< rows {
                let start = r * d
                for c in 0 ..< d { row[c] = elements[start + c] }
                for c in 0 ..< d { elements[start + order[c]] = row[c] }
            }
        }
    }

    /// `Ωᵀ` (`l x d`): standard normal rows; row `r` drawn in order from
    /// `SeededGenerator(seed: seed)` jumped `r` times, rows in parallel.
    static func gaussianRows<S: BLASScalar>(_ l: Int, _ d: Int, seed: UInt64, threads: Int) -> DenseMatrix<S> {
        var generator = SeededGenerator(seed: seed)
        let generators = (0 ..< l).map { _ in
            defer { generator.jump() }
            return generator
        }
        var omega = DenseMatrix<S>(rows: l, columns: d)
        omega.withUnsafeMutableBufferPointer { elements in
            let target = DisjointWriteBuffer(elements)
            Parallel.forEach(l, threads: threads) { r in
                var random = generators[r]
                for j in 0 ..< d { target[r * d + j] = S(random.nextNormal()) }
            }
        }
        return omega
    }

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

    /// The population variance (divided by `m`) of each column, in `Double`:
    /// the mean, then the mean squared deviation, each summed down the rows
    /// in order (read row by row, so the passes stream through memory).
    static func columnVariances<S: BLASScalar>(_ a: DenseMatrix<S>) -> [Double] {
        let m = a.rows, k = a.columns
        var means = [Double](repeating: 0, count: k), squares = means
        guard m > 0 else { return squares }
        a.withUnsafeBufferPointer { p in
            means.withUnsafeMutableBufferPointer { mean in
                for i in 0 ..< m { for c in 0 ..< k { mean[c] += Double(p[i * k + c]) } }
                for c in 0 ..< k { mean[c] /= Double(m) }
                squares.withUnsafeMutableBufferPointer { sum in
                    for i in 0 ..< m {
                        for c in 0 ..< k {
                            let e = Double(p[i * k + c]) - mean[c]
                            sum[c] += e * e
                        }
                    }
                }
            }
        }
        return squares.map { $0 / Double(m) }
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
