import ArgumentParser

/// Output formats.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, csv
}

/// How results are printed.
struct OutputOptions: ParsableArguments {
    @Option(help: "Output format: text (aligned, for people), json (a documented schema, for tools), or csv where a command supports it.")
    var format: OutputFormat = .text

    /// Rejects `csv` for commands without a CSV form.
    func requireTextOrJSON(_ command: String) throws(RefrainFailure) {
        if format == .csv {
            throw RefrainFailure("\(command) has no CSV output; use --format text or --format json", exitCode: .usage)
        }
    }
}
