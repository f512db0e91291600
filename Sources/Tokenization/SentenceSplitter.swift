/// Splits text into sentences with rules tuned for English news copy, including
/// scraped text whose sentences were glued together without a space.
///
/// The splitter scans the string's UTF-8 bytes once and reports every sentence
/// as a ``Sentence``: a trimmed `Substring` plus its UTF-8 byte range in the
/// input. Sentences never overlap and come in text order; text that is only
/// whitespace yields no sentence.
///
/// ## Where a sentence ends
///
/// 1. **Line breaks are hard breaks.** Every line feed, carriage return,
///    vertical tab, form feed, NEL (U+0085), line separator (U+2028) and
///    paragraph separator (U+2029) ends the current sentence, so blank lines
///    (paragraphs), headlines and datelines are always separate sentences.
/// 2. **Terminal punctuation, then whitespace, then a plausible start.** A run
///    of `.`, `!`, `?`, `…` (and `‼ ⁇ ⁈ ⁉`), followed by any closing quotes
///    and brackets (`" ' ) ] ” ’ » ›` and their full-width forms), followed by
///    whitespace, ends a sentence when the next character can start one: an
///    uppercase or titlecase letter, a letter without case (CJK, Arabic, …),
///    a digit, or an opening quote or bracket (`" ' ( [ “ ‘ « ¿ ¡` …). The
///    closing quotes and brackets belong to the sentence they close. A
///    lowercase next word never starts a sentence, so an attribution after a
///    quotation stays attached: `"We oppose it!" he said.` is one sentence, as
///    is `"…," Wu told a briefing.` (a comma never ends a sentence).
/// 3. **Capitalised attributions.** After a closing quote, a run of up to five
///    capitalised words followed by a lowercase reporting verb (`said`, `told`,
///    `added`, `asked`, `stressed`, `according`, …) continues the sentence:
///    `"We will never yield!" Foreign Minister Wang Yi said.` is one sentence.
/// 4. **Glued sentences.** Scraped copy often drops the space after a full
///    stop (`…Taiwan region.Spokesperson Zhao…`). A single `.` directly
///    followed by an uppercase letter ends a sentence when the `.` follows a
///    word of two or more letters ending in a lowercase letter (and that word is
///    not an abbreviation). So `region.Spokesperson` splits, while `U.S.Army`,
///    `e.g.The`, `Mr.Smith` and `3.5` do not. A run of two or more dots (or `…`)
///    directly followed by an uppercase letter also ends a sentence, so
///    `Resolution ..The central government` splits after `..`.
/// 5. **CJK full stops.** `。`, `！`, `？` and `｡` (plus closing brackets) end a
///    sentence whatever follows, since CJK text uses no spaces.
///
/// ## Where a full stop does not end a sentence
///
/// These exceptions apply to a single `.` (not to `!`, `?` or ellipses). The
/// word before the `.` is the run of ASCII letters and dots that ends there,
/// compared case-insensitively.
///
/// - **Abbreviations** in ``abbreviations`` never end a sentence: titles
///   (`Mr.`, `Mrs.`, `Ms.`, `Dr.`, `Prof.`, `Gen.`, `Sen.`, `Rep.`, `St.`,
///   `Jr.`, …), `e.g.`, `i.e.`, `vs.`, `v.`, `cf.` and the like. See
///   ``defaultAbbreviations``.
/// - **Abbreviations before a number**: `No.`, `Nos.`, `Vol.`, `p.`, `pp.`,
///   `Art.`, `Fig.`, `Sec.`, `Ch.` and the months `Jan.` … `Dec.` (and `Sept.`)
///   do not end a sentence when the next character is a digit (`No. 1`,
///   `Jan. 20`); otherwise they are ordinary words.
/// - **Decimals** (`3.5`, `1.2 million`) never split: the `.` is not followed
///   by whitespace and a digit is not a glued sentence start.
/// - **Words that often sit inside a sentence but can also end one** split only
///   when the next word is a typical sentence opener (a pronoun, determiner,
///   conjunction or common adverbial: `The`, `He`, `She`, `It`, `We`, `They`,
///   `This`, `But`, `In`, `On`, `However`, …). This heuristic covers:
///   - multi-dot acronyms (`U.S.`, `U.N.`, `U.K.`, `D.C.`, `Ph.D.`, and
///     `a.m.`/`p.m.`): `the U.S. Secretary of State` stays whole, `talks
///     with the U.S. The meeting…` splits;
///   - company suffixes (`Inc.`, `Corp.`, `Ltd.`, `Co.`, `LLC.`, `PLC.`,
///     `Bros.`): `Acme Corp. Chief Executive…` stays whole;
///   - single capital initials (`J. K. Rowling`, `George W. Bush`), while
///     `Plan B. The plan…` splits.
/// - `etc.` and `a.m.`/`p.m.` followed by a lowercase word never split (rule 2).
///
/// - Complexity: O(*n*) in the UTF-8 length of the text. The scan reads each
///   byte a bounded number of times (look-behind is capped at 40 bytes,
///   look-ahead at a few words) and decodes Unicode scalars only next to
///   candidate boundaries.
public struct SentenceSplitter: Sendable {
    /// Words after which a full stop never ends a sentence: lowercase, without
    /// the trailing period (`"mr"`, `"e.g"`, `"u.s"`).
    ///
    /// The initializer normalises what it is given (lowercases ASCII letters
    /// and drops one trailing period), so `"Mr."` and `"mr"` are the same entry.
    public let abbreviations: Set<String>

