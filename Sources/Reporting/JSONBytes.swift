/// JSON text as it is written, in `JSONEncoder`'s pretty-printed form.
struct JSONBytes {
    var bytes: [UInt8] = []

    mutating func append(_ text: String) { bytes.append(contentsOf: text.utf8) }

    /// `text` (pretty-printed JSON from `JSONEncoder`) nested `levels` deep:
    /// every line but the first indented by two spaces per level; empty lines
    /// (of empty arrays) stay empty, as `JSONEncoder` writes them.
    mutating func append(nested text: String, levels: Int) {
        let indent = [UInt8](repeating: UInt8(ascii: " "), count: 2 * levels)
        var previous: UInt8 = 0
        for b in text.utf8 {
            if previous == 0x0A && b != 0x0A { bytes.append(contentsOf: indent) }
            bytes.append(b)
            previous = b
        }
    }

    /// A report's last member, `"warnings"` (a list of strings), then the
    /// closing brace of the report and a newline.
    mutating func appendWarningsAndClose(_ warnings: [String]) {
        append(",\n  \"warnings\" : [")
        for (k, warning) in warnings.enumerated() {
            append(k == 0 ? "\n    " : ",\n    ")
            append(string: warning)
        }
        append(warnings.isEmpty ? "\n\n  ]\n}\n" : "\n  ]\n}\n")
    }

    /// A pair member at the indentation of a pair's fields, followed by ",\n".
    mutating func field(_ key: String, string value: String) {
        append("      \"")
        append(key)
        append("\" : ")
        append(string: value)
        append(",\n")
    }

    /// An array of integers as a pair member, one per line, followed by ",\n".
    mutating func field(_ key: String, integers: [Int]) {
        append("      \"")
        append(key)
        append("\" : [")
        for (k, value) in integers.enumerated() {
            append(k == 0 ? "\n        " : ",\n        ")
            append(value.description)
        }
        append(integers.isEmpty ? "\n\n      ],\n" : "\n      ],\n")
    }

    /// A double as `JSONEncoder` writes it: Swift's shortest description, without a trailing ".0".
    mutating func append(number: Double) {
        let text = number.description
        append(text.hasSuffix(".0") ? String(text.dropLast(2)) : text)
    }

    /// A quoted string: `"` and `\` escaped, control characters as `\b \t \n \f \r` or `\u00XX`, all else as is.
    mutating func append(string: String) {
        bytes.append(UInt8(ascii: "\""))
        let needsEscapes = string.utf8.withContiguousStorageIfAvailable { utf8 in
            utf8.contains { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }
        } ?? true
        if needsEscapes {
            for b in string.utf8 { appendEscaped(b) }
        } else {
            bytes.append(contentsOf: string.utf8)
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func appendEscaped(_ b: UInt8) {
        switch b {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\")); bytes.append(b)
        case 0x08: append("\\b")
        case 0x09: append("\\t")
        case 0x0A: append("\\n")
        case 0x0C: append("\\f")
        case 0x0D: append("\\r")
        case 0 ..< 0x20:
            let hex = Array("0123456789abcdef".utf8)
            append("\\u00")
            bytes.append(hex[Int(b >> 4)])
            bytes.append(hex[Int(b & 0xF)])
        default: bytes.append(b)
        }
    }
}
