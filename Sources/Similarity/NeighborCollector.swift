// Result collectors: what a search keeps of the scores it computes.
//
// The engines (dense blocked GEMM, sparse inverted index) stream candidate
// scores into a collector in whatever order their tiles and threads produce
// them; a collector keeps a set that depends only on the scores offered, never
// on that order, so results are deterministic. One collector serves one task
// (or one worker) and is never shared between threads; when several saw parts
// of the same rows, `combine` merges their lists after the parallel section.

/// Receives scored candidates for a block of consecutive query rows and keeps
/// some of them (faiss's result handler, in Swift).
///
/// The engine asks `bound(row:)` to screen candidates cheaply: an offer whose
/// score is below the bound would certainly be discarded, so the engine may
/// skip it. Conforming types are classes holding per-row state; they are used
/// by one thread at a time.
public protocol NeighborCollector: AnyObject, SendableMetatype {
    /// The global query rows this collector accumulates.
    var rows: Range<Int> { get }

    /// The least score that could still change the result for `row`
    /// (`-infinity` while any score would be kept). Never decreases as offers
    /// arrive.
    /// - Precondition: `rows.contains(row)`.
    func bound(row: Int) -> Double

    /// Whether the pair (`row`, `index`) may be kept at all, before it is
    /// scored (for example, not within the same group). Default: always.
    func admits(row: Int, index: Int) -> Bool

    /// Offers corpus row `index` with its final `score` for query `row`;
    /// returns the new `bound(row:)`. NaN scores are discarded.
    /// - Precondition: `rows.contains(row)`; each (`row`, `index`) pair is
    ///   offered at most once per collector.
    @discardableResult
    func offer(row: Int, index: Int, score: Double) -> Double

    /// The kept neighbours of every row in `rows`, each list in result order.
    func results() -> [[Neighbor]]

    /// Merges lists of one row kept by collectors of this kind that saw
    /// disjoint candidates, into the list one collector seeing all of them
    /// would have kept.
    func combine(_ parts: [[Neighbor]]) -> [Neighbor]

    /// The most neighbours kept for one row, or `nil` for no limit. The sparse
    /// path uses it to bound how many never-computed zero scores (corpus rows
    /// sharing no column with the query) it must offer. Default: `nil`.
    var maximumPerRow: Int? { get }
}

extension NeighborCollector {
    /// Admits every pair.
    public func admits(row: Int, index: Int) -> Bool { true }

    /// No limit.
    public var maximumPerRow: Int? { nil }
}

// MARK: - Top k

/// Keeps the `k` best neighbours of each row (in result order: score
/// descending, then index ascending) in a bounded binary heap per row.
///
/// The heap root is the worst kept neighbour; a new candidate replaces it only
/// if it precedes it in result order, so the kept set is the top `k` of all
/// offers under a total order and independent of the order of the offers.
///
/// - Complexity: O(log k) per accepted offer, O(1) per rejected one;
///   memory `rows.count * k` entries of 16 bytes.
public final class TopKCollector: NeighborCollector {
    /// The global query rows this collector accumulates.
    public let rows: Range<Int>
    /// How many neighbours are kept per row.
    public let k: Int
    private let scores: UnsafeMutablePointer<Double>
    private let indices: UnsafeMutablePointer<Int>
    private let counts: UnsafeMutablePointer<Int>

    /// A collector keeping the `k` best neighbours of each row in `rows`.
    /// - Precondition: `k >= 0`.
    /// - Complexity: O(rows.count * k) memory, allocated here.
    public init(rows: Range<Int>, k: Int) {
        precondition(k >= 0, "TopKCollector: k must not be negative, got \(k)")
        self.rows = rows
        self.k = k
        let capacity = max(1, rows.count * k)
        scores = .allocate(capacity: capacity)
        indices = .allocate(capacity: capacity)
        counts = .allocate(capacity: max(1, rows.count))
        counts.initialize(repeating: 0, count: max(1, rows.count))
    }

    deinit {
        scores.deallocate()
        indices.deallocate()
        counts.deallocate()
    }

    /// The worst kept score of a full row, `-infinity` for a row not yet
    /// holding `k` neighbours; `+infinity` when `k == 0`.
    @inline(__always)
    public func bound(row: Int) -> Double {
        let r = row - rows.lowerBound
        guard k > 0 else { return .infinity }
        return counts[r] == k ? scores[r * k] : -.infinity
    }

