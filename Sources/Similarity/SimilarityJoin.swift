import LinearAlgebra

// All-pairs similarity joins: every pair of rows (i < j) of one matrix whose
// similarity reaches a threshold, streamed to a callback in (i, j) order.
//
// Rows are processed in blocks of `configuration.queryTile`; a wave of up to
// 2 x threads blocks runs in parallel, each block computing only its upper
// triangle (j > i), and the wave's pairs are emitted in block order before the
// next wave starts. Memory is therefore bounded by the pairs of one wave, not
// by all pairs or by n².

/// Streams every pair `(i, j)`, `i < j`, of rows of `matrix` whose similarity
/// is `>= threshold` to `emit`, ordered by `i` then `j` (dense rows, blocked GEMM).
///
/// Scores are those of `DenseSearch` (GEMM screening, fixed-order `Double`
/// rescoring), so the pairs and scores do not depend on tiles or threads.
/// `emit` runs on the calling thread.
///
/// - Parameters:
///   - matrix: `n x d`, one vector per row.
///   - threshold: the least similarity emitted (inclusive).
///   - measure: inner product or cosine. Symmetric either way.
///   - excludeSelf: when `false`, also emits `(i, i)` (before the pairs of row `i`) if it qualifies.
///   - groups: a label per row; pairs whose rows share a label are skipped
///     (e.g. passages of the same speaker). `nil`: no groups.
///   - emit: called with `i`, `j` and the score of each qualifying pair.
/// - Precondition: `groups?.count == matrix.rows` when given.
/// - Complexity: n²d flops in `gemm` (upper triangle); memory O(threads x tile
///   + pairs of one wave of blocks).
@_specialize(where S == Float)
@_specialize(where S == Double)
public func similarityJoin<S: BLASScalar>(
    _ matrix: DenseMatrix<S>, threshold: Double, measure: SimilarityMeasure = .cosine, excludeSelf: Bool = true,
    groups: [Int]? = nil, configuration: SearchConfiguration = .default,
    emit: (_ i: Int, _ j: Int, _ score: Double) -> Void
) throws(BLASError) {
    configuration.validate()
    let n = matrix.rows, d = matrix.columns
    precondition(groups == nil || groups!.count == n, "similarityJoin: \(groups?.count ?? 0) group labels for \(n) rows")
    guard n > 0 else { return }
    try DenseSearch.checkSizes(d: d, configuration: configuration)
    let x = try DenseSearch.prepared(matrix, measure)
    let margins = DenseSearch.screeningMargins(x, against: x)
    let qt = configuration.queryTile, threads = configuration.threads
    let blocks = (n + qt - 1) / qt
    let wave = 2 * threads
    x.withUnsafeBufferPointer { xp in
        margins.withUnsafeBufferPointer { mp in
            let engine = DenseEngine(queries: xp.baseAddress!, corpus: xp.baseAddress!, m: n, n: n, d: d,
                                     margins: mp.baseAddress!, excludeSelf: excludeSelf,
                                     queryTile: qt, corpusTile: configuration.corpusTile)
            var first = 0
            while first < blocks {
                let count = min(wave, blocks - first), base = first
                let workers = min(threads, count)
                let lists: [[[Neighbor]]] = SingleThreadedBLAS.run(if: workers > 1 || threads == 1) {
                    Parallel.map(count, threads: workers) { b in
                        let rows = (base + b) * qt ..< min(n, (base + b + 1) * qt)
                        let collector = ThresholdCollector(rows: rows, threshold: threshold, groups: groups)
                        engine.runUpperRows(rows: rows, collector: collector)
                        return collector.results()
                    }
                }
                for (b, blockLists) in lists.enumerated() {
                    emitInOrder(blockLists, firstRow: (base + b) * qt, emit)
                }
                first += count
            }
        }
    }
}

