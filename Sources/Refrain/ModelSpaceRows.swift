import Foundation

/// New articles as unit-length vectors in a fitted model's space, kept sparse:
/// TF-IDF rows under the model's vocabulary (columns it does not know are
/// dropped and counted), or, for an LSA model, their projections on the basis
/// (dense rows of `lsa.dimensions` entries).
///
/// - Complexity: the TF-IDF transform (O(bytes) in parallel), plus, for LSA,
///   O(nnz · dimensions); memory O(nnz), never one vocabulary-wide row per article.
struct ModelSpaceRows: Sendable {
    /// Unit-length rows (a zero row stays zero), one per article.
    let matrix: CSRMatrix<Double>
    /// Per article: feature occurrences the vocabulary does not know.
    let unknownFeatureCounts: [Int]
    /// All feature occurrences of all articles, known or not.
    let featureCount: Int

    /// The rows of `texts` under `model`.
    init(_ texts: [String], model: RefrainModel, threads: Int) {
        let transformed = TfidfVectorizer.transform(texts, model: model.tfidf, threads: threads, as: Double.self)
        unknownFeatureCounts = transformed.unknownFeatureCounts
        featureCount = transformed.featureCounts.reduce(0, +)
        matrix = Self.unitRows(transformed.matrix, model: model, threads: threads)
    }

    /// Per article, its nearest centroid in `model` and the cosine with it.
    /// - Complexity: O(nnz · clusters) in parallel, plus O(clusters · dimension) for the centroid table.
    func nearest(in model: RefrainModel, threads: Int) -> [(index: Int, similarity: Double)?] {
        CentroidTable(model.clusters.map(\.centroid), dimension: matrix.columns, threads: threads).nearest(matrix, threads: threads)
    }

    /// The unit rows of `tfidf` in `model`'s space.
    private static func unitRows(_ tfidf: CSRMatrix<Double>, model: RefrainModel, threads: Int) -> CSRMatrix<Double> {
        let chunks = Parallel.chunks(of: tfidf.rows, into: max(1, threads) * 4)
        if let lsa = model.lsa {
            let basis = LSAProjection(lsa, threads: threads)
            let dimensions = lsa.dimensions
            let parts = Parallel.map(chunks.count, threads: threads) { c in
                var values: [Double] = []
                values.reserveCapacity(chunks[c].count * dimensions)
                for r in chunks[c] {
                    let (columns, weights) = tfidf.row(r)
                    values.append(contentsOf: Self.unit(basis.project(columns: columns, values: weights)))
                }
                return values
            }
            let dense = (0 ..< Int32(dimensions)).map { $0 }
            return CSRMatrix(rows: tfidf.rows, columns: dimensions,
                             rowOffsets: (0 ... tfidf.rows).map { $0 * dimensions },
                             columnIndices: Array((0 ..< tfidf.rows).lazy.flatMap { _ in dense }), values: parts.flatMap { $0 })
        }
        let parts = Parallel.map(chunks.count, threads: threads) { c in
            chunks[c].flatMap { r in Self.unit(Array(tfidf.row(r).values)) }
        }
        return CSRMatrix(rows: tfidf.rows, columns: tfidf.columns, rowOffsets: tfidf.rowOffsets,
                         columnIndices: tfidf.columnIndices, values: parts.flatMap { $0 })
    }

    /// `values` scaled to unit L2 length; zero stays zero.
    private static func unit(_ values: [Double]) -> [Double] {
        [Double](unsafeUninitializedCapacity: values.count) { out, count in
            values.withUnsafeBufferPointer { unit($0, into: out) }
            count = values.count
        }
    }

    /// Writes `values` scaled to unit L2 length into `out` (as many entries); zero stays zero.
    static func unit(_ values: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>) {
        let norm = values.reduce(0) { $0 + $1 * $1 }.squareRoot()
        for i in values.indices { out[i] = norm > 0 ? values[i] / norm : values[i] }
    }

