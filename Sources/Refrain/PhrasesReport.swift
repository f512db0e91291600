/// What `refrain phrases` reports: recurring word sequences, best first.
/// A report model (see the README for the JSON schema).
public struct PhrasesReport: Sendable, Codable, Equatable {
    /// Number of documents searched.
    public var documents: Int
    /// Shortest phrase length searched for, in tokens.
    public var minimumLength: Int
    /// Fewest documents a phrase had to occur in.
    public var minimumDocuments: Int
    /// The phrases, best first.
    public var phrases: [RecurringPhrase]
    /// Input problems that did not stop the run.
    public var warnings: [String]

    /// Creates a report.
    public init(documents: Int, minimumLength: Int, minimumDocuments: Int, phrases: [RecurringPhrase], warnings: [String]) {
        self.documents = documents
        self.minimumLength = minimumLength
        self.minimumDocuments = minimumDocuments
        self.phrases = phrases
        self.warnings = warnings
    }
}
