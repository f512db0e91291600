import LinearAlgebra

/// Exact nearest-neighbour and range search over dense vectors by blocked GEMM
/// (faiss's `IndexFlatIP` search, with a deterministic twist).
///
/// ## Method
/// Queries and corpus are cut into `queryTile x corpusTile` blocks; each block
/// of inner products is one `BLAS.gemm` into a per-task scratch tile, which is
/// then screened against the collector of each query row (`TopKCollector`,
/// `ThresholdCollector`, or your own `NeighborCollector`). Memory beyond the
/// inputs and results is O(threads x tile), never O(m x n).
///
/// ## Determinism
/// A `gemm` score depends on the BLAS kernel chosen for the tile's shape (small
/// tiles take different OpenBLAS kernels than large ones), so GEMM scores only
/// **screen**; every score a collector sees comes from one fixed-order
/// `Double` kernel (`ScoringKernels.dot`). A rigorous rounding bound
/// (`ScoringKernels.screeningFactor` times the vector norms) decides which
/// candidates are rescored:
/// - collectors with a per-row limit `k` (`TopKCollector`) get their
///   candidates from a `Preselection`: a heap of the `k` best GEMM scores
///   plus the near misses within twice the bound, rescored once at the end
///   (about `k` dot products per row);
/// - other collectors (`ThresholdCollector`, your own) get every candidate
///   whose GEMM score is within the bound of the row's current `bound(row:)`.
///
/// Offered scores, hence results, are therefore identical for every tiling
/// and every thread count, and the reported score of a pair is the same from
/// either side (`score(i, j) == score(j, i)`).
///
/// ## Threads and the BLAS
/// Tasks run side by side, each calling a single-threaded `gemm`: while more
/// than one task runs, the BLAS is set to one thread (process-wide,
/// reference-counted, restored afterwards). A search that is a single task
/// (one tile) leaves the BLAS's own threading alone unless `threads == 1`.
/// With few query tiles, tasks also split the corpus, so a handful of queries
/// still uses every core.
///
/// ## Self-search
/// `within:` variants search a matrix against itself and compute only the
/// upper triangle of `X Xᵀ` (half the flops): each score `(i, j)`, `i < j`, is
/// offered to both rows. Every worker then keeps collectors for all rows,
/// merged in row order after the parallel section.
///
/// `k` larger than the number of candidates is clamped: a row gets every
/// candidate (`n`, or `n − 1` with `excludeSelf`). NaN scores are never
/// reported, so a row holding NaN neither finds nor is found; the other
/// rows' results are unaffected. Scores are `Double` (see `Neighbor.score`).
public enum DenseSearch {
    // MARK: - Top k

    /// The `k` most similar corpus rows for each query row.
    ///
    /// - Parameters:
    ///   - queries: `m x d` query vectors, one per row.
    ///   - corpus: `n x d` corpus vectors, one per row.
    ///   - k: neighbours per query; clamped to the candidates available.
    ///   - measure: inner product or cosine (rows normalised first; a copy is made).
    ///   - excludeSelf: skip corpus row `i` for query row `i` (for a corpus
    ///     that is the query set).
    /// - Returns: `m` lists in result order (score descending, index ascending).
    ///   When `queries == corpus` (checked elementwise, O(md) at worst), this
    ///   is `topK(within:)`, which does half the work and returns the same lists.
    /// - Precondition: `queries.columns == corpus.columns`, `k >= 0`.
    /// - Complexity: 2mnd flops in `gemm`, plus O(m k log k) for the collectors
    ///   and O((m + n) d) to normalise; memory O(threads x tile + m k).
    @_specialize(where S == Float)
    @_specialize(where S == Double)
    public static func topK<S: BLASScalar>(
        queries: DenseMatrix<S>, corpus: DenseMatrix<S>, k: Int, measure: SimilarityMeasure = .cosine,
        excludeSelf: Bool = false, configuration: SearchConfiguration = .default
    ) throws(BLASError) -> [[Neighbor]] {
        precondition(k >= 0, "DenseSearch.topK: k must not be negative, got \(k)")
        if queries == corpus {
            return try topK(within: corpus, k: k, measure: measure, excludeSelf: excludeSelf, configuration: configuration)
        }
        let kept = min(k, corpus.rows)
        return try search(queries: queries, corpus: corpus, measure: measure, excludeSelf: excludeSelf,
                          configuration: configuration) { TopKCollector(rows: $0, k: kept) }
    }

