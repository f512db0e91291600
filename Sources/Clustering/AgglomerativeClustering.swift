import LinearAlgebra

/// Hierarchical clustering of documents under cosine distance with average,
/// complete or single linkage, giving the full merge tree (`Dendrogram`),
/// which is then cut into a number of clusters or at a distance threshold.
///
/// ## Distances
/// `δ(x, y) = 1 − (x · y) / (‖x‖ ‖y‖)`, scipy's `cosine` formula, clamped to
/// `0 ... 2`, with the inner products from GEMM (dense rows) or a sparse
/// kernel (CSR rows) in blocks of rows, and `‖x‖ = √(x · x)` from the same
/// products. A document whose vector is all zero is at distance 1 from every
/// other (scipy gives NaN and scikit-learn refuses such input).
///
/// ## Algorithms and ties
/// Average and complete linkage use the nearest-neighbour chain, single
/// linkage Prim's minimum spanning tree; both are exact and follow scipy's
/// implementations step for step, including tie-breaking: neighbours are
/// scanned in increasing index and must be strictly nearer to win, the
/// previous chain element wins a tie, and the merges are then sorted by
/// height with a stable sort. On the same distance matrix the tree therefore
/// equals scipy's `linkage(X, method, metric="cosine")`, and its cuts equal
/// scikit-learn's `AgglomerativeClustering(metric="cosine", linkage=...)`
/// partitions (scikit-learn builds its tree with scipy); merge heights agree
/// to rounding.
///
/// ## Memory: O(n²)
/// The condensed distance matrix holds `n(n − 1)/2` scalars: 100 MB for
/// 5,000 Double vectors, 8 GB for about 45,000. `fit` first checks the whole
/// need (matrix, a block of products, a copy of the rows) against
/// `memoryBudget` and throws `ClusteringError.distanceMatrixTooLarge` rather
/// than start. `Float` input stores Float distances and halves the matrix.
///
/// - Complexity: O(n²·d) (dense) or O(n·nnz) (sparse) for the distances,
///   then O(n²) for the tree.
public struct AgglomerativeClustering: Sendable {
    /// How cluster distances follow from document distances. Default `.average`.
    public var linkage: Linkage
    /// The most bytes `fit` may allocate. Default 8 GiB (8 · 2³⁰).
    public var memoryBudget: Int
    /// The most threads for the distance kernels; the tree is built on one.
    /// Results do not depend on it. Default: all available cores.
    public var threads: Int

    /// Creates a clusterer; see each property for its meaning and default.
    public init(linkage: Linkage = .average, memoryBudget: Int = 8 << 30, threads: Int = Parallel.availableCores) {
        self.linkage = linkage
        self.memoryBudget = memoryBudget
        self.threads = threads
    }

    /// The bytes `fit` needs for `documentCount` documents of `dimension`
    /// features (`storedValues` nonzeros when sparse): the condensed matrix,
    /// one block of products and a copy of the rows.
    public static func requiredBytes<S: BLASScalar>(
        documentCount n: Int, storedValues: Int, scalar _: S.Type = S.self
    ) -> Int {
        let size = MemoryLayout<S>.stride
        let (pairs, overflow) = n.multipliedReportingOverflow(by: max(0, n - 1))
        guard !overflow else { return .max }
        let block = blockRows(count: n, scalarSize: size)
        let (matrix, overflow2) = (pairs / 2).multipliedReportingOverflow(by: size)
        guard !overflow2 else { return .max }
        return matrix &+ (block * min(n, DenseUnitRows<S>.blockRows) * size) &+ storedValues &* (size + 4) &+ 64 * n
    }

    /// Builds the merge tree of the rows of a dense matrix (for example LSA vectors).
    /// - Throws: `ClusteringError.noDocuments`, `.distanceMatrixTooLarge`,
    ///   `.nonFiniteValue`, `.invalidConfiguration` (threads), `.blas`.
    @_specialize(where S == Float)
    @_specialize(where S == Double)
    public func fit<S: BLASScalar>(_ documents: DenseMatrix<S>) throws(ClusteringError) -> Dendrogram {
        try check(documentCount: documents.rows, storedValues: documents.count, scalar: S.self)
        let rows = try DenseUnitRows(copying: documents)
        return tree(try Self.cosineDistances(rows, threads: threads))
    }

    /// Builds the merge tree of the rows of a sparse matrix (for example TF-IDF).
    /// - Throws: as the dense overload.
    @_specialize(where S == Float)
    @_specialize(where S == Double)
    public func fit<S: BLASScalar>(_ documents: CSRMatrix<S>) throws(ClusteringError) -> Dendrogram {
        try check(documentCount: documents.rows, storedValues: documents.nonZeroCount, scalar: S.self)
        let rows = try SparseUnitRows(copying: documents)
        return tree(try Self.cosineDistances(rows, threads: threads))
    }

