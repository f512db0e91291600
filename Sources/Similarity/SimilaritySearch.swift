import LinearAlgebra

/// Similarity search over sparse rows (TF-IDF, hashing) that picks the faster
/// engine: the sparse inverted-index path (`SparseSearch`) or densifying the
/// rows and using blocked GEMM (`DenseSearch`). Both give the same neighbours
/// up to rounding of the scores; each is deterministic on its own.
///
/// ## The rule (`resolvedPath`)
/// With `m` query rows, `n` corpus rows, `d` columns and `dfQ(t)`, `dfC(t)`
/// the number of query and corpus rows storing column `t`:
///
/// - sparse work  = `Σₜ dfQ(t) · dfC(t)`, the exact number of multiply-adds
///   of the inverted-index product (one scattered `Double` update each);
/// - dense work   = `m · n · (d / gemmAdvantage + screeningCost)`: `m n d`
///   GEMM multiply-adds, each about `gemmAdvantage` (64) times cheaper than a
///   scattered update, plus screening each of the `m n` scores (about half
///   an update each);
/// - densified size = `(m + n) · d` scalars (`n · d` for a self-search).
///
/// The dense path is taken when its work is smaller **and** the densified
/// rows fit in `densifyLimitBytes` (default 1 GiB); otherwise the sparse
/// path. Self-searches halve both works (upper triangle). In short: densify
/// when the average number of shared-column products per pair,
/// `Σₜ dfQ(t) dfC(t) / (m n)`, exceeds about `d / 64`; TF-IDF over a real
/// vocabulary almost always stays sparse, while low-dimensional or nearly
/// dense inputs go to GEMM.
///
/// Set `path` to `.dense` or `.sparse` to force an engine.
public struct SimilaritySearch: Sendable, Hashable {
    /// Which engine runs a search.
    public enum Path: String, Sendable, Hashable, Codable, CaseIterable {
        /// Decide by `SimilaritySearch.resolvedPath`.
        case automatic
        /// Densify the rows and use `DenseSearch` (blocked GEMM).
        case dense
        /// Use `SparseSearch` (inverted index).
        case sparse
    }

    /// How much cheaper one GEMM multiply-add is than one scattered sparse
    /// update, as the rule models it. Measured here (Zen 4, OpenBLAS 0.3.21
    /// `sgemm`): about 0.02 ns per multiply-add per core, against about
    /// 1.5 ns per scattered `Double` update of the inverted-index product.
    public static let gemmAdvantage = 64.0
    /// The cost of screening one dense score, in scattered sparse updates.
    public static let screeningCost = 0.5

    /// The similarity measure. Default cosine.
    public var measure: SimilarityMeasure
    /// The engine to use, or `.automatic`. Default automatic.
    public var path: Path
    /// Tiles and threads.
    public var configuration: SearchConfiguration
    /// The most bytes the densified rows may take before the dense path is
    /// ruled out. Default 1 GiB.
    public var densifyLimitBytes: Int

    /// A search description.
    public init(measure: SimilarityMeasure = .cosine, path: Path = .automatic,
                configuration: SearchConfiguration = .default, densifyLimitBytes: Int = 1 << 30) {
        self.measure = measure
        self.path = path
        self.configuration = configuration
        self.densifyLimitBytes = densifyLimitBytes
    }

    // MARK: - Choosing

    /// `.dense` or `.sparse` for queries against a corpus: `path` when forced,
    /// otherwise by the rule in the type's documentation.
    /// - Complexity: O(nnz(queries) + nnz(corpus) + d).
    public func resolvedPath<S: BLASScalar>(queries: CSRMatrix<S>, corpus: CSRMatrix<S>) -> Path {
        if path != .automatic { return path }
        let bytes = Double(queries.rows + corpus.rows) * Double(queries.columns) * Double(MemoryLayout<S>.size)
        return Self.rule(sparseWork: Self.sparseWork(queries: queries, corpus: corpus), m: queries.rows, n: corpus.rows,
                         d: queries.columns, densifiedBytes: bytes, limit: densifyLimitBytes)
    }

    /// `.dense` or `.sparse` for a self-search of `matrix`.
    /// - Complexity: O(nnz + d).
    public func resolvedPath<S: BLASScalar>(within matrix: CSRMatrix<S>) -> Path {
        if path != .automatic { return path }
        let bytes = Double(matrix.rows) * Double(matrix.columns) * Double(MemoryLayout<S>.size)
        return Self.rule(sparseWork: Self.sparseWork(queries: matrix, corpus: matrix) / 2, m: matrix.rows, n: matrix.rows / 2,
                         d: matrix.columns, densifiedBytes: bytes, limit: densifyLimitBytes)
    }

    /// `Σₜ dfQ(t) · dfC(t)`: the multiply-adds of the inverted-index product.
    /// - Complexity: O(nnz(queries) + nnz(corpus) + d).
    public static func sparseWork<S: BLASScalar>(queries: CSRMatrix<S>, corpus: CSRMatrix<S>) -> Double {
        precondition(queries.columns == corpus.columns, "SimilaritySearch: \(queries.columns) and \(corpus.columns) columns")
        var dfQ = [Int](repeating: 0, count: queries.columns), dfC = dfQ
        for t in queries.columnIndices { dfQ[Int(t)] += 1 }
        for t in corpus.columnIndices { dfC[Int(t)] += 1 }
        var work = 0.0
        for t in 0 ..< dfQ.count { work += Double(dfQ[t]) * Double(dfC[t]) }
        return work
    }