/// Streams every pair `(i, j)`, `i < j`, of rows of the sparse `matrix` whose
/// similarity is `>= threshold` to `emit`, ordered by `i` then `j` (inverted
/// index, upper triangle only; see `SparseSearch` for the method).
///
/// A `threshold <= 0` also emits the pairs sharing no column (score 0).
/// `emit` runs on the calling thread.
///
/// - Parameters: as the dense `similarityJoin`.
/// - Precondition: `groups?.count == matrix.rows` when given.
/// - Complexity: about `Σₜ df(t)² / 2` multiply-adds; memory O(threads x n
///   + nnz + pairs of one wave of blocks).
@_specialize(where S == Float)
@_specialize(where S == Double)
public func similarityJoin<S: BLASScalar>(
    _ matrix: CSRMatrix<S>, threshold: Double, measure: SimilarityMeasure = .cosine, excludeSelf: Bool = true,
    groups: [Int]? = nil, configuration: SearchConfiguration = .default,
    emit: (_ i: Int, _ j: Int, _ score: Double) -> Void
) {
    configuration.validate()
    let n = matrix.rows
    precondition(groups == nil || groups!.count == n, "similarityJoin: \(groups?.count ?? 0) group labels for \(n) rows")
    guard n > 0 else { return }
    let x = SparseEngine.prepared(matrix, measure)
    let index = x.transposed()
    let qt = configuration.queryTile, threads = configuration.threads
    let blocks = (n + qt - 1) / qt
    let wave = 2 * threads
    SparseEngine.with(queries: x, index: index, excludeSelf: excludeSelf) { engine in
        var first = 0
        while first < blocks {
            let count = min(wave, blocks - first), base = first
            let lists: [[[Neighbor]]] = Parallel.map(count, threads: min(threads, count)) { b in
                let rows = (base + b) * qt ..< min(n, (base + b + 1) * qt)
                let scratch = SparseScratch(n: n, columns: x.columns)
                return rows.map { i in engine.joinRow(i, threshold: threshold, groups: groups, scratch: scratch) }
            }
            for (b, blockLists) in lists.enumerated() {
                emitInOrder(blockLists, firstRow: (base + b) * qt, emit)
            }
            first += count
        }
    }
}

/// Emits each row's pairs in increasing `j` (the lists may be in any order).
private func emitInOrder(_ lists: [[Neighbor]], firstRow: Int, _ emit: (Int, Int, Double) -> Void) {
    for (offset, list) in lists.enumerated() {
        let i = firstRow + offset
        for neighbor in list.sorted(by: { $0.index < $1.index }) { emit(i, neighbor.index, neighbor.score) }
    }
}

extension DenseEngine {
    /// Join: rows `rows` against columns `j > i` (and `(i, i)` unless
    /// `excludeSelf`), offered to row `i` only.
    @_specialize(where S == Float, C == ThresholdCollector)
    @_specialize(where S == Double, C == ThresholdCollector)
    func runUpperRows<C: NeighborCollector>(rows: Range<Int>, collector: C) {
        if !excludeSelf {
            for i in rows where collector.admits(row: i, index: i) {
                collector.offer(row: i, index: i, score: exactScore(i, i))
            }
        }
        let width = min(corpusTile, n - rows.lowerBound)
        let tile = UnsafeMutablePointer<S>.allocate(capacity: rows.count * width)
        let screen = UnsafeMutablePointer<S>.allocate(capacity: rows.count)
        defer {
            tile.deallocate()
            screen.deallocate()
        }
        for i in rows {
            (screen + (i - rows.lowerBound)).initialize(to: ScoringKernels.screen(bound: collector.bound(row: i), margin: margins[i]))
        }
        var c0 = rows.lowerBound
        while c0 < n {
            let c1 = min(c0 + corpusTile, n)
            multiply(rows: rows, columns: c0 ..< c1, into: tile)
            for i in rows {
                let start = max(c0, i + 1)
                guard start < c1 else { continue }
                scanRow(i, scores: tile + (i - rows.lowerBound) * (c1 - c0) + (start - c0), firstColumn: start,
                        count: c1 - start, collector: collector, screen: screen + (i - rows.lowerBound))
            }
            c0 = c1
        }
    }
}

extension SparseEngine {
    /// Join: the pairs `(i, r)`, `r > i` (and `(i, i)` unless `excludeSelf`),
    /// scoring `>= threshold` and not within one group, in increasing `r`.
    /// Rows must come in increasing order per `scratch` (cursors).
    func joinRow(_ i: Int, threshold: Double, groups: [Int]?, scratch: SparseScratch) -> [Neighbor] {
        var pairs: [Neighbor] = []
        func admits(_ r: Int) -> Bool { groups.map { $0[i] != $0[r] } ?? true }
        if !excludeSelf && admits(i) {
            let score = selfScore(i)
            if score >= threshold { pairs.append(Neighbor(index: i, score: score)) }
        }
        // A threshold <= 0 keeps the zeros too: scan every row above i.
        forEachScore(i, scratch: scratch, upperOnly: true, useCursors: true, includeZeros: threshold <= 0) { r, score in
            if score >= threshold && admits(r) { pairs.append(Neighbor(index: r, score: score)) }
        }
        pairs.sort { $0.index < $1.index }
        return pairs
    }
}
