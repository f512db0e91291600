import Foundation

/// Refrain's word tokenizer for news text.
///
/// scikit-learn's default pattern `(?u)\b\w\w+\b` loses what this job needs:
/// it splits "one-China" into "one" and "china" while scraped copy writes
/// "oneChina", splits "China's" into "china" while stripped copy writes
/// "Chinas", and drops "U.S." entirely. The rules here make those forms
/// tokenize alike:
///
/// 1. A token is a run of letters, combining marks and numbers (Unicode
///    categories L*, M*, N*). Underscores and other symbols separate tokens.
/// 2. An apostrophe (`'`, U+2019, U+02BC) or hyphen (`-`, U+2010, U+2011)
///    *between* two word characters joins them and is dropped:
///    "one-China" → `onechina` (= "oneChina"), "China-US" → `chinaus`
///    (= "ChinaUS"), "China's" → `chinas` (= "Chinas").
/// 3. Single letters separated by periods form one acronym: "U.S." → `us`,
///    "U.N." → `un`.
/// 4. Each token is normalised with NFKC (full-width and compatibility forms
///    fold: "ﬁ" → "fi") and lowercased with full Unicode case mapping.
/// 5. Tokens shorter than `minimumLength` scalars are dropped (default 2, as
///    scikit-learn does).
/// 6. A token written in capitals (2–5 letters, no lowercase: "US", "WHO")
///    or with dotted initials is marked `isAcronym`; stop-word removal keeps
///    acronyms, so the country "US" survives while the pronoun "us" goes.
///
/// Byte ranges always refer to the original text.
/// - Complexity: O(n) in the UTF-8 length; ASCII tokens are lowercased byte by
///   byte, others go through Foundation's NFKC.
public struct RefrainTokenizer: Sendable {
    /// Lowercase tokens. Default `true`.
    public var lowercase: Bool
    /// The shortest token kept, in Unicode scalars. Default 2.
    public var minimumLength: Int

    /// Creates a tokenizer.
    public init(lowercase: Bool = true, minimumLength: Int = 2) {
        self.lowercase = lowercase
        self.minimumLength = minimumLength
    }

    /// The tokens of `text`, in order.
    public func tokens(in text: String) -> [Token] {
        var text = text
        return text.withUTF8 { source in
            let store = ByteBuffer(capacity: source.count + 16)
            var starts: [Int32] = [], lengths: [Int32] = [], acronym: [Bool] = []
            var original: [Range<Int>] = []
            withUnsafeMutablePointer(to: &original) { ranges in
                RefrainTokenizer.scan(source, lowercase: lowercase, minimumLength: minimumLength, into: store,
                                      starts: &starts, lengths: &lengths, acronym: &acronym, originalRanges: ranges)
            }
            return (0 ..< starts.count).map { i in
                Token(text: String(decoding: UnsafeBufferPointer(start: store.base + Int(starts[i]), count: Int(lengths[i])), as: UTF8.self),
                      byteRange: original[i], isAcronym: acronym[i])
            }
        }
    }

    @inline(__always)
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x80 {
            let b = UInt8(v)
            return (b &- 48) < 10 || ((b | 0x20) &- 97) < 26
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark,
             .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }

    @inline(__always)
    static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x80 { return ((UInt8(v) | 0x20) &- 97) < 26 }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return false
        }
    }

    @inline(__always)
    static func isJoiner(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x27, 0x2D, 0x2019, 0x02BC, 0x2010, 0x2011: return true
        default: return false
        }
    }

    /// Scans `source`, appending each token's normalised bytes to `store` and
    /// recording (start, length) in the store, the acronym flag and, when
    /// `originalRanges` is given, the token's range in `source`.
    package static func scan(_ source: UnsafeBufferPointer<UInt8>, lowercase: Bool, minimumLength: Int = 2, into store: ByteBuffer,
                     starts: inout [Int32], lengths: inout [Int32], acronym: inout [Bool],
                     originalRanges: UnsafeMutablePointer<[Range<Int>]>?) {
        starts.removeAll(keepingCapacity: true)
        lengths.removeAll(keepingCapacity: true)
        acronym.removeAll(keepingCapacity: true)
        originalRanges?.pointee.removeAll(keepingCapacity: true)
        let n = source.count
        var i = 0
        while i < n {
            let (first, firstLength) = UTF8Decoding.decode(source, at: i)
            guard isWordScalar(first) else { i += firstLength; continue }
            // A token starts here.
            let tokenStart = i
            let storeStart = store.count
            var scalars = 0
            var asciiOnly = true
            var upper = 0, lower = 0
            var segmentLetters = 0
            var dotted = false
            var end = i
            var j = i
            while j < n {
                let (scalar, length) = UTF8Decoding.decode(source, at: j)
                if isWordScalar(scalar) {
                    if scalar.value < 0x80 {
                        let b = UInt8(scalar.value)
                        if b >= 65 && b <= 90 { upper += 1; store.append(lowercase ? b | 0x20 : b) }
                        else { if b >= 97 && b <= 122 { lower += 1 }; store.append(b) }
                    } else {
                        asciiOnly = false
                        if scalar.properties.isUppercase { upper += 1 } else if scalar.properties.isLowercase { lower += 1 }
                        store.append(source.baseAddress! + j, count: length)
                    }
                    if isLetter(scalar) { segmentLetters += 1 }
                    scalars += 1
                    j += length
                    end = j
                    continue
                }
                // A joiner between two word characters.
                if j + length < n {
                    let (next, nextLength) = UTF8Decoding.decode(source, at: j + length)
                    if isJoiner(scalar) && isWordScalar(next) {
                        j += length
                        segmentLetters = 0
                        continue
                    }
                    // Dotted initials: a single letter, '.', a letter, then '.' or a non-word.
                    if scalar.value == 0x2E && segmentLetters == 1 && scalars == segmentLetters + (dotted ? scalars - 1 : 0)
                        && isLetter(next) {
                        let after = j + length + nextLength
                        var endsSegment = after >= n
                        if !endsSegment {
                            let (afterScalar, _) = UTF8Decoding.decode(source, at: after)
                            endsSegment = afterScalar.value == 0x2E || !isWordScalar(afterScalar)
                        }
                        if endsSegment {
                            dotted = true
                            segmentLetters = 0
                            j += length
                            continue
                        }
                    }
                }
                break
            }
            i = max(end, j)
            if i == tokenStart { i += firstLength; continue }
            if !asciiOnly {
                // NFKC and full lowercase for tokens with non-ASCII scalars.
                var normalized = String(decoding: UnsafeBufferPointer(start: store.base + storeStart, count: store.count - storeStart), as: UTF8.self)
                    .precomposedStringWithCompatibilityMapping
                if lowercase { normalized = normalized.lowercased() }
                store.count = storeStart
                scalars = 0
                normalized.withUTF8 { if let b = $0.baseAddress { store.append(b, count: $0.count) } }
                scalars = normalized.unicodeScalars.count
            }
            if scalars < minimumLength {
                store.count = storeStart
                continue
            }
            starts.append(Int32(storeStart))
            lengths.append(Int32(store.count - storeStart))
            acronym.append(dotted || (lower == 0 && upper >= 2 && upper <= 5))
            originalRanges?.pointee.append(tokenStart ..< end)
        }
    }
}