    /// Keeps (`index`, `score`) if the row holds fewer than `k` neighbours or
    /// it precedes the worst kept one, which it then replaces.
    /// - Complexity: O(log k).
    @discardableResult
    public func offer(row: Int, index: Int, score: Double) -> Double {
        let r = row - rows.lowerBound
        guard k > 0, !score.isNaN else { return bound(row: row) }
        let s = scores + r * k, x = indices + r * k
        let count = counts[r]
        if count < k {
            // Sift up from the new leaf.
            var position = count
            while position > 0 {
                let parent = (position - 1) / 2
                guard Self.isWorse(score, index, than: s[parent], x[parent]) else { break }
                s[position] = s[parent]
                x[position] = x[parent]
                position = parent
            }
            s[position] = score
            x[position] = index
            counts[r] = count + 1
            return count + 1 == k ? s[0] : -.infinity
        }
        guard Self.isWorse(s[0], x[0], than: score, index) else { return s[0] }
        // Replace the root and sift down.
        var position = 0
        while true {
            let left = 2 * position + 1
            if left >= k { break }
            var child = left
            let right = left + 1
            if right < k && Self.isWorse(s[right], x[right], than: s[left], x[left]) { child = right }
            guard Self.isWorse(s[child], x[child], than: score, index) else { break }
            s[position] = s[child]
            x[position] = x[child]
            position = child
        }
        s[position] = score
        x[position] = index
        return s[0]
    }

    /// Each row's kept neighbours, sorted into result order.
    /// - Complexity: O(rows.count * k log k).
    public func results() -> [[Neighbor]] {
        (0 ..< rows.count).map { r in
            var list = (0 ..< counts[r]).map { Neighbor(index: indices[r * k + $0], score: scores[r * k + $0]) }
            list.sortInResultOrder()
            return list
        }
    }

    /// `k`.
    public var maximumPerRow: Int? { k }

    /// The best `k` of the union, in result order.
    public func combine(_ parts: [[Neighbor]]) -> [Neighbor] {
        var all = parts.flatMap { $0 }
        all.sortInResultOrder()
        return Array(all.prefix(k))
    }

    /// Result order reversed: lower score, or equal score and higher index.
    @inline(__always)
    static func isWorse(_ score: Double, _ index: Int, than otherScore: Double, _ otherIndex: Int) -> Bool {
        score < otherScore || (score == otherScore && index > otherIndex)
    }
}

// MARK: - Threshold

/// Keeps every neighbour whose score is at least `threshold` (range search),
/// optionally skipping pairs whose rows share a group.
///
/// - Complexity: O(1) amortised per offer; memory proportional to the pairs kept.
public final class ThresholdCollector: NeighborCollector {
    /// The global query rows this collector accumulates.
    public let rows: Range<Int>
    /// The least score kept (inclusive).
    public let threshold: Double
    /// Group labels by global row, shared by queries and corpus (self-search
    /// only); pairs with equal labels are not admitted. `nil`: no groups.
    public let groups: [Int]?
    private var kept: [[Neighbor]]

    /// A collector keeping scores `>= threshold` for the rows in `rows`.
    /// - Parameter groups: labels indexed by global row; pairs in one group are skipped.
    public init(rows: Range<Int>, threshold: Double, groups: [Int]? = nil) {
        self.rows = rows
        self.threshold = threshold
        self.groups = groups
        kept = Array(repeating: [], count: rows.count)
    }

    /// `threshold`, for every row.
    @inline(__always)
    public func bound(row: Int) -> Double { threshold }

    /// `false` when both rows carry the same group label.
    @inline(__always)
    public func admits(row: Int, index: Int) -> Bool {
        guard let groups else { return true }
        return groups[row] != groups[index]
    }

    /// Keeps the pair when `score >= threshold`.
    @discardableResult
    public func offer(row: Int, index: Int, score: Double) -> Double {
        if score >= threshold { kept[row - rows.lowerBound].append(Neighbor(index: index, score: score)) }
        return threshold
    }

    /// Each row's kept neighbours, sorted into result order.
    /// - Complexity: O(p log p) for p kept pairs.
    public func results() -> [[Neighbor]] {
        kept.map { list in
            var list = list
            list.sortInResultOrder()
            return list
        }
    }

    /// The union, in result order.
    public func combine(_ parts: [[Neighbor]]) -> [Neighbor] {
        var all = parts.flatMap { $0 }
        all.sortInResultOrder()
        return all
    }
}
