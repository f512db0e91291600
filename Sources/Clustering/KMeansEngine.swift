import LinearAlgebra

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One spherical k-means run from k-means++ seeds: the result before the
/// public wrapper copies it into arrays.
struct KMeansRun<Scalar: BLASScalar> {
    var labels: Buffer<Int>
    var centroids: Buffer<Scalar>
    var similarities: Buffer<Scalar>
    var sizes: [Int]
    var objective: Double
    var inertia: Double
    var iterations: Int
    var converged: Bool
}

/// The k-means machinery over unit rows, generic over their storage.
///
/// Each Lloyd iteration follows scikit-learn's `_k_means_lloyd`, made
/// deterministic:
/// 1. assignment: for each chunk of 256 rows, in parallel, the products
///    `X̂ · Cᵀ` (a sparse kernel against a transposed copy of the centroids
///    for CSR rows, one GEMM per 8192-row block for dense rows) give each row
///    the centroid of highest cosine (ties: the lower index); for CSR rows,
///    `AssignmentBounds` skip the rows whose label provably stays, which
///    changes no label;
/// 2. empty clusters are re-seeded with the points farthest from their
///    centroids;
/// 3. sums: the rows are bucketed by label and one task per cluster adds its
///    rows, in increasing order, into that cluster's row of the sums;
/// 4. each sum is scaled to unit length (one task per cluster), and the
///    movement of the cluster means is measured for the stopping rule.
/// Steps 3 and 4 run only for the clusters that gained or lost a row: the
/// others' sums, computed the same way from the same rows, would come out
/// bit for bit as they are. No result depends on how tasks are spread over
/// threads, so the result is bit-identical for any thread count. The
/// centroid, sum and scratch buffers are allocated once per run and reused
/// by every iteration.
struct KMeansEngine<Rows: UnitRows> {
    typealias Scalar = Rows.Scalar

    let x: Rows
    let k: Int
    let threads: Int
    /// Whether assignments skip rows by `AssignmentBounds` (when the rows'
    /// products can be skipped at all); off only to compare with plain Lloyd.
    let pruning: Bool

    init(_ x: Rows, k: Int, threads: Int, pruning: Bool = true) {
        precondition(k >= 1 && k <= x.count, "KMeansEngine: k = \(k) for \(x.count) rows")
        self.x = x
        self.k = k
        self.threads = threads
        self.pruning = pruning
    }

    /// The state of one run's Lloyd iterations, allocated once and reused.
    final class LloydState {
        /// The unit centroids, `k x d`: the next assignment's, updated in place.
        let centroids: Buffer<Scalar>
        /// The cluster sums `s_c` behind `centroids`, `k x d`.
        let sums: Buffer<Scalar>
        /// `‖μ_c‖ = ‖s_c‖ / n_c` of the plain means behind `centroids`.
        var meanLengths: [Double]
        /// `‖s_c‖²` of each cluster sum.
        var sumNorms: [Double]
        /// The number of rows of each cluster.
        var sizes: [Int]
        /// Each row's cluster; -1 before the first assignment.
        let labels: Buffer<Int>
        /// The labels before the current step's assignment.
        let before: Buffer<Int>
        let similarities: Buffer<Scalar>
        let workspace = ProductWorkspace<Scalar>()
        let bounds: AssignmentBounds?

        init(centroids: Buffer<Scalar>, meanLengths: [Double], rows n: Int, bounds: AssignmentBounds?) {
            self.centroids = centroids
            sums = Buffer(repeating: 0, count: centroids.count, hugePages: true)
            self.meanLengths = meanLengths
            sumNorms = [Double](repeating: 0, count: meanLengths.count)
            sizes = [Int](repeating: 0, count: meanLengths.count)
            labels = Buffer(repeating: -1, count: n)
            before = Buffer(repeating: -1, count: n)
            similarities = Buffer(repeating: 0, count: n)
            self.bounds = bounds
        }
    }

