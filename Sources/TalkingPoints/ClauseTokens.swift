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
/// inside a quotation. A token holds no string: a word's spelling is the
/// document's bytes `textStart ..< textEnd`, and what the word lists say
/// about its lowercase form is looked up once, when the word is read.
struct ClauseToken: Sendable {
    enum Kind: UInt8, Sendable, Equatable {
        case word, comma, colon, semicolon, openQuote, closeQuote, dash, openBracket, closeBracket, terminal, other
    }

    var kind: Kind
    /// Inside a quotation (for quotation marks: the mark belongs to one).
    var isQuoted: Bool
    /// The first character is an uppercase or titlecase letter.
    var isCapitalised = false
    /// The word has at least one lowercase letter (so it is not an acronym).
    var hasLowercase = false
    /// The word ended in a possessive `'s` that was removed from its spelling.
    var isPossessive = false
    /// The word joins parts with a hyphen whose second part is lowercase ("Ing-wen").
    var hasLowercaseHyphenPart = false
    /// For words: the classes of the lowercased spelling (none for other tokens).
    var word = WordClass()
    /// For words: where the spelling, without a possessive `'s` / `’s`, lies
    /// in the document, in UTF-8 bytes.
    var textStart: Int
    var textEnd: Int

    var isWord: Bool { kind == .word }
    /// A word outside any quotation.
    var isOpenWord: Bool { kind == .word && !isQuoted }
}

/// Room for one sentence's ``ClauseToken``s, reused from sentence to
/// sentence: tokens are written through a pointer (an array append per
/// token costs a uniqueness check). The caller makes room for as many
/// tokens as the sentence has bytes, which no sentence exceeds.
final class ClauseTokenBuffer {
    @exclusivity(unchecked) private var base: UnsafeMutablePointer<ClauseToken>
    @exclusivity(unchecked) private var capacity: Int
    /// Tokens written since the last `removeAll(keepingRoomFor:)`.
    @exclusivity(unchecked) private(set) var count = 0

    /// An empty buffer with room for `capacity` tokens.
    init(capacity: Int = 256) {
        self.capacity = max(1, capacity)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }  // tokens are plain values: nothing to deinitialize

    /// Forgets the tokens and makes room for at least `room` new ones.
    func removeAll(keepingRoomFor room: Int) {
        count = 0
        guard room > capacity else { return }
        base.deallocate()
        capacity = max(room, 2 * capacity)
        base = .allocate(capacity: capacity)
    }

    /// Appends `token`; the room made must not be exceeded.
    @inline(__always)
    func append(_ token: ClauseToken) {
        precondition(count < capacity, "ClauseTokenBuffer: more tokens than room was made for")
        (base + count).initialize(to: token)
        count += 1
    }

    /// The tokens, valid until the buffer is next changed.
    var tokens: UnsafeBufferPointer<ClauseToken> { UnsafeBufferPointer(start: base, count: count) }
}

/// Splits sentences into ``ClauseToken``s and tracks quotation marks.
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
/// The tokenizer reads a document's UTF-8 bytes in place, decoding scalars
/// only where a byte is not ASCII, and writes tokens into a buffer the caller
/// reuses from sentence to sentence; only words of non-ASCII letters make a
/// string (to lowercase them with Unicode's rules).
///
/// - Complexity: O(*n*) in the length of the sentence (a run of initials such
///   as "U.S." is re-read once per dot).
struct ClauseTokenizer {
    /// The document's UTF-8 bytes (valid UTF-8).
    let bytes: UnsafeBufferPointer<UInt8>
    let patterns: AttributionPatterns
    /// Scratch for an ASCII word's lowercase spelling, `patterns.longestListedWord` bytes.
    private let lowercase: UnsafeMutablePointer<UInt8>

    /// A tokenizer of the document `bytes`; `scratch` must hold at least
    /// `patterns.longestListedWord` bytes and outlive the tokenizer.
    init(bytes: UnsafeBufferPointer<UInt8>, patterns: AttributionPatterns, scratch: UnsafeMutablePointer<UInt8>) {
        self.bytes = bytes
        self.patterns = patterns
        lowercase = scratch
    }