    /// The default never-split abbreviations: personal and military titles,
    /// name suffixes, street and place prefixes, and Latin and legal shorthand.
    ///
    /// `mr mrs ms messrs mmes dr drs prof profs gen lt col maj capt cmdr cdr adm
    /// brig sgt cpl pvt gov sen rep reps amb pres hon rev fr sr jr st mt ft supt
    /// insp det atty esq dept univ assn e.g i.e vs v cf viz approx`
    ///
    /// Conditional abbreviations (number-gated ones such as `No.` and the
    /// months, company suffixes, multi-dot acronyms and initials) are rules of
    /// the splitter itself; see the type's documentation.
    public static let defaultAbbreviations: Set<String> = [
        "mr", "mrs", "ms", "messrs", "mmes", "dr", "drs", "prof", "profs",
        "gen", "lt", "col", "maj", "capt", "cmdr", "cdr", "adm", "brig", "sgt", "cpl", "pvt",
        "gov", "sen", "rep", "reps", "amb", "pres", "hon", "rev", "fr",
        "sr", "jr", "st", "mt", "ft", "supt", "insp", "det", "atty", "esq",
        "dept", "univ", "assn",
        "e.g", "i.e", "vs", "v", "cf", "viz", "approx",
    ]

    /// Creates a splitter.
    ///
    /// - Parameter abbreviations: Words after which a full stop never ends a
    ///   sentence, with or without their trailing period, in any letter case.
    ///   Pass `SentenceSplitter.defaultAbbreviations.union([...])` to extend
    ///   the defaults.
    /// - Complexity: O(*a*) for *a* abbreviations.
    public init(abbreviations: Set<String> = SentenceSplitter.defaultAbbreviations) {
        var normalised = Set<String>()
        normalised.reserveCapacity(abbreviations.count)
        for word in abbreviations {
            var key = Self.lowercasedASCII(word)
            if key.hasSuffix(".") { key.removeLast() }
            if !key.isEmpty { normalised.insert(key) }
        }
        self.abbreviations = normalised
        lists = SplitterWordLists(abbreviations: normalised)
    }

    /// The word lists the scanner consults, in one byte-string table.
    private let lists: SplitterWordLists

    /// Splits `text` into sentences, in order.
    ///
    /// Each sentence is trimmed of surrounding whitespace and carries its
    /// UTF-8 byte range in `text`; see the type's documentation for the rules.
    /// Empty or whitespace-only text gives an empty array.
    ///
    /// - Complexity: O(*n*) in the UTF-8 length of `text`.
    public func split(_ text: String) -> [Sentence] {
        let ranges = sentenceByteRanges(in: text)
        var sentences: [Sentence] = []
        sentences.reserveCapacity(ranges.count)
        let utf8 = text.utf8
        var index = utf8.startIndex
        var offset = 0
        for range in ranges {
            let lower = utf8.index(index, offsetBy: range.lowerBound - offset)
            let upper = utf8.index(lower, offsetBy: range.count)
            sentences.append(Sentence(text: Substring(utf8[lower ..< upper]), byteRange: range))
            index = upper
            offset = range.upperBound
        }
        return sentences
    }

