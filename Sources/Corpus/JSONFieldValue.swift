/// A top-level field of a JSONL record. Strings are decoded only for the keys
/// asked for; nested arrays and objects are validated but not kept.
enum JSONFieldValue: Equatable {
    /// A string's UTF-8 bytes, escapes resolved (empty when not decoded).
    case string([UInt8])
    case number(String)
    case bool(Bool)
    case null
    case array
    case object

    /// The JSON type with an article, for messages: `a number`, `an array`.
    var typeName: String {
        switch self {
        case .string: return "a string"
        case .number: return "a number"
        case .bool: return "a boolean"
        case .null: return "null"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}
