import LinearAlgebra

/// Exact nearest-neighbour and range search over sparse rows (TF-IDF) through
/// an inverted index, keeping only what the collector asks for: a chunked
/// sparse `X Yᵀ` in the manner of scikit-learn's pairwise kernels, without
/// ever materialising a row of the product beyond one accumulator.
///
/// ## Method
/// The corpus is transposed once (`CSRMatrix.transposed()`): row `t` of the
/// transpose lists the corpus rows holding column `t`, in increasing order.
/// For each query row, every stored entry `(t, v)` adds `v * w` to a dense
/// `Double` accumulator at each corpus row `r` listed under `t`, recording
/// first touches in a list; the touched rows are then offered to the
/// collector and the accumulator is reset. Each task (or worker) owns one
/// accumulator of length `n`, a stamp array and a touched list.
///
/// ## Determinism
/// A score sums its terms in the query row's stored (increasing column) order,
/// whatever the chunking or thread count, so results are bit-identical for any
/// configuration. Scores are accumulated in `Double`.
///
/// ## Zeros
/// Corpus rows sharing no column with a query have score 0 without being
/// touched. When a row's result could still hold a zero (fewer than `k`
/// positive scores, or a threshold `<= 0`), those rows are offered with score
/// 0 in increasing index order afterwards, so results equal a dense search's.
///
/// `k` larger than the number of candidates is clamped (every row gets `n`,
/// or `n − 1` with `excludeSelf`).
public enum SparseSearch {
    // MARK: - Top k

    /// The `k` most similar corpus rows for each query row.
    ///
    /// - Parameters:
    ///   - queries: `m x d` sparse rows.
    ///   - corpus: `n x d` sparse rows.
    ///   - k: neighbours per query; clamped to the candidates available.
    ///   - measure: inner product or cosine (rows normalised first; TF-IDF rows
    ///     usually are already).
    ///   - excludeSelf: skip corpus row `i` for query row `i`.
    /// - Returns: `m` lists in result order. When `queries == corpus`, this is
    ///   `topK(within:)` (half the work, the same lists).
    /// - Precondition: `queries.columns == corpus.columns`, `k >= 0`.
    /// - Complexity: `Σₜ dfQ(t) · dfC(t)` multiply-adds (column counts of
    ///   queries and corpus), O(nnz) to build the index; memory
    ///   O(threads x n + nnz + m k).
    @_specialize(where S == Float)
    @_specialize(where S == Double)
    public static func topK<S: BLASScalar>(
        queries: CSRMatrix<S>, corpus: CSRMatrix<S>, k: Int, measure: SimilarityMeasure = .cosine,
        excludeSelf: Bool = false, configuration: SearchConfiguration = .default
    ) -> [[Neighbor]] {
        precondition(k >= 0, "SparseSearch.topK: k must not be negative, got \(k)")
        if queries == corpus {
            return topK(within: corpus, k: k, measure: measure, excludeSelf: excludeSelf, configuration: configuration)
        }
        let kept = min(k, corpus.rows)
        return search(queries: queries, corpus: corpus, measure: measure, excludeSelf: excludeSelf,
                      configuration: configuration) { TopKCollector(rows: $0, k: kept) }
    }

    /// The `k` most similar other rows for each row of `matrix` (self-search),
    /// accumulating only pairs `i < j` and offering each to both rows.
    /// - Returns: `n` lists in result order.
    /// - Precondition: `k >= 0`.
    /// - Complexity: about `Σₜ df(t)² / 2` multiply-adds.
    @_specialize(where S == Float)
    @_specialize(where S == Double)
    public static func topK<S: BLASScalar>(
        within matrix: CSRMatrix<S>, k: Int, measure: SimilarityMeasure = .cosine,
        excludeSelf: Bool = true, configuration: SearchConfiguration = .default
    ) -> [[Neighbor]] {
        precondition(k >= 0, "SparseSearch.topK: k must not be negative, got \(k)")
        let kept = min(k, matrix.rows)
        return search(within: matrix, measure: measure, excludeSelf: excludeSelf,
                      configuration: configuration) { TopKCollector(rows: $0, k: kept) }
    }