    /// The `k` most similar other rows for each row of `matrix` (self-search),
    /// from the upper triangle of `X Xᵀ` only.
    ///
    /// - Parameters:
    ///   - matrix: `n x d`, one vector per row.
    ///   - k: neighbours per row; clamped to `n − 1` (`n` without `excludeSelf`).
    ///   - excludeSelf: skip the pair `(i, i)`. Default `true`.
    /// - Returns: `n` lists in result order.
    /// - Precondition: `k >= 0`.
    /// - Complexity: n²d flops in `gemm` (half of a general search), plus
    ///   O(threads x n k) memory for per-worker collectors.
    @_specialize(where S == Float)
    @_specialize(where S == Double)
    public static func topK<S: BLASScalar>(
        within matrix: DenseMatrix<S>, k: Int, measure: SimilarityMeasure = .cosine,
        excludeSelf: Bool = true, configuration: SearchConfiguration = .default
    ) throws(BLASError) -> [[Neighbor]] {
        precondition(k >= 0, "DenseSearch.topK: k must not be negative, got \(k)")
        let kept = min(k, matrix.rows)
        return try search(within: matrix, measure: measure, excludeSelf: excludeSelf,
                          configuration: configuration) { TopKCollector(rows: $0, k: kept) }
    }

    // MARK: - Threshold (range search)

    /// Every corpus row whose similarity to each query row is `>= threshold`.
    /// - Returns: `m` lists in result order. When `queries == corpus`, this is
    ///   `threshold(within:)` (half the work, the same lists).
    /// - Precondition: `queries.columns == corpus.columns`.
    /// - Complexity: 2mnd flops, plus O(p log p) for `p` pairs found.
    @_specialize(where S == Float)
    @_specialize(where S == Double)
    public static func threshold<S: BLASScalar>(
        queries: DenseMatrix<S>, corpus: DenseMatrix<S>, threshold: Double, measure: SimilarityMeasure = .cosine,
        excludeSelf: Bool = false, configuration: SearchConfiguration = .default
    ) throws(BLASError) -> [[Neighbor]] {
        if queries == corpus {
            return try self.threshold(within: corpus, threshold: threshold, measure: measure, excludeSelf: excludeSelf,
                                      configuration: configuration)
        }
        return try search(queries: queries, corpus: corpus, measure: measure, excludeSelf: excludeSelf,
                          configuration: configuration) { ThresholdCollector(rows: $0, threshold: threshold) }
    }

    /// Every other row of `matrix` whose similarity to each row is `>= threshold`
    /// (self-search, upper triangle only).
    /// - Returns: `n` lists in result order.
    /// - Complexity: n²d flops, plus O(p log p) for `p` pairs found.
    @_specialize(where S == Float)
    @_specialize(where S == Double)
    public static func threshold<S: BLASScalar>(
        within matrix: DenseMatrix<S>, threshold: Double, measure: SimilarityMeasure = .cosine,
        excludeSelf: Bool = true, configuration: SearchConfiguration = .default
    ) throws(BLASError) -> [[Neighbor]] {
        try search(within: matrix, measure: measure, excludeSelf: excludeSelf,
                   configuration: configuration) { ThresholdCollector(rows: $0, threshold: threshold) }
    }

    // MARK: - Any collector

