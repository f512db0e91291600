import LinearAlgebra

/// Cosine k-means ("spherical k-means", Dhillon and Modha 2001) for TF-IDF
/// rows (`CSRMatrix`) or dense embeddings such as LSA vectors (`DenseMatrix`).
///
/// Rows are scaled to unit length (all-zero rows stay zero and have cosine 0
/// with everything); each point joins the centroid of highest cosine, and
/// each centroid is the mean of its members scaled back to unit length. On
/// unit vectors `‖x̂ − ĉ‖² = 2 − 2 cos`, so this is Lloyd's algorithm on the
/// sphere, seeded by greedy k-means++ exactly as scikit-learn's `KMeans`
/// seeds (see `KMeansConfiguration` for restarts and stopping).
///
/// Empty clusters never survive an iteration: each is re-seeded with the
/// point least similar to its own centroid (taken from a cluster that keeps
/// at least one member), so every cluster ends with at least one member and
/// no centroid is NaN.
///
/// - Complexity: per Lloyd iteration O(nnz·k) for sparse rows or n·d·k
///   multiply-adds (GEMM) for dense ones, plus O(nnz + k·d) for the
///   centroid sums; for sparse rows, rows whose label provably cannot change
///   (`AssignmentBounds`) skip their products, which leaves every result as
///   plain Lloyd iterations give it, and clusters whose rows did not change
///   keep their sums. Seeding takes k − 1 steps of `2 + ⌊ln k⌋` candidates,
///   each O(n·d) (GEMM) for dense rows or O(Σ df) over the candidates'
///   columns for sparse rows (through a column-ordered copy). Memory: a
///   unit-row copy (O(nnz), plus O(nnz) for the column copy, or O(n·d)),
///   three `k x d` buffers (centroids, sums, and for sparse rows a
///   transposed copy of the centroids), O(8192·k) for dense products,
///   O(n·(2 + ln k)) for seeding distances and, for sparse rows, at most
///   64 MB of bounds (`n · min(k, 2²³ / n)` values).
public struct SphericalKMeans: Sendable {
    /// The settings of every run.
    public var configuration: KMeansConfiguration

    /// Creates a clusterer with `configuration`.
    public init(_ configuration: KMeansConfiguration) {
        self.configuration = configuration
    }

    /// Clusters the rows of a sparse matrix (for example TF-IDF).
    /// - Throws: `ClusteringError` for an invalid configuration, `k` outside
    ///   `1 ... rows`, a NaN or infinite value, or sizes beyond the BLAS.
    @_specialize(where S == Float)
    @_specialize(where S == Double)
    public func fit<S: BLASScalar>(_ documents: CSRMatrix<S>) throws(ClusteringError) -> KMeansResult<S> {
        try configuration.validate(documentCount: documents.rows)
        return try Self.fit(SparseUnitRows(normalizing: documents), configuration)
    }

    /// Clusters the rows of a dense matrix (for example LSA vectors).
    /// - Throws: as `fit(_:)` for sparse input.
    @_specialize(where S == Float)
    @_specialize(where S == Double)
    public func fit<S: BLASScalar>(_ documents: DenseMatrix<S>) throws(ClusteringError) -> KMeansResult<S> {
        try configuration.validate(documentCount: documents.rows)
        return try Self.fit(DenseUnitRows(normalizing: documents), configuration)
    }

    /// Runs `nInit` restarts on unit rows and keeps the lowest objective.
    static func fit<Rows: UnitRows>(_ rows: Rows, _ configuration: KMeansConfiguration) throws(ClusteringError)
        -> KMeansResult<Rows.Scalar> {
        try configuration.validate(documentCount: rows.count)
        let engine = KMeansEngine(rows, k: configuration.k, threads: configuration.threads)
        let tolerance = configuration.tolerance * meanVariance(of: rows, threads: configuration.threads)
        var seeds = SplitMix64(seed: configuration.seed)
        var best: KMeansRun<Rows.Scalar>?
        var bestRestart = 0
        var objectives: [Double] = []
        for restart in 0 ..< configuration.nInit {
            let run: KMeansRun<Rows.Scalar>
            do {
                run = try engine.run(seed: seeds.next(), maxIterations: configuration.maxIterations, tolerance: tolerance)
            } catch {
                throw .blas(error)
            }
            objectives.append(run.objective)
            if best == nil || run.objective < best!.objective {
                best = run
                bestRestart = restart
            }
        }
        let run = best!
        return KMeansResult(
            labels: run.labels.array,
            centroids: DenseMatrix(rows: configuration.k, columns: rows.dimension, elements: run.centroids.array),
            similarities: run.similarities.array.map(Double.init),
            objective: run.objective, inertia: run.inertia, iterations: run.iterations, converged: run.converged,
            bestRestart: bestRestart, restartObjectives: objectives)
    }

    /// `mean_j var(X̂[:, j]) = (Σᵢ ‖x̂ᵢ‖² / n − ‖x̄‖²) / d`, the scale of
    /// scikit-learn's relative tolerance.
    static func meanVariance<Rows: UnitRows>(of rows: Rows, threads: Int) -> Double {
        let n = rows.count, d = rows.dimension
        guard n > 0, d > 0 else { return 0 }
        let zeros = Buffer<Int>(repeating: 0, count: n)
        let sums = clusterSums(of: rows, labels: zeros, clusterCount: 1, threads: threads)
        var meanSquared = 0.0, squaredNorms = 0.0
        for j in 0 ..< d {
            let mean = Double(sums[j]) / Double(n)
            meanSquared += mean * mean
        }
        for i in 0 ..< n { squaredNorms += Double(rows.squaredNorms[i]) }
        return max(0, (squaredNorms / Double(n) - meanSquared) / Double(d))
    }
}

/// The outcome of `SphericalKMeans.fit`: the best of its restarts.
public struct KMeansResult<Scalar: BLASScalar>: Sendable {
    /// The cluster of each document, in `0 ..< k`; row `labels[i]` of
    /// `centroids` is its centroid. Every cluster has at least one member.
    public let labels: [Int]
    /// The `k x d` unit-length centroids (mean directions of the clusters).
    public let centroids: DenseMatrix<Scalar>
    /// Each document's cosine similarity to its centroid, in `-1 ... 1`
    /// (0 for an all-zero document).
    public let similarities: [Double]
    /// The spherical k-means objective `Σᵢ (1 − cos(xᵢ, c_{label(i)}))`, the
    /// quantity minimised; half the sum of squared Euclidean distances
    /// between the unit rows and their unit centroids.
    public let objective: Double
    /// `Σᵢ ‖x̂ᵢ − μ_{label(i)}‖²` for the unit rows `x̂ᵢ` and the plain (not
    /// re-normalised) means `μ_c` of the clusters: what scikit-learn's
    /// `KMeans.inertia_` reports for this partition of L2-normalised data, so
    /// the two can be compared directly.
    public let inertia: Double
    /// Lloyd iterations of the winning restart.
    public let iterations: Int
    /// Whether the winning restart stopped on stable labels or the tolerance
    /// rather than on `maxIterations`.
    public let converged: Bool
    /// Which restart (0-based) won.
    public let bestRestart: Int
    /// The objective of every restart, in order.
    public let restartObjectives: [Double]

    /// The number of clusters.
    public var k: Int { centroids.rows }

    /// The number of members of each cluster.
    /// - Complexity: O(n).
    public var clusterSizes: [Int] {
        var sizes = [Int](repeating: 0, count: k)
        for label in labels { sizes[label] += 1 }
        return sizes
    }
}
