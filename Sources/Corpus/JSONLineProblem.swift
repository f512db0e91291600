/// What is wrong with one JSONL line.
public enum JSONLineProblem: Error, Sendable, Hashable, CustomStringConvertible {
    /// The line is not valid JSON; the detail says where (`column` is a 1-based byte column).
    case notJSON(String)
    /// The line is valid JSON but not an object; `found` names the JSON type.
    case notAnObject(found: String)
    /// The object has no `text` field.
    case missingText
    /// The `text` field is not a string; `found` names the JSON type.
    case textNotString(found: String)

    /// A short phrase such as `not JSON: expected ':' at column 12`.
    public var description: String {
        switch self {
        case let .notJSON(detail): return "not JSON: \(detail)"
        case let .notAnObject(found): return "not a JSON object (found \(found))"
        case .missingText: return "the object has no \"text\" field"
        case let .textNotString(found): return "the \"text\" field is \(found), not a string"
        }
    }
}