    private static func rule(sparseWork: Double, m: Int, n: Int, d: Int, densifiedBytes: Double, limit: Int) -> Path {
        guard densifiedBytes <= Double(limit) else { return .sparse }
        let denseWork = Double(m) * Double(n) * (Double(d) / gemmAdvantage + screeningCost)
        return denseWork < sparseWork ? .dense : .sparse
    }

    // MARK: - Searching

    /// The `k` most similar corpus rows for each query row, by the resolved path.
    /// - Returns: `m` lists in result order.
    /// - Precondition: `queries.columns == corpus.columns`, `k >= 0`.
    /// - Complexity: that of the chosen engine, plus O((m + n) d) to densify.
    @_specialize(where S == Float)
    @_specialize(where S == Double)
    public func topK<S: BLASScalar>(queries: CSRMatrix<S>, corpus: CSRMatrix<S>, k: Int,
                                    excludeSelf: Bool = false) throws(BLASError) -> [[Neighbor]] {
        switch resolvedPath(queries: queries, corpus: corpus) {
        case .dense:
            return try DenseSearch.topK(queries: DenseMatrix(queries), corpus: DenseMatrix(corpus), k: k, measure: measure,
                                        excludeSelf: excludeSelf, configuration: configuration)
        default:
            return SparseSearch.topK(queries: queries, corpus: corpus, k: k, measure: measure,
                                     excludeSelf: excludeSelf, configuration: configuration)
        }
    }

    /// The `k` most similar other rows for each row of `matrix`, by the resolved path.
    /// - Returns: `n` lists in result order.
    /// - Precondition: `k >= 0`.
    @_specialize(where S == Float)
    @_specialize(where S == Double)
    public func topK<S: BLASScalar>(within matrix: CSRMatrix<S>, k: Int, excludeSelf: Bool = true) throws(BLASError) -> [[Neighbor]] {
        switch resolvedPath(within: matrix) {
        case .dense:
            return try DenseSearch.topK(within: DenseMatrix(matrix), k: k, measure: measure,
                                        excludeSelf: excludeSelf, configuration: configuration)
        default:
            return SparseSearch.topK(within: matrix, k: k, measure: measure, excludeSelf: excludeSelf, configuration: configuration)
        }
    }

    /// Every corpus row at least `threshold` similar to each query row, by the resolved path.
    /// - Returns: `m` lists in result order.
    public func threshold<S: BLASScalar>(queries: CSRMatrix<S>, corpus: CSRMatrix<S>, threshold: Double,
                                         excludeSelf: Bool = false) throws(BLASError) -> [[Neighbor]] {
        switch resolvedPath(queries: queries, corpus: corpus) {
        case .dense:
            return try DenseSearch.threshold(queries: DenseMatrix(queries), corpus: DenseMatrix(corpus), threshold: threshold,
                                             measure: measure, excludeSelf: excludeSelf, configuration: configuration)
        default:
            return SparseSearch.threshold(queries: queries, corpus: corpus, threshold: threshold, measure: measure,
                                          excludeSelf: excludeSelf, configuration: configuration)
        }
    }

    /// Every other row of `matrix` at least `threshold` similar to each row, by the resolved path.
    /// - Returns: `n` lists in result order.
    public func threshold<S: BLASScalar>(within matrix: CSRMatrix<S>, threshold: Double,
                                         excludeSelf: Bool = true) throws(BLASError) -> [[Neighbor]] {
        switch resolvedPath(within: matrix) {
        case .dense:
            return try DenseSearch.threshold(within: DenseMatrix(matrix), threshold: threshold, measure: measure,
                                             excludeSelf: excludeSelf, configuration: configuration)
        default:
            return SparseSearch.threshold(within: matrix, threshold: threshold, measure: measure,
                                          excludeSelf: excludeSelf, configuration: configuration)
        }
    }

    /// `similarityJoin` of the rows of `matrix` by the resolved path: pairs
    /// `i < j` scoring `>= threshold`, outside shared groups, in `(i, j)` order.
    /// - Precondition: `groups?.count == matrix.rows` when given.
    public func join<S: BLASScalar>(_ matrix: CSRMatrix<S>, threshold: Double, excludeSelf: Bool = true, groups: [Int]? = nil,
                                    emit: (_ i: Int, _ j: Int, _ score: Double) -> Void) throws(BLASError) {
        switch resolvedPath(within: matrix) {
        case .dense:
            try similarityJoin(DenseMatrix(matrix), threshold: threshold, measure: measure, excludeSelf: excludeSelf,
                               groups: groups, configuration: configuration, emit: emit)
        default:
            similarityJoin(matrix, threshold: threshold, measure: measure, excludeSelf: excludeSelf,
                           groups: groups, configuration: configuration, emit: emit)
        }
    }
}