    // MARK: - Threshold

    /// Every corpus row whose similarity to each query row is `>= threshold`.
    /// - Returns: `m` lists in result order. When `queries == corpus`, this is
    ///   `threshold(within:)` (half the work, the same lists).
    /// - Complexity: as `topK`, plus O(p log p) for `p` pairs found.
    @_specialize(where S == Float)
    @_specialize(where S == Double)
    public static func threshold<S: BLASScalar>(
        queries: CSRMatrix<S>, corpus: CSRMatrix<S>, threshold: Double, measure: SimilarityMeasure = .cosine,
        excludeSelf: Bool = false, configuration: SearchConfiguration = .default
    ) -> [[Neighbor]] {
        if queries == corpus {
            return self.threshold(within: corpus, threshold: threshold, measure: measure, excludeSelf: excludeSelf,
                                  configuration: configuration)
        }
        return search(queries: queries, corpus: corpus, measure: measure, excludeSelf: excludeSelf,
                      configuration: configuration) { ThresholdCollector(rows: $0, threshold: threshold) }
    }

    /// Every other row of `matrix` whose similarity to each row is `>= threshold`
    /// (self-search over pairs `i < j`).
    /// - Returns: `n` lists in result order.
    @_specialize(where S == Float)
    @_specialize(where S == Double)
    public static func threshold<S: BLASScalar>(
        within matrix: CSRMatrix<S>, threshold: Double, measure: SimilarityMeasure = .cosine,
        excludeSelf: Bool = true, configuration: SearchConfiguration = .default
    ) -> [[Neighbor]] {
        search(within: matrix, measure: measure, excludeSelf: excludeSelf,
               configuration: configuration) { ThresholdCollector(rows: $0, threshold: threshold) }
    }

    // MARK: - Any collector

    /// Queries against a corpus with collectors from `makeCollector`, called
    /// once per task of `configuration.queryTile` query rows.
    /// - Precondition: `queries.columns == corpus.columns`.
    public static func search<S: BLASScalar, C: NeighborCollector>(
        queries: CSRMatrix<S>, corpus: CSRMatrix<S>, measure: SimilarityMeasure = .cosine,
        excludeSelf: Bool = false, configuration: SearchConfiguration = .default,
        makeCollector: @escaping @Sendable (Range<Int>) -> C
    ) -> [[Neighbor]] {
        precondition(queries.columns == corpus.columns,
                     "SparseSearch: queries have \(queries.columns) columns, corpus \(corpus.columns)")
        configuration.validate()
        let m = queries.rows
        guard m > 0 else { return [] }
        let q = measure == .cosine ? queries.normalizedRows() : queries
        let index = (measure == .cosine ? corpus.normalizedRows() : corpus).transposed()
        let chunk = configuration.queryTile
        let tasks = (m + chunk - 1) / chunk
        let workers = min(configuration.threads, tasks)
        let cursor = TaskCursor()
        let lists: [[Neighbor]] = SparseEngine.with(queries: q, index: index, excludeSelf: excludeSelf) { engine in
            let perWorker = runWorkers(workers) { _ in
                let scratch = SparseScratch(n: engine.n)
                var done: [(task: Int, lists: [[Neighbor]])] = []
                while true {
                    let task = cursor.take()
                    guard task < tasks else { break }
                    let rows = task * chunk ..< min(m, (task + 1) * chunk)
                    let collector = makeCollector(rows)
                    for i in rows { engine.offerRow(i, scratch: scratch, collector: collector) }
                    done.append((task, collector.results()))
                }
                return done
            }
            let ordered = perWorker.flatMap { $0 }.sorted { $0.task < $1.task }
            let lists = ordered.flatMap { $0.lists }
            return engine.offeringZeros(lists, skipDiagonal: excludeSelf, threads: configuration.threads,
                                        makeCollector: makeCollector)
        }
        return lists
    }