    /// Queries against a corpus with collectors from `makeCollector`, called
    /// once per task with the global query rows the task owns.
    ///
    /// Tasks are (query tile, corpus segment) pairs; when a query tile is split
    /// over several corpus segments, their lists are merged with the
    /// collector's `combine`, in segment order.
    ///
    /// - Precondition: `queries.columns == corpus.columns`.
    /// - Complexity: 2mnd flops in `gemm`; memory O(threads x tile).
    public static func search<S: BLASScalar, C: NeighborCollector>(
        queries: DenseMatrix<S>, corpus: DenseMatrix<S>, measure: SimilarityMeasure = .cosine,
        excludeSelf: Bool = false, configuration: SearchConfiguration = .default,
        makeCollector: @escaping @Sendable (Range<Int>) -> C
    ) throws(BLASError) -> [[Neighbor]] {
        precondition(queries.columns == corpus.columns,
                     "DenseSearch: queries have \(queries.columns) columns, corpus \(corpus.columns)")
        configuration.validate()
        let m = queries.rows, n = corpus.rows, d = queries.columns
        precondition(n <= Int(Int32.max), "DenseSearch: \(n) corpus rows exceed Int32 indices")
        guard m > 0 else { return [] }
        try checkSizes(d: d, configuration: configuration)
        let q = try prepared(queries, measure)
        let c = try prepared(corpus, measure)
        let margins = screeningMargins(q, against: c)

        let qt = configuration.queryTile, ct = configuration.corpusTile, threads = configuration.threads
        let queryTiles = (m + qt - 1) / qt
        let corpusTiles = max(1, (n + ct - 1) / ct)
        // Split the corpus only when the query tiles alone cannot feed every thread.
        let segments = queryTiles >= 2 * threads ? 1 : min(corpusTiles, (2 * threads + queryTiles - 1) / queryTiles)
        let tasks = queryTiles * segments
        let workers = min(threads, tasks)

        let parts: [[[Neighbor]]] = q.withUnsafeBufferPointer { qp in
            c.withUnsafeBufferPointer { cp in
                margins.withUnsafeBufferPointer { mp in
                    let engine = DenseEngine(queries: qp.baseAddress!, corpus: cp.baseAddress!, m: m, n: n, d: d,
                                             margins: mp.baseAddress!, excludeSelf: excludeSelf,
                                             queryTile: qt, corpusTile: ct)
                    return SingleThreadedBLAS.run(if: workers > 1 || threads == 1) {
                        Parallel.map(tasks, threads: workers) { task in
                            let tileRow = task / segments, segment = task % segments
                            let rows = tileRow * qt ..< min(m, (tileRow + 1) * qt)
                            let firstTile = corpusTiles * segment / segments
                            let endTile = corpusTiles * (segment + 1) / segments
                            let columns = min(n, firstTile * ct) ..< min(n, endTile * ct)
                            let collector = makeCollector(rows)
                            if let k = collector.maximumPerRow {
                                let preselection = Preselection<S>(rows: rows, k: k, margins: engine.margins)
                                engine.runRectangle(rows: rows, columns: columns, preselection: preselection, collector: collector)
                                engine.offerCandidates(of: preselection, to: collector)
                            } else {
                                engine.runRectangle(rows: rows, columns: columns, collector: collector)
                            }
                            return collector.results()
                        }
                    }
                }
            }
        }

        guard segments > 1 else { return parts.flatMap { $0 } }
        let merger = makeCollector(0 ..< 0)
        var results = [[Neighbor]]()
        results.reserveCapacity(m)
        for tileRow in 0 ..< queryTiles {
            let rowCount = min(m, (tileRow + 1) * qt) - tileRow * qt
            for r in 0 ..< rowCount {
                results.append(merger.combine((0 ..< segments).map { parts[tileRow * segments + $0][r] }))
            }
        }
        return results
    }

