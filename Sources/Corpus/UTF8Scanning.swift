/// Byte-level helpers over UTF-8 text shared by the readers, the date finder and
/// the stripper. Everything here is O(n) in the bytes it looks at.
enum UTF8Scanning {
    /// ASCII whitespace: space, tab, line feed, vertical tab, form feed, carriage return.
    @inline(__always)
    static func isASCIISpace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }

    @inline(__always)
    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    @inline(__always)
    static func isASCIILetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }

    @inline(__always)
    static func isUpper(_ b: UInt8) -> Bool { b >= 0x41 && b <= 0x5A }

    @inline(__always)
    static func isLower(_ b: UInt8) -> Bool { b >= 0x61 && b <= 0x7A }

    @inline(__always)
    static func lowercased(_ b: UInt8) -> UInt8 { isUpper(b) ? b | 0x20 : b }

    /// Length of a non-ASCII space or invisible separator starting at `i` (U+00A0,
    /// U+2000...U+200B, U+202F, U+205F, U+3000, U+FEFF), else 0.
    @inline(__always)
    static func unicodeSpaceLength(_ s: ArraySlice<UInt8>, at i: Int) -> Int {
        let b = s[i]
        guard b >= 0xC2 else { return 0 }
        if b == 0xC2 { return i + 1 < s.endIndex && s[i + 1] == 0xA0 ? 2 : 0 }
        guard i + 2 < s.endIndex else { return 0 }
        let b1 = s[i + 1], b2 = s[i + 2]
        switch b {
        case 0xE2:
            if b1 == 0x80 && (b2 <= 0x8B || b2 == 0xAF) { return 3 }
            if b1 == 0x81 && b2 == 0x9F { return 3 }
            return 0
        case 0xE3: return b1 == 0x80 && b2 == 0x80 ? 3 : 0
        case 0xEF: return b1 == 0xBB && b2 == 0xBF ? 3 : 0
        default: return 0
        }
    }

    /// Length of a space (ASCII or Unicode) at `i`, else 0.
    @inline(__always)
    static func spaceLength(_ s: ArraySlice<UInt8>, at i: Int) -> Int {
        isASCIISpace(s[i]) ? 1 : unicodeSpaceLength(s, at: i)
    }

    /// Length of a space (ASCII or Unicode) that ends just before `end`, else 0.
    static func spaceLength(_ s: ArraySlice<UInt8>, endingAt end: Int) -> Int {
        guard end > s.startIndex else { return 0 }
        if isASCIISpace(s[end - 1]) { return 1 }
        if end - 2 >= s.startIndex, unicodeSpaceLength(s, at: end - 2) == 2 { return 2 }
        if end - 3 >= s.startIndex, unicodeSpaceLength(s, at: end - 3) == 3 { return 3 }
        return 0
    }

    /// The range of `s` without leading and trailing spaces (ASCII and Unicode).
    static func trimmed(_ s: ArraySlice<UInt8>) -> Range<Int> {
        var lo = s.startIndex, hi = s.endIndex
        while lo < hi {
            let n = spaceLength(s, at: lo)
            if n == 0 { break }
            lo += n
        }
        while hi > lo {
            let n = spaceLength(s[lo ..< hi], endingAt: hi)
            if n == 0 { break }
            hi -= n
        }
        return lo ..< hi
    }

    /// A string of bytes already known to be valid UTF-8 (decoded and repaired by
    /// `TextDecoding`, or written by the readers), copied without validating them a
    /// second time. The string is flagged ASCII exactly when every byte is, as
    /// `String(decoding:as:)` would flag it. O(n); debug builds check validity.
    static func string(validUTF8 s: ArraySlice<UInt8>) -> String {
        assert(String(validating: s, as: UTF8.self) != nil, "string(validUTF8:) was given invalid UTF-8")
        if #available(macOS 26, iOS 26, tvOS 26, watchOS 26, visionOS 26, *) {
            let ascii = ByteSearch.firstNonASCII(in: s, from: s.startIndex) == s.endIndex
            let span = s.span
            return String(copying: UTF8Span(unchecked: span, isKnownASCII: ascii))
        }
        return String(decoding: s, as: UTF8.self)
    }

    /// True when `s` holds only ASCII whitespace.
    static func isBlank(_ s: ArraySlice<UInt8>) -> Bool {
        for b in s where !isASCIISpace(b) { return false }
        return true
    }

    /// Replaces `\r\n` and lone `\r` by `\n`, in place. O(n); no work when there is no `\r`.
    static func normalizeLineEndings(_ bytes: inout [UInt8]) {
        guard ByteSearch.contains(0x0D, in: bytes[...]) else { return }
        var out = [UInt8]()
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x0D {
                out.append(0x0A)
                if i + 1 < bytes.count && bytes[i + 1] == 0x0A { i += 1 }
            } else {
                out.append(b)
            }
            i += 1
        }
        bytes = out
    }

    /// The 1-based line of byte `offset` (lines end at `\n`). O(offset).
    static func lineNumber(of offset: Int, in bytes: [UInt8]) -> Int {
        var line = 1
        var i = 0
        while i < offset && i < bytes.count {
            if bytes[i] == 0x0A { line += 1 }
            i += 1
        }
        return line
    }

    /// A comparison key for a line: ASCII lower-cased, curly quotes and dashes folded
    /// to ASCII, runs of spaces collapsed to one, outer spaces removed. O(n).
    static func comparisonKey(_ s: ArraySlice<UInt8>) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(s.count)
        forEachComparisonByte(s) { out.append($0) }
        return out
    }

    /// The FNV-1a hash of `comparisonKey(s)`, computed without building the key. O(n).
    static func comparisonHash(_ s: ArraySlice<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        forEachComparisonByte(s) { b in
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01B3
        }
        return h
    }

    /// Feeds the bytes of the comparison key of `s` to `body`.
    @inline(__always)
    static func forEachComparisonByte(_ s: ArraySlice<UInt8>, _ body: (UInt8) -> Void) {
        var i = s.startIndex
        var started = false, pendingSpace = false
        while i < s.endIndex {
            let b = s[i]
            if b < 0x80 {
                if b == 0x20 || (b >= 0x09 && b <= 0x0D) {
                    pendingSpace = started
                } else {
                    if pendingSpace { body(0x20); pendingSpace = false }
                    body(lowercased(b))
                    started = true
                }
                i += 1
                continue
            }
            let space = unicodeSpaceLength(s, at: i)
            if space > 0 {
                pendingSpace = started
                i += space
                continue
            }
            if pendingSpace { body(0x20); pendingSpace = false }
            started = true
            if b == 0xE2, i + 2 < s.endIndex, s[i + 1] == 0x80 {
                switch s[i + 2] {
                case 0x98, 0x99, 0x9B: body(0x27); i += 3; continue   // ‘ ’ ‛
                case 0x9C, 0x9D, 0x9E: body(0x22); i += 3; continue   // “ ” „
                case 0x93, 0x94: body(0x2D); i += 3; continue         // – —
                default: break
                }
            }
            body(b)
            i += 1
        }
    }

    /// True when `needle` occurs in `haystack`. O(n·m) worst case, O(n) typically.
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        let m = needle.count, n = haystack.count
        guard m > 0 else { return true }
        guard m <= n else { return false }
        let first = needle[0]
        var i = 0
        while i <= n - m {
            if haystack[i] == first {
                var k = 1
                while k < m && haystack[i + k] == needle[k] { k += 1 }
                if k == m { return true }
            }
            i += 1
        }
        return false
    }

    /// A cheap hash of raw bytes from their length and up to 32 bytes at each end;
    /// equal slices hash equal. O(1).
    static func sampleHash(_ s: ArraySlice<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(s.count)
        let head = s.prefix(32), tail = s.suffix(32)
        for b in head { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        for b in tail { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return h
    }
}
