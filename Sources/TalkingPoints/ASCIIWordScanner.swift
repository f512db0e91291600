/// `RefrainTokenizer`'s rules for a text that is all ASCII, driven by a
/// table of byte classes: the same tokens, normalised bytes, acronym flags
/// and byte ranges as `RefrainTokenizer.scan` with `minimumLength` 1, in a
/// fraction of the time (no scalar decoding, no Unicode properties, no
/// array appends: tokens go to an `ASCIIWordSink` as they are read).
///
/// Tokens are runs of letters and digits; `'` or `-` between two of them
/// joins them and is dropped; single letters separated by periods form one
/// acronym ("U.S." → `us`); letters are lowercased. A token of two to five
/// capitals and no lowercase letters, or of dotted initials, is an acronym.
/// - Complexity: O(n) for n bytes.
enum ASCIIWordScanner {
    /// Case bits: written as an acronym ("US", "U.S."); starting with a capital.
    static let acronym: UInt8 = 1, capitalised: UInt8 = 2

    private static let other: UInt8 = 0, digit: UInt8 = 1, lower: UInt8 = 2, upper: UInt8 = 3, joiner: UInt8 = 4, period: UInt8 = 5

    /// The class of every byte value (bytes from 0x80 on are `other`; callers check `isASCII` first).
    private static let classes: [UInt8] = (0 ..< 256).map { b in
        switch b {
        case 48 ... 57: return digit
        case 97 ... 122: return lower
        case 65 ... 90: return upper
        case 39, 45: return joiner
        case 46: return period
        default: return other
        }
    }

    /// Whether every byte of `source` is ASCII.
    static func isASCII(_ source: UnsafeBufferPointer<UInt8>) -> Bool {
        var any: UInt8 = 0
        for b in source { any |= b }
        return any < 0x80
    }

