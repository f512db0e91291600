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
        let tfidf = transformed.matrix
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
            matrix = CSRMatrix(rows: tfidf.rows, columns: dimensions,
                               rowOffsets: (0 ... tfidf.rows).map { $0 * dimensions },
                               columnIndices: Array((0 ..< tfidf.rows).lazy.flatMap { _ in dense }), values: parts.flatMap { $0 })
        } else {
            let parts = Parallel.map(chunks.count, threads: threads) { c in
                chunks[c].flatMap { r in Self.unit(Array(tfidf.row(r).values)) }
            }
            matrix = CSRMatrix(rows: tfidf.rows, columns: tfidf.columns, rowOffsets: tfidf.rowOffsets,
                               columnIndices: tfidf.columnIndices, values: parts.flatMap { $0 })
        }
    }

    /// `values` scaled to unit L2 length; zero stays zero.
    private static func unit(_ values: [Double]) -> [Double] {
        let norm = values.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return norm > 0 ? values.map { $0 / norm } : values
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
/// reads one contiguous run of `clusters` weights per row entry.
struct CentroidTable: Sendable {
    /// Number of clusters.
    let clusters: Int
    /// `byDimension[j * clusters + c]` is centroid `c`'s weight on dimension `j`.
    let byDimension: [Float]

    /// Lays out `centroids`, each of `dimension` weights.
    /// - Complexity: O(clusters · dimension).
    init(_ centroids: [[Float]], dimension: Int, threads: Int = 1) {
        clusters = centroids.count
        byDimension = ContiguousTranspose.transpose(centroids.flatMap { $0 }, rows: centroids.count, columns: dimension, threads: threads)
    }

    /// For every row of `rows`: the index of the most similar centroid (the
    /// first on ties) and the dot product with it, summed in Double; `nil`
    /// without clusters. Rows are scored in parallel; the result does not
    /// depend on `threads`.
    /// - Complexity: O(nnz · clusters).
    func nearest(_ rows: CSRMatrix<Double>, threads: Int) -> [(index: Int, similarity: Double)?] {
        guard clusters > 0 else { return [(index: Int, similarity: Double)?](repeating: nil, count: rows.rows) }
        let chunks = Parallel.chunks(of: rows.rows, into: max(1, threads) * 4)
        let k = clusters
        let parts = Parallel.map(chunks.count, threads: threads) { c -> [(index: Int, similarity: Double)?] in
            var sums = [Double](repeating: 0, count: k)
            return byDimension.withUnsafeBufferPointer { table in
                chunks[c].map { r -> (index: Int, similarity: Double)? in
                    let (columns, values) = rows.row(r)
                    sums.withUnsafeMutableBufferPointer { s in
                        for i in 0 ..< k { s[i] = 0 }
                        for (j, v) in zip(columns, values) {
                            let base = Int(j) * k
                            for i in 0 ..< k { s[i] += v * Double(table[base + i]) }
                        }
                    }
                    var best = 0
                    for i in 1 ..< k where sums[i] > sums[best] { best = i }
                    return (best, sums[best])
                }
            }
        }
        return parts.flatMap { $0 }
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