    /// Article `r` as a dense Float32 vector of the model's dimension.
    /// - Complexity: O(dimension).
    func dense(_ r: Int) -> [Float] {
        var row = [Float](repeating: 0, count: matrix.columns)
        let (columns, values) = matrix.row(r)
        for (c, v) in zip(columns, values) { row[Int(c)] = Float(v) }
        return row
    }
}

/// A fitted model made ready to place new articles: its term tables
/// (`TfidfRowMapper`) and its centroids laid out term by term
/// (`CentroidTable`), built once from the model alone, so a caller can
/// prepare them while the articles are still being read.
///
/// TF-IDF rows are scored as they are counted and then dropped; an LSA
/// model's rows are projected first (`ModelSpaceRows`).
public struct ArticlePlacer: Sendable {
    /// The model the placer was built from.
    public let model: RefrainModel
    /// For a TF-IDF model: its term tables and its centroid table in the
    /// tables' term order; `nil` for an LSA model.
    private let tfidf: (mapper: TfidfRowMapper, centroids: CentroidTable)?

    /// Prepares `model`, laying out the centroids on up to `threads` threads
    /// (one by default: preparing is meant to run beside other work). An
    /// LSA model has nothing to prepare: its rows are projected, and its
    /// centroid table built, at each `place`.
    /// - Complexity: O(vocabulary bytes + training documents + clusters · dimension).
    public init(_ model: RefrainModel, threads: Int = 1) {
        self.model = model
        guard model.lsa == nil else {
            tfidf = nil
            return
        }
        let mapper = TfidfRowMapper(model.tfidf)
        tfidf = (mapper, CentroidTable(model.clusters.map(\.centroid), dimension: model.tfidf.vocabulary.count,
                                       order: mapper.columnsByFrequency, threads: threads))
    }

    /// The articles' feature counts and, per article, its nearest centroid
    /// (as `ModelSpaceRows.nearest(in:threads:)` finds it on the rows
    /// `ModelSpaceRows.init` would build).
    /// - Complexity: O(bytes + nnz · clusters) on up to `threads` threads.
    func place(_ texts: [String], threads: Int) -> Placement {
        guard let (mapper, table) = tfidf else {
            let rows = ModelSpaceRows(texts, model: model, threads: threads)
            return Placement(unknownFeatureCounts: rows.unknownFeatureCounts, featureCount: rows.featureCount,
                             nearest: rows.nearest(in: model, threads: threads))
        }
        let scored = mapper.mapRows(texts, threads: threads) { row in
            (nearest: withUnsafeTemporaryAllocation(of: Double.self, capacity: row.values.count) { scaled in
                ModelSpaceRows.unit(row.values, into: scaled)
                return table.nearest(dimensions: row.terms, values: UnsafeBufferPointer(scaled))
            }, unknown: row.unknownFeatures, features: row.features)
        }
        return Placement(unknownFeatureCounts: scored.map(\.unknown), featureCount: scored.reduce(0) { $0 + $1.features },
                         nearest: scored.map(\.nearest))
    }
}

/// An LSA basis laid out term by term (`terms x dimensions`), so projecting a
/// sparse TF-IDF row reads one contiguous run of `dimensions` weights per entry.
struct LSAProjection: Sendable {
    let dimensions: Int
    let byTerm: [Float]

    init(_ basis: LSABasis, threads: Int = 1) {
        dimensions = basis.dimensions
        byTerm = ContiguousTranspose.transpose(basis.components, rows: basis.dimensions, columns: basis.terms, threads: threads)
    }

    /// The projection of one sparse row (Double sums).
    /// - Complexity: O(nnz · dimensions).
    func project(columns: ArraySlice<Int32>, values: ArraySlice<Double>) -> [Double] {
        var out = [Double](repeating: 0, count: dimensions)
        byTerm.withUnsafeBufferPointer { table in
            out.withUnsafeMutableBufferPointer { sums in
                for (c, v) in zip(columns, values) {
                    let base = Int(c) * dimensions
                    for d in 0 ..< dimensions { sums[d] += v * Double(table[base + d]) }
                }
            }
        }
        return out
    }
}

