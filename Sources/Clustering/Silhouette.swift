import LinearAlgebra

// MARK: - Public entry points

/// The mean silhouette of a clustering under cosine distance, as
/// scikit-learn's `silhouette_score(X, labels, metric="cosine")`.
///
/// For document i in cluster A, with cosine distance `δ(x, y) = 1 − cos(x, y)`
/// (1 when either vector is all zero; 0 from a document to itself):
///
///     a(i) = mean of δ(xᵢ, xⱼ) over the other members j of A
///     b(i) = min over clusters B ≠ A of the mean of δ(xᵢ, xⱼ) over j in B
///     s(i) = (b(i) − a(i)) / max(a(i), b(i)),   0 when A = {i} or both are 0
///
/// and the score is the mean of s(i). It lies in −1 ... 1; higher means
/// tighter, better separated clusters.
///
/// ## Cost
/// No n x n matrix is formed. With unit rows, `Σ_{j∈B} δ(xᵢ, xⱼ) = |B| − x̂ᵢ · s_B`
/// for the cluster sum `s_B = Σ_{j∈B} x̂ⱼ`, so one product of the rows with the
/// m cluster sums (GEMM in row blocks for dense rows, a sparse kernel for CSR
/// rows) gives every a(i) and b(i): O(n·m·d) or O(nnz·m) time, O(m·d + n) memory.
/// The result equals the pairwise definition up to rounding (scikit-learn
/// additionally clamps each pairwise distance into 0 ... 2, which only
/// matters at rounding level).
///
/// ## Sampling
/// Above `sampleSize` documents, s(i) is averaged over a seeded uniform
/// sample of `sampleSize` documents (without replacement), each still measured
/// against the complete clusters, so the estimate is unbiased. scikit-learn's
/// `sample_size` instead recomputes the silhouette inside the sample alone.
/// Pass `nil` to score every document.
///
/// - Parameters:
///   - labels: one cluster label per document (any integers; only equality matters).
///   - sampleSize: the most documents to score. Default 20,000.
///   - seed: seeds the sample.
///   - threads: the most threads for the row kernels; the result does not depend on it.
/// - Throws: `ClusteringError.silhouetteUndefined` unless there are 2 ... n − 1
///   clusters; `.labelCountMismatch`; `.nonFiniteValue`.
@_specialize(where S == Float)
@_specialize(where S == Double)
public func silhouette<S: BLASScalar>(
    _ documents: CSRMatrix<S>, labels: [Int], sampleSize: Int? = 20_000, seed: UInt64 = 0,
    threads: Int = Parallel.availableCores
) throws(ClusteringError) -> Double {
    try checkLabels(labels, documents.rows)
    return try silhouetteScore(SparseUnitRows(normalizing: documents), labels: labels, sampleSize: sampleSize,
                               seed: seed, threads: threads)
}

/// The mean cosine silhouette of the rows of a dense matrix; see the sparse
/// overload for the definition, cost and sampling.
@_specialize(where S == Float)
@_specialize(where S == Double)
public func silhouette<S: BLASScalar>(
    _ documents: DenseMatrix<S>, labels: [Int], sampleSize: Int? = 20_000, seed: UInt64 = 0,
    threads: Int = Parallel.availableCores
) throws(ClusteringError) -> Double {
    try checkLabels(labels, documents.rows)
    return try silhouetteScore(DenseUnitRows(normalizing: documents), labels: labels, sampleSize: sampleSize,
                               seed: seed, threads: threads)
}

/// Every document's cosine silhouette s(i) (see `silhouette`), as
/// scikit-learn's `silhouette_samples(X, labels, metric="cosine")`.
/// - Complexity: O(nnz·m) time for m clusters, O(m·d + n) memory.
@_specialize(where S == Float)
@_specialize(where S == Double)
public func silhouetteSamples<S: BLASScalar>(
    _ documents: CSRMatrix<S>, labels: [Int], threads: Int = Parallel.availableCores
) throws(ClusteringError) -> [Double] {
    try checkLabels(labels, documents.rows)
    return try silhouetteValues(SparseUnitRows(normalizing: documents), labels: labels, sample: nil, threads: threads)
}