    /// A matrix against itself with collectors from `makeCollector`, called
    /// once per worker with all rows `0 ..< n`: only pairs `i < j` are
    /// computed, each offered to both rows (and `(i, i)` once, unless
    /// `excludeSelf`). Per-worker lists are merged with `combine`, in worker order.
    ///
    /// The collector's `admits(row:index:)` must be symmetric.
    /// - Complexity: n²d flops in `gemm`; memory O(threads x (tile + collector for n rows)).
    public static func search<S: BLASScalar, C: NeighborCollector>(
        within matrix: DenseMatrix<S>, measure: SimilarityMeasure = .cosine, excludeSelf: Bool = true,
        configuration: SearchConfiguration = .default, makeCollector: @escaping @Sendable (Range<Int>) -> C
    ) throws(BLASError) -> [[Neighbor]] {
        configuration.validate()
        let n = matrix.rows, d = matrix.columns
        guard n > 0 else { return [] }
        try checkSizes(d: d, configuration: configuration)
        let x = try prepared(matrix, measure)
        let margins = screeningMargins(x, against: x)
        let qt = configuration.queryTile
        let blocks = (n + qt - 1) / qt
        let workers = min(configuration.threads, blocks)
        let cursor = TaskCursor()

        let parts: [[[Neighbor]]] = x.withUnsafeBufferPointer { xp in
            margins.withUnsafeBufferPointer { mp in
                let engine = DenseEngine(queries: xp.baseAddress!, corpus: xp.baseAddress!, m: n, n: n, d: d,
                                         margins: mp.baseAddress!, excludeSelf: excludeSelf,
                                         queryTile: qt, corpusTile: configuration.corpusTile)
                return SingleThreadedBLAS.run(if: workers > 1 || configuration.threads == 1) {
                    runWorkers(workers) { _ in
                        let collector = makeCollector(0 ..< n)
                        if let k = collector.maximumPerRow {
                            let preselection = Preselection<S>(rows: 0 ..< n, k: k, margins: engine.margins)
                            while true {
                                let block = cursor.take()
                                guard block < blocks else { break }
                                engine.runStrip(rows: block * qt ..< min(n, (block + 1) * qt), preselection: preselection,
                                                collector: collector)
                            }
                            engine.offerCandidates(of: preselection, to: collector)
                            return collector.results()
                        }
                        let screen = UnsafeMutablePointer<S>.allocate(capacity: n)
                        defer { screen.deallocate() }
                        for i in 0 ..< n {
                            (screen + i).initialize(to: ScoringKernels.screen(bound: collector.bound(row: i), margin: engine.margins[i]))
                        }
                        while true {
                            let block = cursor.take()
                            guard block < blocks else { break }
                            engine.runStrip(rows: block * qt ..< min(n, (block + 1) * qt), collector: collector, screen: screen)
                        }
                        return collector.results()
                    }
                }
            }
        }

        guard parts.count > 1 else { return parts[0] }
        let merger = makeCollector(0 ..< 0)
        return (0 ..< n).map { row in merger.combine(parts.map { $0[row] }) }
    }

    // MARK: - Implementation

    /// The matrix itself, or a row-normalised copy for cosine.
    static func prepared<S: BLASScalar>(_ matrix: DenseMatrix<S>, _ measure: SimilarityMeasure) throws(BLASError) -> DenseMatrix<S> {
        guard measure == .cosine else { return matrix }
        var copy = matrix
        try copy.normalizeRows()
        return copy
    }

    /// Per query row, how far a `gemm` score may stray from the exact kernel:
    /// `screeningFactor · ‖qᵢ‖ · maxⱼ ‖cⱼ‖` (Cauchy-Schwarz bounds `Σ|qₜcₜ|`).
    static func screeningMargins<S: BLASScalar>(_ queries: DenseMatrix<S>, against corpus: DenseMatrix<S>) -> [Double] {
        let d = queries.columns
        func norms(_ a: DenseMatrix<S>) -> [Double] {
            a.withUnsafeBufferPointer { p in
                (0 ..< a.rows).map { i in ScoringKernels.dot(p.baseAddress! + i * d, p.baseAddress! + i * d, d).squareRoot() }
            }
        }
        let queryNorms = norms(queries)
        // Rows holding NaN or infinities score NaN and are never offered; they
        // must not poison the margins of the others.
        let largest = norms(corpus).filter(\.isFinite).max() ?? 0
        let factor = ScoringKernels.screeningFactor(S.self, length: d) * largest
        // The absolute term covers underflow in products of tiny entries.
        let floor = Double(S.leastNormalMagnitude) * Double(d + 2) * 4
        return queryNorms.map { factor * ($0.isFinite ? $0 : .infinity) + floor }
    }