/// The model's cluster centroids laid out dimension by dimension
/// (`dimension x clusters`), so scoring a sparse row against every centroid
/// reads one contiguous run of `clusters` weights per row entry. The
/// dimensions may be listed in another order (most used terms first), so
/// the runs a typical row reads sit together.
struct CentroidTable: Sendable {
    /// Number of clusters.
    let clusters: Int
    /// `byDimension[j * clusters + c]` is centroid `c`'s weight on dimension
    /// `order[j]` (on dimension `j` without an order).
    let byDimension: [Float]

    /// Lays out `centroids`, each of `dimension` weights, in dimension order,
    /// or in `order` (a permutation of the dimensions) when given.
    /// - Complexity: O(clusters · dimension).
    init(_ centroids: [[Float]], dimension: Int, order: [Int32]? = nil, threads: Int = 1) {
        clusters = centroids.count
        guard let order else {
            byDimension = ContiguousTranspose.transpose(centroids.flatMap { $0 }, rows: centroids.count, columns: dimension,
                                                        threads: threads)
            return
        }
        precondition(order.count == dimension, "CentroidTable: order lists \(order.count) of \(dimension) dimensions")
        precondition(centroids.allSatisfy { $0.count == dimension }, "CentroidTable: every centroid needs \(dimension) weights")
        // One gather in the table's order: each output run reads one weight
        // of every centroid.
        let k = clusters
        byDimension = [Float](unsafeUninitializedCapacity: k * dimension) { out, initialized in
            let output = DisjointWriteBuffer<Float>(out)
            let bands = Parallel.chunks(of: dimension, into: max(1, threads) * 4)
            Parallel.forEach(bands.count, threads: threads) { b in
                for (c, centroid) in centroids.enumerated() {
                    centroid.withUnsafeBufferPointer { weights in
                        for j in bands[b] { output.base[j * k + c] = weights[Int(order[j])] }
                    }
                }
            }
            initialized = k * dimension
        }
    }

    /// For every row of `rows`: the index of the most similar centroid (the
    /// first on ties) and the dot product with it, summed in Double; `nil`
    /// without clusters. Rows are scored in parallel; the result does not
    /// depend on `threads`.
    /// - Complexity: O(nnz · clusters).
    func nearest(_ rows: CSRMatrix<Double>, threads: Int) -> [(index: Int, similarity: Double)?] {
        let chunks = Parallel.chunks(of: rows.rows, into: max(1, threads) * 4)
        let parts = Parallel.map(chunks.count, threads: threads) { c -> [(index: Int, similarity: Double)?] in
            chunks[c].map { r in
                let (columns, values) = rows.row(r)
                return columns.withUnsafeBufferPointer { c in values.withUnsafeBufferPointer { nearest(dimensions: c, values: $0) } }
            }
        }
        return parts.flatMap { $0 }
    }