    // MARK: - Whole runs

    /// k-means++ seeding then Lloyd iterations until no label changes, the
    /// cluster means move less than `tolerance` in total (see below), or
    /// `maxIterations`.
    ///
    /// The stopping rule is scikit-learn's: after iteration t the centres
    /// are the plain means `μ_c = s_c / n_c` of the clusters (the unit
    /// centroids used for assignment are their directions), and the run
    /// stops when `Σ_c ‖μ_c(t) − μ_c(t − 1)‖² ≤ tolerance`, where `μ_c(0)` is
    /// the seed row. `tolerance` is absolute (already scaled by the data's
    /// variance); iteration counts therefore mean the same as `n_iter_`.
    @_specialize(where Rows == DenseUnitRows<Float>)
    @_specialize(where Rows == DenseUnitRows<Double>)
    @_specialize(where Rows == SparseUnitRows<Float>)
    @_specialize(where Rows == SparseUnitRows<Double>)
    func run(seed: UInt64, maxIterations: Int, tolerance: Double) throws(BLASError) -> KMeansRun<Scalar> {
        var random = SplitMix64(seed: seed)
        let seeds = try kMeansPlusPlus(using: &random)
        let n = x.count
        var bounds: AssignmentBounds?
        if pruning && x.skipsInactiveRows && k > 1 {
            var largest: Scalar = 0
            for i in 0 ..< n { largest = max(largest, x.squaredNorms[i]) }
            bounds = AssignmentBounds(rows: n, clusters: k, terms: x.longestRow, ulp: Double(Scalar.ulpOfOne),
                                      largestSquaredNorm: Double(largest))
        }
        // A seed row is its own mean.
        let state = LloydState(centroids: x.denseRows(seeds), meanLengths: seeds.map { x.squaredNorms[$0] > 0 ? 1.0 : 0.0 },
                               rows: n, bounds: bounds)
        let labels = state.labels, before = state.before
        var iterations = 0, converged = false, stable = false
        for iteration in 1 ... maxIterations {
            iterations = iteration
            let shift = try step(state)
            if memcmp(labels.base, before.base, n * MemoryLayout<Int>.stride) == 0 {
                converged = true
                stable = true
                break
            }
            if shift <= tolerance {
                converged = true
                break
            }
        }
        // Unless the labels are stable (so the centroids are those of this very
        // partition), assign once more to the last centroids and take the
        // centroids of that final partition.
        if !stable { _ = try step(state) }
        let centroids = state.centroids, similarities = state.similarities
        let sizes = state.sizes, sumNorms = state.sumNorms
        let objective = score(labels: labels, centroids: centroids, similarities: similarities)
        // Σᵢ ‖x̂ᵢ − μ_c‖² = Σᵢ ‖x̂ᵢ‖² − Σ_c ‖s_c‖² / n_c for the cluster sums s_c.
        var inertia = 0.0
        for i in 0 ..< n { inertia += Double(x.squaredNorms[i]) }
        for c in 0 ..< k where sizes[c] > 0 { inertia -= sumNorms[c] / Double(sizes[c]) }
        return KMeansRun(labels: labels, centroids: centroids, similarities: similarities, sizes: sizes,
                         objective: objective, inertia: max(0, inertia), iterations: iterations, converged: converged)
    }

    // MARK: - Seeding