    /// Throws before any task starts if a `gemm` size would not fit the C interface.
    static func checkSizes(d: Int, configuration: SearchConfiguration) throws(BLASError) {
        let limit = Int(Int32.max)
        if d > limit { throw .dimensionTooLarge(name: "d", value: d) }
        if configuration.queryTile > limit { throw .dimensionTooLarge(name: "queryTile", value: configuration.queryTile) }
        if configuration.corpusTile > limit { throw .dimensionTooLarge(name: "corpusTile", value: configuration.corpusTile) }
    }
}

/// The tile loops of the dense search over raw row-major buffers, shared
/// read-only by all tasks of one search; each task brings its own collector,
/// screen thresholds and scratch tile. Valid only inside the `withUnsafe...`
/// scopes that created it.
struct DenseEngine<S: BLASScalar>: @unchecked Sendable {
    let queries: UnsafePointer<S>
    let corpus: UnsafePointer<S>
    let m: Int
    let n: Int
    let d: Int
    /// Per query row: the screening margin (`DenseSearch.screeningMargins`).
    let margins: UnsafePointer<Double>
    let excludeSelf: Bool
    let queryTile: Int
    let corpusTile: Int

    /// `tile[0 ..< rows.count, 0 ..< columns.count] = queries[rows] · corpus[columns]ᵀ` (`gemm`).
    @inline(__always)
    func multiply(rows: Range<Int>, columns: Range<Int>, into tile: UnsafeMutablePointer<S>) {
        // Sizes were checked by `DenseSearch.checkSizes`, so the call cannot throw.
        try! BLAS.gemm(transposeA: false, transposeB: true, m: rows.count, n: columns.count, k: d,
                       a: queries + rows.lowerBound * d, lda: max(1, d),
                       b: corpus + columns.lowerBound * d, ldb: max(1, d),
                       c: tile, ldc: columns.count)
    }

    /// The reported score of query `i` and corpus row `j`.
    @inline(__always)
    func exactScore(_ i: Int, _ j: Int) -> Double {
        ScoringKernels.dot(queries + i * d, corpus + j * d, d)
    }

    /// Screens `rows` against the corpus rows `columns`, tile by tile.
    @_specialize(where S == Float, C == TopKCollector)
    @_specialize(where S == Double, C == TopKCollector)
    @_specialize(where S == Float, C == ThresholdCollector)
    @_specialize(where S == Double, C == ThresholdCollector)
    func runRectangle<C: NeighborCollector>(rows: Range<Int>, columns: Range<Int>, collector: C) {
        guard !rows.isEmpty, !columns.isEmpty else { return }
        let width = min(corpusTile, columns.count)
        let tile = UnsafeMutablePointer<S>.allocate(capacity: rows.count * width)
        let screen = UnsafeMutablePointer<S>.allocate(capacity: rows.count)
        defer {
            tile.deallocate()
            screen.deallocate()
        }
        for i in rows {
            (screen + (i - rows.lowerBound)).initialize(to: ScoringKernels.screen(bound: collector.bound(row: i), margin: margins[i]))
        }
        var c0 = columns.lowerBound
        while c0 < columns.upperBound {
            let c1 = min(c0 + corpusTile, columns.upperBound)
            multiply(rows: rows, columns: c0 ..< c1, into: tile)
            for i in rows {
                scanRow(i, scores: tile + (i - rows.lowerBound) * (c1 - c0), firstColumn: c0, count: c1 - c0,
                        collector: collector, screen: screen + (i - rows.lowerBound))
            }
            c0 = c1
        }
    }

