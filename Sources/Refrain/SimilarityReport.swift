/// What `refrain similar` reports. A report model (schema in the README).
public struct SimilarityReport: Sendable, Codable, Equatable {
    /// Per document (input order), its most similar documents, best first
    /// (ties: earlier document first).
    public var neighbors: [DocumentNeighbors]
    /// With a threshold: every pair at or above it, `first` before `second` in input order.
    public var pairs: [Pair]?
    /// "tfidf" or "lsa".
    public var space: String
    /// "dense" or "sparse": the search path used.
    public var path: String
    /// Input problems that did not stop the run.
    public var warnings: [String]

    /// One document's neighbours.
    public struct DocumentNeighbors: Sendable, Codable, Equatable {
        /// Document id.
        public var document: String
        /// Its neighbours.
        public var neighbors: [Neighbor]
    }

    /// One neighbour.
    public struct Neighbor: Sendable, Codable, Equatable {
        /// Document id.
        public var document: String
        /// Cosine similarity.
        public var similarity: Double
    }

    /// One pair above the threshold.
    public struct Pair: Sendable, Codable, Equatable {
        public var first: String
        public var second: String
        public var similarity: Double
    }
}

extension Pipeline {
    /// Nearest neighbours (top `k`) or all neighbours at or above `threshold`
    /// of every document, among the documents themselves.
    public static func similar(_ space: VectorSpace, k: Int, threshold: Double?, path: SimilaritySearch.Path,
                               threads: Int, warnings: [String] = []) throws(BLASError) -> SimilarityReport {
        let documents = space.documents
        let configuration = SearchConfiguration().with(threads: threads)
        var lists: [[Similarity.Neighbor]]
        var used = "dense"
        if let lsa = space.lsa {
            if let threshold {
                lists = try DenseSearch.threshold(within: lsa.vectors, threshold: threshold, configuration: configuration)
            } else {
                lists = try DenseSearch.topK(within: lsa.vectors, k: k, configuration: configuration)
            }
        } else {
            let search = SimilaritySearch(path: path, configuration: configuration)
            used = search.resolvedPath(within: space.tfidf.matrix).rawValue
            if let threshold {
                lists = try search.threshold(within: space.tfidf.matrix, threshold: threshold)
            } else {
                lists = try search.topK(within: space.tfidf.matrix, k: k)
            }
        }
        let neighbors = lists.enumerated().map { i, list in
            SimilarityReport.DocumentNeighbors(document: documents[i].id, neighbors: list.map {
                SimilarityReport.Neighbor(document: documents[$0.index].id, similarity: $0.score)
            })
        }
        var pairs: [SimilarityReport.Pair]?
        if threshold != nil {
            pairs = []
            for (i, list) in lists.enumerated() {
                for n in list.sorted(by: { $0.index < $1.index }) where n.index > i {
                    pairs!.append(SimilarityReport.Pair(first: documents[i].id, second: documents[n.index].id, similarity: n.score))
                }
            }
        }
        return SimilarityReport(neighbors: neighbors, pairs: pairs, space: space.kind.rawValue, path: used, warnings: warnings)
    }
}

extension Pipeline {
    /// The nearest training articles of a model for each new document, by
    /// cosine against the model's compact training vectors (approximate: see
    /// `CompactVector`).
    public static func similarToModel(_ documents: [Document], model: RefrainModel, k: Int, threshold: Double?,
                                      threads: Int, warnings: [String] = []) -> SimilarityReport {
        let space = ModelSpaceRows(documents.map(\.fullText), model: model, threads: threads)
        let neighbors = documents.enumerated().map { i, d -> SimilarityReport.DocumentNeighbors in
            let row = space.dense(i)
            var scored = model.trainingVectors.enumerated().map { (index: $0.offset, score: $0.element.cosine(row)) }
            scored.sort { $0.score != $1.score ? $0.score > $1.score : $0.index < $1.index }
            let kept = threshold.map { t in scored.filter { $0.score >= t } } ?? Array(scored.prefix(k))
            return SimilarityReport.DocumentNeighbors(document: d.id, neighbors: kept.map {
                SimilarityReport.Neighbor(document: model.documents[$0.index].id, similarity: $0.score)
            })
        }
        return SimilarityReport(neighbors: neighbors, pairs: nil, space: model.settings.space, path: "model", warnings: warnings)
    }
}