    /// Greedy k-means++ (Arthur and Vassilvitskii 2007, as scikit-learn's
    /// `_kmeans_plusplus`): the first centre is a uniform random row; each
    /// further one is the best of `2 + ⌊ln k⌋` candidates drawn with
    /// probability proportional to the squared distance to the nearest centre
    /// so far, "best" meaning the one that leaves the smallest total squared
    /// distance (potential). Distances are squared Euclidean between unit rows,
    /// `‖x̂‖² + ‖ĉ‖² − 2 x̂·ĉ`, clamped at 0.
    /// - Returns: the row indices of the `k` centres.
    @_specialize(where Rows == DenseUnitRows<Float>)
    @_specialize(where Rows == DenseUnitRows<Double>)
    @_specialize(where Rows == SparseUnitRows<Float>)
    @_specialize(where Rows == SparseUnitRows<Double>)
    func kMeansPlusPlus(using random: inout SplitMix64) throws(BLASError) -> [Int] {
        let n = x.count
        let trials = 2 + Int(log(Double(k)))
        let chunkCount = rowChunkCount(n)
        let norms = x.squaredNorms.shared
        let closest = Buffer<Double>(repeating: 0, count: n)
        let closestShared = closest.shared

        var centres = [random.index(below: n)]
        // Squared distances to the first centre.
        let firstProducts = try x.products(withRows: centres, threads: threads)
        let firstNorm = Double(x.squaredNorms[centres[0]])
        let firstPartials = Buffer<Double>(repeating: 0, count: chunkCount)
        let firstShared = firstPartials.shared, firstProductsShared = firstProducts.shared
        Parallel.forEach(chunkCount, threads: threads) { chunk in
            var sum = 0.0
            for i in rowChunk(chunk, of: n) {
                let distance = max(0, Double(norms[i]) + firstNorm - 2 * Double(firstProductsShared[i]))
                closestShared[i] = distance
                sum += distance
            }
            firstShared[chunk] = sum
        }
        withExtendedLifetime(firstProducts) {}
        var potential = 0.0
        for c in 0 ..< chunkCount { potential += firstPartials[c] }

        let cumulative = Buffer<Double>(repeating: 0, count: n)
        let distances = Buffer<Double>(repeating: 0, count: n * trials)
        let partials = Buffer<Double>(repeating: 0, count: chunkCount * trials)
        let distancesShared = distances.shared, partialsShared = partials.shared
        while centres.count < k {
            var running = 0.0
            for i in 0 ..< n {
                running += closest[i]
                cumulative[i] = running
            }
            let candidates = (0 ..< trials).map { _ in
                min(n - 1, Self.firstIndex(in: cumulative, atLeast: random.unit() * potential))
            }
            let candidateNorms = candidates.map { Double(x.squaredNorms[$0]) }
            let products = try x.products(withRows: candidates, threads: threads)
            let productsShared = products.shared
            Parallel.forEach(chunkCount, threads: threads) { chunk in
                var sums = [Double](repeating: 0, count: trials)
                for i in rowChunk(chunk, of: n) {
                    let current = closestShared[i], norm = Double(norms[i])
                    for t in 0 ..< trials {
                        let distance = max(0, norm + candidateNorms[t] - 2 * Double(productsShared[t * n + i]))
                        distancesShared[i * trials + t] = distance
                        sums[t] += min(current, distance)
                    }
                }
                for t in 0 ..< trials { partialsShared[chunk * trials + t] = sums[t] }
            }
            withExtendedLifetime(products) {}
            var best = 0, bestPotential = Double.infinity
            for t in 0 ..< trials {
                var total = 0.0
                for c in 0 ..< chunkCount { total += partials[c * trials + t] }
                if total < bestPotential {
                    best = t
                    bestPotential = total
                }
            }
            for i in 0 ..< n { closest[i] = min(closest[i], distances[i * trials + best]) }
            potential = bestPotential
            centres.append(candidates[best])
        }
        return centres
    }

