import ArgumentParser
import Refrain
import Reporting

/// `refrain talking-points`: lines repeated across speakers.
struct TalkingPointsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "talking-points",
        abstract: "Find the lines officials repeat: who said which line, in which articles, and who said it first.",
        discussion: """
        Every sentence is attributed (quote, reported speech or narration, and the speaker); passages that \
        several statements share are matched by local alignment over normalised words and grouped by average \
        linkage. Talking points repeated by at least --min-speakers named speakers in at least --min-documents \
        articles come first; lines repeated by one speaker or inside one article follow.

        Example:
          refrain talking-points seeds/
          refrain talking-points seeds/ --quoted-only --format json
        """
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var logging: LoggingOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "Fewest distinct named speakers for a talking point.")
    var minSpeakers: Int = 2

    @Option(help: "Fewest articles for a talking point.")
    var minDocuments: Int = 2

    @Option(help: "Passage similarity (0-1) two sentences must reach to share a talking point.")
    var threshold: Double = 0.6

    @Flag(help: "Use only quotations and reported speech, not the writer's own sentences.")
    var quotedOnly = false

    @Flag(help: "Leave out lines repeated by a single speaker or within one article.")
    var noRepeats = false

    @Option(help: "Threads (default: all cores). Results do not depend on it.")
    var threads: Int?

    func validate() throws {
        guard minSpeakers >= 1 else { throw ValidationError("--min-speakers must be at least 1") }
        guard minDocuments >= 1 else { throw ValidationError("--min-documents must be at least 1") }
        guard (0 ... 1).contains(threshold) else { throw ValidationError("--threshold must be between 0 and 1") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        let corpus = try input.load(threads: threads)
        let warnings = corpus.warnings.map(\.description)
        logging.warn(warnings)
        var nearDuplicates = NearDuplicateConfiguration(threshold: threshold)
        if let threads { nearDuplicates.threads = threads }
        let configuration = TalkingPointConfiguration(nearDuplicates: nearDuplicates, minimumSpeakers: minSpeakers,
                                                      minimumDocuments: minDocuments, quotedOnly: quotedOnly)
        var report = logging.progress.stage("finding talking points in", count: corpus.documents.count, unit: "documents") {
            Pipeline.talkingPoints(corpus.documents, configuration: configuration, warnings: warnings)
        }
        if noRepeats { report.repeats = [] }
        switch output.format {
        case .csv: try output.requireTextOrJSON("refrain \(Self.configuration.commandName!)")
        case .text: Terminal.standardOutput(report.renderText(style: TextStyle(color: Terminal.colorEnabled), showRepeats: !noRepeats))
        case .json: Terminal.standardOutput(try JSONRendering.render(report))
        }
    }
}
