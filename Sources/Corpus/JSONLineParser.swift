/// Parses one JSONL line as a JSON object (RFC 8259), iteratively so that deep
/// nesting cannot exhaust the stack. Bytes must be valid UTF-8.
///
/// - Complexity: O(n) in the line length.
struct JSONLineParser {
    private let s: ArraySlice<UInt8>
    private var i: Int

    private init(_ line: ArraySlice<UInt8>) {
        s = line
        i = line.startIndex
    }

    /// The object's fields; string values are decoded for the keys in `keys` only.
    static func object(_ line: ArraySlice<UInt8>, keys: Set<String>) throws(JSONLineProblem) -> [String: JSONFieldValue] {
        var parser = JSONLineParser(line)
        return try parser.parseTopLevel(keys: keys)
    }

    // MARK: - Structure

    private func column(_ at: Int) -> Int { at - s.startIndex + 1 }

    private func describe(_ at: Int) -> String {
        guard at < s.endIndex else { return "the end of the line" }
        let b = s[at]
        if b >= 0x21 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))' at column \(column(at))" }
        return "byte 0x\(String(b, radix: 16, uppercase: true)) at column \(column(at))"
    }

    private mutating func skipSpace() {
        while i < s.endIndex, s[i] == 0x20 || s[i] == 0x09 || s[i] == 0x0D || s[i] == 0x0A { i += 1 }
    }

    private mutating func parseTopLevel(keys: Set<String>) throws(JSONLineProblem) -> [String: JSONFieldValue] {
        skipSpace()
        guard i < s.endIndex else { throw .notJSON("the line is empty") }
        guard s[i] == 0x7B else {
            let value = try skipValue()
            skipSpace()
            if i < s.endIndex { throw .notJSON("unexpected \(describe(i)) after the value") }
            throw .notAnObject(found: value.typeName)
        }
        i += 1
        var fields: [String: JSONFieldValue] = [:]
        skipSpace()
        if i < s.endIndex, s[i] == 0x7D {
            i += 1
        } else {
            while true {
                skipSpace()
                guard i < s.endIndex, s[i] == 0x22 else { throw .notJSON("expected a quoted key, found \(describe(i))") }
                let key = try parseString()
                skipSpace()
                guard i < s.endIndex, s[i] == 0x3A else { throw .notJSON("expected ':' after the key \"\(key)\", found \(describe(i))") }
                i += 1
                skipSpace()
                if i < s.endIndex, s[i] == 0x22, keys.contains(key) {
                    fields[key] = .string(try parseStringBytes())
                } else {
                    fields[key] = try skipValue()
                }
                skipSpace()
                guard i < s.endIndex else { throw .notJSON("the object is not closed; a '}' is missing at the end of the line") }
                if s[i] == 0x2C { i += 1; continue }
                if s[i] == 0x7D { i += 1; break }
                throw .notJSON("expected ',' or '}', found \(describe(i))")
            }
        }
        skipSpace()
        if i < s.endIndex { throw .notJSON("unexpected \(describe(i)) after the object (one object per line)") }
        return fields
    }

    /// Skips one value; scalars are returned (strings undecoded as `""`), containers as `.array`/`.object`.
    private mutating func skipValue() throws(JSONLineProblem) -> JSONFieldValue {
        guard i < s.endIndex else { throw .notJSON("expected a value, found the end of the line") }
        switch s[i] {
        case 0x22:
            try skipString()
            return .string([])
        case 0x7B:
            try skipContainer()
            return .object
        case 0x5B:
            try skipContainer()
            return .array
        case 0x2D, 0x30 ... 0x39:
            return .number(try parseNumber())
        case 0x74:
            try literal("true")
            return .bool(true)
        case 0x66:
            try literal("false")
            return .bool(false)
        case 0x6E:
            try literal("null")
            return .null
        default:
            throw .notJSON("unexpected \(describe(i))")
        }
    }

    private enum Expect { case keyOrClose, key, colon, valueOrClose, value, commaOrClose }

    /// Validates a nested array or object with an explicit stack.
    private mutating func skipContainer() throws(JSONLineProblem) {
        var closers: [UInt8] = []
        var state = Expect.value
        while true {
            skipSpace()
            guard i < s.endIndex else {
                throw .notJSON("unexpected end of the line; a '\(Character(Unicode.Scalar(closers.last ?? 0x7D)))' is missing")
            }
            let b = s[i]
            var closed = false
            switch state {
            case .keyOrClose, .key:
                if b == 0x7D && state == .keyOrClose {
                    closed = true
                } else if b == 0x22 {
                    try skipString()
                    state = .colon
                } else {
                    throw .notJSON("expected a quoted key, found \(describe(i))")
                }
            case .colon:
                guard b == 0x3A else { throw .notJSON("expected ':', found \(describe(i))") }
                i += 1
                state = .value
            case .valueOrClose, .value:
                if b == 0x5D && state == .valueOrClose {
                    closed = true
                } else if b == 0x7B {
                    closers.append(0x7D)
                    i += 1
                    state = .keyOrClose
                } else if b == 0x5B {
                    closers.append(0x5D)
                    i += 1
                    state = .valueOrClose
                } else {
                    _ = try skipValue()
                    state = .commaOrClose
                }
            case .commaOrClose:
                if b == 0x2C {
                    i += 1
                    state = closers.last == 0x7D ? .key : .value
                } else if b == closers.last {
                    closed = true
                } else {
                    throw .notJSON("expected ',' or '\(Character(Unicode.Scalar(closers.last ?? 0x7D)))', found \(describe(i))")
                }
            }
            if closed {
                i += 1
                closers.removeLast()
                if closers.isEmpty { return }
                state = .commaOrClose
            }
        }
    }

    // MARK: - Scalars

    private mutating func literal(_ word: StaticString) throws(JSONLineProblem) {
        let start = i
        var k = 0
        let count = word.utf8CodeUnitCount
        while k < count {
            let expected = word.withUTF8Buffer { $0[k] }
            guard i < s.endIndex, s[i] == expected else { throw .notJSON("unexpected \(describe(start))") }
            i += 1
            k += 1
        }
    }

    private mutating func parseNumber() throws(JSONLineProblem) -> String {
        let start = i
        func digits(_ p: inout Int) -> Int {
            let from = p
            while p < s.endIndex, UTF8Scanning.isDigit(s[p]) { p += 1 }
            return p - from
        }
        if s[i] == 0x2D { i += 1 }
        guard i < s.endIndex, UTF8Scanning.isDigit(s[i]) else { throw .notJSON("invalid number at column \(column(start))") }
        if s[i] == 0x30 { i += 1 } else { _ = digits(&i) }
        if i < s.endIndex, s[i] == 0x2E {
            i += 1
            guard digits(&i) > 0 else { throw .notJSON("invalid number at column \(column(start))") }
        }
        if i < s.endIndex, s[i] == 0x65 || s[i] == 0x45 {
            i += 1
            if i < s.endIndex, s[i] == 0x2B || s[i] == 0x2D { i += 1 }
            guard digits(&i) > 0 else { throw .notJSON("invalid number at column \(column(start))") }
        }
        return String(decoding: s[start ..< i], as: UTF8.self)
    }

    private mutating func skipString() throws(JSONLineProblem) {
        let open = i
        guard let end = stringEnd(from: open + 1) else {
            throw .notJSON("the string starting at column \(column(open)) is not closed")
        }
        i = end + 1
    }

    /// The index of the closing `"` of a string, scanning from `p` (inside the
    /// string, not in the middle of an escape), or `nil` when the line ends first.
    private func stringEnd(from p: Int) -> Int? {
        var p = p
        while true {
            p = ByteSearch.firstQuoteOrBackslash(in: s, from: p)
            guard p < s.endIndex else { return nil }
            if s[p] == 0x22 { return p }
            p += 2
        }
    }

    private func hex4(at p: Int) -> UInt32? {
        guard p + 4 <= s.endIndex else { return nil }
        var v: UInt32 = 0
        for k in p ..< p + 4 {
            let b = s[k]
            let d: UInt32
            switch b {
            case 0x30 ... 0x39: d = UInt32(b - 0x30)
            case 0x41 ... 0x46: d = UInt32(b - 0x41 + 10)
            case 0x61 ... 0x66: d = UInt32(b - 0x61 + 10)
            default: return nil
            }
            v = v << 4 | d
        }
        return v
    }

    /// Decodes the string at `i` (which is `"`).
    private mutating func parseString() throws(JSONLineProblem) -> String {
        String(decoding: try parseStringBytes(), as: UTF8.self)
    }

    /// The UTF-8 bytes of the string at `i` (which is `"`); escapes are resolved,
    /// unpaired surrogates become U+FFFD.
    private mutating func parseStringBytes() throws(JSONLineProblem) -> [UInt8] {
        let open = i
        i += 1
        let start = i
        i = ByteSearch.firstQuoteOrBackslash(in: s, from: i)
        if i < s.endIndex, s[i] == 0x22 {
            let value = Array(s[start ..< i])
            i += 1
            return value
        }
        guard i < s.endIndex else { throw .notJSON("the string starting at column \(column(open)) is not closed") }
        var buffer: [UInt8] = []
        // Escapes only shorten a string: its raw length bounds the decoded one.
        buffer.reserveCapacity((stringEnd(from: i) ?? s.endIndex) - start)
        buffer.append(contentsOf: s[start ..< i])
        while i < s.endIndex {
            let b = s[i]
            if b == 0x22 {
                i += 1
                return buffer
            }
            guard b == 0x5C else {
                let j = ByteSearch.firstQuoteOrBackslash(in: s, from: i + 1)
                buffer.append(contentsOf: s[i ..< j])
                i = j
                continue
            }
            guard i + 1 < s.endIndex else { break }
            switch s[i + 1] {
            case 0x22: buffer.append(0x22)
            case 0x5C: buffer.append(0x5C)
            case 0x2F: buffer.append(0x2F)
            case 0x62: buffer.append(0x08)
            case 0x66: buffer.append(0x0C)
            case 0x6E: buffer.append(0x0A)
            case 0x72: buffer.append(0x0D)
            case 0x74: buffer.append(0x09)
            case 0x75:
                guard let unit = hex4(at: i + 2) else {
                    throw .notJSON("invalid \\u escape at column \(column(i)); it needs four hex digits")
                }
                i += 6
                var scalar = Unicode.Scalar(unit)
                if unit >= 0xD800 && unit <= 0xDBFF, i + 1 < s.endIndex, s[i] == 0x5C, s[i + 1] == 0x75,
                   let low = hex4(at: i + 2), low >= 0xDC00 && low <= 0xDFFF {
                    scalar = Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
                    i += 6
                }
                UTF8.encode(scalar ?? "\u{FFFD}") { buffer.append($0) }
                continue
            default:
                throw .notJSON("invalid escape \(describe(i + 1).replacingFirstQuote()) in a string")
            }
            i += 2
        }
        throw .notJSON("the string starting at column \(column(open)) is not closed")
    }
}

private extension String {
    /// `'x' at column 3` → `'\x' at column 3`.
    func replacingFirstQuote() -> String {
        guard first == "'" else { return self }
        return "'\\" + dropFirst()
    }
}
