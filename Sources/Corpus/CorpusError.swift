/// Why a corpus could not be loaded.
///
/// Every case names the place (file, and line when it applies) and its
/// `description` says what is wrong and what to do about it, for example
/// `seeds/x.txt: the file is empty; remove it or add the article text`.
public enum CorpusError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A path given to the loader does not exist.
    case missingPath(String)
    /// A file exists but could not be read (permissions, I/O error); `reason` is the system's message.
    case unreadableFile(path: String, reason: String)
    /// A file is empty or holds only whitespace.
    case emptyFile(path: String)
    /// A file looks binary: it holds NUL bytes or mostly control bytes.
    case binaryFile(path: String)
    /// A JSONL line is not a JSON object with a string `text` field.
    case malformedJSONLine(path: String, line: Int, problem: JSONLineProblem)
    /// A CSV file has no column for a role (`"text"`, or a column named in the options).
    /// `requested` is the name asked for, or `nil` when auto-detection found nothing.
    case missingCSVColumn(path: String, role: String, requested: String?, columns: [String])
    /// A CSV record has a different number of fields than the header.
    case csvFieldCount(path: String, line: Int, expected: Int, found: Int)
    /// A quoted CSV field starting on `line` is never closed.
    case unterminatedCSVQuote(path: String, line: Int)
    /// A CSV file has a header row but no records.
    case csvWithoutRows(path: String)
    /// A folder holds no article files; `skipped` counts the other files seen in it.
    case folderWithoutArticles(path: String, skipped: Int)
    /// No paths were given, or none of them produced a document.
    case emptyCorpus
    /// A document has no text, either as given (`afterCleaning == false`) or once
    /// web furniture was removed (`afterCleaning == true`).
    case emptyDocument(id: String, origin: DocumentOrigin, afterCleaning: Bool)
    /// Two documents share an id.
    case duplicateID(id: String, first: DocumentOrigin, second: DocumentOrigin)

    /// A message naming the place, the problem and a remedy.
    public var description: String {
        switch self {
        case let .missingPath(path):
            return "\(path): no such file or folder; check the path"
        case let .unreadableFile(path, reason):
            return "\(path): the file could not be read (\(reason)); check its permissions"
        case let .emptyFile(path):
            return path == "-"
                ? "standard input is empty; pipe JSONL records into it or give files instead of '-'"
                : "\(path): the file is empty; remove it or add the article text"
        case let .binaryFile(path):
            return "\(path): the file looks binary (NUL or control bytes); give UTF-8 text, "
                + "JSONL or CSV (UTF-16 files need a byte-order mark), or remove it"
        case let .malformedJSONLine(path, line, problem):
            return "\(path):\(line): \(problem); each line must be one JSON object with a string \"text\" field"
        case let .missingCSVColumn(path, role, requested, columns):
            let has = columns.isEmpty ? "no columns" : "the columns " + columns.map { "\"\($0)\"" }.joined(separator: ", ")
            if let requested {
                return "\(path): there is no column \"\(requested)\" for the \(role); the file has \(has)"
            }
            return "\(path): no \(role) column was found; the file has \(has); "
                + "name the column \"\(role)\" or choose one with the \(role) column option"
        case let .csvFieldCount(path, line, expected, found):
            return "\(path):\(line): the record has \(found) field\(found == 1 ? "" : "s") but the header has \(expected); "
                + "quote fields that contain commas or line breaks"
        case let .unterminatedCSVQuote(path, line):
            return "\(path):\(line): the quoted field starting here is never closed; "
                + "end it with '\"' and double any quote inside it"
        case let .csvWithoutRows(path):
            return "\(path): the file has a header row but no records; add rows or remove the file"
        case let .folderWithoutArticles(path, skipped):
            let other = skipped == 0 ? "it is empty" : "\(skipped) other file\(skipped == 1 ? " was" : "s were") skipped"
            return "\(path): the folder contains no articles (.txt, .md, .jsonl or .csv files); \(other)"
        case .emptyCorpus:
            return "no documents were loaded; give .txt, .md, .jsonl or .csv files, folders containing them, or '-' for JSONL on standard input"
        case let .emptyDocument(id, origin, afterCleaning):
            if afterCleaning {
                return "\(origin): document \"\(id)\" has no text left after removing web furniture; "
                    + "check the article, or load without cleaning"
            }
            return "\(origin): document \"\(id)\" has no text; remove it or add the article text"
        case let .duplicateID(id, first, second):
            return "the document id \"\(id)\" is used twice, by \(first) and by \(second); rename one of them or give unique ids"
        }
    }
}
