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
/// Each Lloyd iteration is scikit-learn's `_k_means_lloyd` pattern, made
/// deterministic:
/// 1. assignment and partial sums: the rows are split into fixed groups of
///    consecutive rows, one task per group with its own `k x d` sum buffer;
///    for each chunk of 256 rows the task forms the products `X̂ · Cᵀ` (a
///    sparse kernel for CSR rows; for dense rows one GEMM per 8192-row block
///    comes first), gives each row the centroid of highest cosine (ties: the
///    lower index) and adds the rows, in order, to its buffer;
/// 2. the group buffers are added in group order;
/// 3. empty clusters are re-seeded with the points farthest from their
///    centroids, moving those rows between sums;
/// 4. each sum is scaled to unit length.
/// Group and chunk boundaries depend only on the data's shape, so the result
/// is bit-identical for any thread count.
struct KMeansEngine<Rows: UnitRows> {
    typealias Scalar = Rows.Scalar

    let x: Rows
    let k: Int
    let threads: Int

    init(_ x: Rows, k: Int, threads: Int) {
        precondition(k >= 1 && k <= x.count, "KMeansEngine: k = \(k) for \(x.count) rows")
        self.x = x
        self.k = k
        self.threads = threads
    }

    // MARK: - Whole runs

    /// k-means++ seeding then Lloyd iterations until the labels stop changing,
    /// the centroids move less than `tolerance` (absolute, already scaled by
    /// the data's variance), or `maxIterations`.
    @_specialize(where Rows == DenseUnitRows<Float>)
    @_specialize(where Rows == DenseUnitRows<Double>)
    @_specialize(where Rows == SparseUnitRows<Float>)
    @_specialize(where Rows == SparseUnitRows<Double>)
    func run(seed: UInt64, maxIterations: Int, tolerance: Double) throws(BLASError) -> KMeansRun<Scalar> {
        var random = SplitMix64(seed: seed)
        let seeds = try kMeansPlusPlus(using: &random)
        var centroids = x.denseRows(seeds)
        let n = x.count
        let labels = Buffer<Int>(repeating: 0, count: n)
        let previous = Buffer<Int>(repeating: -1, count: n)
        let similarities = Buffer<Scalar>(repeating: 0, count: n)
        var iterations = 0, converged = false, stable = false, sizes: [Int] = [], sumNorms: [Double] = []
        for iteration in 1 ... maxIterations {
            iterations = iteration
            let sums = try assignAndSum(to: centroids, labels: labels, similarities: similarities)
            sizes = reseedEmptyClusters(labels: labels, similarities: similarities, sums: sums)
            let shift: Double
            (shift, sumNorms) = normalize(sums, previous: centroids, sizes: sizes)
            centroids = sums
            if memcmp(labels.base, previous.base, n * MemoryLayout<Int>.stride) == 0 {
                converged = true
                stable = true
                break
            }
            if shift <= tolerance {
                converged = true
                break
            }
            previous.base.update(from: labels.base, count: n)
        }
        // Unless the labels are stable (so the centroids are those of this very
        // partition), assign once more to the last centroids and take the
        // centroids of that final partition.
        if !stable {
            let sums = try assignAndSum(to: centroids, labels: labels, similarities: similarities)
            sizes = reseedEmptyClusters(labels: labels, similarities: similarities, sums: sums)
            (_, sumNorms) = normalize(sums, previous: centroids)
            centroids = sums
        }
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

    /// Labels every row with its most similar centroid (ties: the lower
    /// index), records that similarity, and sums the rows of each cluster.
    /// - Returns: the `k x d` cluster sums.
    @_specialize(where Rows == DenseUnitRows<Float>)
    @_specialize(where Rows == DenseUnitRows<Double>)
    @_specialize(where Rows == SparseUnitRows<Float>)
    @_specialize(where Rows == SparseUnitRows<Double>)
    func assignAndSum(to centroids: Buffer<Scalar>, labels: Buffer<Int>, similarities: Buffer<Scalar>)
        throws(BLASError) -> Buffer<Scalar> {
        let n = x.count, width = k * x.dimension
        let groups = sumGroups(rows: n, clusterCount: k, dimension: x.dimension, scalarSize: MemoryLayout<Scalar>.stride)
        let partial = Buffer<Scalar>(repeating: 0, count: groups.count * width)
        try x.assignAndAccumulate(centroids: UnsafePointer(centroids.base), k: k, groups: groups, labels: labels.shared,
                                  similarities: similarities.shared, sums: partial.shared, threads: threads)
        return mergeGroupSums(partial, groupCount: groups.count, width: width, threads: threads)
    }

    /// Gives every empty cluster one point: the points least similar to
    /// their centroid go first (ties: the lower index), taken only from
    /// clusters that keep at least one member. A moved point's similarity
    /// becomes its own squared norm (it is its cluster's centroid), and its
    /// row moves between the cluster `sums`.
    /// - Returns: the cluster sizes afterwards, all at least 1.
    /// - Complexity: O(n), plus O(n log n + k·d) when a cluster is empty.
    func reseedEmptyClusters(labels: Buffer<Int>, similarities: Buffer<Scalar>, sums: Buffer<Scalar>) -> [Int] {
        let n = x.count, d = x.dimension
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
            x.add(row: point, scaledBy: -1, to: sums.base + old * d)
            x.add(row: point, scaledBy: 1, to: sums.base + cluster * d)
        }
        return sizes
    }

