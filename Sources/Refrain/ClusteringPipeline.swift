import Foundation

/// How articles are grouped into stories.
public enum ClusterMethod: String, Sendable, Hashable, Codable, CaseIterable {
    /// Spherical (cosine) k-means with k-means++ seeding and restarts.
    case kmeans
    /// Agglomerative clustering on cosine distance.
    case agglomerative
}

/// The options of `Pipeline.cluster`.
public struct ClusterOptions: Sendable, Hashable {
    /// The method.
    public var method: ClusterMethod
    /// The number of clusters; `nil` chooses it (k-means: best silhouette over
    /// 2...min(10, n − 1); agglomerative: needs `distanceThreshold` or a k).
    public var k: Int?
    /// Agglomerative only: cut the tree at this cosine distance instead of at k clusters.
    public var distanceThreshold: Double?
    /// Agglomerative only: the linkage.
    public var linkage: Linkage
    /// The random seed (k-means).
    public var seed: UInt64
    /// Threads.
    public var threads: Int

    /// Creates options.
    public init(method: ClusterMethod = .kmeans, k: Int? = nil, distanceThreshold: Double? = nil, linkage: Linkage = .average,
                seed: UInt64 = 0, threads: Int = Parallel.availableCores) {
        self.method = method
        self.k = k
        self.distanceThreshold = distanceThreshold
        self.linkage = linkage
        self.seed = seed
        self.threads = threads
    }
}

/// A clustering and everything derived from it.
public struct ClusteringOutcome: Sendable {
    /// The report (clusters largest first, ids 0..<k).
    public var report: ClusterReport
    /// Per document: its cluster id (as in the report).
    public var assignments: [Int]
    /// Per cluster id: the unit-length centroid in the space used.
    public var centroids: [[Double]]
    /// Per document: cosine similarity to its centroid.
    public var similarities: [Double]
}

