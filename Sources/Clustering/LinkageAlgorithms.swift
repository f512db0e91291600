import LinearAlgebra

// The merge-tree algorithms over a condensed distance matrix, following
// scipy's `_hierarchy.pyx` step for step (including how ties are broken), so
// the trees agree with scipy's and scikit-learn's on the same distances.

/// The upper triangle of a symmetric `n x n` distance matrix without its
/// diagonal, row by row (scipy's condensed form): `d(i, j)` for `i < j` is
/// element `n·i − i(i + 1)/2 + (j − i − 1)`.
struct CondensedDistances<Scalar: BLASScalar>: @unchecked Sendable {
    let count: Int
    let values: Buffer<Scalar>

    /// Uninitialised (zero) distances for `count` points.
    init(count: Int) {
        self.count = count
        values = Buffer(repeating: 0, count: Self.size(count))
    }

    /// The number of stored distances, `n(n − 1)/2`.
    static func size(_ n: Int) -> Int { n < 2 ? 0 : n * (n - 1) / 2 }

    /// The offset of row `i`'s first element, `d(i, i + 1)`.
    @inline(__always) func rowStart(_ i: Int) -> Int { count * i - i * (i + 1) / 2 }

    /// The offset of `d(i, j)` for `i != j`.
    @inline(__always) func index(_ i: Int, _ j: Int) -> Int {
        i < j ? rowStart(i) + (j - i - 1) : rowStart(j) + (i - j - 1)
    }
}

/// One merge before relabelling: the two slots merged (`x < y`), the height
/// and the merged size.
struct RawMerge {
    var x: Int
    var y: Int
    var height: Double
    var size: Int
}

/// The nearest-neighbour chain algorithm (Benzécri 1982, Juan 1982; Murtagh
/// 1983) for linkages that satisfy the reducibility property (average,
/// complete, single): follow nearest neighbours until two clusters are each
/// other's nearest, merge them, and continue from what remains of the chain.
///
/// As in scipy's `nn_chain`: candidates are scanned in increasing index, a
/// neighbour must be strictly nearer to replace the current one, and the
/// previous chain element is preferred on ties (which prevents cycles). The
/// merged cluster takes the larger slot `y`; slot `x` dies. `distances` is
/// overwritten with cluster distances.
/// - Complexity: O(n²) time; no memory beyond the matrix and O(n).
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
func nearestNeighbourChain<Scalar: BLASScalar>(_ distances: CondensedDistances<Scalar>, linkage: Linkage) -> [RawMerge] {
    let n = distances.count
    guard n > 1 else { return [] }
    let d = distances.values.base
    var size = [Int](repeating: 1, count: n)
    // Live slots in increasing order: scanning only these visits candidates
    // in the same order as scipy's scan over all slots that skips dead ones.
    var alive = Array(0 ..< n)
    var chain: [Int] = []
    chain.reserveCapacity(n)
    var merges: [RawMerge] = []
    merges.reserveCapacity(n - 1)

    for _ in 0 ..< n - 1 {
        if chain.isEmpty { chain.append(alive[0]) }
        var x = 0, y = 0
        var currentMin: Scalar
        while true {
            x = chain[chain.count - 1]
            if chain.count > 1 {
                y = chain[chain.count - 2]
                currentMin = d[distances.index(x, y)]
            } else {
                currentMin = .infinity
            }
            alive.withUnsafeBufferPointer { live in
                // Slots below x: d(i, x) lives in row i.
                var position = 0
                while position < live.count && live[position] < x {
                    let i = live[position]
                    let value = d[distances.rowStart(i) + (x - i - 1)]
                    if value < currentMin {
                        currentMin = value
                        y = i
                    }
                    position += 1
                }
                position += 1   // x itself
                // Slots above x: d(x, i) is contiguous in row x.
                let row = d + distances.rowStart(x) - x - 1
                while position < live.count {
                    let i = live[position]
                    let value = row[i]
                    if value < currentMin {
                        currentMin = value
                        y = i
                    }
                    position += 1
                }
            }
            if chain.count > 1 && y == chain[chain.count - 2] { break }
            chain.append(y)
        }
        chain.removeLast(2)
        if x > y { swap(&x, &y) }
        let nx = size[x], ny = size[y]
        merges.append(RawMerge(x: x, y: y, height: Double(currentMin), size: nx + ny))
        size[x] = 0
        size[y] = nx + ny
        alive.remove(at: firstPosition(of: x, in: alive))
        let sx = Scalar(nx), sy = Scalar(ny), sxy = Scalar(nx + ny)
        alive.withUnsafeBufferPointer { live in
            for i in live where i != y {
                let ix = distances.index(i, x), iy = distances.index(i, y)
                switch linkage {
                case .average: d[iy] = (sx * d[ix] + sy * d[iy]) / sxy
                case .complete: d[iy] = max(d[ix], d[iy])
                case .single: d[iy] = min(d[ix], d[iy])
                }
            }
        }
    }
    return merges
}

