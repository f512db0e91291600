import ArgumentParser
import Refrain
import Reporting

extension ClusterMethod: ExpressibleByArgument {}
extension Linkage: ExpressibleByArgument {}

/// `k` as a number or `auto`.
enum KChoice: ExpressibleByArgument, Equatable {
    case auto
    case fixed(Int)
    init?(argument: String) {
        if argument == "auto" { self = .auto } else if let k = Int(argument) { self = .fixed(k) } else { return nil }
    }
    var defaultValueDescription: String {
        switch self { case .auto: return "auto"; case let .fixed(k): return String(k) }
    }
}

/// Options shared by `cluster`, `fit` and `report`.
struct ClusterOptionGroup: ParsableArguments {
    @Option(help: ArgumentHelp("Number of stories, or auto (k-means: best silhouette over 2...10).", valueName: "n|auto"))
    var k: KChoice = .auto

    @Option(help: "kmeans (spherical, cosine) or agglomerative.")
    var method: ClusterMethod = .kmeans

    @Option(help: ArgumentHelp("Agglomerative only: cut the tree at this cosine distance (0-2) instead of at k clusters.", valueName: "d"))
    var threshold: Double?

    @Option(help: "Agglomerative linkage: average, complete or single.")
    var linkage: Linkage = .average

    func validate() throws {
        if case let .fixed(k) = k, k < 1 { throw ValidationError("--k must be at least 1 (or auto)") }
        if let threshold {
            guard method == .agglomerative else { throw ValidationError("--threshold applies to --method agglomerative") }
            guard (0 ... 2).contains(threshold) else { throw ValidationError("--threshold is a cosine distance between 0 and 2") }
        }
    }

    func options(seed: UInt64, threads: Int, documentCount: Int) throws(RefrainFailure) -> ClusterOptions {
        var fixed: Int?
        if case let .fixed(value) = k {
            guard value <= documentCount else {
                throw RefrainFailure("--k \(value) but there are only \(documentCount) documents; choose k between 1 and \(documentCount)",
                                     exitCode: .usage)
            }
            fixed = value
        }
        return ClusterOptions(method: method, k: fixed, distanceThreshold: threshold, linkage: linkage, seed: seed, threads: threads)
    }
}

/// `refrain cluster`: which stories these articles tell.
struct ClusterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cluster",
        abstract: "Group articles into stories, each with a readable label, key terms, its most central article and its cohesion.",
        discussion: """
        Example:
          refrain cluster seeds/
          refrain cluster seeds/ --k 2 --format json
          refrain cluster seeds/ --method agglomerative --linkage average --threshold 0.9
        """
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var logging: LoggingOptions
    @OptionGroup var vectorizer: VectorizerOptions
    @OptionGroup var spaceOptions: SpaceOptions
    @OptionGroup var clusterOptions: ClusterOptionGroup
    @OptionGroup var output: OutputOptions

    func run() throws {
        let corpus = try input.load(threads: vectorizer.threadCount)
        let warnings = corpus.warnings.map(\.description)
        logging.warn(warnings)
        let options = try clusterOptions.options(seed: spaceOptions.seed, threads: vectorizer.threadCount, documentCount: corpus.documents.count)
        let progress = logging.progress
        let n = corpus.documents.count
        let space = try progress.stage("vectorizing", count: n, unit: "documents") { () throws(RefrainFailure) in
            try spaceOptions.build(corpus.documents, vectorizer: vectorizer)
        }
        let outcome: ClusteringOutcome
        do {
            outcome = try progress.stage("clustering", count: n, unit: "documents") { () throws(ClusteringError) in
                try Pipeline.cluster(space, options: options, warnings: warnings)
            }
        } catch {
            throw RefrainFailure.clustering(error)
        }
        switch output.format {
        case .text: Terminal.standardOutput(outcome.report.renderText(style: TextStyle(color: Terminal.colorEnabled)))
        case .json: Terminal.standardOutput(try JSONRendering.render(outcome.report))
        case .csv: Terminal.standardOutput(outcome.report.renderCSV())
        }
    }
}
