import ArgumentParser
import Refrain

/// The `refrain` command: finds what officials keep repeating.
struct RefrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refrain",
        abstract: "Find which stories a pile of news articles tells, and which talking points officials repeat.",
        discussion: """
        Inputs are files or folders of articles: .txt/.md (one article per file), .jsonl (one JSON object \
        per line with a "text" field), .csv (a header row and a text column), or - for JSONL on standard input.

        Exit codes: 0 success, 1 wrong usage or options, 2 bad input data, 3 internal error.
        """,
        version: refrainVersion,
        subcommands: [ReportCommand.self, FitCommand.self, AssignCommand.self, UpdateCommand.self, ClusterCommand.self, VectorizeCommand.self, SimilarCommand.self, TalkingPointsCommand.self, PhrasesCommand.self, NearDuplicatesCommand.self, BenchCommand.self, InfoCommand.self]
    )
}
