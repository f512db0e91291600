import Foundation

extension Pipeline {
    /// Everything `refrain report` shows: clusters, a 2-D map, the similarity
    /// heatmap (at most `heatmapLimit` articles) and the talking points.
    public static func analysis(_ space: VectorSpace, clusters outcome: ClusteringOutcome, talkingPoints: TalkingPointsReport,
                                seed: UInt64, threads: Int, heatmapLimit: Int = 300) -> AnalysisReport {
        let documents = space.documents
        let n = documents.count
        // A 2-D map: the first two LSA dimensions of the TF-IDF rows, scaled to -1...1.
        var xs = [Double](repeating: 0, count: n), ys = [Double](repeating: 0, count: n)
        if n >= 3, space.tfidf.matrix.columns >= 3,
           let projected = try? TruncatedSVD(components: 2, seed: seed, threads: threads).fitTransform(space.tfidf.matrix).transformed {
            for i in 0 ..< n { xs[i] = projected[i, 0]; ys[i] = projected[i, 1] }
        } else if n == 2 {
            xs = [-0.5, 0.5]
        }
        func scale(_ values: [Double]) -> [Double] {
            // Centre on the mean, then stretch to -1...1.
            let mean = values.reduce(0, +) / Double(max(1, values.count))
            let centred = values.map { $0 - mean }
            let extent = centred.map(abs).max() ?? 0
            return extent > 0 ? centred.map { $0 / extent * 0.95 } : centred
        }
        xs = scale(xs)
        ys = scale(ys)
        let articles = documents.enumerated().map { i, d in
            AnalysisReport.Article(id: d.id, title: d.title, date: d.date?.description, source: d.source,
                                   cluster: outcome.assignments[i], x: xs[i], y: ys[i])
        }
        // Heatmap: articles ordered by cluster, then by similarity to the centroid.
        let ordered = outcome.report.clusters.flatMap { $0.members.map(\.document) }
        let index = Dictionary(documents.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { a, _ in a })
        let shown = Array(ordered.prefix(heatmapLimit))
        let rows = shown.map { index[$0]! }
        let matrix = space.tfidf.matrix
        let values = rows.map { i in rows.map { j in sparseDot(matrix, i, j) } }
        let similarity = AnalysisReport.SimilarityMatrix(order: shown, values: values, omitted: ordered.count - shown.count)
        // Overview.
        var outlets: [String] = []
        for d in documents { if let s = d.source, !outlets.contains(s) { outlets.append(s) } }
        let dates = documents.compactMap(\.date).sorted()
        let overview = AnalysisReport.Overview(articles: n, outlets: outlets, firstDate: dates.first?.description, lastDate: dates.last?.description,
                                               speakers: talkingPoints.speakers, clusters: outcome.report.clusters.count,
                                               talkingPoints: talkingPoints.talkingPoints.count)
        return AnalysisReport(version: refrainVersion, overview: overview, articles: articles, clusters: outcome.report,
                              similarity: similarity, talkingPoints: talkingPoints)
    }

    /// The dot product of two rows of a CSR matrix (their cosine when rows are unit length).
    static func sparseDot(_ m: CSRMatrix<Double>, _ a: Int, _ b: Int) -> Double {
        let (ca, va) = m.row(a), (cb, vb) = m.row(b)
        var i = ca.startIndex, j = cb.startIndex, sum = 0.0
        while i < ca.endIndex && j < cb.endIndex {
            if ca[i] == cb[j] { sum += va[i] * vb[j]; i += 1; j += 1 } else if ca[i] < cb[j] { i += 1 } else { j += 1 }
        }
        return sum
    }
}
