import Foundation

/// Where new articles fall in a fitted model: each one's nearest story and
/// its feature counts. Made by `Pipeline.place`.
struct Placement: Sendable {
    /// Per article: feature occurrences the vocabulary does not know.
    let unknownFeatureCounts: [Int]
    /// All feature occurrences of all articles, known or not.
    let featureCount: Int
    /// Per article, its nearest cluster (index into `model.clusters`) and
    /// the cosine with its centroid; `nil` when the model has no clusters.
    let nearest: [(index: Int, similarity: Double)?]
}

/// What `refrain assign` reports. A report model (schema in the README).
public struct AssignReport: Sendable, Codable, Equatable {
    /// One entry per new article, in input order.
    public var assignments: [Assignment]
    /// Talking points shared among the new articles (and, with a model fitted
    /// with `--keep-text`, with training statements); same shape as `talking-points`.
    public var newTalkingPoints: [TalkingPoint]
    /// Feature occurrences in the new articles the model's vocabulary does not
    /// know, as a share of all their features: when it grows, refit.
    public var unknownTermShare: Double
    /// Input problems that did not stop the run.
    public var warnings: [String]

    /// Where one article belongs.
    public struct Assignment: Sendable, Codable, Equatable {
        /// Document id.
        public var document: String
        /// The nearest cluster's id, or `null` when novel.
        public var cluster: Int?
        /// The nearest cluster's label (also when novel, for context).
        public var label: String
        /// Cosine similarity to the nearest cluster's centroid.
        public var similarity: Double
        /// Below the nearest cluster's novelty threshold: a new story.
        public var novel: Bool
        /// Feature occurrences the vocabulary does not know.
        public var unknownTerms: Int
        /// Known talking points this article repeats.
        public var talkingPoints: [Match]

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(document, forKey: .document)
            try c.encode(cluster, forKey: .cluster)
            try c.encode(label, forKey: .label)
            try c.encode(similarity, forKey: .similarity)
            try c.encode(novel, forKey: .novel)
            try c.encode(unknownTerms, forKey: .unknownTerms)
            try c.encode(talkingPoints, forKey: .talkingPoints)
        }
    }

    /// A sentence of a new article that repeats a known talking point.
    public struct Match: Sendable, Codable, Equatable {
        /// The talking point's id in the model.
        public var id: Int
        /// Its canonical phrase.
        public var phrase: String
        /// The sentence of the new article.
        public var sentence: String
        /// Who said it, or `null`.
        public var speaker: String?
        /// Passage similarity, 0...1.
        public var similarity: Double

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(phrase, forKey: .phrase)
            try c.encode(sentence, forKey: .sentence)
            try c.encode(speaker, forKey: .speaker)
            try c.encode(similarity, forKey: .similarity)
        }
    }
}

/// Why fitting, assigning or updating failed.
public enum ModelPipelineError: Error, CustomStringConvertible {
    case space(VectorSpaceError)
    case clustering(ClusteringError)
    case blas(BLASError)

    public var description: String {
        switch self {
        case let .space(e): return e.description
        case let .clustering(e): return e.description
        case let .blas(e): return e.description
        }
    }
}