    /// Scales each cluster sum in place to unit length (the mean direction); a
    /// sum that is the zero vector takes its previous centroid.
    ///
    /// With `sizes`, each cluster's movement is measured on the scale of its
    /// plain mean (`‖s_c‖ / n_c`, the length scikit-learn's centres have), so
    /// the same tolerance stops at the same point as scikit-learn's test on
    /// centre movement; unit-length centroids alone would make it stricter by
    /// the inverse squared mean length.
    /// - Returns: `Σ_c w_c ‖c_new − c_old‖²` (w_c = 1, or `‖s_c‖² / n_c²` with
    ///   `sizes`) and `‖s_c‖²` for each cluster sum `s_c`.
    @_specialize(where Rows == DenseUnitRows<Float>)
    @_specialize(where Rows == DenseUnitRows<Double>)
    @_specialize(where Rows == SparseUnitRows<Float>)
    @_specialize(where Rows == SparseUnitRows<Double>)
    func normalize(_ sums: Buffer<Scalar>, previous: Buffer<Scalar>, sizes: [Int]? = nil) -> (shift: Double, sumNorms: [Double]) {
        let d = x.dimension
        var shift = 0.0
        var sumNorms = [Double](repeating: 0, count: k)
        for c in 0 ..< k {
            let row = sums.base + c * d, old = previous.base + c * d
            var squared = 0.0
            for j in 0 ..< d { squared += Double(row[j]) * Double(row[j]) }
            sumNorms[c] = squared
            if squared > 0 {
                let norm = squared.squareRoot()
                for j in 0 ..< d { row[j] = Scalar(Double(row[j]) / norm) }
            } else {
                row.update(from: old, count: d)
            }
            var moved = 0.0
            for j in 0 ..< d {
                let delta = Double(row[j]) - Double(old[j])
                moved += delta * delta
            }
            if let sizes, c < sizes.count, sizes[c] > 0 {
                moved *= squared / (Double(sizes[c]) * Double(sizes[c]))
            }
            shift += moved
        }
        return (shift, sumNorms)
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

// MARK: - Grouped sums

/// The fixed groups of consecutive rows that get one partial-sum buffer
/// each: one per 4096 rows, at most 16, and at most 256 MB of buffers.
/// Depends on the shape only, never on the thread count.
func sumGroups(rows n: Int, clusterCount k: Int, dimension d: Int, scalarSize: Int) -> [Range<Int>] {
    let bytes = max(1, k * d * scalarSize)
    return Parallel.chunks(of: n, into: max(1, min(16, n / 4096, (256 << 20) / bytes)))
}

/// Adds `groupCount` consecutive `width`-element buffers in group order
/// (element slices in parallel), so each sum is the same for any thread count.
func mergeGroupSums<Scalar: BLASScalar>(_ partial: Buffer<Scalar>, groupCount: Int, width: Int, threads: Int) -> Buffer<Scalar> {
    guard groupCount > 1 else { return partial }
    let result = Buffer<Scalar>(repeating: 0, count: width)
    let resultShared = result.shared, partialShared = partial.shared
    let slices = Parallel.chunks(of: width, into: max(1, min(64, width / 4096)))
    Parallel.forEach(slices.count, threads: threads) { s in
        for e in slices[s] {
            var value = partialShared[e]
            for g in 1 ..< groupCount { value += partialShared[g * width + e] }
            resultShared[e] = value
        }
    }
    withExtendedLifetime(partial) {}
    return result
}

/// `Σ_{i: labels[i] = c} x̂ᵢ` for each cluster `c`, as a `clusterCount x d`
/// row-major buffer: each fixed group of rows (`sumGroups`) adds its rows,
/// in order, into its own buffer in parallel; `mergeGroupSums` adds them.
/// - Complexity: O(nnz + G·k·d) time, O(G·k·d) memory for G groups.
@_specialize(where Rows == DenseUnitRows<Float>)
@_specialize(where Rows == DenseUnitRows<Double>)
@_specialize(where Rows == SparseUnitRows<Float>)
@_specialize(where Rows == SparseUnitRows<Double>)
func clusterSums<Rows: UnitRows>(of x: Rows, labels: Buffer<Int>, clusterCount k: Int, threads: Int) -> Buffer<Rows.Scalar> {
    let n = x.count, width = k * x.dimension
    let groups = sumGroups(rows: n, clusterCount: k, dimension: x.dimension, scalarSize: MemoryLayout<Rows.Scalar>.stride)
    let partial = Buffer<Rows.Scalar>(repeating: 0, count: groups.count * width)
    let partialShared = partial.shared, labelsShared = labels.shared
    Parallel.forEach(groups.count, threads: threads) { g in
        x.accumulate(rows: groups[g], labels: UnsafePointer(labelsShared.base), into: partialShared + g * width)
    }
    return mergeGroupSums(partial, groupCount: groups.count, width: width, threads: threads)
}

/// Gives each row in `rows` the column of its largest product (ties: the
/// lower column) and that product. `products` holds `rows.count x k` values.
@inline(__always)
func assignRows<Scalar: BLASScalar>(_ rows: Range<Int>, products: UnsafePointer<Scalar>, k: Int,
                                    labels: SharedPointer<Int>, similarities: SharedPointer<Scalar>) {
    for i in rows {
        let row = products + (i - rows.lowerBound) * k
        var best = 0, bestValue = row[0]
        for c in 1 ..< k where row[c] > bestValue {
            best = c
            bestValue = row[c]
        }
        labels[i] = best
        similarities[i] = bestValue
    }
}
