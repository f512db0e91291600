import ArgumentParser
import Refrain
import Reporting

/// `refrain near-duplicates`: pairs of documents sharing a near-duplicate passage.
struct NearDuplicatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "near-duplicates",
        abstract: "Find pairs of documents (or sentences, one per JSONL line) that share a near-duplicate passage.",
        discussion: """
        The matching stage of talking-points on its own, with no attribution: rare shared word shingles propose \
        candidates, local alignment over normalised words verifies them.

        Example:
          refrain near-duplicates seeds/
          refrain near-duplicates sentences.jsonl --threshold 0.7 --format json
        """
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var logging: LoggingOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "Passage similarity (0-1) a pair must reach.")
    var threshold: Double = 0.6

    @Option(help: "Threads (default: all cores). Results do not depend on it.")
    var threads: Int?

    func validate() throws {
        guard (0 ... 1).contains(threshold) else { throw ValidationError("--threshold must be between 0 and 1") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        let corpus = try input.load(threads: threads)
        let warnings = corpus.warnings.map(\.description)
        logging.warn(warnings)
        var configuration = NearDuplicateConfiguration(threshold: threshold)
        if let threads { configuration.threads = threads }
        let report = Pipeline.nearDuplicates(corpus.documents, configuration: configuration, warnings: warnings)
        switch output.format {
        case .csv: try output.requireTextOrJSON("refrain \(Self.configuration.commandName!)")
        case .text: Terminal.standardOutput(report.renderText(style: TextStyle(color: Terminal.colorEnabled)))
        case .json: Terminal.standardOutput(report.renderJSON())
        }
    }
}
