/// The result of loading: the documents in a deterministic order and what was repaired or skipped.
public struct LoadedCorpus: Sendable, Hashable {
    /// The documents, in input order (paths as given; folder contents sorted by path; records by line).
    public var documents: [Document]
    /// Problems that did not stop loading, in the order they were met.
    public var warnings: [CorpusWarning]

    /// Creates a loaded corpus.
    public init(documents: [Document], warnings: [CorpusWarning] = []) {
        self.documents = documents
        self.warnings = warnings
    }
}