extension Pipeline {
    /// Clusters the documents of `space` and labels the clusters.
    public static func cluster(_ space: VectorSpace, options: ClusterOptions, warnings: [String] = []) throws(ClusteringError) -> ClusteringOutcome {
        let documents = space.documents
        let n = documents.count
        guard n > 0 else { throw .noDocuments }
        var labels: [Int]
        var methodText: String
        switch options.method {
        case .kmeans:
            func configuration(_ k: Int) -> KMeansConfiguration {
                KMeansConfiguration(k: k, seed: options.seed, threads: options.threads)
            }
            if let k = options.k {
                guard k >= 1, k <= n else { throw .invalidClusterCount(k: k, documentCount: n) }
                if let lsa = space.lsa {
                    labels = try SphericalKMeans(configuration(k)).fit(lsa.vectors).labels
                } else {
                    labels = try SphericalKMeans(configuration(k)).fit(space.tfidf.matrix).labels
                }
                methodText = "spherical k-means, k = \(k)"
            } else if n < 3 {
                labels = Array(repeating: 0, count: n)
                methodText = "one cluster (fewer than 3 documents: k cannot be chosen)"
            } else {
                let range = 2 ... max(2, min(10, n - 1))
                let selection: (k: Int, labels: [Int])
                if let lsa = space.lsa {
                    let s = try SphericalKMeans(configuration(2)).chooseK(lsa.vectors, range: range)
                    selection = (s.k, s.result.labels)
                } else {
                    let s = try SphericalKMeans(configuration(2)).chooseK(space.tfidf.matrix, range: range)
                    selection = (s.k, s.result.labels)
                }
                labels = selection.labels
                methodText = "spherical k-means, k = \(selection.k) chosen by silhouette over \(range.lowerBound)...\(range.upperBound)"
            }
        case .agglomerative:
            let clustering = AgglomerativeClustering(linkage: options.linkage, threads: options.threads)
            let tree: Dendrogram
            if let lsa = space.lsa { tree = try clustering.fit(lsa.vectors) } else { tree = try clustering.fit(space.tfidf.matrix) }
            if let threshold = options.distanceThreshold {
                labels = tree.labels(distanceThreshold: threshold)
                methodText = "agglomerative, \(options.linkage.rawValue) linkage, cut at cosine distance \(threshold)"
            } else {
                let k = options.k ?? 2
                guard k >= 1, k <= n else { throw .invalidClusterCount(k: k, documentCount: n) }
                labels = try tree.labels(clusterCount: k)
                methodText = "agglomerative, \(options.linkage.rawValue) linkage, k = \(k)"
            }
        }
        methodText += " on \(space.kind == .lsa ? "LSA (\(space.lsa!.vectors.columns) dimensions)" : "TF-IDF") vectors"

        // Labels, keywords, phrases, medoids, cohesion.
        let tokenizer = RefrainTokenizer(minimumLength: 1)
        let tokens = documents.map { tokenizer.tokens(in: $0.fullText).map(\.text) }
        let vocabulary = Array(space.tfidf.vocabulary)
        let stopWords = StopWordList.english
        let labeler = ClusterLabeler(threads: options.threads)
        let summaries: [ClusterSummary]
        if let lsa = space.lsa {
            summaries = try labeler.summarize(terms: space.tfidf.matrix, vocabulary: vocabulary, labels: labels, tokens: tokens,
                                              isStopWord: { stopWords.contains($0) }, vectors: lsa.vectors)
        } else {
            summaries = try labeler.summarize(terms: space.tfidf.matrix, vocabulary: vocabulary, labels: labels, tokens: tokens,
                                              isStopWord: { stopWords.contains($0) })
        }

        var assignments = [Int](repeating: 0, count: n)
        var similarities = [Double](repeating: 0, count: n)
        var clusters: [ClusterReport.Cluster] = []
        for summary in summaries {
            for member in summary.members {
                assignments[member.document] = summary.id
                similarities[member.document] = member.similarity
            }
            let medoid = documents[summary.medoid]
            // The most central article's headline reads best; without titles, the phrase or the key terms.
            let label = medoid.title ?? summary.phrase ?? summary.keywords.prefix(3).map(\.term).joined(separator: ", ")
            clusters.append(ClusterReport.Cluster(
                id: summary.id, label: label, keywords: summary.keywords.map(\.term), phrase: summary.phrase, size: summary.size,
                cohesion: summary.cohesion, medoid: medoid.id,
                members: summary.members.map { m in
                    let d = documents[m.document]
                    return ClusterReport.Member(document: d.id, title: d.title, date: d.date?.description, source: d.source, similarity: m.similarity)
                }))
        }
        let centroids = Pipeline.centroids(space, assignments: assignments, count: clusters.count)
        var score: Double?
        if clusters.count >= 2 && clusters.count <= n - 1 {
            if let lsa = space.lsa {
                score = try silhouette(lsa.vectors, labels: assignments, seed: options.seed, threads: options.threads)
            } else {
                score = try silhouette(space.tfidf.matrix, labels: assignments, seed: options.seed, threads: options.threads)
            }
        }
        let report = ClusterReport(documents: n, method: methodText, clusters: clusters, silhouette: score, warnings: warnings)
        return ClusteringOutcome(report: report, assignments: assignments, centroids: centroids, similarities: similarities)
    }

    /// Unit-length mean of each cluster's (unit-length) rows.
    static func centroids(_ space: VectorSpace, assignments: [Int], count: Int) -> [[Double]] {
        let dimension = space.lsa?.vectors.columns ?? space.tfidf.matrix.columns
        var sums = [[Double]](repeating: [Double](repeating: 0, count: dimension), count: count)
        for (row, cluster) in assignments.enumerated() {
            if let lsa = space.lsa {
                for j in 0 ..< dimension { sums[cluster][j] += lsa.vectors[row, j] }
            } else {
                let (columns, values) = space.tfidf.matrix.row(row)
                for (c, v) in zip(columns, values) { sums[cluster][Int(c)] += v }
            }
        }
        return sums.map { sum in
            let norm = sum.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return norm > 0 ? sum.map { $0 / norm } : sum
        }
    }
}
