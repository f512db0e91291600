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

/// How much `refrain` says on standard error.
struct LoggingOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: "No progress and no warnings on standard error (errors are still printed).")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Print each stage's time and rate on standard error.")
    var verbose = false

    /// Progress for this run.
    var progress: StageProgress { StageProgress(quiet: quiet, verbose: verbose) }

    /// Prints warnings unless `--quiet`.
    func warn(_ warnings: [String]) {
        guard !quiet else { return }
        for warning in warnings { Terminal.standardError("refrain: warning: \(warning)\n") }
    }

}