    /// Replaces `tokens` with the tokens of the sentence at `range` (in bytes
    /// of the document). Returns whether it holds a double quotation mark
    /// (`" ＂ “ ” „ « »`).
    @discardableResult
    func tokens(of range: Range<Int>, state: inout QuotationState, into tokens: ClauseTokenBuffer) -> Bool {
        // Every token takes at least one byte of the sentence.
        tokens.removeAll(keepingRoomFor: range.count)
        var sawDoubleQuotationMark = false
        let lo = range.lowerBound, hi = range.upperBound
        var insideDouble = state.insideDouble
        var insideSingle = state.insideSingle
        defer { state = QuotationState(insideDouble: insideDouble, insideSingle: insideSingle) }

        func mark(_ kind: ClauseToken.Kind, _ start: Int) {
            tokens.append(ClauseToken(kind: kind, isQuoted: insideDouble || insideSingle, textStart: start, textEnd: start))
        }

        var i = lo
        while i < hi {
            let b = bytes[i]
            let s: Unicode.Scalar, width: Int
            if b < 0x80 {
                if isASCIIWordByte(b) {
                    let quoted = insideDouble || insideSingle
                    if let end = plainASCIIWord(from: i, end: hi, quoted: quoted, into: tokens) {
                        i = end
                    } else {
                        i = word(from: i, width: 1, in: lo ..< hi, quoted: quoted, into: tokens)
                    }
                    continue
                }
                if b == 0x20 { i += 1; continue }
                // The commonest marks, without decoding a scalar.
                if b == UInt8(ascii: ",") || b == UInt8(ascii: ".") {
                    mark(b == UInt8(ascii: ",") ? .comma : .terminal, i)
                    i += 1
                    continue
                }
                (s, width) = (Unicode.Scalar(b), 1)
            } else {
                (s, width) = decodeScalar(at: i)
                if Self.isWordScalar(s) {
                    i = word(from: i, width: width, in: lo ..< hi, quoted: insideDouble || insideSingle, into: tokens)
                    continue
                }
            }
            switch s {
            case "\"", "\u{FF02}", "\u{201C}", "\u{201E}", "\u{00AB}", "\u{201D}", "\u{00BB}":
                sawDoubleQuotationMark = true
                let left = i == lo || Self.isLeftFlank(scalar(before: i))
                let right = i + width == hi || Self.isRightFlank(decodeScalar(at: i + width).0)
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
                    mark(.openQuote, i)
                } else {
                    mark(.closeQuote, i)
                    insideDouble = false
                }
            case "'", "\u{2018}", "\u{2019}", "\u{201A}":
                let left = i == lo || Self.isLeftFlank(scalar(before: i))
                let next = i + width == hi ? nil : decodeScalar(at: i + width).0
                let right = next.map(Self.isRightFlank) ?? true
                if left && !right && (s != "'" || Self.isLetter(next!)) {
                    insideSingle = true
                    mark(.openQuote, i)
                } else if right && !left && insideSingle {
                    mark(.closeQuote, i)
                    insideSingle = false
                }
            case ",", "\u{FF0C}", "\u{3001}": mark(.comma, i)
            case ":", "\u{FF1A}": mark(.colon, i)
            case ";", "\u{FF1B}": mark(.semicolon, i)
            case ".", "!", "?", "\u{2026}", "\u{3002}", "\u{FF01}", "\u{FF1F}": mark(.terminal, i)
            case "-", "\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}", "\u{2015}": mark(.dash, i)
            case "(", "[", "{": mark(.openBracket, i)
            case ")", "]", "}": mark(.closeBracket, i)
            default:
                if !Self.isSpace(s) { mark(.other, i) }
            }
            i += width
        }
        return sawDoubleQuotationMark
    }

    // MARK: Words

    /// Reads the word whose first scalar (`width` bytes) starts at `start`,
    /// appends its token and returns where it ends. A word is a run of word
    /// scalars, joined by apostrophes and hyphens between word scalars, and by
    /// the dots of initials ("U.S.").
    ///
    /// The caller tries ``plainASCIIWord(from:end:quoted:into:)`` first for
    /// a word that starts with an ASCII byte. ASCII words are read,
    /// lowercased and classified in one pass; a word with other scalars is
    /// re-read by ``classify(_:)``.
    private func word(from start: Int, width: Int, in sentence: Range<Int>, quoted: Bool,
                      into tokens: ClauseTokenBuffer) -> Int {
        let hi = sentence.upperBound
        var j = start
        // The first eight bytes, lowercased; where the first lowercase letter is.
        var prefix: UInt64 = 0
        var firstLowercase = Int.max
        var hasLowercaseHyphenPart = false, afterHyphen = false
        var ascii = true
        while j < hi {
            let c = bytes[j]
            if c >= 0x80 {
                let wordEnd = continueWord(start, from: j, to: hi)
                ascii = wordEnd == j
                j = wordEnd
                break
            }
            if isASCIIWordByte(c) {
                if c >= 0x61 {  // a lowercase letter
                    if firstLowercase == Int.max { firstLowercase = j }
                    if afterHyphen { hasLowercaseHyphenPart = true }
                }
                afterHyphen = false
            } else if c == UInt8(ascii: "'") || c == UInt8(ascii: "-"), wordScalarWidth(at: j + 1, end: hi) != nil {
                afterHyphen = c == UInt8(ascii: "-")
            } else if c == UInt8(ascii: "."), continuesInitials(start, j, end: hi) {
                afterHyphen = false
            } else {
                break
            }
            if j - start < 8 { prefix |= UInt64(c &- 0x41 < 26 ? c | 0x20 : c) << UInt64(8 * (j - start)) }
            j += 1
        }
        // A possessive 's / ’s / ʼs (after at least one more scalar) is not part of the spelling.
        var end = j
        var possessive = false
        if bytes[j - 1] == UInt8(ascii: "s") || bytes[j - 1] == UInt8(ascii: "S") {
            let apostrophe: Int
            if j - 2 >= start, bytes[j - 2] == UInt8(ascii: "'") {
                apostrophe = j - 2
            } else if j - 3 >= start, bytes[j - 3] == 0xCA, bytes[j - 2] == 0xBC {  // U+02BC
                apostrophe = j - 3
            } else if j - 4 >= start, bytes[j - 4] == 0xE2, bytes[j - 3] == 0x80, bytes[j - 2] == 0x99 {  // U+2019
                apostrophe = j - 4
            } else {
                apostrophe = start
            }
            if apostrophe > start {
                end = apostrophe
                possessive = true
            }
        }
        let capitalised: Bool, lowercase: Bool, lowercaseHyphenPart: Bool, word: WordClass
        if ascii {
            // The possessive's "s" is lowercase, its apostrophe follows no hyphen.
            capitalised = bytes[start] &- 0x41 < 26
            lowercase = firstLowercase < end
            lowercaseHyphenPart = hasLowercaseHyphenPart
            let length = end - start
            if length < 8 { prefix &= (1 << UInt64(8 * length)) - 1 }
            word = patterns.wordClass(prefix: prefix, count: length) {
                for k in 0 ..< length {
                    let b = bytes[start + k]
                    self.lowercase[k] = b &- 0x41 < 26 ? b | 0x20 : b
                }
                return UnsafePointer(self.lowercase)
            }
        } else {
            (capitalised, lowercase, lowercaseHyphenPart, word) = classify(start ..< end)
        }
        tokens.append(ClauseToken(kind: .word, isQuoted: quoted, isCapitalised: capitalised, hasLowercase: lowercase,
                                  isPossessive: possessive, hasLowercaseHyphenPart: lowercaseHyphenPart, word: word,
                                  textStart: start, textEnd: end))
        return j
    }

    /// Reads a word of ASCII letters and digits only, eight bytes at a time,
    /// when the word that starts at `start` is one: it ends before `end` or at
    /// a byte that cannot join it (not an apostrophe, hyphen, non-ASCII byte,
    /// nor a dot after a single character). Appends its token and returns
    /// where it ends; `nil` (appending nothing) for any other word, which
    /// ``word(from:width:in:quoted:into:)`` then reads byte by byte.
    ///
    /// Such a word has no possessive, no hyphen and no dot, so its flags and
    /// its lowercase prefix come from bit masks over the loaded bytes.
    @inline(__always)
    private func plainASCIIWord(from start: Int, end hi: Int, quoted: Bool,
                                into tokens: ClauseTokenBuffer) -> Int? {
        let highs: UInt64 = 0x8080_8080_8080_8080
        guard let base = bytes.baseAddress else { return nil }
        let count = bytes.count
        var j = start
        var prefix: UInt64 = 0
        var lowercase: UInt64 = 0
        while true {
            guard j + 8 <= count else { return nil }
            let x = UnsafeRawPointer(base + j).loadUnaligned(as: UInt64.self)
            // Classified with the high bits cleared, then only the ASCII bytes kept.
            let ascii = ~x & highs
            let (digits, lowers, uppers) = ASCIIBlock.lettersAndDigits(x & ~highs)
            let upper = uppers & ascii
            var stop = ~((digits | lowers | uppers) & ascii) & highs
            if hi - j < 8 { stop |= highs & (~0 << UInt64(8 * (hi - j))) }
            let taken = stop == 0 ? 8 : stop.trailingZeroBitCount / 8
            let kept: UInt64 = taken == 8 ? ~0 : (1 << UInt64(8 * taken)) - 1
            lowercase |= lowers & ascii & kept
            if j == start { prefix = (x | upper >> 2) & kept }
            j += taken
            if taken < 8 { break }
        }
        if j < hi {
            let c = bytes[j]
            if c >= 0x80 || c == UInt8(ascii: "'") || c == UInt8(ascii: "-") { return nil }
            if c == UInt8(ascii: "."), j - start < 2 { return nil }
        }
        let length = j - start
        let word = patterns.wordClass(prefix: prefix, count: length) {
            for k in 0 ..< length {
                let b = bytes[start + k]
                self.lowercase[k] = b &- 0x41 < 26 ? b | 0x20 : b
            }
            return UnsafePointer(self.lowercase)
        }
        tokens.append(ClauseToken(kind: .word, isQuoted: quoted, isCapitalised: bytes[start] &- 0x41 < 26,
                                  hasLowercase: lowercase != 0, isPossessive: false, hasLowercaseHyphenPart: false,
                                  word: word, textStart: start, textEnd: j))
        return j
    }

    /// Where the word that starts at `start` and reaches a non-ASCII scalar
    /// at `j` ends (`j` when it ends there).
    private func continueWord(_ start: Int, from j: Int, to hi: Int) -> Int {
        var j = j
        while j < hi {
            let c = bytes[j]
            if c < 0x80 {
                if isASCIIWordByte(c) {
                    j += 1
                } else if c == UInt8(ascii: "'") || c == UInt8(ascii: "-"), let next = wordScalarWidth(at: j + 1, end: hi) {
                    j += 1 + next
                } else if c == UInt8(ascii: "."), continuesInitials(start, j, end: hi) {
                    j += 1
                } else {
                    break
                }
            } else {
                let (s, w) = decodeScalar(at: j)
                if Self.isWordScalar(s) {
                    j += w
                } else if Self.isJoiner(s), let next = wordScalarWidth(at: j + w, end: hi) {
                    j += w + next
                } else {
                    break
                }
            }
        }
        return j
    }

    /// The letter-case flags and the classes of a word with non-ASCII scalars spelled `bytes[spelling]`.
    private func classify(_ spelling: Range<Int>)
        -> (capitalised: Bool, lowercase: Bool, lowercaseHyphenPart: Bool, word: WordClass) {
        var capitalised = false, lowercase = false, lowercaseHyphenPart = false
        var afterHyphen = false
        var k = spelling.lowerBound
        while k < spelling.upperBound {
            let (s, w) = decodeScalar(at: k)
            if k == spelling.lowerBound { capitalised = Self.isUppercase(s) }
            if Self.isLowercase(s) {
                lowercase = true
                if afterHyphen { lowercaseHyphenPart = true }
            }
            afterHyphen = s == "-" || s == "\u{2010}" || s == "\u{2011}"
            k += w
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[spelling]), as: UTF8.self)
        return (capitalised, lowercase, lowercaseHyphenPart, patterns.wordClass(lowercased: text.lowercased()))
    }

    /// The width of the word scalar at `p`, when `p < end` and there is one.
    @inline(__always)
    private func wordScalarWidth(at p: Int, end: Int) -> Int? {
        guard p < end else { return nil }
        let b = bytes[p]
        if b < 0x80 { return isASCIIWordByte(b) ? 1 : nil }
        let (s, w) = decodeScalar(at: p)
        return Self.isWordScalar(s) ? w : nil
    }

    /// Whether the `.` at `j` continues a run of single-letter initials that
    /// started at `start` ("U.S.", "U.N.", "a.m."): the word so far alternates
    /// single letters and dots, and either a single letter follows the dot or
    /// the word already holds a dot.
    private func continuesInitials(_ start: Int, _ j: Int, end: Int) -> Bool {
        var hasDot = false
        var k = start
        while k < j {
            let (s, w) = decodeScalar(at: k)
            guard Self.isLetter(s) else { return false }
            let next = k + w
            if next < j {
                guard bytes[next] == UInt8(ascii: ".") else { return false }
                hasDot = true
            }
            k = next + 1
        }
        if hasDot { return true }
        guard j + 1 < end else { return false }
        let (letter, w) = decodeScalar(at: j + 1)
        guard Self.isLetter(letter) else { return false }
        return j + 1 + w == end || !Self.isWordScalar(decodeScalar(at: j + 1 + w).0)
    }

    // MARK: Bytes

    /// The scalar whose UTF-8 encoding starts at `bytes[i]`, and its width in bytes.
    @inline(__always)
    private func decodeScalar(at i: Int) -> (Unicode.Scalar, Int) {
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

    /// The scalar that ends just before byte `i`.
    @inline(__always)
    private func scalar(before i: Int) -> Unicode.Scalar {
        var k = i - 1
        if bytes[k] < 0x80 { return Unicode.Scalar(bytes[k]) }
        while bytes[k] & 0xC0 == 0x80 { k -= 1 }
        return decodeScalar(at: k).0
    }

    /// ASCII letters and digits.
    @inline(__always)
    private func isASCIIWordByte(_ b: UInt8) -> Bool {
        b &- 0x30 < 10 || (b | 0x20) &- 0x61 < 26
    }

    // MARK: Character classes

    // Character classes with ASCII fast paths: Unicode property lookups are
    // costly, and news copy is mostly ASCII. The lookups stay out of line, so
    // that callers need no room for the (resilient) property types.

    /// Letters, combining marks and numbers.
    @inline(__always)
    static func isWordScalar(_ s: Unicode.Scalar) -> Bool {
        if s.isASCII {
            let v = s.value
            return (v >= 0x30 && v <= 0x39) || ((v | 0x20) >= 0x61 && (v | 0x20) <= 0x7A)
        }
        return isNonASCIIWordScalar(s)
    }

    @inline(never)
    private static func isNonASCIIWordScalar(_ s: Unicode.Scalar) -> Bool {
        switch s.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }

    @inline(__always)
    static func isSpace(_ s: Unicode.Scalar) -> Bool {
        s.isASCII ? s == " " || (s.value >= 0x09 && s.value <= 0x0D) : isNonASCIISpace(s)
    }

    @inline(never)
    private static func isNonASCIISpace(_ s: Unicode.Scalar) -> Bool { s.properties.isWhitespace }

    @inline(__always)
    static func isLetter(_ s: Unicode.Scalar) -> Bool {
        s.isASCII ? (s.value | 0x20) >= 0x61 && (s.value | 0x20) <= 0x7A : isNonASCIILetter(s)
    }

    @inline(never)
    private static func isNonASCIILetter(_ s: Unicode.Scalar) -> Bool { s.properties.isAlphabetic }

    @inline(__always)
    static func isUppercase(_ s: Unicode.Scalar) -> Bool {
        s.isASCII ? s.value >= 0x41 && s.value <= 0x5A : isNonASCIIUppercase(s)
    }

    @inline(never)
    private static func isNonASCIIUppercase(_ s: Unicode.Scalar) -> Bool {
        s.properties.isUppercase || s.properties.generalCategory == .titlecaseLetter
    }

    @inline(__always)
    static func isLowercase(_ s: Unicode.Scalar) -> Bool {
        s.isASCII ? s.value >= 0x61 && s.value <= 0x7A : isNonASCIILowercase(s)
    }

    @inline(never)
    private static func isNonASCIILowercase(_ s: Unicode.Scalar) -> Bool { s.properties.isLowercase }

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