    /// The UTF-8 byte ranges of the sentences of `text`, in order: the
    /// `byteRange`s that ``split(_:)`` would return, without making substrings.
    ///
    /// - Complexity: O(*n*) in the UTF-8 length of `text`.
    public func sentenceByteRanges(in text: String) -> [Range<Int>] {
        var source = text  // `withUTF8` needs a mutable string; a native one is not copied
        return source.withUTF8(sentenceByteRanges(in:))
    }

    /// The UTF-8 byte ranges of the sentences of the text whose UTF-8 bytes
    /// (valid UTF-8) are `bytes`: what ``sentenceByteRanges(in:)-(String)``
    /// returns for that text.
    ///
    /// - Complexity: O(*n*) in `bytes.count`.
    package func sentenceByteRanges(in bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: SentenceScanner.maxWordLength + 1) { scratch in
            var scanner = SentenceScanner(bytes: bytes, lists: lists, scratch: scratch.baseAddress!)
            return scanner.run()
        }
    }

    /// Lowercases ASCII letters only; other characters are kept as they are.
    static func lowercasedASCII(_ word: String) -> String {
        String(decoding: word.utf8.map { $0 &- 0x41 < 26 ? $0 | 0x20 : $0 }, as: UTF8.self)
    }
}

// MARK: - Word lists used by the rules

extension SentenceSplitter {
    /// Abbreviations that do not end a sentence when a digit follows (`No. 1`, `Jan. 20`).
    static let numberAbbreviations: Set<String> = [
        "no", "nos", "nr", "vol", "vols", "p", "pp", "pg", "ch", "chap", "art", "sec", "sect",
        "fig", "figs", "para", "op",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    ]

    /// Company suffixes: a sentence ends after them only before a typical sentence opener.
    static let companySuffixes: Set<String> = ["inc", "corp", "ltd", "co", "cos", "llc", "plc", "bros"]

    /// Capitalised words that typically open a sentence (pronouns, determiners,
    /// conjunctions, prepositions, common adverbials). Case-sensitive.
    static let sentenceOpeners: Set<String> = [
        "A", "An", "The", "He", "She", "It", "We", "They", "I", "You",
        "His", "Her", "Its", "Their", "Our", "My", "Your",
        "This", "That", "These", "Those", "There", "Here", "Then", "Thus",
        "But", "And", "Or", "So", "Yet", "Nor",
        "In", "On", "At", "As", "By", "For", "From", "To", "With", "Without", "Of",
        "If", "When", "While", "After", "Before", "Since", "Although", "Though", "Because",
        "However", "Meanwhile", "Moreover", "Furthermore", "Also", "Still", "Now",
        "Today", "Yesterday", "Tomorrow", "Earlier", "Later", "Last", "Next",
        "Some", "Many", "Most", "All", "Both", "Each", "Every", "Other", "Others", "Such",
        "No", "Not", "What", "Who", "Whom", "Whose", "Why", "How", "Where", "Which",
        "According", "During", "Under", "Despite",
    ]

    /// Lowercase reporting verbs that close a capitalised attribution after a quotation.
    static let reportingVerbs: Set<String> = [
        "said", "says", "say", "told", "tells", "added", "adds", "asked", "asks",
        "stated", "states", "noted", "notes", "stressed", "stresses", "replied", "replies",
        "wrote", "writes", "insisted", "insists", "warned", "warns", "declared", "declares",
        "explained", "explains", "continued", "reiterated", "urged", "urges", "claimed", "claims",
        "tweeted", "posted", "responded", "remarked", "emphasized", "emphasised", "argued",
        "announced", "concluded", "shouted", "exclaimed", "recalled", "according",
    ]
}

// MARK: - Word lists as one table

/// The splitter's word lists interned in one ``ByteStringTable``, with the
/// lists each word is on, so that a lookup costs one probe of the word's
/// bytes and makes no string.
struct SplitterWordLists: Sendable {
    struct Lists: OptionSet, Sendable {
        let rawValue: UInt8
        /// In ``SentenceSplitter/abbreviations`` (lowercase).
        static let abbreviation = Lists(rawValue: 1 << 0)
        /// In ``SentenceSplitter/numberAbbreviations`` (lowercase).
        static let numberAbbreviation = Lists(rawValue: 1 << 1)
        /// In ``SentenceSplitter/companySuffixes`` (lowercase).
        static let companySuffix = Lists(rawValue: 1 << 2)
        /// In ``SentenceSplitter/sentenceOpeners`` (capitalised, case-sensitive).
        static let sentenceOpener = Lists(rawValue: 1 << 3)
        /// In ``SentenceSplitter/reportingVerbs`` (lowercase, case-sensitive).
        static let reportingVerb = Lists(rawValue: 1 << 4)
    }

