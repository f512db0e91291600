import LinearAlgebra

/// Everything that decides a spherical k-means run. Names and defaults follow
/// scikit-learn's `KMeans` where it has them (`n_init`, `max_iter`, `tol`,
/// `random_state`), except `nInit`.
///
/// The same configuration and data give the same result on every run, for
/// any `threads` (bit-identical labels and centroids).
public struct KMeansConfiguration: Sendable, Hashable, Codable {
    /// The number of clusters, in `1 ... n` for `n` documents.
    public var k: Int
    /// How many k-means++ initialisations to run Lloyd's iterations from; the
    /// run with the lowest objective wins (ties: the earliest). Default 4.
    ///
    /// scikit-learn's `KMeans` defaults to `n_init="auto"`, which is 1 for
    /// k-means++ since version 1.4. Refrain uses 4: k-means is cheap next to
    /// vectorising the corpus, and a few restarts make the stories found far
    /// less dependent on the seed. Set 1 to match scikit-learn's work.
    public var nInit: Int
    /// The most Lloyd iterations per initialisation. Default 300 (scikit-learn's `max_iter`).
    public var maxIterations: Int
    /// Relative convergence tolerance, with scikit-learn's meaning of `tol`:
    /// a run stops when the summed squared movement of the cluster centres
    /// between two iterations, `Σ_c ‖μ_c(t) − μ_c(t − 1)‖²`, is at most
    /// `tolerance × mean_j var(X̂[:, j])`, the mean per-feature variance of
    /// the unit-normalised data. The centres `μ_c` are the plain means of the
    /// clusters' unit rows, as in scikit-learn (the seed rows before the
    /// first iteration); the unit centroids the assignment uses are their
    /// directions. A run also stops as soon as no label changes, which on
    /// TF-IDF data is usually what ends it: one document changing cluster
    /// moves the centres more than the default allows. Default 1e-4; 0 stops
    /// only on unchanged labels or `maxIterations`.
    public var tolerance: Double
    /// Seeds the k-means++ draws; restart r uses the r-th value of a SplitMix64 stream started at `seed`.
    public var seed: UInt64
    /// The most threads for the row-wise kernels. The BLAS (dense products)
    /// uses its own thread pool, set with `BLASRuntime.setThreads`. Results
    /// do not depend on either. Default: all available cores.
    public var threads: Int

    /// Creates a configuration; see each property for its meaning and default.
    public init(k: Int, nInit: Int = 4, maxIterations: Int = 300, tolerance: Double = 1e-4, seed: UInt64 = 0,
                threads: Int = Parallel.availableCores) {
        self.k = k
        self.nInit = nInit
        self.maxIterations = maxIterations
        self.tolerance = tolerance
        self.seed = seed
        self.threads = threads
    }

    /// Checks every value, and `k` against the number of documents.
    /// - Throws: `ClusteringError.invalidClusterCount` when `k` is outside
    ///   `1 ... documentCount`, `.noDocuments` when there are none, and
    ///   `.invalidConfiguration` for the other options.
    public func validate(documentCount: Int) throws(ClusteringError) {
        guard documentCount > 0 else { throw .noDocuments }
        guard k >= 1, k <= documentCount else { throw .invalidClusterCount(k: k, documentCount: documentCount) }
        guard nInit >= 1 else { throw .invalidConfiguration("nInit = \(nInit) must be at least 1 (the number of k-means++ restarts)") }
        guard maxIterations >= 1 else {
            throw .invalidConfiguration("maxIterations = \(maxIterations) must be at least 1")
        }
        guard tolerance >= 0, tolerance.isFinite else {
            throw .invalidConfiguration("tolerance = \(tolerance) must be a finite number of at least 0 (default 1e-4)")
        }
        guard threads >= 1 else { throw .invalidConfiguration("threads = \(threads) must be at least 1") }
    }
}
