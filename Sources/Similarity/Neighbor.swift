/// One search result: a corpus row and its similarity to the query row.
///
/// Every list of neighbours Refrain returns is in **result order**: score
/// descending, and equal scores by index ascending (see `precedes`). That
/// order is total (indices are unique), so a top-k list is fully determined by
/// the scores, for any tiling and any number of threads.
public struct Neighbor: Sendable, Hashable, Codable {
    /// The 0-based row of the corpus matrix.
    public var index: Int
    /// The similarity to the query: an inner product (`SimilarityMeasure.innerProduct`,
    /// in the squared units of the vectors) or a cosine in `-1 ... 1`
    /// (`SimilarityMeasure.cosine`). Symmetric: `score(a, b) == score(b, a)`.
    public var score: Double

    /// A neighbour with the given corpus row and similarity.
    public init(index: Int, score: Double) {
        self.index = index
        self.score = score
    }

    /// Whether `a` comes before `b` in result order: higher score first, equal
    /// scores lower index first.
    /// - Complexity: O(1).
    @inlinable
    public static func precedes(_ a: Neighbor, _ b: Neighbor) -> Bool {
        a.score > b.score || (a.score == b.score && a.index < b.index)
    }
}

extension Array where Element == Neighbor {
    /// Sorts the neighbours into result order (score descending, then index ascending).
    /// - Complexity: O(n log n).
    public mutating func sortInResultOrder() {
        sort(by: Neighbor.precedes)
    }
}

/// The similarity a search computes between two vectors `x` and `y`.
public enum SimilarityMeasure: String, Sendable, Hashable, Codable, CaseIterable {
    /// `x · y`, the plain inner product. Symmetric; unbounded.
    case innerProduct
    /// `x · y / (‖x‖ ‖y‖)`, computed by normalising every row to unit length
    /// first. Symmetric; in `-1 ... 1` up to rounding. A zero vector has
    /// cosine 0 with everything (itself included), never NaN.
    case cosine
}