    private let table: ByteStringTable
    private let listsByID: [Lists]

    init(abbreviations: Set<String>) {
        let table = ByteStringTable(expectedCount: 256)
        var listsByID: [Lists] = []
        func add(_ words: Set<String>, _ list: Lists) {
            for word in words {
                let id = table.insert(word)
                if id == listsByID.count { listsByID.append([]) }
                listsByID[id].insert(list)
            }
        }
        add(abbreviations, .abbreviation)
        add(SentenceSplitter.numberAbbreviations, .numberAbbreviation)
        add(SentenceSplitter.companySuffixes, .companySuffix)
        add(SentenceSplitter.sentenceOpeners, .sentenceOpener)
        add(SentenceSplitter.reportingVerbs, .reportingVerb)
        self.table = table
        self.listsByID = listsByID
    }

    /// The lists holding exactly the word `bytes` (none for an empty word).
    func lists(of bytes: UnsafeBufferPointer<UInt8>) -> Lists {
        guard let base = bytes.baseAddress, let id = table.find(base, count: bytes.count) else { return [] }
        return listsByID[id]
    }
}

// MARK: - The byte scanner

/// The single pass over the UTF-8 bytes behind ``SentenceSplitter``.
///
/// Only used inside `String.withUTF8`, whose buffer outlives the scanner.
/// Strings hold valid UTF-8, so multi-byte sequences are decoded without checks
/// beyond staying in bounds.
struct SentenceScanner {
    private let bytes: UnsafeBufferPointer<UInt8>
    private let count: Int
    private let lists: SplitterWordLists
    /// Room for a lowercased word before a full stop (`maxWordLength + 1` bytes).
    private let scratch: UnsafeMutablePointer<UInt8>
    private var ranges: [Range<Int>] = []
    /// Start of the sentence being built (may point at whitespace; trimmed on emit).
    private var start = 0

    /// How far back a word is examined before a full stop.
    static let maxWordLength = 40

    init(bytes: UnsafeBufferPointer<UInt8>, lists: SplitterWordLists, scratch: UnsafeMutablePointer<UInt8>) {
        self.bytes = bytes
        self.count = bytes.count
        self.lists = lists
        self.scratch = scratch
    }

    mutating func run() -> [Range<Int>] {
        var i = 0
        while i < count {
            i = nextCandidate(from: i)
            guard i < count else { break }
            let c = bytes[i]
            if c < 0x80 {
                switch c {
                case UInt8(ascii: "."), UInt8(ascii: "!"), UInt8(ascii: "?"):
                    i = terminate(at: i)
                case 0x0A ... 0x0D:
                    hardBreak(at: i, length: 1)
                    i += 1
                default:
                    i += 1
                }
                continue
            }
            // Non-ASCII: only a few lead bytes can begin a terminator or a line break.
            if c == 0xC2 || c == 0xE2 || c == 0xE3 || c == 0xEF {
                if terminator(at: i) != nil {
                    i = terminate(at: i)
                    continue
                }
                if let space = whitespace(at: i), space.isLineBreak {
                    hardBreak(at: i, length: space.length)
                    i += space.length
                    continue
                }
            }
            i += 1
        }
        emit(upTo: count)
        return ranges
    }