/// Every document's cosine silhouette s(i) for dense rows.
/// - Complexity: O(n·m·d) time (GEMM) for m clusters, O(m·d + n) memory.
@_specialize(where S == Float)
@_specialize(where S == Double)
public func silhouetteSamples<S: BLASScalar>(
    _ documents: DenseMatrix<S>, labels: [Int], threads: Int = Parallel.availableCores
) throws(ClusteringError) -> [Double] {
    try checkLabels(labels, documents.rows)
    return try silhouetteValues(DenseUnitRows(normalizing: documents), labels: labels, sample: nil, threads: threads)
}

// MARK: - Implementation

private func checkLabels(_ labels: [Int], _ documentCount: Int) throws(ClusteringError) {
    guard labels.count == documentCount else {
        throw .labelCountMismatch(labelCount: labels.count, documentCount: documentCount)
    }
}

/// Labels renumbered `0 ..< m` by first appearance.
func denseLabels(_ labels: [Int]) -> (labels: [Int], clusterCount: Int) {
    var ids: [Int: Int] = [:]
    let dense = labels.map { label in
        if let id = ids[label] { return id }
        let id = ids.count
        ids[label] = id
        return id
    }
    return (dense, ids.count)
}

func silhouetteScore<Rows: UnitRows>(_ rows: Rows, labels: [Int], sampleSize: Int?, seed: UInt64, threads: Int)
    throws(ClusteringError) -> Double {
    var sample: [Int]?
    if let sampleSize {
        guard sampleSize >= 1 else {
            throw .invalidConfiguration("sampleSize = \(sampleSize) must be at least 1, or nil to score every document")
        }
        if rows.count > sampleSize { sample = seededSample(of: rows.count, size: sampleSize, seed: seed) }
    }
    let values = try silhouetteValues(rows, labels: labels, sample: sample, threads: threads)
    var sum = 0.0
    for value in values { sum += value }
    return sum / Double(values.count)
}

/// `size` distinct indices of `0 ..< count`, uniformly (a partial
/// Fisher-Yates shuffle driven by SplitMix64), in increasing order.
func seededSample(of count: Int, size: Int, seed: UInt64) -> [Int] {
    var random = SplitMix64(seed: seed)
    var swapped: [Int: Int] = [:]
    var chosen: [Int] = []
    chosen.reserveCapacity(size)
    for i in 0 ..< min(size, count) {
        let j = i + random.index(below: count - i)
        let picked = swapped[j] ?? j
        swapped[j] = swapped[i] ?? i
        chosen.append(picked)
    }
    return chosen.sorted()
}

/// s(i) for every row, or for the rows in `sample`, in that order.
@_specialize(where Rows == DenseUnitRows<Float>)
@_specialize(where Rows == DenseUnitRows<Double>)
@_specialize(where Rows == SparseUnitRows<Float>)
@_specialize(where Rows == SparseUnitRows<Double>)
func silhouetteValues<Rows: UnitRows>(_ rows: Rows, labels: [Int], sample: [Int]?, threads: Int) throws(ClusteringError)
    -> [Double] {
    precondition(threads >= 1, "silhouette: threads must be positive, got \(threads)")
    let n = rows.count
    let (dense, m) = denseLabels(labels)
    guard m >= 2, m <= n - 1 else { throw .silhouetteUndefined(clusterCount: m, documentCount: n) }
    let labelBuffer = Buffer(copying: dense)
    let sums = clusterSums(of: rows, labels: labelBuffer, clusterCount: m, threads: threads)
    var sizes = [Int](repeating: 0, count: m)
    for label in dense { sizes[label] += 1 }

    let evaluated: Rows
    let evaluatedLabels: Buffer<Int>
    if let sample {
        evaluated = rows.subset(sample)
        evaluatedLabels = Buffer(copying: sample.map { dense[$0] })
    } else {
        evaluated = rows
        evaluatedLabels = labelBuffer
    }
    let values = Buffer<Double>(repeating: 0, count: evaluated.count)
    let valuesShared = values.shared, labelsShared = evaluatedLabels.shared
    let sizeBuffer = Buffer(copying: sizes.map(Double.init))
    let sizesShared = sizeBuffer.shared, norms = evaluated.squaredNorms.shared
    do {
        try evaluated.forEachProductChunk(with: sums.base, rows: m, threads: threads) { _, chunk, products in
            for i in chunk {
                let row = products + (i - chunk.lowerBound) * m
                let own = labelsShared[i], ownSize = sizesShared[own]
                guard ownSize > 1 else { continue }   // s = 0 for a singleton
                // Σ over the other members of (1 − x̂ᵢ·x̂ⱼ) = (|A| − 1) − (x̂ᵢ·s_A − ‖x̂ᵢ‖²).
                let a = max(0, (ownSize - 1 - Double(row[own]) + Double(norms[i])) / (ownSize - 1))
                var b = Double.infinity
                for c in 0 ..< m where c != own {
                    b = min(b, max(0, (sizesShared[c] - Double(row[c])) / sizesShared[c]))
                }
                let scale = max(a, b)
                valuesShared[i] = scale > 0 ? (b - a) / scale : 0
            }
        }
    } catch {
        throw .blas(error)
    }
    withExtendedLifetime((sums, sizeBuffer, evaluatedLabels)) {}
    return values.array
}

