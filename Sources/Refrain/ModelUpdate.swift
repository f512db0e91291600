import Foundation

/// What `refrain update` did. A report model (schema in the README).
public struct UpdateReport: Sendable, Codable, Equatable {
    /// Documents added to the model, in input order.
    public var added: [String]
    /// Documents already in the model with the same content: nothing to do.
    public var unchanged: [String]
    /// Documents whose id is in the model with different content: skipped
    /// (refit to change a document's text).
    public var conflicts: [String]
    /// Added documents placed in existing clusters.
    public var assignedToExisting: Int
    /// Ids of clusters created from novel documents that group together.
    public var newClusters: [Int]
    /// Added documents left novel (no existing cluster, no group of their own).
    public var novel: [String]
    /// Instances added to known talking points.
    public var talkingPointInstancesAdded: Int
    /// Share of the added documents' features unknown to the vocabulary.
    public var unknownTermShare: Double
    /// Training documents in the model after the update.
    public var documents: Int
    /// Advice: when a full refit is better.
    public var advice: String?
}

extension Pipeline {
    /// Adds `documents` to `model` (see `UpdateReport` and the README):
    /// documents are keyed by id and content hash, so updating twice with the
    /// same articles changes nothing; existing cluster ids never change and
    /// their centroids move to the running mean; novel documents that group
    /// together (average linkage, cosine distance below 1 − the model's mean
    /// cohesion) become new clusters with new ids; talking points gain the
    /// instances that match them; document frequencies grow by the added
    /// documents and IDF is recomputed, the vocabulary itself staying fixed.
    public static func update(_ model: RefrainModel, with documents: [Document], threads: Int) throws(ModelPipelineError) -> (RefrainModel, UpdateReport) {
        var model = model
        let known = Dictionary(model.documents.map { ($0.id, $0.contentHash) }, uniquingKeysWith: { a, _ in a })
        var added: [Document] = [], unchanged: [String] = [], conflicts: [String] = []
        for d in documents {
            switch known[d.id] {
            case nil: added.append(d)
            case ModelDocument.hash(d.text)?: unchanged.append(d.id)
            default: conflicts.append(d.id)
            }
        }
        guard !added.isEmpty else {
            return (model, UpdateReport(added: [], unchanged: unchanged, conflicts: conflicts, assignedToExisting: 0, newClusters: [],
                                        novel: [], talkingPointInstancesAdded: 0, unknownTermShare: 0, documents: model.documents.count,
                                        advice: nil))
        }
        let space = ModelSpaceRows(added.map(\.fullText), model: model, threads: threads)
        let nearest = space.nearest(in: model, threads: threads)
        let rows = (0 ..< added.count).map(space.dense)
        // Place each added document.
        var placement = [Int?](repeating: nil, count: added.count)
        var novelRows: [Int] = []
        for (i, best) in nearest.enumerated() {
            if let best, best.similarity >= model.clusters[best.index].noveltyThreshold {
                placement[i] = best.index
            } else {
                novelRows.append(i)
            }
        }
        // Existing clusters: running-mean centroids.
        for c in model.clusters.indices {
            let members = placement.indices.filter { placement[$0] == c }
            guard !members.isEmpty else { continue }
            var sum = model.clusters[c].centroid.map { $0 * Float(model.clusters[c].size) }
            for m in members { for j in sum.indices { sum[j] += rows[m][j] } }
            let norm = sum.reduce(0) { $0 + $1 * $1 }.squareRoot()
            model.clusters[c].centroid = norm > 0 ? sum.map { $0 / norm } : sum
            model.clusters[c].size += members.count
        }
        // Novel documents that group together become new clusters.
        var newClusters: [Int] = []
        var clusterOfNovel: [Int: Int] = [:]
        if novelRows.count >= 2 {
            let dimension = rows[0].count
            let matrix = DenseMatrix<Float>(rows: novelRows.count, columns: dimension, elements: novelRows.flatMap { rows[$0] })
            let meanCohesion = model.clusters.isEmpty ? 0.5 : model.clusters.map(\.cohesion).reduce(0, +) / Double(model.clusters.count)
            let tree: Dendrogram
            do { tree = try AgglomerativeClustering(linkage: .average, threads: threads).fit(matrix) } catch { throw .clustering(error) }
            let labels = tree.labels(distanceThreshold: max(0.05, 1 - meanCohesion))
            let pooledThreshold = model.clusters.isEmpty ? 0.05 : model.clusters.map(\.noveltyThreshold).reduce(0, +) / Double(model.clusters.count)
            for label in Array(Set(labels)).sorted() {
                let members = labels.indices.filter { labels[$0] == label }.map { novelRows[$0] }
                guard members.count >= 2 else { continue }
                var sum = [Float](repeating: 0, count: dimension)
                for m in members { for j in 0 ..< dimension { sum[j] += rows[m][j] } }
                let norm = sum.reduce(0) { $0 + $1 * $1 }.squareRoot()
                let centroid = norm > 0 ? sum.map { $0 / norm } : sum
                let similarities = members.map { m in Double(zip(rows[m], centroid).reduce(Float(0)) { $0 + $1.0 * $1.1 }) }
                let medoid = members[similarities.indices.max { similarities[$0] < similarities[$1] || (similarities[$0] == similarities[$1] && $0 > $1) }!]
                let id = model.nextClusterID
                model.nextClusterID += 1
                let title = added[medoid].title ?? added[medoid].id
                model.clusters.append(ModelCluster(id: id, label: title, keywords: [], phrase: nil, medoid: added[medoid].id,
                                                   size: members.count, cohesion: similarities.reduce(0, +) / Double(members.count),
                                                   noveltyThreshold: pooledThreshold, centroid: centroid))
                newClusters.append(id)
                for m in members { clusterOfNovel[m] = id }
            }
        }
        // Talking points gain instances.
        let statements = SpeakerAttributor().statements(in: added, threads: threads)
        let matches = talkingPointMatches(statements, model: model, threads: threads)
        let dates = Dictionary(added.map { ($0.id, $0.date) }, uniquingKeysWith: { a, _ in a })
        var instancesAdded = 0
        for d in added {
            for match in matches[d.id] ?? [] {
                guard let p = model.talkingPoints.firstIndex(where: { $0.id == match.id }) else { continue }
                instancesAdded += 1
                model.talkingPoints[p].instanceCount += 1
                if !model.talkingPoints[p].documents.contains(d.id) { model.talkingPoints[p].documents.append(d.id) }
                if let speaker = match.speaker, !model.talkingPoints[p].speakers.contains(speaker) { model.talkingPoints[p].speakers.append(speaker) }
                if !model.talkingPoints[p].passages.contains(match.sentence) { model.talkingPoints[p].passages.append(match.sentence) }
                if let date = dates[d.id] ?? nil {
                    let first = model.talkingPoints[p].firstSeen.date.flatMap(ArticleDate.init(iso8601:))
                    if first == nil || date < first! {
                        model.talkingPoints[p].firstSeen = .init(date: date.description, speaker: match.speaker, document: d.id)
                    }
                }
            }
        }
        // Document frequencies and IDF.
        var frequency = model.tfidf.documentFrequency
        let transformed = TfidfVectorizer.transform(added.map(\.fullText), model: model.tfidf, threads: threads, as: Float.self)
        for column in transformed.matrix.columnIndices { frequency[Int(column)] += 1 }
        model.tfidf = TfidfModel(configuration: model.tfidf.configuration, vocabulary: model.tfidf.vocabulary,
                                 documentFrequency: frequency, documentCount: model.tfidf.documentCount + added.count)
        // The document index.
        for (i, d) in added.enumerated() {
            let cluster = placement[i].map { model.clusters[$0].id } ?? clusterOfNovel[i]
            model.documents.append(ModelDocument(id: d.id, title: d.title, date: d.date?.description, source: d.source,
                                                 contentHash: ModelDocument.hash(d.text), cluster: cluster,
                                                 text: model.settings.keepText ? d.text : nil))
            let row = rows[i]
            model.trainingVectors.append(CompactVector(row.enumerated().map { ($0.offset, $0.element) }, limit: model.lsa?.dimensions ?? 32))
        }
        model.writtenBy = refrainVersion
        let unknown = space.unknownFeatureCounts.reduce(0, +)
        let share = space.featureCount > 0 ? Double(unknown) / Double(space.featureCount) : 0
        let novel = novelRows.filter { clusterOfNovel[$0] == nil }.map { added[$0].id }
        var advice: String?
        if share > 0.2 {
            advice = String(format: "%.0f%% of the new articles' terms are unknown to the vocabulary; refit with `refrain fit` to learn them", share * 100)
        } else if added.count > model.tfidf.documentCount / 2 {
            advice = "the model has grown by more than half since it was fitted; a refit gives better clusters"
        }
        return (model, UpdateReport(added: added.map(\.id), unchanged: unchanged, conflicts: conflicts,
                                    assignedToExisting: placement.compactMap { $0 }.count, newClusters: newClusters, novel: novel,
                                    talkingPointInstancesAdded: instancesAdded, unknownTermShare: share,
                                    documents: model.documents.count, advice: advice))
    }
}
