/// Why vectorizing failed, in words a user can act on.
public enum VectorizationError: Error, Equatable, CustomStringConvertible {
    /// No document produced a single feature.
    case emptyVocabulary
    /// Document-frequency or feature limits removed every term.
    case noTermsAfterPruning
    /// `maxDF` allows fewer documents than `minDF` requires.
    case maxDFBelowMinDF(maxDocuments: Double, minDocuments: Double)
    /// An option is out of range.
    case invalidConfiguration(String)
    /// There were no documents at all.
    case noDocuments

    public var description: String {
        switch self {
        case .emptyVocabulary:
            return "empty vocabulary; perhaps every document contained only stop words, punctuation or one-letter words"
        case .noTermsAfterPruning:
            return "after applying min-df/max-df/max-features no terms remain; try a lower --min-df or a higher --max-df"
        case let .maxDFBelowMinDF(maxDocuments, minDocuments):
            return "max-df allows at most \(maxDocuments) documents but min-df requires at least \(minDocuments); raise --max-df or lower --min-df"
        case let .invalidConfiguration(message):
            return message
        case .noDocuments:
            return "no documents to vectorize"
        }
    }
}