/// Single linkage as a minimum spanning tree grown by Prim's algorithm from
/// point 0 (scipy's `mst_single_linkage`): each step adds the outside point
/// nearest to the tree, the first in index order on ties. The MST's edges,
/// sorted, are exactly the single-linkage merge heights.
/// - Complexity: O(n²) time, O(n) memory beyond the (read-only) matrix.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
func primSingleLinkage<Scalar: BLASScalar>(_ distances: CondensedDistances<Scalar>) -> [RawMerge] {
    let n = distances.count
    guard n > 1 else { return [] }
    let d = distances.values.base
    var nearest = [Scalar](repeating: .infinity, count: n)
    var outside = Array(1 ..< n)
    var merges: [RawMerge] = []
    merges.reserveCapacity(n - 1)
    var x = 0
    for _ in 0 ..< n - 1 {
        var y = 0
        var currentMin = Scalar.infinity
        nearest.withUnsafeMutableBufferPointer { nearest in
            for i in outside {
                let value = d[distances.index(x, i)]
                if nearest[i] > value { nearest[i] = value }
                if nearest[i] < currentMin {
                    y = i
                    currentMin = nearest[i]
                }
            }
        }
        merges.append(RawMerge(x: x, y: y, height: Double(currentMin), size: 0))
        outside.remove(at: firstPosition(of: y, in: outside))
        x = y
    }
    return merges
}

/// The position of `value` in the increasing array `sorted`.
private func firstPosition(of value: Int, in sorted: [Int]) -> Int {
    var low = 0, high = sorted.count
    while low < high {
        let mid = (low + high) / 2
        if sorted[mid] < value { low = mid + 1 } else { high = mid }
    }
    precondition(low < sorted.count && sorted[low] == value, "linkage: slot \(value) is not live")
    return low
}

/// Sorts raw merges by height (stable) and turns slot numbers into cluster
/// ids, as scipy's `label`: a union-find over ids where merge m creates id
/// `n + m`, the smaller root id first, sizes from the roots.
func relabel(_ raw: [RawMerge], leafCount n: Int) -> [Dendrogram.Merge] {
    let order = raw.indices.sorted { a, b in
        raw[a].height < raw[b].height || (raw[a].height == raw[b].height && a < b)
    }
    var parent = Array(0 ..< max(1, 2 * n - 1))
    var size = [Int](repeating: 1, count: max(1, 2 * n - 1))
    func find(_ x: Int) -> Int {
        var root = x
        while parent[root] != root { root = parent[root] }
        var p = x
        while parent[p] != root {
            let next = parent[p]
            parent[p] = root
            p = next
        }
        return root
    }
    var merges: [Dendrogram.Merge] = []
    merges.reserveCapacity(raw.count)
    for (m, r) in order.enumerated() {
        let a = find(raw[r].x), b = find(raw[r].y)
        let label = n + m
        parent[a] = label
        parent[b] = label
        size[label] = size[a] + size[b]
        merges.append(Dendrogram.Merge(left: min(a, b), right: max(a, b), height: raw[r].height, size: size[label]))
    }
    return merges
}
