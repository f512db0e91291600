/// Whether the text at a point stands inside a double and/or a single quotation.
struct QuotationState: Sendable, Equatable {
    var insideDouble = false
    var insideSingle = false

    var isInside: Bool { insideDouble || insideSingle }
}

/// A word or punctuation mark of one sentence, as the attribution rules see it.
///
/// Unlike `RefrainTokenizer`'s tokens, which are normalised for counting and
/// drop punctuation, clause tokens keep the letter case, the commas, colons and
/// quotation marks that attribution depends on, and whether each word stands
/// inside a quotation.
struct ClauseToken: Sendable {
    enum Kind: Sendable, Equatable {
        case word, comma, colon, semicolon, openQuote, closeQuote, dash, openBracket, closeBracket, terminal, other
    }

    var kind: Kind
    /// For words: as written, without a trailing possessive `'s` / `’s`.
    var text: String
    /// `text` lowercased (words only).
    var lower: String
    /// Where the token lies in the document, in UTF-8 bytes.
    var byteRange: Range<Int>
    /// Inside a quotation (for quotation marks: the mark belongs to one).
    var isQuoted: Bool
    /// The first character is an uppercase or titlecase letter.
    var isCapitalised = false
    /// The word has at least one lowercase letter (so it is not an acronym).
    var hasLowercase = false
    /// The word ended in a possessive `'s` that was removed from `text`.
    var isPossessive = false
    /// The word joins parts with a hyphen whose second part is lowercase ("Ing-wen").
    var hasLowercaseHyphenPart = false

    var isWord: Bool { kind == .word }
    /// A word outside any quotation.
    var isOpenWord: Bool { kind == .word && !isQuoted }
}

/// Splits one sentence into ``ClauseToken``s and tracks quotation marks.
///
/// Quotation marks are classified by their flanks, so scraped copy with
/// straight quotes, curly quotes or the "wrong" curly quote still pairs up:
/// a mark with whitespace (or an opening bracket, or the sentence start) on
/// its left and text on its right opens; one with text on its left and
/// whitespace or punctuation on its right closes; otherwise the mark's own
/// direction decides (`“ „ «` open, `” »` close, a straight `"` toggles).
/// Single quotes (`‘ ’ '`) between two letters are apostrophes and stay in the
/// word ("China’s"); a right single quote that closes nothing is a plural
/// possessive ("US’") and is dropped.
///
/// Quotations may run over several sentences: the caller carries the
/// ``QuotationState`` from one sentence to the next (and resets it at a line
/// break). A straight `'` opens a quotation only before a letter, so "'90s"
/// opens nothing.
///
/// - Complexity: O(*n*) in the length of the sentence.
enum ClauseTokenizer {
    static func tokens(of sentence: Substring, at base: Int, state: inout QuotationState) -> [ClauseToken] {
        if let tokens = sentence.utf8.withContiguousStorageIfAvailable({ tokens(of: $0, at: base, state: &state) }) {
            return tokens
        }
        return Array(sentence.utf8).withUnsafeBufferPointer { tokens(of: $0, at: base, state: &state) }
    }

