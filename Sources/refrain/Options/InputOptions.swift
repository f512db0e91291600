import ArgumentParser
import Refrain

/// Where articles come from and how they are read.
struct InputOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Files or folders of articles (.txt, .md, .jsonl, .csv); - reads JSONL from standard input.",
                                 valueName: "inputs"))
    var inputs: [String] = []

    @Option(help: "CSV column holding the article text (default: a column named text, body, content or article).")
    var textColumn: String?

    @Option(help: "CSV column holding the document id.")
    var idColumn: String?

    @Option(help: "CSV column holding the title.")
    var titleColumn: String?

    @Option(help: "CSV column holding the date.")
    var dateColumn: String?

    @Flag(help: "Keep web furniture (menus, share buttons, comment forms): read the text exactly as given.")
    var raw = false

    func validate() throws {
        guard !inputs.isEmpty else {
            throw ValidationError("no inputs; name files or folders of articles, e.g. `refrain vectorize seeds/`")
        }
    }

    /// Loads and cleans the corpus on up to `threads` threads (`nil`: every
    /// core), or fails with a bad-input error.
    func load(threads: Int?) throws(RefrainFailure) -> LoadedCorpus {
        var options = CorpusLoadOptions()
        options.textColumn = textColumn
        options.idColumn = idColumn
        options.titleColumn = titleColumn
        options.dateColumn = dateColumn
        options.clean = !raw
        do {
            return try CorpusLoader(options: options, threads: threads).load(inputs)
        } catch {
            throw .input(error)
        }
    }
}
