/// The shape of one line of text (or of a hard-wrapped paragraph joined into one
/// unit), measured in a single pass over its UTF-8 bytes.
///
/// Words are runs between spaces. A word "has letters" when it holds an ASCII
/// letter or a non-ASCII letter byte; function, second-person and reporting words
/// are looked up in `WordLists` after dropping surrounding punctuation. Quotation
/// marks (`"`, `“ ”`, `« »`) are tracked so that second-person words inside
/// quotes do not count as the page addressing the reader.
///
/// - Complexity: O(n) in the line's bytes.
struct LineFeatures {
    var byteCount = 0
    var words = 0
    var letterWords = 0
    var functionWords = 0
    var capitalizedWords = 0
    var reportingWords = 0
    var nonASCIIBytes = 0
    var hasSentencePunctuation = false
    var hasQuoteMark = false
    var secondPersonOutsideQuotes = false
    var endsTerminal = false
    var endsWithPeriod = false
    var endsWithBareExclamation = false
    var endsWithAsterisk = false
    var endsWithContinuation = false
    var startsLowercase = false
    var isCaption = false
    var hasLink = false
    var isTimestampLine = false
    var isShortCapitalToken = false
    /// Opens with a bullet (`-`, `*`, `•`, `–`) or a number (`1.`, `2)`) and a space: a list item.
    var startsWithListMarker = false
    /// Opens with a speaker label — one to four capitalised words ending in `:` — and
    /// goes on (`Zhao Lijian: China firmly opposes ...`, `CCTV: What's your comment?`).
    var startsWithSpeakerLabel = false
    /// A 256-bit Bloom mask of the line's words (by first and last letter or digit,
    /// lower-cased, and length): if line A is contained in line B, A's bits are in B's.
    var wordMask: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    /// Whether every word bit of `self` is also set in `other`.
    func wordsMayBeIn(_ other: LineFeatures) -> Bool {
        let a = wordMask, b = other.wordMask
        return a.0 & ~b.0 == 0 && a.1 & ~b.1 == 0 && a.2 & ~b.2 == 0 && a.3 & ~b.3 == 0
    }

    /// Share of letter words that are function words, 0...1.
    var functionShare: Double { letterWords == 0 ? 0 : Double(functionWords) / Double(letterWords) }

    /// Mostly non-ASCII bytes: a script the English word lists cannot judge.
    var isNonLatin: Bool { nonASCIIBytes * 2 > byteCount }

    /// A long run of words with no function words and no punctuation: icon names,
    /// menus, tag lists (12+ words, or 9+ capitalised words).
    var isSoup: Bool {
        guard !hasSentencePunctuation, !isNonLatin, functionShare < 0.05 else { return false }
        return letterWords >= 12 || (letterWords >= 9 && isTitleCase)
    }

    /// Reads like running prose: ends like a sentence and has at least two words,
    /// or is long (16+ words) with a normal share (15%+) of function words, or is a
    /// list item of 5+ words.
    var isSentenceLike: Bool {
        if isSoup || isTimestampLine { return false }
        if endsTerminal && (letterWords >= 2 || nonASCIIBytes >= 12) { return true }
        if letterWords >= 16 && functionShare >= 0.15 { return true }
        if startsWithListMarker && letterWords >= 5 { return true }
        return isNonLatin && byteCount >= 120
    }

    /// Addresses the reader: second person outside quotes, a trailing `*` (form
    /// labels), or a short line ending in a bare `!`. Reported speech (a reporting
    /// verb such as *said*, or a speaker label) is never a call to action, even
    /// without quote marks.
    var isCallToAction: Bool {
        if endsWithAsterisk { return true }
        guard reportingWords == 0, !startsWithSpeakerLabel else { return false }
        return (secondPersonOutsideQuotes && letterWords <= 30) || (letterWords <= 12 && endsWithBareExclamation)
    }

    /// Holds a URL or domain name and is not a full sentence (or is a short one).
    var isLinkLine: Bool { hasLink && (!endsTerminal || letterWords <= 12) }