    /// The first position at or after `i` whose byte may start a terminator
    /// or a line break: `.`, `!`, `?`, a control character, or a non-ASCII
    /// byte. Reads eight bytes at a time; every byte it skips is one the scan
    /// would step over.
    @inline(__always)
    private func nextCandidate(from i: Int) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        /// A high bit in each zero byte of `t` (and maybe above one): exact for the lowest.
        @inline(__always) func zeroBytes(_ t: UInt64) -> UInt64 { (t &- ones) & ~t & highs }
        guard let base = bytes.baseAddress else { return i }
        let raw = UnsafeRawPointer(base)
        var i = i
        while i + 8 <= count {
            let x = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            let candidates = (x & highs)                          // non-ASCII
                | zeroBytes(x & (0xF0 &* ones))                   // below 0x10: line breaks among them
                | zeroBytes(x ^ (UInt64(UInt8(ascii: ".")) &* ones))
                | zeroBytes(x ^ (UInt64(UInt8(ascii: "!")) &* ones))
                | zeroBytes(x ^ (UInt64(UInt8(ascii: "?")) &* ones))
            if candidates != 0 { return i + candidates.trailingZeroBitCount / 8 }
            i += 8
        }
        return i
    }

    // MARK: Boundaries

    private mutating func hardBreak(at i: Int, length: Int) {
        emit(upTo: i)
        start = i + length
    }

    /// Ends the current sentence at `end` (trimmed) and starts the next at `next`.
    private mutating func split(end: Int, next: Int) {
        emit(upTo: end)
        start = next
    }

    private mutating func emit(upTo end: Int) {
        var lower = start
        var upper = end
        while lower < upper, let space = whitespace(at: lower) { lower += space.length }
        while upper > lower {
            let length = whitespaceLength(endingAt: upper)
            if length == 0 { break }
            upper -= length
        }
        if lower < upper { ranges.append(lower ..< upper) }
        start = end
    }

    /// Handles a run of terminators starting at `i`; returns where scanning resumes.
    private mutating func terminate(at i: Int) -> Int {
        var j = i
        var periods = 0, others = 0, ellipses = 0, cjk = 0
        while j < count, let (length, kind) = terminator(at: j) {
            switch kind {
            case .period: periods += 1
            case .other: others += 1
            case .ellipsis: ellipses += 1
            case .cjk: cjk += 1
            }
            j += length
        }
        var k = j
        var closedQuote = false
        while k < count, let (length, isQuote) = closer(at: k) {
            k += length
            closedQuote = closedQuote || isQuote
        }
        if cjk > 0 {
            if k < count { split(end: k, next: k) }
            return k
        }
        if k == count { return k }
        let singlePeriod = periods == 1 && others == 0 && ellipses == 0

        guard whitespace(at: k) != nil else {
            // Glued: no space between this sentence and the next.
            let dotRun = others == 0 && (periods >= 2 || ellipses > 0)
            if k == j, singlePeriod || dotRun, isUppercaseLetter(at: k),
               dotRun || isGluedBoundary(periodAt: i) {
                split(end: k, next: k)
            }
            return k
        }
        var m = k
        while m < count, let space = whitespace(at: m), !space.isLineBreak { m += space.length }
        if m == count { return m }
        if let space = whitespace(at: m), space.isLineBreak { return m }  // the line break splits
        if endsSentence(nextAt: m, periodAt: singlePeriod ? i : nil, afterQuote: closedQuote) {
            split(end: k, next: m)
        }
        return m
    }

    /// Whether a sentence ends before the plausible-looking text at `m`.
    /// `periodAt` is the position of a lone full stop, when that is the terminator.
    private func endsSentence(nextAt m: Int, periodAt period: Int?, afterQuote: Bool) -> Bool {
        guard isPlausibleStart(at: m) else { return false }
        if afterQuote && isAttribution(at: m) { return false }
        guard let period, let word = asciiWord(before: period) else { return true }
        let key = lists.lists(of: word.lowercased(into: scratch))
        if key.contains(.abbreviation) { return false }
        if key.contains(.numberAbbreviation), isDigit(bytes[m]) { return false }
        let gated = key.contains(.companySuffix)
            || word.isMultiDotAcronym
            || (word.length == 1 && isASCIIUpper(bytes[word.start]))
        if gated { return isSentenceOpener(at: m) }
        return true
    }

    /// Whether the full stop at `i`, directly followed by an uppercase letter,
    /// ends a sentence: it must follow a word of 2+ letters ending in a
    /// lowercase letter that is not an abbreviation.
    private func isGluedBoundary(periodAt i: Int) -> Bool {
        guard let (last, lastStart) = scalar(endingAt: i), last.properties.isLowercase,
              let (previous, _) = scalar(endingAt: lastStart), previous.properties.isAlphabetic
        else { return false }
        if let word = asciiWord(before: i), lists.lists(of: word.lowercased(into: scratch)).contains(.abbreviation) {
            return false
        }
        return true
    }

    // MARK: Looking around

    /// The word of ASCII letters and dots that ends at `end` (exclusive), when it
    /// is a whole word: not part of a longer word with non-ASCII letters, and
    /// at most `maxWordLength` bytes. Leading dots are dropped.
    private func asciiWord(before end: Int) -> AbbreviationCandidate? {
        var j = end
        while j > 0, end - j <= Self.maxWordLength {
            let c = bytes[j - 1]
            guard isASCIILetter(c) || c == UInt8(ascii: ".") else { break }
            j -= 1
        }
        if end - j > Self.maxWordLength { return nil }
        if j > 0, bytes[j - 1] >= 0x80, let (s, _) = scalar(endingAt: j), s.properties.isAlphabetic {
            return nil
        }
        while j < end, bytes[j] == UInt8(ascii: ".") { j += 1 }
        guard j < end else { return nil }
        return AbbreviationCandidate(bytes: UnsafeBufferPointer(rebasing: bytes[j ..< end]), start: j)
    }

    /// Whether the text at `m` can begin a sentence.
    private func isPlausibleStart(at m: Int) -> Bool {
        let c = bytes[m]
        if c < 0x80 {
            return isASCIIUpper(c) || isDigit(c)
                || c == UInt8(ascii: "\"") || c == UInt8(ascii: "'")
                || c == UInt8(ascii: "(") || c == UInt8(ascii: "[")
        }
        guard let (s, _) = scalar(at: m) else { return false }
        if s == "¿" || s == "¡" { return true }
        switch s.properties.generalCategory {
        case .uppercaseLetter, .titlecaseLetter, .otherLetter, .decimalNumber,
             .initialPunctuation, .openPunctuation:
            return true
        default:
            return false
        }
    }

    private func isUppercaseLetter(at k: Int) -> Bool {
        let c = bytes[k]
        if c < 0x80 { return isASCIIUpper(c) }
        guard let (s, _) = scalar(at: k) else { return false }
        let category = s.properties.generalCategory
        return category == .uppercaseLetter || category == .titlecaseLetter
    }

    /// Whether the word at `m` (after any opening quotes or brackets) is a
    /// typical sentence opener such as "The" or "However".
    private func isSentenceOpener(at m: Int) -> Bool {
        var p = m
        while p < count, let length = opener(at: p) { p += length }
        let wordStart = p
        while p < count, p - wordStart < 16, isASCIILetter(bytes[p]) { p += 1 }
        guard p > wordStart else { return false }
        if p < count, bytes[p] >= 0x80, let (s, _) = scalar(at: p), s.properties.isAlphabetic { return false }
        // "A." or "I." is another initial ("J. A. Smith"), not the article or pronoun.
        if p - wordStart == 1, p < count, bytes[p] == UInt8(ascii: ".") { return false }
        return lists.lists(of: UnsafeBufferPointer(rebasing: bytes[wordStart ..< p])).contains(.sentenceOpener)
    }

    /// Whether the text at `m` reads like a quotation's attribution: up to five
    /// capitalised words and then a lowercase reporting verb ("Wang Yi said").
    private func isAttribution(at m: Int) -> Bool {
        var p = m
        var words = 0
        while words <= 5, p < count {
            let wordStart = p
            while p < count {
                let c = bytes[p]
                if c < 0x80 {
                    guard isASCIILetter(c) || c == UInt8(ascii: "-") || c == UInt8(ascii: "'")
                        || c == UInt8(ascii: ".") else { break }
                    p += 1
                } else {
                    guard let (s, length) = scalar(at: p), isWordScalar(s) else { break }
                    p += length
                }
            }
            guard p > wordStart else { return false }
            let first = bytes[wordStart]
            if first < 0x80 && isASCIILower(first) {
                guard words > 0 else { return false }
                var end = p
                while end > wordStart, bytes[end - 1] == UInt8(ascii: ".") { end -= 1 }
                return lists.lists(of: UnsafeBufferPointer(rebasing: bytes[wordStart ..< end])).contains(.reportingVerb)
            }
            guard isUppercaseLetter(at: wordStart) else { return false }
            words += 1
            guard p < count, let space = whitespace(at: p), !space.isLineBreak else { return false }
            while p < count, let space = whitespace(at: p), !space.isLineBreak { p += space.length }
        }
        return false
    }

    // MARK: Character classes on bytes

    /// Letters and combining marks: what a word in an attribution is made of.
    private func isWordScalar(_ s: Unicode.Scalar) -> Bool {
        switch s.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .otherLetter, .modifierLetter,
             .nonspacingMark, .spacingMark:
            return true
        default:
            return false
        }
    }

    private enum TerminatorKind { case period, other, ellipsis, cjk }

    /// A sentence-ending mark at `i`: its byte length and kind.
    private func terminator(at i: Int) -> (Int, TerminatorKind)? {
        let c = bytes[i]
        switch c {
        case UInt8(ascii: "."): return (1, .period)
        case UInt8(ascii: "!"), UInt8(ascii: "?"): return (1, .other)
        case 0xE2:
            guard i + 2 < count else { return nil }
            let c1 = bytes[i + 1], c2 = bytes[i + 2]
            if c1 == 0x80 && c2 == 0xA6 { return (3, .ellipsis) }           // …
            if c1 == 0x80 && c2 == 0xBC { return (3, .other) }              // ‼
            if c1 == 0x81 && (0x87 ... 0x89).contains(c2) { return (3, .other) }  // ⁇ ⁈ ⁉
            return nil
        case 0xE3:
            guard i + 2 < count else { return nil }
            return bytes[i + 1] == 0x80 && bytes[i + 2] == 0x82 ? (3, .cjk) : nil  // 。
        case 0xEF:
            guard i + 2 < count else { return nil }
            let c1 = bytes[i + 1], c2 = bytes[i + 2]
            if c1 == 0xBC && (c2 == 0x81 || c2 == 0x9F) { return (3, .cjk) }  // ！ ？
            if c1 == 0xBD && c2 == 0xA1 { return (3, .cjk) }                  // ｡
            return nil
        default:
            return nil
        }
    }

    /// A closing quote or bracket at `i`: its byte length and whether it is a quote.
    private func closer(at i: Int) -> (Int, Bool)? {
        let c = bytes[i]
        switch c {
        case UInt8(ascii: "\""), UInt8(ascii: "'"): return (1, true)
        case UInt8(ascii: ")"), UInt8(ascii: "]"): return (1, false)
        case 0xC2:
            return i + 1 < count && bytes[i + 1] == 0xBB ? (2, true) : nil  // »
        case 0xE2:
            guard i + 2 < count, bytes[i + 1] == 0x80 else { return nil }
            let c2 = bytes[i + 2]
            return c2 == 0x9D || c2 == 0x99 || c2 == 0xBA ? (3, true) : nil  // ” ’ ›
        case 0xE3:
            guard i + 2 < count, bytes[i + 1] == 0x80 else { return nil }
            let c2 = bytes[i + 2]
            if c2 == 0x8D || c2 == 0x8F { return (3, true) }  // 」 』
            if c2 == 0x95 || c2 == 0x89 || c2 == 0x8B { return (3, false) }  // 〕 〉 》
            return nil
        case 0xEF:
            guard i + 2 < count, bytes[i + 1] == 0xBC else { return nil }
            let c2 = bytes[i + 2]
            if c2 == 0x82 { return (3, true) }  // ＂
            if c2 == 0x89 || c2 == 0xBD { return (3, false) }  // ） ］
            return nil
        default:
            return nil
        }
    }

    /// The byte length of an opening quote or bracket at `i`, if there is one.
    private func opener(at i: Int) -> Int? {
        let c = bytes[i]
        if c < 0x80 {
            return c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") || c == UInt8(ascii: "(")
                || c == UInt8(ascii: "[") ? 1 : nil
        }
        guard let (s, length) = scalar(at: i) else { return nil }
        let category = s.properties.generalCategory
        return category == .initialPunctuation || category == .openPunctuation ? length : nil
    }

    /// Unicode whitespace (plus the byte-order mark) at `i`: its byte length
    /// and whether it breaks the line.
    private func whitespace(at i: Int) -> (length: Int, isLineBreak: Bool)? {
        let c = bytes[i]
        switch c {
        case 0x20, 0x09: return (1, false)
        case 0x0A ... 0x0D: return (1, true)
        case 0xC2:
            guard i + 1 < count else { return nil }
            if bytes[i + 1] == 0x85 { return (2, true) }   // NEL
            if bytes[i + 1] == 0xA0 { return (2, false) }  // no-break space
            return nil
        case 0xE1:
            return i + 2 < count && bytes[i + 1] == 0x9A && bytes[i + 2] == 0x80 ? (3, false) : nil  // ogham space
        case 0xE2:
            guard i + 2 < count else { return nil }
            let c1 = bytes[i + 1], c2 = bytes[i + 2]
            if c1 == 0x80 {
                if c2 <= 0x8A || c2 == 0xAF { return (3, false) }  // U+2000–200A, U+202F
                if c2 == 0xA8 || c2 == 0xA9 { return (3, true) }   // U+2028, U+2029
            }
            if c1 == 0x81 && c2 == 0x9F { return (3, false) }      // U+205F
            return nil
        case 0xE3:
            return i + 2 < count && bytes[i + 1] == 0x80 && bytes[i + 2] == 0x80 ? (3, false) : nil  // U+3000
        case 0xEF:
            return i + 2 < count && bytes[i + 1] == 0xBB && bytes[i + 2] == 0xBF ? (3, false) : nil  // BOM
        default:
            return nil
        }
    }

    /// The byte length of whitespace ending just before `end`, or 0.
    private func whitespaceLength(endingAt end: Int) -> Int {
        let c = bytes[end - 1]
        if c < 0x80 { return c == 0x20 || (0x09 ... 0x0D).contains(c) ? 1 : 0 }
        if end >= 2, bytes[end - 2] == 0xC2, whitespace(at: end - 2) != nil { return 2 }
        if end >= 3, let space = whitespace(at: end - 3), space.length == 3 { return 3 }
        return 0
    }

    /// The Unicode scalar starting at `i` and its byte length (`nil` on a continuation byte).
    private func scalar(at i: Int) -> (Unicode.Scalar, Int)? {
        let c = UInt32(bytes[i])
        var value: UInt32
        let length: Int
        switch c {
        case 0x00 ..< 0x80: return (Unicode.Scalar(UInt8(c)), 1)
        case 0xC0 ..< 0xE0: value = c & 0x1F; length = 2
        case 0xE0 ..< 0xF0: value = c & 0x0F; length = 3
        case 0xF0 ..< 0xF8: value = c & 0x07; length = 4
        default: return nil
        }
        guard i + length <= count else { return nil }
        for offset in 1 ..< length { value = value << 6 | UInt32(bytes[i + offset] & 0x3F) }
        guard let s = Unicode.Scalar(value) else { return nil }
        return (s, length)
    }

    /// The Unicode scalar ending just before `end` and where it starts.
    private func scalar(endingAt end: Int) -> (Unicode.Scalar, Int)? {
        guard end > 0 else { return nil }
        var j = end - 1
        while j > 0, end - j < 4, bytes[j] & 0xC0 == 0x80 { j -= 1 }
        guard let (s, length) = scalar(at: j), j + length == end else { return nil }
        return (s, j)
    }
}

