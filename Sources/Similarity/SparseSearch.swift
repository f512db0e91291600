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
/// accumulator of length `n`, a bitset of touched rows and a touched list.
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
        let q = SparseEngine.prepared(queries, measure)
        let index = SparseEngine.prepared(corpus, measure).transposed()
        let chunk = configuration.queryTile
        let tasks = (m + chunk - 1) / chunk
        let workers = min(configuration.threads, tasks)
        let cursor = TaskCursor()
        let lists: [[Neighbor]] = SparseEngine.with(queries: q, index: index, excludeSelf: excludeSelf) { engine in
            let perWorker = runWorkers(workers) { _ in
                let scratch = SparseScratch(n: engine.n, columns: 0)
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
        let x = SparseEngine.prepared(matrix, measure)
        let index = x.transposed()
        let chunk = configuration.queryTile
        let tasks = (n + chunk - 1) / chunk
        let workers = min(configuration.threads, tasks)
        let cursor = TaskCursor()
        return SparseEngine.with(queries: x, index: index, excludeSelf: excludeSelf) { engine in
            let parts = runWorkers(workers) { _ in
                let scratch = SparseScratch(n: n, columns: x.columns)
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
/// accumulator over corpus rows (all zero between query rows), a bitset and
/// list of the rows touched by the current query (used when few rows are
/// touched), and per-column cursors into the inverted lists for self-searches
/// that walk rows in increasing order.
final class SparseScratch: @unchecked Sendable {
    let accumulator: UnsafeMutablePointer<Double>
    let marks: UnsafeMutablePointer<UInt64>
    let touched: UnsafeMutablePointer<Int32>
    /// Per column `t`: the first entry of its inverted list with a row greater
    /// than the last query row processed, or -1 before first use.
    let cursors: UnsafeMutablePointer<Int>
    /// Per stored entry of the current query row: where its list walk starts.
    private(set) var starts: UnsafeMutablePointer<Int>
    private var startsCapacity: Int

    init(n: Int, columns: Int) {
        let capacity = max(1, n), words = (n + 63) / 64 + 1
        accumulator = .allocate(capacity: capacity)
        accumulator.initialize(repeating: 0, count: capacity)
        marks = .allocate(capacity: words)
        marks.initialize(repeating: 0, count: words)
        // One spare slot: the branchless append writes before it knows whether to count.
        touched = .allocate(capacity: capacity + 1)
        cursors = .allocate(capacity: max(1, columns))
        cursors.initialize(repeating: -1, count: max(1, columns))
        startsCapacity = 64
        starts = .allocate(capacity: startsCapacity)
    }

    deinit {
        accumulator.deallocate()
        marks.deallocate()
        touched.deallocate()
        cursors.deallocate()
        starts.deallocate()
    }

    /// Makes room for a query row with `count` stored entries.
    @inline(__always)
    func reserveStarts(_ count: Int) {
        guard count > startsCapacity else { return }
        starts.deallocate()
        startsCapacity = max(count, 2 * startsCapacity)
        starts = .allocate(capacity: startsCapacity)
    }

    /// Whether row `r` was touched by the current query (tracked mode only).
    @inline(__always)
    func isMarked(_ r: Int) -> Bool { marks[r >> 6] & (1 << UInt64(r & 63)) != 0 }
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

    /// The matrix itself, or for cosine a copy with every nonzero row scaled
    /// to unit length (all-zero rows stay empty); norms accumulate in `Double`.
    /// - Complexity: O(nnz).
    @_specialize(where S == Float)
    @_specialize(where S == Double)
    static func prepared(_ matrix: CSRMatrix<S>, _ measure: SimilarityMeasure) -> CSRMatrix<S> {
        guard measure == .cosine else { return matrix }
        var values = matrix.values
        values.withUnsafeMutableBufferPointer { v in
            matrix.rowOffsets.withUnsafeBufferPointer { offsets in
                for i in 0 ..< matrix.rows {
                    var sum = 0.0
                    for p in offsets[i] ..< offsets[i + 1] { sum += Double(v[p]) * Double(v[p]) }
                    guard sum > 0, sum.isFinite else { continue }
                    let scale = 1 / sum.squareRoot()
                    for p in offsets[i] ..< offsets[i + 1] { v[p] = S(Double(v[p]) * scale) }
                }
            }
        }
        return CSRMatrix(rows: matrix.rows, columns: matrix.columns, rowOffsets: matrix.rowOffsets,
                         columnIndices: matrix.columnIndices, values: values)
    }

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

    /// Calls `visit(r, score)` for every corpus row `r` (only `r > i` when
    /// `upperOnly`) whose accumulated score with query row `i` is not zero,
    /// or for every row of the range, zeros included, when `includeZeros`;
    /// leaves the scratch clean for the next row.
    ///
    /// Two modes, chosen per row by the number of list entries `L` to walk:
    /// when `L` is at least a quarter of the candidate range, entries are
    /// added without bookkeeping and the accumulator range is scanned
    /// afterwards (rows come out in increasing order); otherwise first touches
    /// are recorded in a bitset and list, without a branch. Both give every
    /// row the same score (the query's entries in stored order), and exact
    /// zeros are never visited unless `includeZeros`, so results do not
    /// depend on the mode.
    ///
    /// With `useCursors` (self-searches, rows in increasing order per
    /// scratch), each list walk starts at a cursor that only moves forward.
    @inline(__always)
    func forEachScore(_ i: Int, scratch: SparseScratch, upperOnly: Bool, useCursors: Bool, includeZeros: Bool = false,
                      _ visit: (_ r: Int, _ score: Double) -> Void) {
        let acc = scratch.accumulator
        let first = queryOffsets[i], entries = queryOffsets[i + 1] - first
        scratch.reserveStarts(entries)
        let starts = scratch.starts
        var walk = 0
        for e in 0 ..< entries {
            let t = Int(queryColumns[first + e])
            let end = indexOffsets[t + 1]
            var q = indexOffsets[t]
            if upperOnly {
                let target = Int32(truncatingIfNeeded: i)
                if useCursors {
                    var cursor = scratch.cursors[t]
                    if cursor < 0 { cursor = firstAbove(target, from: q, to: end) }
                    while cursor < end && indexRows[cursor] <= target { cursor += 1 }
                    scratch.cursors[t] = cursor
                    q = cursor
                } else {
                    q = firstAbove(target, from: q, to: end)
                }
            }
            starts[e] = q
            walk += end - q
        }
        let low = upperOnly ? i + 1 : 0
        if includeZeros || 4 * walk >= n - low {
            for e in 0 ..< entries {
                let t = Int(queryColumns[first + e])
                let v = Double(queryValues[first + e])
                let end = indexOffsets[t + 1]
                var q = starts[e]
                while q < end {
                    acc[Int(indexRows[q])] += v * Double(indexValues[q])
                    q += 1
                }
            }
            var r = low
            while r < n {
                let score = acc[r]
                if score != 0 {
                    acc[r] = 0
                    visit(r, score)
                } else if includeZeros {
                    visit(r, 0)
                }
                r += 1
            }
            return
        }
        let marks = scratch.marks, touched = scratch.touched
        var count = 0
        for e in 0 ..< entries {
            let t = Int(queryColumns[first + e])
            let v = Double(queryValues[first + e])
            let end = indexOffsets[t + 1]
            var q = starts[e]
            while q < end {
                let row = indexRows[q]
                let r = Int(row)
                let bit: UInt64 = 1 << UInt64(r & 63)
                let word = marks[r >> 6]
                touched[count] = row
                count += word & bit == 0 ? 1 : 0
                marks[r >> 6] = word | bit
                acc[r] += v * Double(indexValues[q])
                q += 1
            }
        }
        for u in 0 ..< count {
            let r = Int(touched[u])
            let score = acc[r]
            acc[r] = 0
            marks[r >> 6] = 0   // every bit in this word belongs to a touched row
            if score != 0 { visit(r, score) }
        }
    }

    /// The first index in `from ..< to` whose list row exceeds `target` (lists are sorted).
    @inline(__always)
    private func firstAbove(_ target: Int32, from: Int, to: Int) -> Int {
        var low = from, high = to
        while low < high {
            let mid = (low + high) / 2
            if indexRows[mid] <= target { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// Scores query row `i` against every corpus row sharing a column and
    /// offers the nonzero scores to its collector.
    @_specialize(where S == Float, C == TopKCollector)
    @_specialize(where S == Double, C == TopKCollector)
    @_specialize(where S == Float, C == ThresholdCollector)
    @_specialize(where S == Double, C == ThresholdCollector)
    func offerRow<C: NeighborCollector>(_ i: Int, scratch: SparseScratch, collector: C) {
        var bound = collector.bound(row: i)
        forEachScore(i, scratch: scratch, upperOnly: false, useCursors: false) { r, score in
            if excludeSelf && r == i { return }
            if score >= bound && collector.admits(row: i, index: r) {
                bound = collector.offer(row: i, index: r, score: score)
            }
        }
    }

    /// Self-search: scores row `i` against rows `r > i` sharing a column and
    /// offers each nonzero pair to both rows; `bounds` caches every row's
    /// collector bound. Rows must come in increasing order per `scratch`.
    @_specialize(where S == Float, C == TopKCollector)
    @_specialize(where S == Double, C == TopKCollector)
    @_specialize(where S == Float, C == ThresholdCollector)
    @_specialize(where S == Double, C == ThresholdCollector)
    func offerUpperRow<C: NeighborCollector>(_ i: Int, scratch: SparseScratch, collector: C, bounds: UnsafeMutablePointer<Double>) {
        if !excludeSelf && collector.admits(row: i, index: i) {
            bounds[i] = collector.offer(row: i, index: i, score: selfScore(i))
        }
        var bound = bounds[i]
        forEachScore(i, scratch: scratch, upperOnly: true, useCursors: true) { r, score in
            let rowHit = score >= bound, columnHit = score >= bounds[r]
            guard rowHit || columnHit, collector.admits(row: i, index: r) else { return }
            if rowHit { bound = collector.offer(row: i, index: r, score: score) }
            if columnHit { bounds[r] = collector.offer(row: r, index: i, score: score) }
        }
        bounds[i] = bound
    }

    /// `Σ v²` over row `i`'s entries in stored order: the same value the
    /// accumulator gives the pair `(i, i)`.
    @inline(__always)
    func selfScore(_ i: Int) -> Double {
        var sum = 0.0
        for p in queryOffsets[i] ..< queryOffsets[i + 1] {
            let v = Double(queryValues[p])
            sum += v * v
        }
        return sum
    }

    /// Completes `lists` (one per query row, in result order) with the corpus
    /// rows scoring exactly 0 (sharing no column with the query, or cancelling
    /// out), which the main pass never offers, wherever a zero could still be
    /// kept: offered in increasing index order, at most `maximumPerRow` of
    /// them. Rows whose list cannot change are returned as is.
    /// `skipDiagonal`: corpus row `i` is never a zero candidate of query `i`
    /// (excluded, or already offered by a self-search).
    func offeringZeros<C: NeighborCollector>(_ lists: [[Neighbor]], skipDiagonal: Bool, threads: Int,
                                            makeCollector: @escaping @Sendable (Range<Int>) -> C) -> [[Neighbor]] {
        let m = lists.count
        let limit = makeCollector(0 ..< 0).maximumPerRow
        let chunks = Parallel.chunks(of: m, into: max(1, min(m, 4 * threads)))
        let parts = Parallel.map(chunks.count, threads: threads) { c -> [[Neighbor]] in
            var scratch: SparseScratch?
            return chunks[c].map { i -> [Neighbor] in
                let list = lists[i]
                if let limit, list.count >= limit, let last = list.last, last.score > 0 { return list }
                let collector = makeCollector(i ..< i + 1)
                for neighbor in list { collector.offer(row: i, index: neighbor.index, score: neighbor.score) }
                guard collector.bound(row: i) <= 0 else { return list }
                if scratch == nil { scratch = SparseScratch(n: n, columns: 0) }
                var offered = 0
                forEachScore(i, scratch: scratch!, upperOnly: false, useCursors: false, includeZeros: true) { j, score in
                    guard score == 0, !(j == i && skipDiagonal) else { return }
                    if let limit, offered >= limit { return }
                    guard collector.admits(row: i, index: j) else { return }
                    collector.offer(row: i, index: j, score: 0)
                    offered += 1
                }
                return collector.results()[0]
            }
        }
        return parts.flatMap { $0 }
    }
}