    /// Most words capitalised, as in headlines and menus.
    var isTitleCase: Bool { letterWords >= 2 && capitalizedWords * 10 >= letterWords * 6 }

    /// Never treated as repeated boilerplate: reported speech, quotations, long prose.
    var isProtectedProse: Bool { hasQuoteMark || reportingWords > 0 || letterWords > 30 }

    init(_ s: ArraySlice<UInt8>) {
        byteCount = s.count
        guard !s.isEmpty else { return }
        var scan = TokenScan()
        var i = s.startIndex
        let end = s.endIndex
        while i < end {
            let b = s[i]
            if b < 0x80 {
                if b == 0x20 || (b >= 0x09 && b <= 0x0D) {
                    finishToken(&scan, s, at: i)
                    i += 1
                    continue
                }
                if scan.tokenStart < 0 { scan.startToken(at: i) }
                scan.asciiByte(b, features: &self)
                i += 1
                continue
            }
            if b >= 0xC2, UTF8Scanning.unicodeSpaceLength(s, at: i) > 0 {
                finishToken(&scan, s, at: i)
                i += UTF8Scanning.unicodeSpaceLength(s, at: i)
                continue
            }
            if scan.tokenStart < 0 { scan.startToken(at: i) }
            i = scan.nonASCII(s, at: i, features: &self)
        }
        finishToken(&scan, s, at: end)
        isTimestampLine = scan.timestamps > 0 && scan.otherTokens == 0
        if words == 1 && letterWords == 1 { isShortCapitalToken = Self.isCapitalToken(s) }
        measureEnds(s, lastKey: scan.lastWordEnded ? scan.lastKey : nil)
    }

    /// State of the single pass over a line's bytes.
    private struct TokenScan {
        var inQuote = false
        var timestamps = 0
        var otherTokens = 0
        var lastKey: UInt64?
        var lastWordEnded = false
        /// Words seen while they can still be a speaker label; -1 once they cannot; 5 after a label.
        var labelWords = 0
        // Current token.
        var tokenStart = -1
        var hasLetter = false
        var firstUpper = false
        var tokenInQuote = false
        var mayBeLink = false
        var firstAlnum: UInt8 = 0
        var lastAlnum: UInt8 = 0
        var alnumCount = 0
        var key: UInt64 = 0
        var keyLength = 0
        /// 0 not started, 1 in the word, 2 word ended by punctuation, 3 not a listed word.
        var keyState = 0

        mutating func startToken(at i: Int) {
            tokenStart = i
            hasLetter = false
            firstUpper = false
            mayBeLink = false
            firstAlnum = 0
            lastAlnum = 0
            alnumCount = 0
            key = 0
            keyLength = 0
            keyState = 0
        }

        @inline(__always)
        mutating func alnum(_ b: UInt8) {
            if alnumCount == 0 { firstAlnum = b }
            lastAlnum = b
            alnumCount += 1
        }

        @inline(__always)
        mutating func letter(upper: Bool) {
            if !hasLetter { tokenInQuote = inQuote; firstUpper = upper }
            hasLetter = true
        }

        @inline(__always)
        mutating func apostrophe() {
            if keyState == 1 { keyLength += 1; key = key << 8 | 0x27 }
        }

        @inline(__always)
        mutating func asciiByte(_ b: UInt8, features f: inout LineFeatures) {
            if UTF8Scanning.isASCIILetter(b) {
                letter(upper: UTF8Scanning.isUpper(b))
                alnum(b | 0x20)
                if keyState <= 1 {
                    keyState = 1
                    keyLength += 1
                    key = key << 8 | UInt64(b | 0x20)
                } else if keyState == 2 {
                    keyState = 3
                }
                return
            }
            if b == 0x27 { apostrophe(); return }
            if UTF8Scanning.isDigit(b) {
                alnum(b)
                if keyState == 1 { keyState = 3 }
                return
            }
            if keyState == 1 { keyState = 2 }
            switch b {
            case 0x22:
                inQuote.toggle()
                f.hasQuoteMark = true
                f.hasSentencePunctuation = true
            case 0x2E, 0x3A:
                mayBeLink = true
                f.hasSentencePunctuation = true
            case 0x2C, 0x3B, 0x21, 0x3F, 0x28, 0x29:
                f.hasSentencePunctuation = true
            default:
                break
            }
        }