    /// The first index whose cumulative sum reaches `value` (numpy's
    /// `searchsorted(..., side="left")`), or `count` if none does.
    static func firstIndex(in cumulative: Buffer<Double>, atLeast value: Double) -> Int {
        var low = 0, high = cumulative.count
        while low < high {
            let mid = (low + high) / 2
            if cumulative[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low
    }

    // MARK: - Lloyd steps

    /// One Lloyd iteration on `state`: assignment to `state.centroids`,
    /// re-seeding of empty clusters, then new sums and centroids for the
    /// clusters whose rows changed; the bounds are loosened by the
    /// centroids' movement.
    /// - Returns: the squared movement of the cluster means (`normalize`).
    @_specialize(where Rows == DenseUnitRows<Float>)
    @_specialize(where Rows == DenseUnitRows<Double>)
    @_specialize(where Rows == SparseUnitRows<Float>)
    @_specialize(where Rows == SparseUnitRows<Double>)
    func step(_ state: LloydState) throws(BLASError) -> Double {
        let n = x.count, labels = state.labels, before = state.before
        before.base.update(from: labels.base, count: n)
        try assign(state, skipping: true)
        var sizes = [Int](repeating: 0, count: k)
        for i in 0 ..< n { sizes[labels[i]] += 1 }
        if sizes.contains(0) {
            // Re-seeding ranks rows by similarity: make the skipped rows' exact.
            if let bounds = state.bounds {
                bounds.activateAll()
                try assign(state, skipping: false)
            }
            sizes = reseedEmptyClusters(labels: labels, similarities: state.similarities, bounds: state.bounds)
        }
        var changed = [Bool](repeating: false, count: k)
        for i in 0 ..< n where labels[i] != before[i] {
            changed[labels[i]] = true
            if before[i] >= 0 { changed[before[i]] = true }
        }
        clusterSums(of: x, labels: labels, clusterCount: k, threads: threads, into: state.sums, only: changed)
        state.sizes = sizes
        let (shift, movements) = normalize(state, only: changed)
        state.bounds?.widen(labels: labels, movements: movements)
        return shift
    }

    /// Labels every row with its most similar centroid in `state.centroids`
    /// (ties: the lower index) and records that similarity; with
    /// `skipping`, only the rows the bounds mark active (the others keep
    /// their label, and their similarity is stale).
    @_specialize(where Rows == DenseUnitRows<Float>)
    @_specialize(where Rows == DenseUnitRows<Double>)
    @_specialize(where Rows == SparseUnitRows<Float>)
    @_specialize(where Rows == SparseUnitRows<Double>)
    func assign(_ state: LloydState, skipping: Bool) throws(BLASError) {
        let k = k, labels = state.labels.shared, similarities = state.similarities.shared, bounds = state.bounds
        if skipping { bounds?.markActive() }
        let active = skipping ? bounds?.active.shared : nil
        try x.forEachProductChunk(with: UnsafePointer(state.centroids.base), rows: k, from: 0, threads: threads,
                                  workspace: state.workspace, active: active) { _, rows, products in
            for i in rows where active?[i] ?? true {
                let row = products + (i - rows.lowerBound) * k
                var best = 0, bestValue = row[0]
                for c in 1 ..< k where row[c] > bestValue {
                    best = c
                    bestValue = row[c]
                }
                labels[i] = best
                similarities[i] = bestValue
                bounds?.record(row: i, products: row, label: best)
            }
        }
        withExtendedLifetime(state) {}
    }

    /// Gives every empty cluster one point: the points least similar to
    /// their centroid go first (ties: the lower index), taken only from
    /// clusters that keep at least one member. A moved point's similarity
    /// becomes its own squared norm (it is its cluster's centroid), and its
    /// bounds are reset.
    /// - Returns: the cluster sizes afterwards, all at least 1.
    /// - Complexity: O(n), plus O(n log n) when a cluster is empty.
    func reseedEmptyClusters(labels: Buffer<Int>, similarities: Buffer<Scalar>, bounds: AssignmentBounds? = nil) -> [Int] {
        let n = x.count
        var sizes = [Int](repeating: 0, count: k)
        for i in 0 ..< n { sizes[labels[i]] += 1 }
        let empty = sizes.indices.filter { sizes[$0] == 0 }
        guard !empty.isEmpty else { return sizes }
        let order = (0 ..< n).sorted { a, b in
            similarities[a] < similarities[b] || (similarities[a] == similarities[b] && a < b)
        }
        var next = 0
        for cluster in empty {
            // k <= n guarantees a cluster of two or more while any is empty.
            while sizes[labels[order[next]]] < 2 { next += 1 }
            let point = order[next]
            next += 1
            let old = labels[point]
            sizes[old] -= 1
            labels[point] = cluster
            sizes[cluster] = 1
            similarities[point] = x.squaredNorms[point]
            bounds?.invalidate(row: point)
        }
        return sizes
    }

    /// Scales the sums of the clusters marked in `changed` to unit length
    /// (the mean direction) into `state.centroids`, one task per cluster, and
    /// updates their `sumNorms` and `meanLengths`; a sum that is the zero
    /// vector keeps its previous direction. The other clusters keep
    /// everything: their sums are what they were.
    ///
    /// Also measures how far the plain means `μ_c = s_c / n_c` moved, the
    /// centres whose movement scikit-learn's `tol` bounds: the previous mean
    /// of cluster c is `meanLengths[c]` times its previous unit centroid.
    /// - Returns: `Σ_c ‖μ_c − μ_c'‖²` between the new and the previous plain
    ///   means, and each unit centroid's movement `‖ĉ_c − ĉ_c'‖` (0 for the
    ///   unchanged).
    /// - Complexity: O(k'·d) for k' changed clusters.
    @_specialize(where Rows == DenseUnitRows<Float>)
    @_specialize(where Rows == DenseUnitRows<Double>)
    @_specialize(where Rows == SparseUnitRows<Float>)
    @_specialize(where Rows == SparseUnitRows<Double>)
    func normalize(_ state: LloydState, only changed: [Bool]) -> (shift: Double, movements: [Double]) {
        let d = x.dimension
        let tasks = (0 ..< k).filter { changed[$0] }
        let moved = Buffer<Double>(repeating: 0, count: k), norms = Buffer<Double>(repeating: 0, count: k)
        let turned = Buffer<Double>(repeating: 0, count: k)
        let movedShared = moved.shared, normsShared = norms.shared, turnedShared = turned.shared
        let sumsShared = state.sums.shared, centroidsShared = state.centroids.shared
        let sizes = state.sizes, meanLengths = state.meanLengths
        Parallel.forEach(tasks.count, threads: threads) { task in
            let c = tasks[task]
            let sum = sumsShared + c * d, centroid = centroidsShared + c * d
            let oldLength = meanLengths[c]
            var squared = 0.0
            for j in 0 ..< d { squared += Double(sum[j]) * Double(sum[j]) }
            var shift = 0.0, turn = 0.0
            if squared > 0 {
                let inverseNorm = 1 / squared.squareRoot(), inverseSize = 1 / Double(sizes[c])
                for j in 0 ..< d {
                    let value = Double(sum[j]), previousUnit = Double(centroid[j])
                    let delta = value * inverseSize - oldLength * previousUnit
                    shift += delta * delta
                    let unit = Scalar(value * inverseNorm)
                    let change = Double(unit) - previousUnit
                    turn += change * change
                    centroid[j] = unit
                }
            } else {
                for j in 0 ..< d {
                    let delta = oldLength * Double(centroid[j])
                    shift += delta * delta
                }
            }
            movedShared[c] = shift
            normsShared[c] = squared
            turnedShared[c] = turn.squareRoot()
        }
        withExtendedLifetime(state) {}
        var shift = 0.0
        for c in tasks {
            shift += moved[c]
            state.sumNorms[c] = norms[c]
            state.meanLengths[c] = sizes[c] > 0 ? norms[c].squareRoot() / Double(sizes[c]) : 0
        }
        return (shift, turned.array)
    }

    /// Each row's cosine with its own centroid, into `similarities`.
    /// - Returns: the objective `Σᵢ (1 − x̂ᵢ · c_{label(i)})`, summed in chunk order.
    @_specialize(where Rows == DenseUnitRows<Float>)
    @_specialize(where Rows == DenseUnitRows<Double>)
    @_specialize(where Rows == SparseUnitRows<Float>)
    @_specialize(where Rows == SparseUnitRows<Double>)
    func score(labels: Buffer<Int>, centroids: Buffer<Scalar>, similarities: Buffer<Scalar>) -> Double {
        let n = x.count, d = x.dimension, rows = x
        let chunkCount = rowChunkCount(n)
        let partials = Buffer<Double>(repeating: 0, count: chunkCount)
        let partialsShared = partials.shared, labelsShared = labels.shared
        let similaritiesShared = similarities.shared, centroidsShared = centroids.shared
        Parallel.forEach(chunkCount, threads: threads) { chunk in
            var sum = 0.0
            for i in rowChunk(chunk, of: n) {
                let similarity = rows.dot(row: i, UnsafePointer(centroidsShared + labelsShared[i] * d))
                similaritiesShared[i] = similarity
                sum += 1 - Double(similarity)
            }
            partialsShared[chunk] = sum
        }
        withExtendedLifetime(centroids) {}
        var objective = 0.0
        for c in 0 ..< chunkCount { objective += partials[c] }
        return objective
    }
}

// MARK: - Cluster sums

/// `Σ_{i: labels[i] = c} x̂ᵢ` for each cluster `c`, as a `clusterCount x d`
/// row-major buffer (written into `sums` when given, else new); with
/// `selected`, only the rows of the clusters marked true are written.
///
/// The rows are bucketed by label (a stable counting sort), then one task
/// per cluster zeroes that cluster's row and adds its rows in increasing
/// order: each sum is the same for any thread count, no per-thread partial
/// sums are kept, and a task's target row stays in cache. The largest
/// clusters are handed out first.
/// - Complexity: O(n + nnz + k·d) time for sparse rows (O(n·d + k·d) for
///   dense ones), O(n) memory besides the result.
@_specialize(where Rows == DenseUnitRows<Float>)
@_specialize(where Rows == DenseUnitRows<Double>)
@_specialize(where Rows == SparseUnitRows<Float>)
@_specialize(where Rows == SparseUnitRows<Double>)
@discardableResult
func clusterSums<Rows: UnitRows>(of x: Rows, labels: Buffer<Int>, clusterCount k: Int, threads: Int,
                                 into sums: Buffer<Rows.Scalar>? = nil, only selected: [Bool]? = nil)
    -> Buffer<Rows.Scalar> {
    let n = x.count, d = x.dimension
    let result = sums ?? Buffer<Rows.Scalar>(repeating: 0, count: k * d)
    precondition(result.count == k * d, "clusterSums: the target holds \(result.count) values, not \(k) x \(d)")
    var counts = [Int](repeating: 0, count: k + 1)
    for i in 0 ..< n { counts[labels[i] + 1] += 1 }
    for c in 0 ..< k { counts[c + 1] += counts[c] }
    let starts = counts
    let members = Buffer<Int>(repeating: 0, count: n)
    for i in 0 ..< n {
        members[counts[labels[i]]] = i
        counts[labels[i]] += 1
    }
    let order = (0 ..< k).filter { selected?[$0] ?? true }.sorted { a, b in
        let sizeA = starts[a + 1] - starts[a], sizeB = starts[b + 1] - starts[b]
        return sizeA > sizeB || (sizeA == sizeB && a < b)
    }
    let resultShared = result.shared, membersShared = members.shared
    Parallel.forEach(order.count, threads: threads) { task in
        let c = order[task]
        let row = resultShared + c * d
        row.update(repeating: 0, count: d)
        x.accumulate(UnsafeBufferPointer(start: membersShared + starts[c], count: starts[c + 1] - starts[c]), into: row)
    }
    withExtendedLifetime(members) {}
    return result
}
