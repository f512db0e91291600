/// Why a model file could not be read or written, in words a user can act on.
public enum ModelFileError: Error, Equatable, CustomStringConvertible {
    /// The file does not start with Refrain's magic bytes.
    case notAModel(path: String)
    /// The file was written by a newer Refrain with a format this one cannot read.
    case newerFormat(path: String, version: UInt32, writtenBy: String)
    /// The file ends before the header or a section does.
    case truncated(path: String)
    /// A section's stored length runs past the end of its data.
    case truncatedSection(String)
    /// A section's checksum does not match its bytes.
    case checksumMismatch(path: String, section: String)
    /// A required section is missing.
    case missingSection(path: String, section: String)
    /// A value inside a section is impossible (negative size, bad UTF-8, ...).
    case invalidValue(String, String)
    /// The file could not be read or written.
    case io(path: String, reason: String)

    public var description: String {
        switch self {
        case let .notAModel(path):
            return "\(path) is not a Refrain model file (wrong magic bytes); give a file written by `refrain fit -o`"
        case let .newerFormat(path, version, writtenBy):
            return "\(path) has model format \(version), written by Refrain \(writtenBy); this Refrain reads format \(ModelFile.formatVersion) — upgrade Refrain or refit the model"
        case let .truncated(path):
            return "\(path) is truncated (the file ends early); refit the model with `refrain fit`"
        case let .truncatedSection(section):
            return "model section \(section) is truncated or has an impossible size; the file is corrupt, refit it with `refrain fit`"
        case let .checksumMismatch(path, section):
            let part = section == "file" ? "the file's checksum does not match its contents" : "section \(section) fails its checksum"
            return "\(path): \(part); the file is corrupt, refit it with `refrain fit`"
        case let .missingSection(path, section):
            return "\(path) lacks the \(section) section; the file is incomplete, refit it with `refrain fit`"
        case let .invalidValue(section, detail):
            return "model section \(section) holds an impossible value (\(detail)); the file is corrupt, refit it with `refrain fit`"
        case let .io(path, reason):
            return "cannot access \(path): \(reason)"
        }
    }
}