        /// Consumes the non-ASCII character at `i`; returns the index after it.
        mutating func nonASCII(_ s: ArraySlice<UInt8>, at i: Int, features f: inout LineFeatures) -> Int {
            let b = s[i]
            if b == 0xE2, i + 2 < s.endIndex, s[i + 1] == 0x80 {
                f.nonASCIIBytes += 3
                switch s[i + 2] {
                case 0x9C: inQuote = true; f.hasQuoteMark = true; f.hasSentencePunctuation = true
                case 0x9D: inQuote = false; f.hasQuoteMark = true; f.hasSentencePunctuation = true
                case 0x98, 0x99: apostrophe()
                case 0xA6: f.hasSentencePunctuation = true
                default: if keyState == 1 { keyState = 2 }
                }
                return i + 3
            }
            if b == 0xC2, i + 1 < s.endIndex, s[i + 1] == 0xAB || s[i + 1] == 0xBB {
                f.nonASCIIBytes += 2
                inQuote = s[i + 1] == 0xAB
                f.hasQuoteMark = true
                f.hasSentencePunctuation = true
                return i + 2
            }
            f.nonASCIIBytes += 1
            if b >= 0xC3 && b != 0xE2 {
                // Lead byte of a non-ASCII letter: the word is not in the ASCII lists.
                letter(upper: false)
                alnum(b)
                keyState = 3
            } else if b >= 0xC0, keyState == 1 {
                // Lead byte of other punctuation or symbols ends the word.
                keyState = 2
            }
            return i + 1
        }
    }

    private mutating func finishToken(_ scan: inout TokenScan, _ s: ArraySlice<UInt8>, at end: Int) {
        guard scan.tokenStart >= 0 else { return }
        let start = scan.tokenStart
        scan.tokenStart = -1
        words += 1
        var key = scan.key, keyLength = scan.keyLength
        while keyLength > 0 && key & 0xFF == 0x27 { key >>= 8; keyLength -= 1 }
        let listed = (scan.keyState == 1 || scan.keyState == 2) && keyLength > 0 && keyLength <= 8
        if scan.hasLetter {
            letterWords += 1
            if scan.firstUpper { capitalizedWords += 1 }
        }
        if listed {
            let classes = WordLists.classes(key)
            if classes != 0 {
                if classes & WordLists.function != 0 { functionWords += 1 }
                if classes & WordLists.secondPerson != 0 && !scan.tokenInQuote { secondPersonOutsideQuotes = true }
                if classes & WordLists.reporting != 0 { reportingWords += 1 }
            }
        }
        if scan.alnumCount > 0 {
            let mix = (UInt64(scan.firstAlnum) &* 0x9E37_79B9_7F4A_7C15) ^ (UInt64(scan.lastAlnum) &* 0xC2B2_AE3D_27D4_EB4F)
                ^ (UInt64(scan.alnumCount) &* 0x1656_67B1_9E37_79F9)
            let bit = (mix >> 56) & 0xFF
            let one: UInt64 = 1 << (bit & 63)
            switch bit >> 6 {
            case 0: wordMask.0 |= one
            case 1: wordMask.1 |= one
            case 2: wordMask.2 |= one
            default: wordMask.3 |= one
            }
        }
        if scan.labelWords == 5 {
            startsWithSpeakerLabel = true
        } else if scan.labelWords >= 0 {
            if scan.hasLetter && scan.firstUpper && scan.labelWords < 4 {
                scan.labelWords += 1
                if s[end - 1] == 0x3A { scan.labelWords = 5 }
            } else {
                scan.labelWords = -1
            }
        }
        scan.lastKey = listed ? key : nil
        scan.lastWordEnded = scan.keyState == 1
        let first = s[start]
        if UTF8Scanning.isDigit(first), Self.isTimestamp(s[start ..< end]) {
            scan.timestamps += 1
        } else if end - start > 3 || UTF8Scanning.isASCIILetter(first) || UTF8Scanning.isDigit(first)
            || !Self.isSeparator(s[start ..< end]) {
            scan.otherTokens += 1
        }
        if !hasLink, scan.mayBeLink, end - start >= 4, Self.isLink(s[start ..< end]) { hasLink = true }
    }