    /// `tokens(of:at:state:)` over the sentence's UTF-8 bytes (valid UTF-8).
    private static func tokens(of bytes: UnsafeBufferPointer<UInt8>, at base: Int, state: inout QuotationState) -> [ClauseToken] {
        var scalars: [Unicode.Scalar] = []
        var offsets: [Int] = []
        scalars.reserveCapacity(bytes.count)
        offsets.reserveCapacity(bytes.count + 1)
        var position = 0
        while position < bytes.count {
            let (scalar, width) = decodeScalar(bytes, at: position)
            scalars.append(scalar)
            offsets.append(base + position)
            position += width
        }
        offsets.append(base + position)

        var tokens: [ClauseToken] = []
        tokens.reserveCapacity(bytes.count / 4 + 4)
        var insideDouble = state.insideDouble
        var insideSingle = state.insideSingle
        defer { state = QuotationState(insideDouble: insideDouble, insideSingle: insideSingle) }
        let n = scalars.count
        var i = 0

        func mark(_ kind: ClauseToken.Kind, _ start: Int, _ end: Int) {
            tokens.append(ClauseToken(kind: kind, text: "", lower: "", byteRange: offsets[start] ..< offsets[end],
                                      isQuoted: insideDouble || insideSingle))
        }

        while i < n {
            let s = scalars[i]
            if isWordScalar(s) {
                let start = i
                var j = i + 1
                while j < n {
                    let c = scalars[j]
                    if isWordScalar(c) {
                        j += 1
                    } else if isJoiner(c), j + 1 < n, isWordScalar(scalars[j + 1]) {
                        j += 2
                    } else if c == ".", continuesInitials(scalars, start, j) {
                        j += 1
                    } else {
                        break
                    }
                }
                tokens.append(word(scalars[start ..< j], bytes: bytes, range: offsets[start] ..< offsets[j], base: base,
                                   quoted: insideDouble || insideSingle))
                i = j
                continue
            }
            let left = i == 0 || isLeftFlank(scalars[i - 1])
            let right = i + 1 == n || isRightFlank(scalars[i + 1])
            switch s {
            case "\"", "\u{FF02}", "\u{201C}", "\u{201E}", "\u{00AB}", "\u{201D}", "\u{00BB}":
                let opens: Bool
                if left && !right {
                    opens = true
                } else if right && !left {
                    opens = false
                } else if s == "\u{201C}" || s == "\u{201E}" || s == "\u{00AB}" {
                    opens = true
                } else if s == "\u{201D}" || s == "\u{00BB}" {
                    opens = false
                } else {
                    opens = !insideDouble
                }
                if opens {
                    insideDouble = true
                    mark(.openQuote, i, i + 1)
                } else {
                    mark(.closeQuote, i, i + 1)
                    insideDouble = false
                }
            case "'", "\u{2018}", "\u{2019}", "\u{201A}":
                if left && !right && (s != "'" || isLetter(scalars[i + 1])) {
                    insideSingle = true
                    mark(.openQuote, i, i + 1)
                } else if right && !left && insideSingle {
                    mark(.closeQuote, i, i + 1)
                    insideSingle = false
                }
            case ",", "\u{FF0C}", "\u{3001}": mark(.comma, i, i + 1)
            case ":", "\u{FF1A}": mark(.colon, i, i + 1)
            case ";", "\u{FF1B}": mark(.semicolon, i, i + 1)
            case ".", "!", "?", "\u{2026}", "\u{3002}", "\u{FF01}", "\u{FF1F}": mark(.terminal, i, i + 1)
            case "-", "\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}", "\u{2015}": mark(.dash, i, i + 1)
            case "(", "[", "{": mark(.openBracket, i, i + 1)
            case ")", "]", "}": mark(.closeBracket, i, i + 1)
            default:
                if !isSpace(s) { mark(.other, i, i + 1) }
            }
            i += 1
        }
        return tokens
    }

    /// The word of `scalars`, which spell `bytes[range - base]`.
    private static func word(_ scalars: ArraySlice<Unicode.Scalar>, bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>, base: Int,
                             quoted: Bool) -> ClauseToken {
        var kept = scalars
        var end = range.upperBound - base
        var possessive = false
        if scalars.count > 2, let last = scalars.last, last == "s" || last == "S" {
            let apostrophe = scalars[scalars.endIndex - 2]
            if apostrophe == "'" || apostrophe == "\u{2019}" || apostrophe == "\u{02BC}" {
                kept = scalars.dropLast(2)
                end -= 1 + UTF8.width(apostrophe)
                possessive = true
            }
        }
        let spelled = UnsafeBufferPointer(rebasing: bytes[range.lowerBound - base ..< end])
        let text = String(decoding: spelled, as: UTF8.self)
        var token = ClauseToken(kind: .word, text: text, lower: lowercased(text, bytes: spelled), byteRange: range, isQuoted: quoted)
        token.isPossessive = possessive
        token.isCapitalised = isUppercase(kept.first!)
        var afterHyphen = false
        for scalar in kept {
            if isLowercase(scalar) {
                token.hasLowercase = true
                if afterHyphen { token.hasLowercaseHyphenPart = true }
            }
            afterHyphen = scalar == "-" || scalar == "\u{2010}" || scalar == "\u{2011}"
        }
        return token
    }

