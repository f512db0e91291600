import ArgumentParser
import Refrain
import Reporting

/// `refrain similar`: nearest articles, or all pairs above a threshold.
struct SimilarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "similar",
        abstract: "For each article, its most similar articles (cosine), or every pair above a threshold.",
        discussion: """
        Exact search: sparse TF-IDF rows through an inverted index, or dense vectors (LSA) in blocked GEMM tiles; \
        the path is chosen by size and density (--path forces one). Ties go to the earlier article.

        Example:
          refrain similar seeds/ --top 3
          refrain similar seeds/ --threshold 0.2 --format json
          refrain similar seeds/ --space lsa --dimensions 3
        """
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var logging: LoggingOptions
    @OptionGroup var vectorizer: VectorizerOptions
    @OptionGroup var spaceOptions: SpaceOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "Neighbours per article (default: 5, or all others in a smaller corpus).")
    var top: Int?

    @Option(help: "Instead of the top K, every pair with cosine similarity at or above T (0-1).")
    var threshold: Double?

    @Option(help: "Search path for TF-IDF: automatic, dense or sparse.")
    var path: SimilaritySearch.Path = .automatic

    @Option(help: "Find the nearest training articles of this model (written by `refrain fit`) instead of comparing the inputs with each other.")
    var model: String?

    func validate() throws {
        if let top, top < 1 { throw ValidationError("--top must be at least 1") }
        if let threshold, !(-1 ... 1).contains(threshold) { throw ValidationError("--threshold must be between -1 and 1") }
    }

    func run() throws {
        let corpus = try input.load(threads: vectorizer.threadCount)
        let warnings = corpus.warnings.map(\.description)
        logging.warn(warnings)
        let documents = corpus.documents
        if let model {
            let fitted = try loadModel(model)
            let report = Pipeline.similarToModel(documents, model: fitted, k: top ?? 5, threshold: threshold,
                                                 threads: vectorizer.threadCount, warnings: warnings)
            switch output.format {
            case .csv: try output.requireTextOrJSON("refrain similar")
            case .text: Terminal.standardOutput(report.renderText(style: TextStyle(color: Terminal.colorEnabled)))
            case .json: Terminal.standardOutput(try JSONRendering.render(report))
            }
            return
        }
        let top = self.top ?? max(1, min(5, documents.count - 1))
        if threshold == nil && top > documents.count - 1 {
            throw RefrainFailure("--top \(top) but there are only \(documents.count) documents (\(documents.count - 1) others each); "
                                 + "use --top \(max(1, documents.count - 1)) or less", exitCode: .usage)
        }
        let space = try spaceOptions.build(documents, vectorizer: vectorizer)
        let report: SimilarityReport
        do {
            report = try Pipeline.similar(space, k: top, threshold: threshold, path: path, threads: vectorizer.threadCount, warnings: warnings)
        } catch {
            throw RefrainFailure(error.description, exitCode: .internalError)
        }
        switch output.format {
        case .csv: try output.requireTextOrJSON("refrain \(Self.configuration.commandName!)")
        case .text: Terminal.standardOutput(report.renderText(style: TextStyle(color: Terminal.colorEnabled)))
        case .json: Terminal.standardOutput(try JSONRendering.render(report))
        }
    }
}
