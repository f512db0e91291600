import LinearAlgebra

/// Candidate pre-selection on GEMM scores for collectors that keep at most
/// `k` neighbours per row (`NeighborCollector.maximumPerRow`).
///
/// Rescoring every candidate that beats a row's current `k`-th score would
/// cost a length-`d` dot product per heap insertion (about `k ln(n/k)` per
/// row). Instead each row keeps a bounded min-heap of its `k` best GEMM
/// scores plus a short list of *near misses*: candidates (offered or evicted)
/// within `2 · margin` of the heap root, where `margin` bounds how far a GEMM
/// score may stray from the exact kernel. At the end only heap entries and
/// near misses within `2 · margin` of the final `k`-th GEMM score are
/// rescored and offered to the real collector.
///
/// Why nothing is lost: if `e <= margin` bounds every GEMM error of a row and
/// `gₖ` is its final `k`-th GEMM score, the exact `k`-th score `sₖ` satisfies
/// `gₖ <= sₖ + e`, so every member of the exact top `k` has a GEMM score
/// `>= sₖ − e >= gₖ − 2e`. The heap root only grows, so such a candidate was
/// never screened out, and whenever it left the heap or missed it, it was
/// within `2 · margin` of the root of the time and went to the near misses,
/// whose pruning only drops scores below the current root minus `2 · margin`.
///
/// Heap ties are immaterial here: equal GEMM scores go to the near misses,
/// and the exact tie rule is applied by the collector after rescoring.
final class Preselection<S: BLASScalar> {
    /// The global rows covered.
    let rows: Range<Int>
    let k: Int
    /// Per global row: the screening margin (see `DenseSearch.screeningMargins`).
    let margins: UnsafePointer<Double>
    private let scores: UnsafeMutablePointer<S>
    private let indices: UnsafeMutablePointer<Int32>
    private let counts: UnsafeMutablePointer<Int>
    /// Per local row: the least GEMM score worth offering (`-infinity` until
    /// the heap is full, then root − 2 · margin rounded down; `+infinity` when `k == 0`).
    let screen: UnsafeMutablePointer<S>
    private var nearMisses: [Int: [(index: Int32, score: S)]] = [:]

    init(rows: Range<Int>, k: Int, margins: UnsafePointer<Double>) {
        precondition(rows.upperBound <= Int(Int32.max), "DenseSearch: \(rows.upperBound) rows exceed Int32 indices")
        self.rows = rows
        self.k = k
        self.margins = margins
        let count = max(1, rows.count)
        scores = .allocate(capacity: max(1, rows.count * k))
        indices = .allocate(capacity: max(1, rows.count * k))
        counts = .allocate(capacity: count)
        counts.initialize(repeating: 0, count: count)
        screen = .allocate(capacity: count)
        screen.initialize(repeating: k == 0 ? S.infinity : -S.infinity, count: count)
    }

    deinit {
        scores.deallocate()
        indices.deallocate()
        counts.deallocate()
        screen.deallocate()
    }

    /// Offers corpus row `index` with GEMM score `score` for global row `row`;
    /// call only when `score >= screen[row − rows.lowerBound]`.
    @inline(__always)
    func offer(row: Int, index: Int, score: S) {
        let r = row - rows.lowerBound
        let s = scores + r * k, x = indices + r * k
        let count = counts[r]
        if count < k {
            var position = count
            while position > 0 {
                let parent = (position - 1) / 2
                guard score < s[parent] else { break }
                s[position] = s[parent]
                x[position] = x[parent]
                position = parent
            }
            s[position] = score
            x[position] = Int32(truncatingIfNeeded: index)
            counts[r] = count + 1
            if count + 1 == k { screen[r] = floor(below: s[0], row: row) }
            return
        }
        let root = s[0], rootIndex = x[0]
        guard score > root else {
            nearMisses[r, default: []].append((Int32(truncatingIfNeeded: index), score))
            pruneIfLong(r)
            return
        }
        var position = 0
        while true {
            let left = 2 * position + 1
            if left >= k { break }
            var child = left
            if left + 1 < k && s[left + 1] < s[left] { child = left + 1 }
            guard s[child] < score else { break }
            s[position] = s[child]
            x[position] = x[child]
            position = child
        }
        s[position] = score
        x[position] = Int32(truncatingIfNeeded: index)
        let newFloor = floor(below: s[0], row: row)
        screen[r] = newFloor
        if root >= newFloor {
            nearMisses[r, default: []].append((rootIndex, root))
            pruneIfLong(r)
        }
    }

    /// Calls `body(row, index)` for every kept candidate that may belong to
    /// the exact top `k` of its row (each pair once).
    func forEachCandidate(_ body: (_ row: Int, _ index: Int) -> Void) {
        for r in 0 ..< rows.count {
            let row = rows.lowerBound + r
            let floor = screen[r]
            for p in 0 ..< counts[r] { body(row, Int(indices[r * k + p])) }
            if let misses = nearMisses[r] {
                for miss in misses where miss.score >= floor { body(row, Int(miss.index)) }
            }
        }
    }

    /// `root − 2 · margin`, rounded down into `S`.
    @inline(__always)
    private func floor(below root: S, row: Int) -> S {
        ScoringKernels.screen(bound: Double(root), margin: 2 * margins[row])
    }

    /// Drops near misses that fell below the screen whenever the list reaches
    /// a power of two beyond `2k + 16` entries (amortised O(1) per entry, even
    /// when many exact ties keep the list long).
    private func pruneIfLong(_ r: Int) {
        guard let count = nearMisses[r]?.count, count > 2 * k + 16, count & (count - 1) == 0 else { return }
        let floor = screen[r]
        nearMisses[r]!.removeAll { $0.score < floor }
    }
}