    /// `text.lowercased()`, without Unicode tables when `bytes` (its UTF-8) are ASCII.
    private static func lowercased(_ text: String, bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return text.lowercased() }
        guard bytes.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) else { return text }
        return String(unsafeUninitializedCapacity: bytes.count) { out in
            for (i, b) in bytes.enumerated() { out[i] = b >= 0x41 && b <= 0x5A ? b | 0x20 : b }
            return bytes.count
        }
    }

    /// The scalar whose UTF-8 encoding starts at `bytes[i]` (valid UTF-8), and its width in bytes.
    @inline(__always)
    private static func decodeScalar(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> (Unicode.Scalar, Int) {
        let b0 = UInt32(bytes[i])
        if b0 < 0x80 { return (Unicode.Scalar(UInt8(b0)), 1) }
        let value: UInt32, width: Int
        if b0 < 0xE0 {
            value = (b0 & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F)
            width = 2
        } else if b0 < 0xF0 {
            value = (b0 & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F)
            width = 3
        } else {
            value = (b0 & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12 | UInt32(bytes[i + 2] & 0x3F) << 6 | UInt32(bytes[i + 3] & 0x3F)
            width = 4
        }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", width)
    }

    /// Whether the `.` at `j` continues a run of single-letter initials that
    /// started at `start` ("U.S.", "U.N.", "a.m."): the word so far alternates
    /// single letters and dots, and either a single letter follows the dot or
    /// the word already holds a dot.
    private static func continuesInitials(_ scalars: [Unicode.Scalar], _ start: Int, _ j: Int) -> Bool {
        var hasDot = false
        var k = start
        while k < j {
            guard isLetter(scalars[k]) else { return false }
            if k + 1 < j {
                guard scalars[k + 1] == "." else { return false }
                hasDot = true
            }
            k += 2
        }
        if hasDot { return true }
        let n = scalars.count
        return j + 1 < n && isLetter(scalars[j + 1])
            && (j + 2 == n || !isWordScalar(scalars[j + 2]))
    }

    /// Letters, combining marks and numbers.
    static func isWordScalar(_ s: Unicode.Scalar) -> Bool {
        if s.isASCII {
            let v = s.value
            return (v >= 0x30 && v <= 0x39) || ((v | 0x20) >= 0x61 && (v | 0x20) <= 0x7A)
        }
        switch s.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }

    // Character classes with ASCII fast paths: Unicode property lookups are
    // costly, and news copy is mostly ASCII.

    static func isSpace(_ s: Unicode.Scalar) -> Bool {
        s.isASCII ? s == " " || (s.value >= 0x09 && s.value <= 0x0D) : s.properties.isWhitespace
    }

    static func isLetter(_ s: Unicode.Scalar) -> Bool {
        s.isASCII ? (s.value | 0x20) >= 0x61 && (s.value | 0x20) <= 0x7A : s.properties.isAlphabetic
    }

    static func isUppercase(_ s: Unicode.Scalar) -> Bool {
        if s.isASCII { return s.value >= 0x41 && s.value <= 0x5A }
        return s.properties.isUppercase || s.properties.generalCategory == .titlecaseLetter
    }

    static func isLowercase(_ s: Unicode.Scalar) -> Bool {
        s.isASCII ? s.value >= 0x61 && s.value <= 0x7A : s.properties.isLowercase
    }

    /// Apostrophes and hyphens that join two word parts ("China's", "Ing-wen").
    private static func isJoiner(_ s: Unicode.Scalar) -> Bool {
        switch s {
        case "'", "-", "\u{2019}", "\u{02BC}", "\u{2010}", "\u{2011}": return true
        default: return false
        }
    }

    /// What may stand left of an opening quotation mark.
    private static func isLeftFlank(_ s: Unicode.Scalar) -> Bool {
        if isSpace(s) { return true }
        switch s {
        case "(", "[", "{", "-", "\u{2013}", "\u{2014}", "/", ":": return true
        default: return false
        }
    }

    /// What may stand right of a closing quotation mark.
    private static func isRightFlank(_ s: Unicode.Scalar) -> Bool {
        if isSpace(s) { return true }
        switch s {
        case ",", ".", ";", ":", "!", "?", ")", "]", "}", "-", "\u{2013}", "\u{2014}", "\u{2026}",
             "\"", "\u{201D}", "\u{2019}", "'", "\u{00BB}":
            return true
        default:
            return false
        }
    }
}
