import ArgumentParser
import Foundation
import Refrain
import Reporting

/// `refrain assign`: place new articles in a fitted model's stories.
struct AssignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assign",
        abstract: "Place new articles: their story (or novel), the known talking points they repeat, and new ones among them.",
        discussion: """
        An article is novel when its cosine similarity to the nearest cluster centroid is below that cluster's \
        threshold (mean minus two standard deviations of the training members' similarities; --novelty-threshold \
        sets one for all). Terms the model never saw are ignored and counted.

        Example:
          refrain fit seeds/000_303b219f81cd2809.txt seeds/002_6a712dde6b80fa73.txt seeds/003_dca4b852737c43f0.txt -o news.refrain --k 2
          refrain assign --model news.refrain seeds/001_256b186bb6b1ee91.txt seeds/004_c4efdb73b0280a1f.txt
        """
    )

    @Option(help: "The model file written by `refrain fit`.")
    var model: String

    @OptionGroup var input: InputOptions
    @OptionGroup var logging: LoggingOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "Cosine similarity below which an article is novel, for every cluster (default: each cluster's own).")
    var noveltyThreshold: Double?

    @Option(help: "Threads (default: all cores).")
    var threads: Int?

    @Flag(help: "Skip the search for new talking points among the articles (the slowest step): place them and match known talking points only.")
    var noNewTalkingPoints = false

    @Flag(help: "Place the articles only: no attribution and no talking points, known or new (every talking-point list stays empty).")
    var noTalkingPoints = false

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if let noveltyThreshold, !(-1 ... 1).contains(noveltyThreshold) {
            throw ValidationError("--novelty-threshold is a cosine similarity between -1 and 1")
        }
    }

    func run() throws {
        let progress = logging.progress
        let threadCount = threads ?? Parallel.availableCores
        let (placer, corpus, statements) = try loadModelAndArticles(model, input, threads: threadCount, attributing: !noTalkingPoints,
                                                                     progress: progress)
        let warnings = corpus.warnings.map(\.description)
        logging.warn(warnings)
        let report = Pipeline.assign(corpus.documents, statements: statements, placer: placer, noveltyThreshold: noveltyThreshold,
                                     threads: threadCount, discoverNewTalkingPoints: !noNewTalkingPoints,
                                     matchTalkingPoints: !noTalkingPoints,
                                     warnings: warnings) { name, count, unit, body in
            progress.stage(name, count: count, unit: unit, body)
        }
        try withExtendedLifetime((placer, corpus, statements, report)) {
            switch output.format {
            case .json: Terminal.standardOutput(try report.renderJSON())
            case .csv: Terminal.standardOutput(report.renderCSV())
            case .text: Terminal.standardOutput(report.renderText(style: TextStyle(color: Terminal.colorEnabled)))
            }
            // The report is out: end here rather than free the model, the
            // articles and their hundreds of thousands of statements one
            // allocation at a time (tens of milliseconds the kernel does
            // at once).
            Terminal.exitWithoutTeardown()
        }
    }
}

/// Loads the model and prepares it for placing while it reads the articles
/// and, when `attributing`, finds who says what in them (the two do not
/// depend on each other), reporting each step's time with `--verbose`.
private func loadModelAndArticles(_ path: String, _ input: InputOptions, threads: Int, attributing: Bool,
                                  progress: StageProgress) throws(RefrainFailure) -> (ArticlePlacer, LoadedCorpus, [Statement]) {
    @Sendable func timed<T>(_ body: () -> T) -> (T, seconds: Double) {
        let start = DispatchTime.now().uptimeNanoseconds
        let value = body()
        return (value, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    let inputs = input
    // One thread for the preparation: the articles are read and attributed on the others meanwhile.
    let modelJob = { @Sendable in timed { Result { () throws(RefrainFailure) in ArticlePlacer(try loadModel(path), threads: 1) } } }
    let articleJob = {
        let articles = timed { Result { () throws(RefrainFailure) in try inputs.load(threads: threads) } }
        let documents = (try? articles.0.get())?.documents ?? []
        return (articles, timed { attributing ? SpeakerAttributor().statements(in: documents, threads: threads) : [] })
    }
    let (model, (articles, statements)) = threads > 1 ? Parallel.pair(modelJob, articleJob) : (modelJob(), articleJob())
    progress.report("loading", count: 1, unit: "models", seconds: model.seconds)
    progress.report("reading", count: input.inputs.count, unit: "inputs", seconds: articles.seconds)
    let fitted = try model.0.get()
    let corpus = try articles.0.get()
    if attributing {
        progress.report("attributing", count: corpus.documents.count, unit: "documents", seconds: statements.seconds)
    }
    return (fitted, corpus, statements.0)
}

/// `refrain update`: add articles to a model.
struct UpdateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Add articles to a model: existing stories keep their ids, novel articles that group together form new stories.",
        discussion: """
        Documents are keyed by id and content hash: updating twice with the same articles changes nothing. \
        Document frequencies and IDF grow with the new articles; the vocabulary stays as fitted, so refit when \
        many new terms appear (the command says so).

        Example:
          refrain update --model news.refrain seeds/
        """
    )

    @Option(help: "The model file to update (rewritten atomically unless -o names another).")
    var model: String

    @OptionGroup var input: InputOptions
    @OptionGroup var logging: LoggingOptions
    @OptionGroup var output: OutputOptions

    @Option(name: [.customShort("o"), .customLong("output")], help: "Write the updated model here instead of over --model.")
    var outputPath: String?

    @Option(help: "Threads (default: all cores).")
    var threads: Int?

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        try output.requireTextOrJSON("refrain update")
        let fitted = try loadModel(model)
        let corpus = try input.load(threads: threads)
        logging.warn(corpus.warnings.map(\.description))
        let updated: RefrainModel
        let report: UpdateReport
        do {
            (updated, report) = try Pipeline.update(fitted, with: corpus.documents, threads: threads ?? Parallel.availableCores)
        } catch {
            throw RefrainFailure(error.description, exitCode: .internalError)
        }
        for id in report.conflicts where !logging.quiet {
            Terminal.standardError("refrain: warning: \(id) is already in the model with different text; skipped (refit to change it)\n")
        }
        if !report.added.isEmpty || outputPath != nil { try writeModel(updated, to: outputPath ?? model) }
        switch output.format {
        case .json: Terminal.standardOutput(try JSONRendering.render(report))
        default:
            var lines = ["added \(report.added.count), unchanged \(report.unchanged.count), conflicts \(report.conflicts.count); "
                + "\(report.assignedToExisting) placed in existing stories, \(report.newClusters.count) new stories, "
                + "\(report.novel.count) left novel, \(report.talkingPointInstancesAdded) talking-point uses added; "
                + "model now holds \(report.documents) documents"]
            if let advice = report.advice { lines.append("note: \(advice)") }
            Terminal.standardOutput(lines.joined(separator: "\n") + "\n")
        }
    }
}
