import Foundation

/// Renders report models as JSON: pretty-printed, keys sorted, slashes
/// unescaped, so output is stable byte for byte for the same input.
public enum JSONRendering {
    /// The JSON text of `value`, ending with a newline.
    public static func render<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
