import ArgumentParser

/// Output formats.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// How results are printed.
struct OutputOptions: ParsableArguments {
    @Option(help: "Output format: text (aligned, for people) or json (a documented schema, for tools).")
    var format: OutputFormat = .text
}