    /// A matrix against itself with collectors from `makeCollector`, called
    /// once per worker with all rows: only pairs `i < j` are accumulated
    /// (inverted lists walked from their ends down to row `i + 1`), each
    /// offered to both rows, and `(i, i)` once unless `excludeSelf`.
    /// Per-worker lists are merged with `combine`.
    ///
    /// The collector's `admits(row:index:)` must be symmetric.
    public static func search<S: BLASScalar, C: NeighborCollector>(
        within matrix: CSRMatrix<S>, measure: SimilarityMeasure = .cosine, excludeSelf: Bool = true,
        configuration: SearchConfiguration = .default, makeCollector: @escaping @Sendable (Range<Int>) -> C
    ) -> [[Neighbor]] {
        configuration.validate()
        let n = matrix.rows
        guard n > 0 else { return [] }
        let x = measure == .cosine ? matrix.normalizedRows() : matrix
        let index = x.transposed()
        let chunk = configuration.queryTile
        let tasks = (n + chunk - 1) / chunk
        let workers = min(configuration.threads, tasks)
        let cursor = TaskCursor()
        return SparseEngine.with(queries: x, index: index, excludeSelf: excludeSelf) { engine in
            let parts = runWorkers(workers) { _ in
                let scratch = SparseScratch(n: n)
                let collector = makeCollector(0 ..< n)
                let bounds = UnsafeMutablePointer<Double>.allocate(capacity: n)
                defer { bounds.deallocate() }
                for i in 0 ..< n { (bounds + i).initialize(to: collector.bound(row: i)) }
                while true {
                    let task = cursor.take()
                    guard task < tasks else { break }
                    for i in task * chunk ..< min(n, (task + 1) * chunk) {
                        engine.offerUpperRow(i, scratch: scratch, collector: collector, bounds: bounds)
                    }
                }
                return collector.results()
            }
            let merged: [[Neighbor]]
            if parts.count == 1 {
                merged = parts[0]
            } else {
                let merger = makeCollector(0 ..< 0)
                merged = (0 ..< n).map { row in merger.combine(parts.map { $0[row] }) }
            }
            return engine.offeringZeros(merged, skipDiagonal: true, threads: configuration.threads,
                                        makeCollector: makeCollector)
        }
    }
}

/// Per-task (or per-worker) scratch of the sparse engine: a `Double`
/// accumulator over corpus rows (kept all-zero between rows), stamps marking
/// the rows touched by the current query, and the touched list itself.
final class SparseScratch: @unchecked Sendable {
    let accumulator: UnsafeMutablePointer<Double>
    let stamps: UnsafeMutablePointer<Int>
    let touched: UnsafeMutablePointer<Int>

    init(n: Int) {
        let capacity = max(1, n)
        accumulator = .allocate(capacity: capacity)
        accumulator.initialize(repeating: 0, count: capacity)
        stamps = .allocate(capacity: capacity)
        stamps.initialize(repeating: -1, count: capacity)
        touched = .allocate(capacity: capacity)
    }

    deinit {
        accumulator.deallocate()
        stamps.deallocate()
        touched.deallocate()
    }
}

/// The sparse inner loops over raw CSR arrays of the queries and of the
/// corpus's transpose (the inverted index), shared read-only by all tasks.
/// Valid only inside `SparseEngine.with`.
struct SparseEngine<S: BLASScalar>: @unchecked Sendable {
    let queryOffsets: UnsafePointer<Int>
    let queryColumns: UnsafePointer<Int32>
    let queryValues: UnsafePointer<S>
    let indexOffsets: UnsafePointer<Int>
    let indexRows: UnsafePointer<Int32>
    let indexValues: UnsafePointer<S>
    /// Corpus rows.
    let n: Int
    let excludeSelf: Bool