    /// The most similar centroid to one sparse row and the dot product with
    /// it: per cluster, the sum over the row's entries, in the order given,
    /// of value × weight in Double; the first of equal sums wins; `nil`
    /// without clusters. `dimensions` are positions in the table's layout
    /// (in its `order` when it has one).
    /// - Complexity: O(nnz · clusters).
    func nearest(dimensions columns: UnsafeBufferPointer<Int32>, values: UnsafeBufferPointer<Double>) -> (index: Int, similarity: Double)? {
        guard clusters > 0 else { return nil }
        precondition(columns.count == values.count, "CentroidTable.nearest: one value per dimension")
        let k = clusters
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: k) { sums in
            let s = sums.baseAddress!
            s.initialize(repeating: 0, count: k)
            byDimension.withUnsafeBufferPointer { table in
                precondition(columns.allSatisfy { Int($0) >= 0 && (Int($0) + 1) * k <= table.count },
                             "CentroidTable.nearest: dimension out of range")
                let t = table.baseAddress!
                guard k >= 8 else {
                    for e in 0 ..< columns.count { Self.accumulate(s, k, values[e], t + Int(columns[e]) * k) }
                    return
                }
                // Two passes, each cluster still summed over the entries in
                // order: first the first and last four clusters, whose weights
                // start and end every entry's run, so this short loop loads
                // all the cache lines the entries touch with loads that do not
                // wait for one another (their misses overlap); then the
                // middle clusters, from cache.
                var head = SIMD4<Double>(), tail = SIMD4<Double>()
                for e in 0 ..< columns.count {
                    let run = UnsafeRawPointer(t + Int(columns[e]) * k)
                    let scale = SIMD4<Double>(repeating: values[e])
                    head = head + scale * SIMD4<Double>(run.loadUnaligned(as: SIMD4<Float>.self))
                    tail = tail + scale * SIMD4<Double>(run.loadUnaligned(fromByteOffset: (k - 4) * 4, as: SIMD4<Float>.self))
                }
                UnsafeMutableRawPointer(s).storeBytes(of: head, as: SIMD4<Double>.self)
                UnsafeMutableRawPointer(s + k - 4).storeBytes(of: tail, as: SIMD4<Double>.self)
                for e in 0 ..< columns.count { Self.accumulate(s + 4, k - 8, values[e], t + Int(columns[e]) * k + 4) }
            }
            var best = 0
            for i in 1 ..< k where s[i] > s[best] { best = i }
            return (best, s[best])
        }
    }

    /// `sums[i] += v * Double(weights[i])` for `i < k`, four lanes at a time
    /// (a multiply, then an add: the same rounding as one lane at a time).
    @inline(__always)
    private static func accumulate(_ sums: UnsafeMutablePointer<Double>, _ k: Int, _ v: Double, _ weights: UnsafePointer<Float>) {
        let scale = SIMD4<Double>(repeating: v)
        var i = 0
        while i + 4 <= k {
            let w = SIMD4<Double>(UnsafeRawPointer(weights + i).loadUnaligned(as: SIMD4<Float>.self))
            let sum = UnsafeRawPointer(sums + i).loadUnaligned(as: SIMD4<Double>.self) + scale * w
            UnsafeMutableRawPointer(sums + i).storeBytes(of: sum, as: SIMD4<Double>.self)
            i += 4
        }
        while i < k {
            sums[i] += v * Double(weights[i])
            i += 1
        }
    }
}

/// Row-major transposition in cache-sized tiles.
enum ContiguousTranspose {
    /// `matrix` (`rows x columns`, row-major) as `columns x rows`, row-major;
    /// bands of output rows are written on up to `threads` threads.
    /// - Complexity: O(rows · columns).
    static func transpose(_ matrix: [Float], rows: Int, columns: Int, threads: Int = 1) -> [Float] {
        precondition(matrix.count == rows * columns, "transpose: \(matrix.count) values for \(rows) x \(columns)")
        let tile = 64
        return [Float](unsafeUninitializedCapacity: matrix.count) { out, initialized in
            let output = DisjointWriteBuffer<Float>(out)
            let bands = Parallel.chunks(of: (columns + tile - 1) / tile, into: max(1, threads) * 4)
            Parallel.forEach(bands.count, threads: threads) { b in
                matrix.withUnsafeBufferPointer { source in
                    for columnStart in stride(from: bands[b].lowerBound * tile, to: min(columns, bands[b].upperBound * tile), by: tile) {
                        let columnEnd = min(columns, columnStart + tile)
                        for rowStart in stride(from: 0, to: rows, by: tile) {
                            let rowEnd = min(rows, rowStart + tile)
                            for r in rowStart ..< rowEnd {
                                for c in columnStart ..< columnEnd { output.base[c * rows + r] = source[r * columns + c] }
                            }
                        }
                    }
                }
            }
            initialized = matrix.count
        }
    }
}
