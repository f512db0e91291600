import ArgumentParser
import Refrain
import Reporting

/// `refrain phrases`: word sequences repeated across documents.
struct PhrasesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "phrases",
        abstract: "List the longest word sequences that several articles share, with where they occur.",
        discussion: """
        Exact: every maximal repeated sequence of at least --min-length words that occurs in at least \
        --min-documents articles, within sentences. Phrases of stop words only are left out.

        Example:
          refrain phrases seeds/
          refrain phrases seeds/ --min-length 3 --format json
        """
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var logging: LoggingOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "Shortest phrase, in words.")
    var minLength: Int = 4

    @Option(help: "Fewest articles a phrase must occur in.")
    var minDocuments: Int = 2

    @Option(help: "Show at most this many phrases (0: all).")
    var top: Int = 50

    func validate() throws {
        guard minLength >= 1 else { throw ValidationError("--min-length must be at least 1") }
        guard minDocuments >= 1 else { throw ValidationError("--min-documents must be at least 1") }
        guard top >= 0 else { throw ValidationError("--top must be 0 or more") }
    }

    func run() throws {
        let corpus = try input.load(threads: nil)
        let warnings = corpus.warnings.map(\.description)
        logging.warn(warnings)
        if minDocuments > corpus.documents.count {
            throw RefrainFailure("--min-documents \(minDocuments) is more than the \(corpus.documents.count) documents read; lower it",
                                 exitCode: .usage)
        }
        var phrases = RecurringPhraseFinder(minimumLength: minLength, minimumDocuments: minDocuments).phrases(in: corpus.documents)
        if top > 0 { phrases = Array(phrases.prefix(top)) }
        let report = PhrasesReport(documents: corpus.documents.count, minimumLength: minLength, minimumDocuments: minDocuments,
                                   phrases: phrases, warnings: warnings)
        switch output.format {
        case .csv: try output.requireTextOrJSON("refrain \(Self.configuration.commandName!)")
        case .text: Terminal.standardOutput(report.renderText(style: TextStyle(color: Terminal.colorEnabled)))
        case .json: Terminal.standardOutput(try JSONRendering.render(report))
        }
    }
}