// MARK: - Choosing k

/// The silhouette of one candidate k.
public struct KScore: Sendable, Hashable, Codable {
    /// The number of clusters.
    public let k: Int
    /// The mean cosine silhouette of the k-means partition (see `silhouette`).
    public let silhouette: Double
}

/// The outcome of `SphericalKMeans.chooseK`.
public struct KSelection<Scalar: BLASScalar>: Sendable {
    /// The chosen number of clusters: the highest silhouette, ties to the smaller k.
    public let k: Int
    /// Every candidate's silhouette, by increasing k.
    public let scores: [KScore]
    /// The k-means result for the chosen k.
    public let result: KMeansResult<Scalar>
}

extension SphericalKMeans {
    /// Runs k-means for every k in `range` (with this configuration's other
    /// settings) and keeps the k with the highest mean cosine silhouette,
    /// ties going to the smaller k.
    ///
    /// Only k in `2 ... n − 1` can be scored; others in `range` are skipped.
    /// For a hierarchy without choosing k at all, cut an
    /// `AgglomerativeClustering` dendrogram at a distance threshold.
    ///
    /// - Parameter silhouetteSampleSize: passed to `silhouette` as `sampleSize`.
    /// - Throws: `ClusteringError.invalidConfiguration` when no k of `range` is
    ///   in `2 ... n − 1`, and whatever `fit` throws.
    /// - Complexity: one `fit` and one silhouette (O(nnz·k)) per candidate.
    @_specialize(where S == Float)
    @_specialize(where S == Double)
    public func chooseK<S: BLASScalar>(_ documents: CSRMatrix<S>, range: ClosedRange<Int>,
                                       silhouetteSampleSize: Int? = 20_000) throws(ClusteringError) -> KSelection<S> {
        guard documents.rows > 0 else { throw .noDocuments }
        return try chooseK(SparseUnitRows(normalizing: documents), range: range, sampleSize: silhouetteSampleSize)
    }

    /// `chooseK` for the rows of a dense matrix; see the sparse overload.
    @_specialize(where S == Float)
    @_specialize(where S == Double)
    public func chooseK<S: BLASScalar>(_ documents: DenseMatrix<S>, range: ClosedRange<Int>,
                                       silhouetteSampleSize: Int? = 20_000) throws(ClusteringError) -> KSelection<S> {
        guard documents.rows > 0 else { throw .noDocuments }
        return try chooseK(DenseUnitRows(normalizing: documents), range: range, sampleSize: silhouetteSampleSize)
    }

    func chooseK<Rows: UnitRows>(_ rows: Rows, range: ClosedRange<Int>, sampleSize: Int?) throws(ClusteringError)
        -> KSelection<Rows.Scalar> {
        let n = rows.count
        let candidates = range.filter { $0 >= 2 && $0 <= n - 1 }
        guard !candidates.isEmpty else {
            throw .invalidConfiguration(
                "no k in \(range.lowerBound)...\(range.upperBound) can be scored: the silhouette needs 2 ≤ k ≤ \(n - 1) for \(n) documents")
        }
        var scores: [KScore] = []
        var best: (score: Double, result: KMeansResult<Rows.Scalar>)?
        for k in candidates {
            var configuration = self.configuration
            configuration.k = k
            let result = try Self.fit(rows, configuration)
            let score = try silhouetteScore(rows, labels: result.labels, sampleSize: sampleSize,
                                            seed: configuration.seed, threads: configuration.threads)
            scores.append(KScore(k: k, silhouette: score))
            if best == nil || score > best!.score { best = (score, result) }
        }
        return KSelection(k: best!.result.k, scores: scores, result: best!.result)
    }
}
