import ArgumentParser
import Foundation
import Refrain
import Reporting

/// `refrain report`: everything on one self-contained HTML page.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write one self-contained HTML page: overview, a map of the articles, the stories, a similarity heatmap and the talking points.",
        discussion: """
        The page needs no network and no framework: open it offline, mail it, attach it to a story.

        Example:
          refrain report seeds/ -o report.html
        """
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var logging: LoggingOptions
    @OptionGroup var vectorizer: VectorizerOptions
    @OptionGroup var spaceOptions: SpaceOptions
    @OptionGroup var clusterOptions: ClusterOptionGroup

    @Option(name: [.short, .long], help: "Where to write the HTML page.")
    var output: String = "report.html"

    @Option(help: "Passage similarity (0-1) for talking points.")
    var tpThreshold: Double = 0.6

    @Flag(help: "Also print the report model as JSON on standard output.")
    var json = false

    func validate() throws {
        guard (0 ... 1).contains(tpThreshold) else { throw ValidationError("--tp-threshold must be between 0 and 1") }
    }

    func run() throws {
        let progress = logging.progress
        let corpus = try progress.stage("loading", count: input.inputs.count, unit: "inputs") { () throws(RefrainFailure) in try input.load(threads: vectorizer.threadCount) }
        let warnings = corpus.warnings.map(\.description)
        logging.warn(warnings)
        let threads = vectorizer.threadCount
        let options = try clusterOptions.options(seed: spaceOptions.seed, threads: threads, documentCount: corpus.documents.count)
        let n = corpus.documents.count
        let space = try progress.stage("vectorizing", count: n, unit: "documents") { () throws(RefrainFailure) in
            try spaceOptions.build(corpus.documents, vectorizer: vectorizer)
        }
        let clusters: ClusteringOutcome
        do {
            clusters = try progress.stage("clustering", count: n, unit: "documents") { () throws(ClusteringError) in
                try Pipeline.cluster(space, options: options, warnings: warnings)
            }
        } catch { throw RefrainFailure.clustering(error) }
        var nearDuplicates = NearDuplicateConfiguration(threshold: tpThreshold)
        nearDuplicates.threads = threads
        let talkingPoints = progress.stage("finding talking points in", count: n, unit: "documents") {
            Pipeline.talkingPoints(corpus.documents, configuration: TalkingPointConfiguration(nearDuplicates: nearDuplicates), warnings: warnings)
        }
        let report = progress.stage("mapping", count: n, unit: "documents") {
            Pipeline.analysis(space, clusters: clusters, talkingPoints: talkingPoints, seed: spaceOptions.seed, threads: threads)
        }
        let html = HTMLReport.render(report)
        do {
            try Data(html.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            throw RefrainFailure("cannot write \(output): \(error.localizedDescription); choose another path with -o", exitCode: .internalError)
        }
        if json { Terminal.standardOutput(try JSONRendering.render(report)) }
        let path = URL(fileURLWithPath: output).standardizedFileURL.path
        if !logging.quiet { Terminal.standardError("refrain: wrote \(path) (\(report.overview.articles) articles, \(report.overview.clusters) stories, "
                               + "\(report.overview.talkingPoints) talking points, \(html.utf8.count / 1024) KB)\n") }
    }
}