    /// Offers the candidates of query `i` among `count` tile scores (corpus
    /// rows from `firstColumn`) that pass its screen, rescored.
    @inline(__always)
    func scanRow<C: NeighborCollector>(_ i: Int, scores: UnsafePointer<S>, firstColumn: Int, count: Int,
                                       collector: C, screen: UnsafeMutablePointer<S>) {
        var t = screen.pointee
        var u = 0
        while u < count {
            let end = min(u + 16, count)
            if end - u == 16 && !ScoringKernels.anyAtLeast(scores + u, t) {
                u = end
                continue
            }
            for v in u ..< end where scores[v] >= t {
                let j = firstColumn + v
                if excludeSelf && j == i { continue }
                guard collector.admits(row: i, index: j) else { continue }
                let bound = collector.offer(row: i, index: j, score: exactScore(i, j))
                t = ScoringKernels.screen(bound: bound, margin: margins[i])
            }
            u = end
        }
        screen.pointee = t
    }

    // MARK: Pre-selected (collectors with a per-row limit)

    /// Screens `rows` against `columns` into `preselection` (GEMM scores);
    /// `collector` is asked only whether pairs are admitted.
    @_specialize(where S == Float, C == TopKCollector)
    @_specialize(where S == Double, C == TopKCollector)
    func runRectangle<C: NeighborCollector>(rows: Range<Int>, columns: Range<Int>, preselection: Preselection<S>, collector: C) {
        guard !rows.isEmpty, !columns.isEmpty else { return }
        let width = min(corpusTile, columns.count)
        let tile = UnsafeMutablePointer<S>.allocate(capacity: rows.count * width)
        defer { tile.deallocate() }
        let screen = preselection.screen
        var c0 = columns.lowerBound
        while c0 < columns.upperBound {
            let c1 = min(c0 + corpusTile, columns.upperBound)
            multiply(rows: rows, columns: c0 ..< c1, into: tile)
            for i in rows {
                let scores = tile + (i - rows.lowerBound) * (c1 - c0), r = i - rows.lowerBound
                let count = c1 - c0
                var u = 0
                while u < count {
                    let end = min(u + 16, count)
                    if end - u == 16 && !ScoringKernels.anyAtLeast(scores + u, screen[r]) {
                        u = end
                        continue
                    }
                    for v in u ..< end where scores[v] >= screen[r] {
                        let j = c0 + v
                        if excludeSelf && j == i { continue }
                        guard collector.admits(row: i, index: j) else { continue }
                        preselection.offer(row: i, index: j, score: scores[v])
                    }
                    u = end
                }
            }
            c0 = c1
        }
    }

    /// Self-search into `preselection` (covering all `n` rows): pairs
    /// `(i, j)`, `j > i`, from `rows.lowerBound` to `n`, each offered to both
    /// rows; `(i, i)` goes straight to `collector` unless `excludeSelf`.
    @_specialize(where S == Float, C == TopKCollector)
    @_specialize(where S == Double, C == TopKCollector)
    func runStrip<C: NeighborCollector>(rows: Range<Int>, preselection: Preselection<S>, collector: C) {
        if !excludeSelf {
            for i in rows where collector.admits(row: i, index: i) {
                collector.offer(row: i, index: i, score: exactScore(i, i))
            }
        }
        let width = min(corpusTile, n - rows.lowerBound)
        let tile = UnsafeMutablePointer<S>.allocate(capacity: rows.count * width)
        defer { tile.deallocate() }
        let screen = preselection.screen
        var c0 = rows.lowerBound
        while c0 < n {
            let c1 = min(c0 + corpusTile, n)
            multiply(rows: rows, columns: c0 ..< c1, into: tile)
            for i in rows {
                let start = max(c0, i + 1)
                guard start < c1 else { continue }
                let scores = tile + (i - rows.lowerBound) * (c1 - c0) + (start - c0)
                let count = c1 - start
                var u = 0
                while u < count {
                    let end = min(u + 16, count)
                    if end - u == 16 && !ScoringKernels.anyAtLeast(scores + u, screen[i], orColumn: screen + start + u) {
                        u = end
                        continue
                    }
                    for v in u ..< end {
                        let s = scores[v], j = start + v
                        let rowHit = s >= screen[i], columnHit = s >= screen[j]
                        guard rowHit || columnHit, collector.admits(row: i, index: j) else { continue }
                        if rowHit { preselection.offer(row: i, index: j, score: s) }
                        if columnHit { preselection.offer(row: j, index: i, score: s) }
                    }
                    u = end
                }
            }
            c0 = c1
        }
    }

