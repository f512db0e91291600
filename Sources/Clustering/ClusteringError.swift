import LinearAlgebra

/// Why clustering could not run, in words a user can act on.
///
/// Misuse that is a bug in the calling code (mismatched array lengths inside
/// Refrain, negative thread counts) is a `precondition` failure instead.
public enum ClusteringError: Error, Equatable, Sendable, CustomStringConvertible {
    /// There were no documents to cluster.
    case noDocuments
    /// `k` is outside `1 ... documentCount`.
    case invalidClusterCount(k: Int, documentCount: Int)
    /// An option is out of range; the message names it and its valid range.
    case invalidConfiguration(String)
    /// Row `row` holds NaN or an infinity.
    case nonFiniteValue(row: Int)
    /// The labels do not describe the documents: `labelCount` labels for `documentCount` documents.
    case labelCountMismatch(labelCount: Int, documentCount: Int)
    /// An input that must describe the same documents or terms has the wrong length.
    case sizeMismatch(String)
    /// The silhouette is defined only for 2 ... n - 1 clusters.
    case silhouetteUndefined(clusterCount: Int, documentCount: Int)
    /// The O(n²) distance matrix of agglomerative clustering would exceed the memory budget.
    case distanceMatrixTooLarge(documentCount: Int, requiredBytes: Int, budgetBytes: Int)
    /// A BLAS call refused its arguments (sizes beyond 32-bit integers).
    case blas(BLASError)

    /// A message a user can act on.
    public var description: String {
        switch self {
        case .noDocuments:
            return "there are no documents to cluster"
        case let .invalidClusterCount(k, n) where n == 0:
            return "k = \(k) but there are no documents; add documents before clustering"
        case let .invalidClusterCount(k, n) where k < 1:
            return "k = \(k) must be at least 1; choose k between 1 and \(n)"
        case let .invalidClusterCount(k, n):
            return "k = \(k) but there \(n == 1 ? "is only 1 document" : "are only \(n) documents"); choose k between 1 and \(n)"
        case let .invalidConfiguration(message):
            return message
        case let .nonFiniteValue(row):
            return "document \(row) has a NaN or infinite value in its vector; check how the vectors were computed"
        case let .labelCountMismatch(labels, documents):
            return "\(labels) cluster labels for \(documents) documents; pass exactly one label per document"
        case let .sizeMismatch(message):
            return message
        case let .silhouetteUndefined(clusters, documents):
            return "the silhouette needs between 2 and \(max(2, documents - 1)) clusters, but the labels form \(clusters) cluster\(clusters == 1 ? "" : "s") of \(documents) documents"
        case let .distanceMatrixTooLarge(n, required, budget):
            return "agglomerative clustering of \(n) documents needs \(Self.bytes(required)) for its distance matrix (memory grows as n²), "
                + "over the \(Self.bytes(budget)) budget; use k-means, cluster a sample of the documents, or raise the memory budget"
        case let .blas(error):
            return error.description
        }
    }

    /// `bytes` in GB (10⁹), MB or bytes, with one decimal.
    static func bytes(_ bytes: Int) -> String {
        let value = Double(bytes)
        func oneDecimal(_ x: Double) -> String {
            let tenths = Int((x * 10).rounded())
            return "\(tenths / 10).\(tenths % 10)"
        }
        if value >= 1e9 { return oneDecimal(value / 1e9) + " GB" }
        if value >= 1e6 { return oneDecimal(value / 1e6) + " MB" }
        return "\(bytes) bytes"
    }
}