    private mutating func measureEnds(_ s: ArraySlice<UInt8>, lastKey: UInt64?) {
        let start = s.startIndex
        var e = s.endIndex
        var strippedQuote = false
        while e > start {
            let b = s[e - 1]
            if b == 0x22 || b == 0x29 || b == 0x5D || b == 0x27 {
                if b == 0x22 { strippedQuote = true }
                e -= 1
                continue
            }
            if e - 3 >= start, s[e - 3] == 0xE2, s[e - 2] == 0x80, s[e - 1] == 0x9D || s[e - 1] == 0x99 {
                if s[e - 1] == 0x9D { strippedQuote = true }
                e -= 3
                continue
            }
            if e - 2 >= start, s[e - 2] == 0xC2, s[e - 1] == 0xBB { strippedQuote = true; e -= 2; continue }
            break
        }
        if e > start {
            let last = s[e - 1]
            var terminal = last == 0x2E || last == 0x21 || last == 0x3F
            if !terminal, e - 3 >= start {
                let a = s[e - 3], b = s[e - 2]
                terminal = (a == 0xE2 && b == 0x80 && last == 0xA6)      // …
                    || (a == 0xE3 && b == 0x80 && last == 0x82)           // 。
                    || (a == 0xEF && b == 0xBC && (last == 0x81 || last == 0x9F)) // ！ ？
            }
            if !terminal, last == 0x3A || last == 0x3B { terminal = letterWords >= 4 }
            if !terminal, strippedQuote { terminal = letterWords >= 6 }
            endsTerminal = terminal
            endsWithPeriod = last == 0x2E
            endsWithContinuation = last == 0x2C || last == 0x2D
                || (e - 3 >= start && s[e - 3] == 0xE2 && s[e - 2] == 0x80 && (last == 0x93 || last == 0x94))
                || (lastKey.map { WordLists.classes($0) & WordLists.continuation != 0 } ?? false)
        }
        let last = s[s.endIndex - 1]
        endsWithBareExclamation = last == 0x21
        endsWithAsterisk = last == 0x2A
        let first = s[start]
        isCaption = (first == 0x28 || first == 0x5B) && (last == 0x29 || last == 0x5D)
        startsWithListMarker = Self.isListMarker(s)
        for b in s {
            if UTF8Scanning.isASCIILetter(b) || UTF8Scanning.isDigit(b) || b >= 0xC3 && b != 0xE2 {
                startsLowercase = UTF8Scanning.isLower(b)
                break
            }
        }
    }

    // MARK: - Token shapes

    /// `0:00`, `28:18`, `1:02:03`.
    static func isTimestamp(_ t: ArraySlice<UInt8>) -> Bool {
        var groups = 0, digits = 0
        for b in t {
            if UTF8Scanning.isDigit(b) {
                digits += 1
                if digits > 2 { return false }
            } else if b == 0x3A {
                if digits == 0 || (groups > 0 && digits != 2) { return false }
                groups += 1
                digits = 0
            } else {
                return false
            }
        }
        return groups >= 1 && groups <= 2 && digits == 2
    }

    /// `/`, `|`, `-`, `–`, `—`, `·`, `•`.
    static func isSeparator(_ t: ArraySlice<UInt8>) -> Bool {
        if t.count == 1 { return t.first == 0x2F || t.first == 0x7C || t.first == 0x2D }
        if t.count == 3, t[t.startIndex] == 0xE2, t[t.startIndex + 1] == 0x80 {
            let c = t[t.startIndex + 2]
            return c == 0x93 || c == 0x94 || c == 0xA2
        }
        return t.count == 2 && t[t.startIndex] == 0xC2 && t[t.startIndex + 1] == 0xB7
    }