    /// Rescores the pre-selected candidates with `exactScore` and offers them to `collector`.
    func offerCandidates<C: NeighborCollector>(of preselection: Preselection<S>, to collector: C) {
        preselection.forEachCandidate { row, index in
            collector.offer(row: row, index: index, score: exactScore(row, index))
        }
    }

    // MARK: Streaming (any collector)

    /// Self-search: rows `rows` against columns `j > i` from `rows.lowerBound`
    /// to `n`, offering each pair to both rows. `screen` covers all `n` rows.
    @_specialize(where S == Float, C == TopKCollector)
    @_specialize(where S == Double, C == TopKCollector)
    @_specialize(where S == Float, C == ThresholdCollector)
    @_specialize(where S == Double, C == ThresholdCollector)
    func runStrip<C: NeighborCollector>(rows: Range<Int>, collector: C, screen: UnsafeMutablePointer<S>) {
        if !excludeSelf {
            for i in rows where collector.admits(row: i, index: i) {
                let bound = collector.offer(row: i, index: i, score: exactScore(i, i))
                screen[i] = ScoringKernels.screen(bound: bound, margin: margins[i])
            }
        }
        let width = min(corpusTile, n - rows.lowerBound)
        let tile = UnsafeMutablePointer<S>.allocate(capacity: rows.count * width)
        defer { tile.deallocate() }
        var c0 = rows.lowerBound
        while c0 < n {
            let c1 = min(c0 + corpusTile, n)
            multiply(rows: rows, columns: c0 ..< c1, into: tile)
            for i in rows {
                let start = max(c0, i + 1)
                guard start < c1 else { continue }
                scanRowBothSides(i, scores: tile + (i - rows.lowerBound) * (c1 - c0) + (start - c0),
                                 firstColumn: start, count: c1 - start, collector: collector, screen: screen)
            }
            c0 = c1
        }
    }

    /// Like `scanRow`, for pairs `(i, j)` with `j > i`: a score passing row
    /// `i`'s screen is offered to `i`, one passing row `j`'s screen to `j`.
    @inline(__always)
    func scanRowBothSides<C: NeighborCollector>(_ i: Int, scores: UnsafePointer<S>, firstColumn: Int, count: Int,
                                                collector: C, screen: UnsafeMutablePointer<S>) {
        var t = screen[i]
        var u = 0
        while u < count {
            let end = min(u + 16, count)
            if end - u == 16 && !ScoringKernels.anyAtLeast(scores + u, t, orColumn: screen + firstColumn + u) {
                u = end
                continue
            }
            for v in u ..< end {
                let s = scores[v], j = firstColumn + v
                let rowHit = s >= t, columnHit = s >= screen[j]
                guard rowHit || columnHit, collector.admits(row: i, index: j) else { continue }
                let exact = exactScore(i, j)
                if rowHit {
                    t = ScoringKernels.screen(bound: collector.offer(row: i, index: j, score: exact), margin: margins[i])
                }
                if columnHit {
                    screen[j] = ScoringKernels.screen(bound: collector.offer(row: j, index: i, score: exact), margin: margins[j])
                }
            }
            u = end
        }
        screen[i] = t
    }
}
