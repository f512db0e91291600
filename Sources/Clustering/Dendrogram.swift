/// How the distance between two clusters follows from the distances between
/// their members (the names of scipy's `linkage` methods).
public enum Linkage: String, Sendable, Hashable, Codable, CaseIterable {
    /// The mean of all member-to-member distances (UPGMA):
    /// `d(A ∪ B, C) = (|A| d(A, C) + |B| d(B, C)) / (|A| + |B|)`.
    case average
    /// The largest member-to-member distance: `d(A ∪ B, C) = max(d(A, C), d(B, C))`.
    case complete
    /// The smallest member-to-member distance: `d(A ∪ B, C) = min(d(A, C), d(B, C))`.
    case single
}

/// The full merge tree of an agglomerative clustering, in the conventions of
/// scipy's linkage matrix.
///
/// Cluster ids `0 ..< n` are the documents; merge `m` (0-based) creates
/// cluster `n + m` from `merges[m].left` and `merges[m].right`
/// (`left < right`) at distance `height`. Merges are sorted by height,
/// equal heights keeping the order the algorithm found them in (a stable
/// sort), exactly as scipy orders `Z`.
public struct Dendrogram: Sendable, Hashable, Codable {
    /// One row of the linkage matrix.
    public struct Merge: Sendable, Hashable, Codable {
        /// The smaller id of the two clusters merged.
        public let left: Int
        /// The larger id of the two clusters merged.
        public let right: Int
        /// The linkage distance between them (cosine distance, 0 ... 2).
        public let height: Double
        /// The number of documents in the merged cluster.
        public let size: Int

        /// A merge of clusters `left` and `right` at `height` into a cluster of `size` documents.
        public init(left: Int, right: Int, height: Double, size: Int) {
            self.left = left
            self.right = right
            self.height = height
            self.size = size
        }
    }

    /// The number of documents (leaves).
    public let leafCount: Int
    /// The linkage the tree was built with.
    public let linkage: Linkage
    /// The `leafCount − 1` merges, by increasing height.
    public let merges: [Merge]

    /// A tree over `leafCount` leaves from its merges.
    /// - Precondition: `merges.count == max(0, leafCount − 1)`.
    public init(leafCount: Int, linkage: Linkage, merges: [Merge]) {
        precondition(merges.count == max(0, leafCount - 1),
                     "Dendrogram: \(leafCount) leaves need \(max(0, leafCount - 1)) merges, got \(merges.count)")
        self.leafCount = leafCount
        self.linkage = linkage
        self.merges = merges
    }

    /// The merge heights, one per merge (scikit-learn's `distances_`).
    public var heights: [Double] { merges.map(\.height) }

    /// The merged pairs, one per merge (scikit-learn's `children_`).
    public var children: [[Int]] { merges.map { [$0.left, $0.right] } }

    /// scipy's `(n − 1) x 4` linkage matrix `Z`: left id, right id, height, size.
    public var linkageMatrix: [[Double]] {
        merges.map { [Double($0.left), Double($0.right), $0.height, Double($0.size)] }
    }

    /// The flat clustering with `clusterCount` clusters: the partition after
    /// the first `n − clusterCount` merges, which is what scikit-learn's
    /// `AgglomerativeClustering(n_clusters=...)` returns.
    ///
    /// Labels are numbered by first appearance: document 0 is in cluster 0,
    /// the first document outside it in cluster 1, and so on. The partition,
    /// not the numbering, matches scikit-learn's.
    /// - Throws: `ClusteringError.invalidClusterCount` unless `1 ... n`.
    /// - Complexity: O(n α(n)).
    public func labels(clusterCount: Int) throws(ClusteringError) -> [Int] {
        guard clusterCount >= 1, clusterCount <= leafCount else {
            throw .invalidClusterCount(k: clusterCount, documentCount: leafCount)
        }
        return labels(applyingFirst: leafCount - clusterCount)
    }

    /// The flat clustering that applies every merge below `distanceThreshold`
    /// (strictly, as scikit-learn's `distance_threshold`; scipy's
    /// `fcluster(Z, t, "distance")` also applies merges at exactly `t`).
    /// Labels are numbered by first appearance, as in `labels(clusterCount:)`.
    /// - Complexity: O(n α(n)).
    public func labels(distanceThreshold: Double) -> [Int] {
        labels(applyingFirst: merges.prefix { $0.height < distanceThreshold }.count)
    }

    /// The number of clusters `labels(distanceThreshold:)` gives.
    public func clusterCount(distanceThreshold: Double) -> Int {
        leafCount - merges.prefix { $0.height < distanceThreshold }.count
    }

    /// The partition after the first `count` merges, numbered by first appearance.
    func labels(applyingFirst count: Int) -> [Int] {
        var sets = UnionFind(count: leafCount)
        // A document inside each cluster id, to reach the cluster's set.
        var member = Array(0 ..< leafCount)
        member.reserveCapacity(leafCount + merges.count)
        for merge in merges.prefix(count) {
            sets.union(member[merge.left], member[merge.right])
            member.append(member[merge.left])
        }
        var number: [Int: Int] = [:]
        return (0 ..< leafCount).map { i in
            let root = sets.find(i)
            if let label = number[root] { return label }
            number[root] = number.count
            return number.count - 1
        }
    }
}

/// Disjoint sets with path halving and union by size.
struct UnionFind {
    private var parent: [Int]
    private var size: [Int]

    init(count: Int) {
        parent = Array(0 ..< count)
        size = [Int](repeating: 1, count: count)
    }

    mutating func find(_ x: Int) -> Int {
        var x = x
        while parent[x] != x {
            parent[x] = parent[parent[x]]
            x = parent[x]
        }
        return x
    }

    mutating func union(_ a: Int, _ b: Int) {
        var a = find(a), b = find(b)
        guard a != b else { return }
        if size[a] < size[b] { swap(&a, &b) }
        parent[b] = a
        size[a] += size[b]
    }
}