    /// Builds the merge tree from precomputed distances in scipy's condensed
    /// form (`scipy.spatial.distance.pdist` order: d(0,1), d(0,2), …, d(1,2), …),
    /// which must be symmetric dissimilarities (any metric, not only cosine).
    /// - Throws: `.sizeMismatch` unless `distances.count == n(n − 1)/2`,
    ///   `.nonFiniteValue` for a NaN or infinity (its row), `.distanceMatrixTooLarge`.
    public func fit(condensedDistances distances: [Double], documentCount n: Int) throws(ClusteringError) -> Dendrogram {
        try check(documentCount: n, storedValues: 0, scalar: Double.self)
        guard distances.count == CondensedDistances<Double>.size(n) else {
            throw .sizeMismatch("\(distances.count) condensed distances for \(n) documents; expected n(n − 1)/2 = \(CondensedDistances<Double>.size(n))")
        }
        let matrix = CondensedDistances<Double>(count: n)
        for i in 0 ..< n {
            for p in matrix.rowStart(i) ..< matrix.rowStart(i) + (n - i - 1) {
                guard distances[p].isFinite else { throw .nonFiniteValue(row: i) }
                matrix.values[p] = distances[p]
            }
        }
        return tree(matrix)
    }

    // MARK: - Implementation

    private func check<S: BLASScalar>(documentCount n: Int, storedValues: Int, scalar: S.Type) throws(ClusteringError) {
        guard n > 0 else { throw .noDocuments }
        guard threads >= 1 else { throw .invalidConfiguration("threads = \(threads) must be at least 1") }
        let required = Self.requiredBytes(documentCount: n, storedValues: storedValues, scalar: S.self)
        guard required <= memoryBudget else {
            throw .distanceMatrixTooLarge(documentCount: n, requiredBytes: required, budgetBytes: memoryBudget)
        }
    }

    private func tree<S: BLASScalar>(_ distances: CondensedDistances<S>) -> Dendrogram {
        let raw = linkage == .single ? primSingleLinkage(distances) : nearestNeighbourChain(distances, linkage: linkage)
        return Dendrogram(leafCount: distances.count, linkage: linkage, merges: relabel(raw, leafCount: distances.count))
    }

    /// Rows per block of products: about 64 MB of them, 16 ... 512.
    static func blockRows(count n: Int, scalarSize: Int) -> Int {
        max(16, min(512, (64 << 20) / max(1, n * scalarSize)))
    }

    /// The condensed cosine distances of the rows (raw, not normalised).
    ///
    /// Block by block of B rows starting at r: the products of rows `r ..< n`
    /// with the block give `x_i · x_j` for the block's i and every j ≥ i,
    /// stored in place; the diagonal gives `x_i · x_i`. A second pass turns
    /// each product g into `1 − g / (√(x_i·x_i) · √(x_j·x_j))`, clamped to 0 ... 2.
    @_specialize(where Rows == DenseUnitRows<Float>)
    @_specialize(where Rows == DenseUnitRows<Double>)
    @_specialize(where Rows == SparseUnitRows<Float>)
    @_specialize(where Rows == SparseUnitRows<Double>)
    static func cosineDistances<Rows: UnitRows>(_ rows: Rows, threads: Int) throws(ClusteringError)
        -> CondensedDistances<Rows.Scalar> {
        typealias Scalar = Rows.Scalar
        let n = rows.count
        let matrix = CondensedDistances<Scalar>(count: n)
        let diagonal = Buffer<Scalar>(repeating: 0, count: n)
        let values = matrix.values.shared, diagonalShared = diagonal.shared
        let blockSize = blockRows(count: n, scalarSize: MemoryLayout<Scalar>.stride)
        for start in stride(from: 0, to: n, by: blockSize) {
            let block = Array(start ..< min(n, start + blockSize))
            let width = block.count
            let blockRows = rows.denseRows(block)
            do {
                try rows.forEachProductChunk(with: blockRows.base, rows: width, from: start, threads: threads) { _, js, products in
                    for b in 0 ..< width {
                        let i = start + b
                        let rowStart = matrix.rowStart(i) - i - 1
                        for j in js where j >= i {
                            let g = products[(j - js.lowerBound) * width + b]
                            if j == i { diagonalShared[i] = g } else { values[rowStart + j] = g }
                        }
                    }
                }
            } catch {
                throw .blas(error)
            }
            withExtendedLifetime(blockRows) {}
        }
        // Products to distances, in parallel over rows of about equal work.
        let norms = Buffer<Double>(repeating: 0, count: n)
        for i in 0 ..< n { norms[i] = Double(diagonal[i]).squareRoot() }
        let normsShared = norms.shared
        let bounds = balancedRowRanges(count: n, parts: 64)
        Parallel.forEach(bounds.count, threads: threads) { part in
            for i in bounds[part] {
                let rowStart = matrix.rowStart(i) - i - 1, ni = normsShared[i]
                for j in i + 1 ..< n {
                    let nj = normsShared[j]
                    let distance: Double
                    if ni == 0 || nj == 0 {
                        distance = 1
                    } else {
                        distance = min(2, max(0, 1 - Double(values[rowStart + j]) / (ni * nj)))
                    }
                    values[rowStart + j] = Scalar(distance)
                }
            }
        }
        withExtendedLifetime((diagonal, norms)) {}
        return matrix
    }

    /// Up to `parts` consecutive row ranges holding about equal shares of the
    /// condensed matrix (row i holds n − 1 − i entries).
    static func balancedRowRanges(count n: Int, parts: Int) -> [Range<Int>] {
        let total = CondensedDistances<Double>.size(n)
        guard n > 1, total > 0 else { return n > 0 ? [0 ..< n] : [] }
        var ranges: [Range<Int>] = []
        var start = 0, accumulated = 0, part = 1
        for i in 0 ..< n {
            accumulated += n - 1 - i
            if accumulated * parts >= total * part || i == n - 1 {
                ranges.append(start ..< i + 1)
                start = i + 1
                while accumulated * parts >= total * part { part += 1 }
            }
        }
        return ranges
    }
}
