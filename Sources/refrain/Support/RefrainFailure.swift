import Refrain

/// The process exit codes `refrain` documents.
enum RefrainExitCode: Int32 {
    /// Success.
    case success = 0
    /// Wrong usage: unknown or conflicting options, out-of-range values.
    case usage = 1
    /// The input data could not be used: missing, empty, binary or malformed files.
    case badInput = 2
    /// A bug or an environment failure (cannot write output, ...).
    case internalError = 3
}

/// An error on its way to the user: the message and the exit code.
struct RefrainFailure: Error {
    let message: String
    let exitCode: RefrainExitCode

    init(_ message: String, exitCode: RefrainExitCode) {
        self.message = message
        self.exitCode = exitCode
    }

    /// Bad input data.
    static func input(_ error: CorpusError) -> RefrainFailure {
        RefrainFailure(error.description, exitCode: .badInput)
    }

    /// Clustering failed: impossible k or sizes are usage errors, the rest data or internal problems.
    static func clustering(_ error: ClusteringError) -> RefrainFailure {
        switch error {
        case .invalidClusterCount, .invalidConfiguration, .distanceMatrixTooLarge:
            return RefrainFailure(error.description, exitCode: .usage)
        case .noDocuments, .nonFiniteValue:
            return RefrainFailure(error.description, exitCode: .badInput)
        default:
            return RefrainFailure(error.description, exitCode: .internalError)
        }
    }

    /// Vectorizing failed: configuration problems are usage errors, the rest are data problems.
    static func vectorization(_ error: VectorizationError) -> RefrainFailure {
        switch error {
        case .invalidConfiguration, .maxDFBelowMinDF:
            return RefrainFailure(error.description, exitCode: .usage)
        default:
            return RefrainFailure(error.description, exitCode: .badInput)
        }
    }
}