    /// Scans an all-ASCII `source`, writing the tokens' lowercase bytes one
    /// after another to `bytes` (room for `source.count` bytes) and handing
    /// each token to `sink` in order; returns the number of tokens.
    @inline(__always)
    static func scan<Sink: ASCIIWordSink>(_ source: UnsafeBufferPointer<UInt8>, bytes: UnsafeMutablePointer<UInt8>,
                                          into sink: inout Sink) -> Int {
        classes.withUnsafeBufferPointer { classOf in
            @inline(__always) func isWord(_ c: UInt8) -> Bool { c &- 1 < 3 }
            @inline(__always) func isLetter(_ c: UInt8) -> Bool { c &- 2 < 2 }
            let n = source.count
            guard n > 0 else { return 0 }
            let base = source.baseAddress!
            var i = 0, written = 0, count = 0
            while i < n {
                if i + 8 <= n {
                    // Bytes that start no token, eight at a time.
                    let (digits, lowers, uppers) = ASCIIBlock.lettersAndDigits(UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
                    let starts = ASCIIBlock.gather(digits | lowers | uppers)
                    guard starts != 0 else { i += 8; continue }
                    i += starts.trailingZeroBitCount
                } else {
                    guard isWord(classOf[Int(source[i])]) else { i += 1; continue }
                }
                let first = i, start = written
                if let token = plainWord(base, n, from: i, bytes: bytes + written) {
                    // The common case, eight bytes at a time: a run of letters
                    // and digits that no joiner or dotted initial continues.
                    written += token.end - first
                    let caseBits = (!token.hasLowercase && token.uppers >= 2 && token.uppers <= 5 ? acronym : 0)
                        | (classOf[Int(source[first])] == upper ? capitalised : 0)
                    sink.take(bytes + start, length: written - start, prefix: token.prefix, caseBits: caseBits,
                              start: UInt32(truncatingIfNeeded: first), end: UInt32(truncatingIfNeeded: token.end))
                    count += 1
                    i = token.end
                    continue
                }
                var scalars = 0, uppers = 0, lowers = 0, segmentLetters = 0
                var prefix: UInt64 = 0
                var dotted = false
                var j = i
                scanning: while j < n {
                    let b = source[j], c = classOf[Int(b)]
                    if isWord(c) {
                        if c == upper { uppers += 1 } else if c == lower { lowers += 1 }
                        let lowered = c == upper ? b | 0x20 : b
                        bytes[written] = lowered
                        if scalars < 8 { prefix |= UInt64(lowered) << UInt64(8 * scalars) }
                        written += 1
                        if isLetter(c) { segmentLetters += 1 }
                        scalars += 1
                        j += 1
                        continue
                    }
                    guard j + 1 < n else { break }
                    let next = classOf[Int(source[j + 1])]
                    switch c {
                    case joiner where isWord(next):
                        // "one-China", "China's": the joiner is dropped.
                        segmentLetters = 0
                        j += 1
                    case period where segmentLetters == 1 && (dotted || scalars == 1) && isLetter(next):
                        // Dotted initials: a letter, '.', a letter, then '.' or a non-word byte.
                        let after = j + 2
                        guard after >= n || source[after] == 46 || !isWord(classOf[Int(source[after])]) else { break scanning }
                        dotted = true
                        segmentLetters = 0
                        j += 1
                    default:
                        break scanning
                    }
                }
                // A joiner or period is only taken with the letter after it, so the token ends at j.
                let caseBits = (dotted || (lowers == 0 && uppers >= 2 && uppers <= 5) ? acronym : 0)
                    | (classOf[Int(source[first])] == upper ? capitalised : 0)
                sink.take(bytes + start, length: written - start, prefix: prefix, caseBits: caseBits,
                          start: UInt32(truncatingIfNeeded: first), end: UInt32(truncatingIfNeeded: j))
                count += 1
                i = j
            }
            return count
        }
    }
}

extension ASCIIWordScanner {
    /// The token starting at `first` of the `n` bytes at `source`, when it is
    /// a plain run of letters and digits read in blocks of eight: its end,
    /// prefix (`ASCIIWordSink.take`), number of capitals and whether it has
    /// a lowercase letter, with its lowercase bytes written to `bytes`
    /// (which, like `source`, has room for eight bytes from any position
    /// before `n - 8`).
    /// `nil` when the scalar rules must decide: fewer than eight bytes left,
    /// or a joiner or a dotted initial that may continue the token.
    @inline(__always)
    static func plainWord(_ source: UnsafePointer<UInt8>, _ n: Int, from first: Int, bytes: UnsafeMutablePointer<UInt8>)
        -> (end: Int, prefix: UInt64, uppers: Int, hasLowercase: Bool)? {
        var j = first, written = 0, uppers = 0, hasLowercase = false, prefix: UInt64 = 0
        while j + 8 <= n {
            let block = UnsafeRawPointer(source + j).loadUnaligned(as: UInt64.self)
            let (digitBits, lowerBits, upperBits) = ASCIIBlock.lettersAndDigits(block)
            let run = (~ASCIIBlock.gather(digitBits | lowerBits | upperBits)).trailingZeroBitCount
            let lowered = block | upperBits >> 2
            UnsafeMutableRawPointer(bytes + written).storeBytes(of: lowered, as: UInt64.self)
            let kept: UInt64 = run == 8 ? ~0 : (1 << UInt64(8 * run)) &- 1
            if j == first { prefix = lowered & kept }
            // Counted only when present (most blocks have no capital, and a
            // lowercase letter only needs noting): a portable popcount is slow.
            if upperBits & kept != 0 { uppers += (upperBits & kept).nonzeroBitCount }
            if lowerBits & kept != 0 { hasLowercase = true }
            written += run
            j += run
            guard run == 8 else {
                // The byte at j ends the run; does it end the token?
                let after = j + 1 < n ? source[j + 1] : 0
                let afterIsWord = after &- 48 < 10 || (after | 0x20) &- 97 < 26
                let end = source[j]
                if (end == 39 || end == 45) && afterIsWord { return nil }
                if end == 46 && j - first == 1 && (after | 0x20) &- 97 < 26 { return nil }
                return (j, prefix, uppers, hasLowercase)
            }
        }
        return nil
    }
}

/// Where `ASCIIWordScanner` hands its tokens, one at a time, in text order.
protocol ASCIIWordSink {
    /// Takes one token: its `length` lowercase bytes at `key`, their first
    /// `min(length, 8)` bytes as a little-endian word (zero-padded, the
    /// `ByteStringTable.prefix` of the key), its case bits and its byte
    /// range `start ..< end` in the text.
    mutating func take(_ key: UnsafePointer<UInt8>, length: Int, prefix: UInt64, caseBits: UInt8, start: UInt32, end: UInt32)
}

/// Eight ASCII bytes classified at once (SWAR, one 64-bit word), for
/// `ASCIIWordScanner`. Kept in this module so that it is inlined into the
/// scanning loops (package-level code is not inlined across modules).
enum ASCIIBlock {
    private static let ones: UInt64 = 0x0101_0101_0101_0101, highBits: UInt64 = 0x8080_8080_8080_8080

    /// The high bit of each byte of `block` (all ASCII) that is at least `bound` (1 ... 128).
    @inline(__always)
    private static func atLeast(_ block: UInt64, _ bound: UInt64) -> UInt64 {
        (block &+ (128 - bound) &* ones) & highBits
    }

    /// For an all-ASCII `block`: the high bit of each byte that is a digit
    /// (`0`-`9`), a lowercase letter (`a`-`z`) or a capital (`A`-`Z`).
    @inline(__always)
    static func lettersAndDigits(_ block: UInt64) -> (digits: UInt64, lowers: UInt64, uppers: UInt64) {
        (atLeast(block, 48) & ~atLeast(block, 58), atLeast(block, 97) & ~atLeast(block, 123), atLeast(block, 65) & ~atLeast(block, 91))
    }

    /// The high bits of `highBits` (one per byte) gathered into bits 0 ... 7:
    /// bit `j` is the high bit of byte `j`.
    @inline(__always)
    static func gather(_ highBits: UInt64) -> UInt64 {
        ((highBits >> 7) &* 0x0102_0408_1020_4080) >> 56
    }
}
