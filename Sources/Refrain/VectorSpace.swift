/// Which vectors articles are compared in.
public enum SpaceKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Sparse L2-normalised TF-IDF rows.
    case tfidf
    /// Dense LSA vectors: TF-IDF projected on the top singular vectors (truncated SVD).
    case lsa
}

/// Articles as vectors: the TF-IDF fit, and optionally its LSA projection.
public struct VectorSpace: Sendable {
    /// The documents, in input order.
    public let documents: [Document]
    /// The TF-IDF fit (Double, so similarities match scikit-learn's to 1e-12).
    public let tfidf: TfidfFitResult<Double>
    /// The LSA model and the L2-normalised projected rows, when `kind == .lsa`.
    public let lsa: (model: TruncatedSVDModel<Double>, vectors: DenseMatrix<Double>)?

    /// The space in use.
    public var kind: SpaceKind { lsa == nil ? .tfidf : .lsa }
}

/// Why a vector space could not be built.
public enum VectorSpaceError: Error, CustomStringConvertible {
    /// Vectorizing failed.
    case vectorization(VectorizationError)
    /// More LSA dimensions than the data allows.
    case tooManyDimensions(requested: Int, maximum: Int)
    /// A BLAS/LAPACK failure.
    case blas(BLASError)

    public var description: String {
        switch self {
        case let .vectorization(error): return error.description
        case let .tooManyDimensions(requested, maximum):
            return "--dimensions \(requested) is more than this corpus allows (at most \(maximum): fewer than both the documents and the terms); lower it"
        case let .blas(error): return error.description
        }
    }
}

extension Pipeline {
    /// Vectorizes `documents` and, for `.lsa`, projects them on `dimensions`
    /// LSA dimensions (randomized truncated SVD, seeded), normalising rows.
    public static func vectorSpace(_ documents: [Document], configuration: TfidfConfiguration, kind: SpaceKind,
                                   dimensions: Int = 100, seed: UInt64 = 0, threads: Int) throws(VectorSpaceError) -> VectorSpace {
        let tfidf: TfidfFitResult<Double>
        do {
            tfidf = try TfidfVectorizer(configuration: configuration, threads: threads).fitTransform(documents.map(\.fullText), as: Double.self)
        } catch { throw .vectorization(error) }
        guard kind == .lsa else { return VectorSpace(documents: documents, tfidf: tfidf, lsa: nil) }
        let maximum = max(1, min(tfidf.matrix.rows, tfidf.matrix.columns) - 1)
        guard dimensions >= 1, dimensions <= maximum else { throw .tooManyDimensions(requested: dimensions, maximum: maximum) }
        do {
            let (model, projected) = try TruncatedSVD(components: dimensions, seed: seed, threads: threads).fitTransform(tfidf.matrix)
            var vectors = projected
            try vectors.normalizeRows()
            return VectorSpace(documents: documents, tfidf: tfidf, lsa: (model, vectors))
        } catch { throw .blas(error) }
    }
}