    /// Calls `body` with an engine over `queries` and the inverted `index` (a corpus transposed).
    static func with<R>(queries: CSRMatrix<S>, index: CSRMatrix<S>, excludeSelf: Bool, _ body: (SparseEngine) -> R) -> R {
        precondition(index.columns <= Int(Int32.max), "SparseSearch: \(index.columns) corpus rows exceed Int32 indices")
        return queries.rowOffsets.withUnsafeBufferPointer { qo in
            queries.columnIndices.withUnsafeBufferPointer { qc in
                queries.values.withUnsafeBufferPointer { qv in
                    index.rowOffsets.withUnsafeBufferPointer { io in
                        index.columnIndices.withUnsafeBufferPointer { ir in
                            index.values.withUnsafeBufferPointer { iv in
                                body(SparseEngine(queryOffsets: qo.baseAddress!, queryColumns: qc.baseAddress ?? dummyIndex,
                                                  queryValues: qv.baseAddress ?? UnsafePointer(dummyScalar),
                                                  indexOffsets: io.baseAddress!, indexRows: ir.baseAddress ?? dummyIndex,
                                                  indexValues: iv.baseAddress ?? UnsafePointer(dummyScalar),
                                                  n: index.columns, excludeSelf: excludeSelf))
                            }
                        }
                    }
                }
            }
        }
    }

    /// A readable address for empty arrays (never dereferenced).
    private static var dummyIndex: UnsafePointer<Int32> { UnsafePointer(bitPattern: MemoryLayout<Int32>.alignment)! }
    private static var dummyScalar: UnsafeMutablePointer<S> { UnsafeMutablePointer(bitPattern: MemoryLayout<S>.alignment)! }

    /// Accumulates query row `i` against the corpus rows in its inverted
    /// lists (only rows `> i` when `upperOnly`, found by binary search since
    /// the lists are sorted); returns how many rows it touched.
    ///
    /// The touched list is maintained without a branch: every row is written
    /// at the end of the list, which only grows when the row's stamp was stale.
    @inline(__always)
    func accumulate(_ i: Int, scratch: SparseScratch, upperOnly: Bool) -> Int {
        let acc = scratch.accumulator, stamps = scratch.stamps, touched = scratch.touched
        var count = 0
        for p in queryOffsets[i] ..< queryOffsets[i + 1] {
            let t = Int(queryColumns[p])
            let v = Double(queryValues[p])
            let end = indexOffsets[t + 1]
            var q = indexOffsets[t]
            if upperOnly {
                // First entry with row > i.
                var high = end
                let target = Int32(truncatingIfNeeded: i)
                while q < high {
                    let mid = (q + high) / 2
                    if indexRows[mid] <= target { q = mid + 1 } else { high = mid }
                }
            }
            while q < end {
                let r = Int(indexRows[q])
                touched[count] = r
                count += stamps[r] != i ? 1 : 0
                stamps[r] = i
                acc[r] += v * Double(indexValues[q])
                q += 1
            }
        }
        return count
    }

    /// Scores query row `i` against every corpus row sharing a column and
    /// offers them to its collector.
    @_specialize(where S == Float, C == TopKCollector)
    @_specialize(where S == Double, C == TopKCollector)
    @_specialize(where S == Float, C == ThresholdCollector)
    @_specialize(where S == Double, C == ThresholdCollector)
    func offerRow<C: NeighborCollector>(_ i: Int, scratch: SparseScratch, collector: C) {
        let count = accumulate(i, scratch: scratch, upperOnly: false)
        let acc = scratch.accumulator, touched = scratch.touched
        var bound = collector.bound(row: i)
        for u in 0 ..< count {
            let r = touched[u]
            let score = acc[r]
            acc[r] = 0
            if excludeSelf && r == i { continue }
            if score >= bound && collector.admits(row: i, index: r) {
                bound = collector.offer(row: i, index: r, score: score)
            }
        }
    }

