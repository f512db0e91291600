import ArgumentParser
import Foundation
import Refrain
import Reporting

/// Loads a model, mapping its errors to bad-input failures that name the file.
func loadModel(_ path: String) throws(RefrainFailure) -> RefrainModel {
    do { return try RefrainModel.load(from: path) } catch { throw RefrainFailure(error.description, exitCode: .badInput) }
}

/// Writes a model, mapping failures.
func writeModel(_ model: RefrainModel, to path: String) throws(RefrainFailure) {
    do { try model.write(to: path) } catch { throw RefrainFailure(error.description, exitCode: .internalError) }
}

/// A one-screen summary of a model.
struct ModelSummary: Codable {
    var model: String
    var documents: Int
    var vocabulary: Int
    var space: String
    var clusters: [Cluster]
    var talkingPoints: Int
    var bytes: Int
    struct Cluster: Codable { var id: Int; var label: String; var size: Int; var noveltyThreshold: Double }

    init(_ model: RefrainModel, path: String) {
        self.model = path
        documents = model.documents.count
        vocabulary = model.tfidf.vocabulary.count
        space = model.settings.space
        clusters = model.clusters.map { Cluster(id: $0.id, label: $0.label, size: $0.size, noveltyThreshold: $0.noveltyThreshold) }
        talkingPoints = model.talkingPoints.count
        bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    }

    func text() -> String {
        var lines = ["\(model): \(documents) documents, \(vocabulary) terms, \(space) space, \(clusters.count) clusters, "
            + "\(talkingPoints) talking points, \(bytes / 1024) KB"]
        let rows = clusters.map { ["  ", String($0.id), String($0.size), String(format: "novel below %.3f", $0.noveltyThreshold), $0.label] }
        lines.append(contentsOf: TextStyle.table(rows))
        return lines.joined(separator: "\n") + "\n"
    }
}

/// `refrain fit`: fit once, store everything needed to place new articles.
struct FitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Fit vectors, stories and talking points on a corpus and store them in a model file.",
        discussion: """
        The model holds the vocabulary and document frequencies, the LSA basis when used, the clusters (stable \
        ids, labels, centroids, novelty thresholds), the talking points and the training documents' ids, titles, \
        dates and content hashes (their text only with --keep-text). Written atomically.

        Example:
          refrain fit seeds/ -o news.refrain --k 2
        """
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var logging: LoggingOptions
    @OptionGroup var vectorizer: VectorizerOptions
    @OptionGroup var spaceOptions: SpaceOptions
    @OptionGroup var clusterOptions: ClusterOptionGroup
    @OptionGroup var output: OutputOptions

    @Option(name: [.customShort("o"), .customLong("output")], help: "The model file to write.")
    var modelPath: String

    @Option(help: "Passage similarity (0-1) for talking points.")
    var tpThreshold: Double = 0.6

    @Flag(help: "Store the training articles' text too (lets assign find new talking points shared with them).")
    var keepText = false

    static func failure(_ error: Error) -> RefrainFailure {
        guard let error = error as? ModelPipelineError else { return RefrainFailure("\(error)", exitCode: .internalError) }
        switch error {
        case let .clustering(clustering): return .clustering(clustering)
        case .space: return RefrainFailure(error.description, exitCode: .usage)
        case .blas: return RefrainFailure(error.description, exitCode: .internalError)
        }
    }

    func validate() throws {
        guard (0 ... 1).contains(tpThreshold) else { throw ValidationError("--tp-threshold must be between 0 and 1") }
    }

    func run() throws {
        try output.requireTextOrJSON("refrain fit")
        let corpus = try input.load(threads: vectorizer.threadCount)
        logging.warn(corpus.warnings.map(\.description))
        let documents = corpus.documents
        let options = try clusterOptions.options(seed: spaceOptions.seed, threads: vectorizer.threadCount, documentCount: documents.count)
        let configuration = try vectorizer.configuration()
        let dimensions = spaceOptions.dimensions ?? max(1, min(100, documents.count - 1))
        let model: RefrainModel
        do {
            model = try Pipeline.fit(documents, configuration: configuration, space: spaceOptions.space, dimensions: dimensions,
                                     cluster: options, talkingPointThreshold: tpThreshold, keepText: keepText)
        } catch {
            throw Self.failure(error)
        }
        try writeModel(model, to: modelPath)
        let summary = ModelSummary(model, path: modelPath)
        switch output.format {
        case .json: Terminal.standardOutput(try JSONRendering.render(summary))
        default: Terminal.standardOutput(summary.text())
        }
    }
}