    /// A URL (`://`, `www.`) or a domain name whose last label is a known top-level
    /// domain written in lower case (`rt.com`, `news.cgtn.com/x`), not `U.S.` or
    /// two sentences glued together (`region.Spokesperson`).
    static func isLink(_ token: ArraySlice<UInt8>) -> Bool {
        var lo = token.startIndex, hi = token.endIndex
        while lo < hi, !(UTF8Scanning.isASCIILetter(token[lo]) || UTF8Scanning.isDigit(token[lo])) { lo += 1 }
        while hi > lo, !(UTF8Scanning.isASCIILetter(token[hi - 1]) || UTF8Scanning.isDigit(token[hi - 1]) || token[hi - 1] == 0x2F) { hi -= 1 }
        guard hi - lo >= 4 else { return false }
        let t = token[lo ..< hi]
        // "://"
        var k = t.startIndex
        while k + 2 < t.endIndex {
            if t[k] == 0x3A && t[k + 1] == 0x2F && t[k + 2] == 0x2F { return true }
            k += 1
        }
        if t.count > 4, UTF8Scanning.lowercased(t[t.startIndex]) == 0x77, UTF8Scanning.lowercased(t[t.startIndex + 1]) == 0x77,
           UTF8Scanning.lowercased(t[t.startIndex + 2]) == 0x77, t[t.startIndex + 3] == 0x2E {
            return true
        }
        // host part up to the first '/'
        var end = t.startIndex
        while end < t.endIndex, t[end] != 0x2F { end += 1 }
        var labels = 0
        var labelStart = t.startIndex
        var lastLabel = t.startIndex ..< t.startIndex
        var p = t.startIndex
        while p <= end {
            if p == end || t[p] == 0x2E {
                guard p > labelStart else { return false }
                labels += 1
                lastLabel = labelStart ..< p
                labelStart = p + 1
            } else {
                let b = t[p]
                guard UTF8Scanning.isASCIILetter(b) || UTF8Scanning.isDigit(b) || b == 0x2D else { return false }
            }
            p += 1
        }
        guard labels >= 2, lastLabel.count >= 2, lastLabel.count <= 6 else { return false }
        for b in t[lastLabel] where !UTF8Scanning.isLower(b) { return false }
        guard let key = WordLists.key(t[lastLabel]) else { return false }
        return WordLists.classes(key) & WordLists.topLevelDomain != 0
    }

    /// `- `, `* `, `• `, `– `, `1. `, `12) ` at the start of `s`.
    static func isListMarker(_ s: ArraySlice<UInt8>) -> Bool {
        var i = s.startIndex
        guard i < s.endIndex else { return false }
        let b = s[i]
        if b == 0x2D || b == 0x2A {
            i += 1
        } else if b == 0xE2, i + 2 < s.endIndex, s[i + 1] == 0x80, s[i + 2] == 0xA2 || s[i + 2] == 0x93 {
            i += 3
        } else if UTF8Scanning.isDigit(b) {
            while i < s.endIndex, UTF8Scanning.isDigit(s[i]), i - s.startIndex < 2 { i += 1 }
            guard i < s.endIndex, s[i] == 0x2E || s[i] == 0x29 else { return false }
            i += 1
        } else {
            return false
        }
        return i < s.endIndex && s[i] == 0x20
    }

    /// A lone all-capitals token of 2...10 bytes such as an outlet's name (`CGTN`).
    static func isCapitalToken(_ s: ArraySlice<UInt8>) -> Bool {
        guard (2 ... 10).contains(s.count) else { return false }
        var uppers = 0
        for b in s {
            if UTF8Scanning.isUpper(b) { uppers += 1 } else if !(UTF8Scanning.isDigit(b) || b == 0x26 || b == 0x2D) { return false }
        }
        return uppers >= 2
    }
}