    /// Self-search: scores row `i` against rows `r > i` sharing a column and
    /// offers each pair to both rows; `bounds` caches every row's collector bound.
    @_specialize(where S == Float, C == TopKCollector)
    @_specialize(where S == Double, C == TopKCollector)
    @_specialize(where S == Float, C == ThresholdCollector)
    @_specialize(where S == Double, C == ThresholdCollector)
    func offerUpperRow<C: NeighborCollector>(_ i: Int, scratch: SparseScratch, collector: C, bounds: UnsafeMutablePointer<Double>) {
        if !excludeSelf && collector.admits(row: i, index: i) {
            var selfScore = 0.0
            for p in queryOffsets[i] ..< queryOffsets[i + 1] {
                let v = Double(queryValues[p])
                selfScore += v * v
            }
            bounds[i] = collector.offer(row: i, index: i, score: selfScore)
        }
        let count = accumulate(i, scratch: scratch, upperOnly: true)
        let acc = scratch.accumulator, touched = scratch.touched
        var bound = bounds[i]
        for u in 0 ..< count {
            let r = touched[u]
            let score = acc[r]
            acc[r] = 0
            let rowHit = score >= bound, columnHit = score >= bounds[r]
            guard rowHit || columnHit, collector.admits(row: i, index: r) else { continue }
            if rowHit { bound = collector.offer(row: i, index: r, score: score) }
            if columnHit { bounds[r] = collector.offer(row: r, index: i, score: score) }
        }
        bounds[i] = bound
    }

    /// Completes `lists` (one per query row, in result order) with the corpus
    /// rows no query column touches, at score 0, wherever a zero could still
    /// be kept: offered in increasing index order, at most
    /// `maximumPerRow` of them. Rows whose list cannot change are returned as is.
    /// `skipDiagonal`: corpus row `i` is never a zero candidate of query `i`
    /// (excluded, or already offered by a self-search).
    func offeringZeros<C: NeighborCollector>(_ lists: [[Neighbor]], skipDiagonal: Bool, threads: Int,
                                            makeCollector: @escaping @Sendable (Range<Int>) -> C) -> [[Neighbor]] {
        let m = lists.count
        let limit = makeCollector(0 ..< 0).maximumPerRow
        let chunks = Parallel.chunks(of: m, into: max(1, min(m, 4 * threads)))
        let parts = Parallel.map(chunks.count, threads: threads) { c -> [[Neighbor]] in
            var marks: [Bool] = []
            return chunks[c].map { i -> [Neighbor] in
                let list = lists[i]
                if let limit, list.count >= limit, let last = list.last, last.score > 0 { return list }
                let collector = makeCollector(i ..< i + 1)
                for neighbor in list { collector.offer(row: i, index: neighbor.index, score: neighbor.score) }
                guard collector.bound(row: i) <= 0 else { return list }
                if marks.isEmpty { marks = Array(repeating: false, count: n) }
                // Mark every corpus row sharing a column with query i.
                var marked: [Int] = []
                for p in queryOffsets[i] ..< queryOffsets[i + 1] {
                    let t = Int(queryColumns[p])
                    for q in indexOffsets[t] ..< indexOffsets[t + 1] where !marks[Int(indexRows[q])] {
                        marks[Int(indexRows[q])] = true
                        marked.append(Int(indexRows[q]))
                    }
                }
                var offered = 0
                for j in 0 ..< n where !marks[j] {
                    if let limit, offered >= limit { break }
                    if j == i && skipDiagonal { continue }
                    guard collector.admits(row: i, index: j) else { continue }
                    collector.offer(row: i, index: j, score: 0)
                    offered += 1
                }
                for r in marked { marks[r] = false }
                return collector.results()[0]
            }
        }
        return parts.flatMap { $0 }
    }
}