/// The ASCII word before a full stop, as the abbreviation rules see it.
private struct AbbreviationCandidate {
    /// The word's bytes, without the final period.
    let bytes: UnsafeBufferPointer<UInt8>
    /// Where the word starts in the text.
    let start: Int

    var length: Int { bytes.count }

    /// The word lowercased, as used for abbreviation lookups, written to
    /// `scratch` (at least `length` bytes).
    func lowercased(into scratch: UnsafeMutablePointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        for (offset, c) in bytes.enumerated() { scratch[offset] = isASCIIUpper(c) ? c | 0x20 : c }
        return UnsafeBufferPointer(start: scratch, count: bytes.count)
    }

    /// Letter groups of one to three letters joined by dots (`U.S`, `a.m`, `Ph.D`).
    var isMultiDotAcronym: Bool {
        var segments = 0
        var run = 0
        for c in bytes {
            if c == UInt8(ascii: ".") {
                guard run > 0 else { return false }
                segments += 1
                run = 0
            } else {
                run += 1
                if run > 3 { return false }
            }
        }
        return run > 0 && segments >= 1
    }
}

@inline(__always) private func isASCIIUpper(_ c: UInt8) -> Bool { c &- 0x41 < 26 }
@inline(__always) private func isASCIILower(_ c: UInt8) -> Bool { c &- 0x61 < 26 }
@inline(__always) private func isASCIILetter(_ c: UInt8) -> Bool { (c | 0x20) &- 0x61 < 26 }
@inline(__always) private func isDigit(_ c: UInt8) -> Bool { c &- 0x30 < 10 }