extension Pipeline {
    /// Fits a model: vectors, clusters with novelty thresholds, talking points and the document index.
    ///
    /// A cluster's novelty threshold is the mean minus two standard deviations
    /// of its members' similarities to its centroid; clusters with fewer than
    /// three members use the figures pooled over all training documents; the
    /// threshold is never below 0.05.
    public static func fit(_ documents: [Document], configuration: TfidfConfiguration, space kind: SpaceKind, dimensions: Int,
                           cluster options: ClusterOptions, talkingPointThreshold: Double, keepText: Bool) throws(ModelPipelineError) -> RefrainModel {
        let space: VectorSpace
        do {
            space = try vectorSpace(documents, configuration: configuration, kind: kind, dimensions: dimensions,
                                    seed: options.seed, threads: options.threads)
        } catch { throw .space(error) }
        let outcome: ClusteringOutcome
        do { outcome = try cluster(space, options: options) } catch { throw .clustering(error) }
        // Novelty thresholds from leave-one-out similarities: how similar each
        // member is to its cluster's centroid computed without it.
        let leaveOneOut = leaveOneOutSimilarities(space, assignments: outcome.assignments, count: outcome.report.clusters.count)
        func meanAndDeviation(_ values: [Double]) -> (Double, Double) {
            let mean = values.reduce(0, +) / Double(max(1, values.count))
            let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(1, values.count))
            return (mean, variance.squareRoot())
        }
        let pooled = meanAndDeviation(leaveOneOut.compactMap { $0 })
        let clusters = outcome.report.clusters.map { c -> ModelCluster in
            let members = outcome.assignments.indices.filter { outcome.assignments[$0] == c.id }
            let sims = members.compactMap { leaveOneOut[$0] }
            let (mean, sd) = sims.count >= 5 ? meanAndDeviation(sims) : pooled
            return ModelCluster(id: c.id, label: c.label, keywords: c.keywords, phrase: c.phrase, medoid: c.medoid, size: c.size,
                                cohesion: c.cohesion, noveltyThreshold: max(0.05, mean - 2 * sd),
                                centroid: outcome.centroids[c.id].map { Float($0) })
        }
        // Talking points (cross-speaker first, then repeats, with distinct ids).
        var nearDuplicates = NearDuplicateConfiguration(threshold: talkingPointThreshold)
        nearDuplicates.threads = options.threads
        let points = talkingPoints(documents, configuration: TalkingPointConfiguration(nearDuplicates: nearDuplicates))
        let stored = (points.talkingPoints + points.repeats).enumerated().map { index, p in
            ModelTalkingPoint(id: index, phrase: p.phrase, variants: p.variants, speakers: p.speakers, documents: p.documents,
                              firstSeen: p.firstSeen, passages: Array(Set(p.instances.map(\.passage))).sorted(),
                              instanceCount: p.instances.count)
        }
        let index = documents.enumerated().map { i, d in
            ModelDocument(id: d.id, title: d.title, date: d.date?.description, source: d.source, contentHash: ModelDocument.hash(d.text),
                          cluster: outcome.assignments[i], text: keepText ? d.text : nil)
        }
        var lsa: LSABasis?
        if let model = space.lsa?.model {
            let components = model.components
            lsa = LSABasis(dimensions: components.rows, terms: components.columns,
                           components: components.withUnsafeBufferPointer { $0.map { Float($0) } },
                           singularValues: model.singularValues.map { Float($0) })
        }
        let compact: [CompactVector] = (0 ..< documents.count).map { r in
            if let vectors = space.lsa?.vectors {
                return CompactVector((0 ..< vectors.columns).map { ($0, Float(vectors[r, $0])) }, limit: vectors.columns)
            }
            let (columns, values) = space.tfidf.matrix.row(r)
            return CompactVector(zip(columns, values).map { (Int($0.0), Float($0.1)) })
        }
        return RefrainModel(tfidf: space.tfidf.model, lsa: lsa, clusters: clusters, talkingPoints: stored, documents: index,
                            settings: ModelSettings(method: options.method.rawValue, space: kind.rawValue, seed: options.seed,
                                                    talkingPointThreshold: talkingPointThreshold, keepText: keepText),
                            trainingVectors: compact)
    }

    /// Each document's cosine similarity to its cluster's centroid computed
    /// without it (`nil` for a cluster of one): x·(S − x) / |S − x| for the sum S
    /// of the cluster's unit rows.
    static func leaveOneOutSimilarities(_ space: VectorSpace, assignments: [Int], count: Int) -> [Double?] {
        let dimension = space.lsa?.vectors.columns ?? space.tfidf.matrix.columns
        var sums = [[Double]](repeating: [Double](repeating: 0, count: dimension), count: count)
        var sizes = [Int](repeating: 0, count: count)
        func row(_ r: Int) -> [(Int, Double)] {
            if let lsa = space.lsa { return (0 ..< dimension).map { ($0, lsa.vectors[r, $0]) } }
            let (columns, values) = space.tfidf.matrix.row(r)
            return zip(columns, values).map { (Int($0.0), $0.1) }
        }
        for (r, c) in assignments.enumerated() {
            sizes[c] += 1
            for (j, v) in row(r) { sums[c][j] += v }
        }
        let squaredNorms = sums.map { $0.reduce(0) { $0 + $1 * $1 } }
        return assignments.enumerated().map { r, c in
            guard sizes[c] > 1 else { return nil }
            let entries = row(r)
            let xx = entries.reduce(0) { $0 + $1.1 * $1.1 }
            let xs = entries.reduce(0) { $0 + $1.1 * sums[c][$1.0] }
            let rest = squaredNorms[c] - 2 * xs + xx
            return rest > 1e-12 ? (xs - xx) / rest.squareRoot() : nil
        }
    }

    /// Places new articles: nearest cluster or novel, known talking points
    /// they repeat, and new talking points among them. Prepares `model` for
    /// placing (`ArticlePlacer`) and runs
    /// ``assign(_:statements:placer:noveltyThreshold:threads:discoverNewTalkingPoints:matchTalkingPoints:warnings:stage:)``.
    public static func assign(_ documents: [Document], statements known: [Statement]? = nil, model: RefrainModel,
                              noveltyThreshold: Double?, threads: Int,
                              discoverNewTalkingPoints: Bool = true, matchTalkingPoints: Bool = true, warnings: [String] = [],
                              stage: StageRunner = Pipeline.runStage) -> AssignReport {
        assign(documents, statements: known, placer: ArticlePlacer(model, threads: threads), noveltyThreshold: noveltyThreshold,
               threads: threads, discoverNewTalkingPoints: discoverNewTalkingPoints, matchTalkingPoints: matchTalkingPoints,
               warnings: warnings, stage: stage)
    }

    /// Places new articles in the model `placer` was prepared from: nearest
    /// cluster or novel, known talking points they repeat, and new talking
    /// points among them.
    ///
    /// With `discoverNewTalkingPoints` off, `newTalkingPoints` stays empty
    /// and the (costly) search for them is skipped. With `matchTalkingPoints`
    /// off the articles are only placed: no statements are found and every
    /// talking-point list stays empty. `stage` runs each step
    /// (placing, attributing, matching, discovering) under its name, the
    /// number of items and their unit, so callers can time them; by default
    /// it just runs them.
    ///
    /// `statements` are the articles' statements when the caller has already
    /// found them (`SpeakerAttributor().statements(in: documents, threads:)`,
    /// for example while the model loaded); `nil` finds them here.
    public static func assign(_ documents: [Document], statements known: [Statement]? = nil, placer: ArticlePlacer,
                              noveltyThreshold: Double?, threads: Int,
                              discoverNewTalkingPoints: Bool = true, matchTalkingPoints: Bool = true, warnings: [String] = [],
                              stage: StageRunner = Pipeline.runStage) -> AssignReport {
        let model = placer.model
        var placed: Placement!
        stage("placing", documents.count, "documents") {
            placed = place(documents, with: placer, threads: threads)
        }
        let nearest = placed.nearest
        var matches: [String: [AssignReport.Match]] = [:]
        var fresh: [TalkingPoint] = []
        if matchTalkingPoints {
            var statements = known ?? []
            if known == nil {
                stage("attributing", documents.count, "documents") {
                    statements = SpeakerAttributor().statements(in: documents, threads: threads)
                }
            }
            let passages = knownPassages(model)
            let keepsTrainingText = model.documents.contains { $0.text != nil }
            if discoverNewTalkingPoints && !keepsTrainingText {
                // One near-duplicate search over the statements and the known
                // passages serves both steps: statement–passage pairs are the
                // known talking points repeated, statement–statement pairs the
                // material of new ones. Passage–passage pairs are never aligned.
                var found: [PassageMatch] = []
                let split = statements.count
                stage("matching", statements.count + passages.count, "statements") {
                    found = statementMatches(statements, passages: passages, model: model, threads: threads, amongStatements: true)
                }
                matches = knownMatches(found.filter { $0.second >= split }, statements: statements, passages: passages, model: model)
                stage("discovering", statements.count, "statements") {
                    fresh = newTalkingPoints(documents, statements: statements, matches: found.filter { $0.second < split },
                                             model: model)
                }
            } else {
                stage("matching", statements.count, "statements") {
                    matches = talkingPointMatches(statements, model: model, threads: threads)
                }
                if discoverNewTalkingPoints {
                    fresh = newTalkingPoints(documents, statements: statements, model: model, threads: threads, stage: stage)
                }
            }
        }
        let assignments = documents.enumerated().map { i, d in
            let best = nearest[i].map { (cluster: model.clusters[$0.index], similarity: $0.similarity) }
            let threshold = noveltyThreshold ?? best?.cluster.noveltyThreshold ?? 0
            let novel = best == nil || best!.similarity < threshold
            return AssignReport.Assignment(
                document: d.id, cluster: novel ? nil : best?.cluster.id, label: best?.cluster.label ?? "",
                similarity: best?.similarity ?? 0, novel: novel, unknownTerms: placed.unknownFeatureCounts[i],
                talkingPoints: matches[d.id] ?? [])
        }
        let unknown = placed.unknownFeatureCounts.reduce(0, +)
        let share = placed.featureCount > 0 ? Double(unknown) / Double(placed.featureCount) : 0
        return AssignReport(assignments: assignments, newTalkingPoints: fresh, unknownTermShare: share, warnings: warnings)
    }

    /// The near-duplicate configuration talking points are matched with in `model`.
    static func nearDuplicateConfiguration(_ model: RefrainModel, threads: Int) -> NearDuplicateConfiguration {
        var configuration = NearDuplicateConfiguration(threshold: model.settings.talkingPointThreshold)
        configuration.threads = threads
        return configuration
    }

    /// Near-duplicate pairs, under the model's settings, among the texts
    /// `statements` then `passages`: statement–passage pairs and, with
    /// `amongStatements`, statement–statement pairs; never passage–passage.
    static func statementMatches(_ statements: [Statement], passages: [(point: Int, text: String)], model: RefrainModel,
                                 threads: Int, amongStatements: Bool) -> [PassageMatch] {
        let split = statements.count
        let finder = NearDuplicateFinder(configuration: nearDuplicateConfiguration(model, threads: threads))
        return finder.matches(in: statements.map(\.text) + passages.map(\.text)) { i, j in
            i < split && (amongStatements || j >= split)
        }
    }

    /// Talking points among the new articles' `statements`, given the
    /// near-duplicate pairs among them (`matches`), that involve a new article.
    static func newTalkingPoints(_ documents: [Document], statements: [Statement], matches: [PassageMatch],
                                 model: RefrainModel) -> [TalkingPoint] {
        let configuration = TalkingPointConfiguration(nearDuplicates: nearDuplicateConfiguration(model, threads: 1))
        let newIDs = Set(documents.map(\.id))
        return TalkingPointFinder(configuration: configuration).analyze(statements, matches: matches).talkingPoints.filter { point in
            point.documents.contains(where: newIDs.contains)
        }
    }

    /// Talking points shared among the new articles (`statements` are theirs),
    /// and with the training articles when the model keeps their text.
    static func newTalkingPoints(_ documents: [Document], statements: [Statement], model: RefrainModel, threads: Int,
                                 stage: StageRunner) -> [TalkingPoint] {
        let configuration = TalkingPointConfiguration(nearDuplicates: nearDuplicateConfiguration(model, threads: threads))
        let training = model.documents.compactMap { d in
            d.text.map { Document(id: d.id, title: d.title, date: d.date.flatMap(ArticleDate.init(iso8601:)), source: d.source, text: $0) }
        }
        var pool = statements
        if !training.isEmpty {
            stage("attributing", training.count + documents.count, "documents") {
                pool = SpeakerAttributor().statements(in: training + documents, threads: threads)
            }
        }
        let newIDs = Set(documents.map(\.id))
        var fresh: [TalkingPoint] = []
        stage("discovering", pool.count, "statements") {
            fresh = TalkingPointFinder(configuration: configuration).analyze(pool).talkingPoints.filter { point in
                point.documents.contains(where: newIDs.contains)
            }
        }
        return fresh
    }

    /// The articles' feature counts and, per article, its nearest cluster
    /// (index into the model's clusters) and the cosine with its centroid.
    /// TF-IDF rows are scored as they are counted, not kept (`ArticlePlacer`).
    /// - Complexity: O(text bytes + stored entries × clusters).
    static func place(_ documents: [Document], with placer: ArticlePlacer, threads: Int) -> Placement {
        // Joining titles to bodies copies every text: in parallel chunks.
        let chunks = Parallel.chunks(of: documents.count, into: max(1, min(4 * threads, documents.count / 64)))
        let texts = Parallel.map(chunks.count, threads: threads) { c in documents[chunks[c]].map(\.fullText) }.flatMap { $0 }
        return placer.place(texts, threads: threads)
    }

    /// Every passage of the model's talking points, with the index of its talking point.
    static func knownPassages(_ model: RefrainModel) -> [(point: Int, text: String)] {
        var passages: [(point: Int, text: String)] = []
        for (p, point) in model.talkingPoints.enumerated() { for passage in point.passages { passages.append((p, passage)) } }
        return passages
    }

    /// For every document id, the known talking points its statements repeat (best match per point and sentence).
    static func talkingPointMatches(_ statements: [Statement], model: RefrainModel, threads: Int) -> [String: [AssignReport.Match]] {
        let passages = knownPassages(model)
        guard !passages.isEmpty, !statements.isEmpty else { return [:] }
        let found = statementMatches(statements, passages: passages, model: model, threads: threads, amongStatements: false)
        return knownMatches(found, statements: statements, passages: passages, model: model)
    }

    /// Groups statement–passage pairs (`found`: texts are `statements`, then
    /// `passages`, each pair's `second` a passage) by document: per document,
    /// the best match per talking point and sentence, in order of first match.
    static func knownMatches(_ found: [PassageMatch], statements: [Statement], passages: [(point: Int, text: String)],
                             model: RefrainModel) -> [String: [AssignReport.Match]] {
        let split = statements.count
        var best: [String: [Int: AssignReport.Match]] = [:]
        var order: [String: [Int]] = [:]
        for m in found {
            let (s, q) = m.first < split ? (m.first, m.second - split) : (m.second, m.first - split)
            let statement = statements[s]
            let point = model.talkingPoints[passages[q].point]
            let key = point.id * 1_000_003 + s
            let match = AssignReport.Match(id: point.id, phrase: point.phrase, sentence: statement.text, speaker: statement.speaker,
                                           similarity: m.similarity)
            if let existing = best[statement.documentID]?[key], existing.similarity >= match.similarity { continue }
            if best[statement.documentID]?[key] == nil { order[statement.documentID, default: []].append(key) }
            best[statement.documentID, default: [:]][key] = match
        }
        var result: [String: [AssignReport.Match]] = [:]
        for (document, keys) in order { result[document] = keys.map { best[document]![$0]! } }
        return result
    }
}
