import ArgumentParser
import Foundation
import Refrain
import Reporting

/// `refrain vectorize`: TF-IDF vectors of a corpus, summarised.
struct VectorizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vectorize",
        abstract: "Build TF-IDF vectors and show each article's strongest terms.",
        discussion: """
        Example:
          refrain vectorize seeds/
          refrain vectorize seeds/ --ngram-range 1,2 --top 5 --format json

        With --analyzer word and the scikit-learn options, the weights equal scikit-learn's TfidfVectorizer.
        """
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var logging: LoggingOptions
    @OptionGroup var vectorizer: VectorizerOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "Terms to show per document (0: none).")
    var top: Int = 10

    @Flag(help: "Print stage timings as one JSON line on standard error.")
    var timings = false

    func validate() throws {
        guard top >= 0 else { throw ValidationError("--top must be 0 or more") }
    }

    func run() throws {
        let clock = ContinuousClock()
        let loadStart = clock.now
        let corpus = try input.load(threads: vectorizer.threadCount)
        let loadSeconds = (clock.now - loadStart).seconds
        let configuration = try vectorizer.configuration()
        let warnings = corpus.warnings.map(\.description)
        logging.warn(warnings)
        let run: (report: VectorizationReport, result: TfidfFitResult<Double>, seconds: Double)
        do {
            run = try Pipeline.vectorize(corpus.documents, configuration: configuration, threads: vectorizer.threadCount,
                                         topK: top, warnings: warnings)
        } catch {
            throw RefrainFailure.vectorization(error)
        }
        switch output.format {
        case .csv: try output.requireTextOrJSON("refrain \(Self.configuration.commandName!)")
        case .text: Terminal.standardOutput(run.report.renderText(style: TextStyle(color: Terminal.colorEnabled)))
        case .json: Terminal.standardOutput(try JSONRendering.render(run.report))
        }
        if timings {
            let bytes = corpus.documents.reduce(0) { $0 + $1.fullText.utf8.count }
            let line = "{\"loadSeconds\": \(loadSeconds), \"vectorizeSeconds\": \(run.seconds), \"bytes\": \(bytes), "
                + "\"documents\": \(corpus.documents.count), \"vocabulary\": \(run.report.vocabularySize), "
                + "\"nonZeros\": \(run.report.nonZeros), \"threads\": \(vectorizer.threadCount)}\n"
            Terminal.standardError(line)
        }
    }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) / 1e18
    }
}
