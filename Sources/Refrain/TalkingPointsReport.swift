/// What `refrain talking-points` reports. A report model; the JSON field names
/// are a documented contract (see the README).
public struct TalkingPointsReport: Sendable, Codable, Equatable {
    /// Number of documents read.
    public var documents: Int
    /// Number of statements (sentences) considered.
    public var statements: Int
    /// Statements attributed to a named speaker.
    public var attributedStatements: Int
    /// Distinct named speakers found.
    public var speakers: [String]
    /// Cross-speaker talking points, best first.
    public var talkingPoints: [TalkingPoint]
    /// Lines repeated by a single speaker or within one article.
    public var repeats: [TalkingPoint]
    /// Input problems that did not stop the run.
    public var warnings: [String]

    /// Creates a report.
    public init(documents: Int, statements: Int, attributedStatements: Int, speakers: [String],
                talkingPoints: [TalkingPoint], repeats: [TalkingPoint], warnings: [String]) {
        self.documents = documents
        self.statements = statements
        self.attributedStatements = attributedStatements
        self.speakers = speakers
        self.talkingPoints = talkingPoints
        self.repeats = repeats
        self.warnings = warnings
    }
}

extension Pipeline {
    /// Attributes every sentence and finds the talking points.
    public static func talkingPoints(_ documents: [Document], configuration: TalkingPointConfiguration,
                                     warnings: [String] = []) -> TalkingPointsReport {
        let statements = SpeakerAttributor().statements(in: documents)
        let analysis = TalkingPointFinder(configuration: configuration).analyze(statements)
        var speakers: [String] = []
        for s in statements { if let name = s.speaker, !speakers.contains(name) { speakers.append(name) } }
        return TalkingPointsReport(documents: documents.count, statements: statements.count,
                                   attributedStatements: statements.filter { $0.speaker != nil }.count, speakers: speakers,
                                   talkingPoints: analysis.talkingPoints, repeats: analysis.repeats, warnings: warnings)
    }
}
