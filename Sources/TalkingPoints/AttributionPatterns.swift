import Tokenization

/// Who a statement is attributed to, as written, before it is resolved to a person.
enum SpeakerReference: Sendable, Hashable {
    /// One to three name words as written: "Wang Wenbin", "Zhao".
    case name(NameWords)
    /// A role noun ("the spokesman", "a foreign ministry spokesperson"), by role id
    /// (see ``AttributionPatterns/roles``).
    case role(Int, definite: Bool)
    /// "he" or "she".
    case pronoun(Gender)
}

/// A set of role ids (see ``AttributionPatterns/roles``): a bit mask for the
/// first 64 roles, a sorted list beyond.
struct RoleSet: Sendable {
    private var mask: UInt64 = 0
    private var more: [Int] = []

    func contains(_ role: Int) -> Bool {
        role < 64 ? mask & (1 << UInt64(role)) != 0 : more.contains(role)
    }

    mutating func insert(_ role: Int) {
        if role < 64 {
            mask |= 1 << UInt64(role)
        } else if !more.contains(role) {
            more.append(role)
            more.sort()
        }
    }

    mutating func formUnion(_ other: RoleSet) {
        mask |= other.mask
        for role in other.more { insert(role) }
    }

    /// Calls `body` with each role, in increasing order.
    func forEach(_ body: (Int) -> Void) {
        var bits = mask
        while bits != 0 {
            body(bits.trailingZeroBitCount)
            bits &= bits - 1
        }
        for role in more { body(role) }
    }
}

/// A person named in a sentence: after a title ("spokesman Zhao Lijian"),
/// after an honorific ("Mr Zhao"), or in the shape of a hyphenated given name
/// ("Tsai Ing-wen"). Mentions make people available to later surnames, role
/// nouns and pronouns; a mention alone never makes anyone a speaker.
struct NameMention: Sendable {
    /// The name words as written, one to three.
    var tokens: NameWords
    /// Roles from the title phrase before the name ("spokesperson", "minister").
    var roles: RoleSet
    /// Gender implied by an honorific or a possessive, when any.
    var gender: Gender
    /// Index of the first name word among the sentence's tokens.
    var position: Int
}

/// An attribution clause found in a sentence: a speech verb with a person
/// reference as its subject, or "according to" a person.
struct Attribution: Sendable {
    var reference: SpeakerReference
    /// For names: roles from the title phrase before the name.
    var roles: RoleSet
    /// Gender implied by an honorific or by "for his/her part".
    var gender: Gender
    /// Index of the first token of the reference (names: the first name word).
    var position: Int
    /// The clause follows the content after a comma or a closing quotation
    /// mark: "…, Zhao said." / "…, according to Wang."
    var isTrailing: Bool
    /// The speech verb is directly followed by a quotation that runs to the end
    /// of the sentence: `He added: "…"`.
    var introducesQuotation: Bool
}

/// What the per-sentence rules find in one sentence.
struct SentenceAnalysis: Sendable {
    /// A line break precedes the sentence (or it is the first).
    var startsParagraph: Bool
    /// The sentence begins inside a quotation opened by an earlier sentence.
    var startsInsideQuotation: Bool
    /// The sentence is a direct quotation by form (see ``SpeakerAttributor``).
    var isQuotation: Bool
    var attribution: Attribution?
    /// A speech verb or "according to" stands outside quotation marks, whether
    /// or not its subject is a person ("… ," the ministry said.): such a
    /// sentence is attributed to someone, so it never inherits a speaker.
    var hasSpeechClause: Bool
    var mentions: [NameMention]
}

/// The per-sentence rules of ``SpeakerAttributor``: finds the attribution
/// clause, the people mentioned, and whether the sentence is a quotation.
/// Everything here looks at one sentence; resolving references to people is
/// ``ArticleSpeakers``' job.
///
/// - Complexity: O(*t*) in the number of tokens of the sentence: every rule
///   looks a bounded number of tokens around the word it starts from.
struct AttributionPatterns: Sendable {
    /// Every listed word (lowercase) interned, with its classes by id, so
    /// that each word of a sentence costs one byte-string lookup however
    /// many lists the rules consult.
    private let lexicon: ByteStringTable
    private let lexiconClasses: [WordClass]
    /// The listed words by their first eight bytes and length, in front of `lexicon`.
    private let shortWords: ShortWordIndex
    /// The roles the role nouns stand for, by role id, in byte order.
    let roles: [String]
    /// The UTF-8 length of the longest listed word: longer words need no lookup.
    let longestListedWord: Int

    init(speechVerbs: Set<String>, roleNouns: [String: String], nonPersonWords: Set<String>) {
        let lexicon = ByteStringTable(expectedCount: 1024)
        var classes: [WordClass] = []
        var longest = 0
        func entry(_ word: String) -> Int {
            let id = lexicon.insert(word)
            if id == classes.count { classes.append(WordClass()) }
            longest = max(longest, word.utf8.count)
            return id
        }
        func add(_ words: some Sequence<String>, _ kind: WordClass.Kinds) {
            for word in words { classes[entry(word)].kinds.insert(kind) }
        }
        add(speechVerbs, .speechVerb)
        add(nonPersonWords, .nonPerson)
        add(AttributionLexicon.functionWords, .functionWord)
        add(AttributionLexicon.interveningAdverbs, .interveningAdverb)
        add(AttributionLexicon.partsOfDay, .partOfDay)
        add(AttributionLexicon.dayWords, .dayWord)
        add(AttributionLexicon.subordinators, .subordinator)
        add(AttributionLexicon.definiteDeterminers, .definiteDeterminer)
        add(AttributionLexicon.indefiniteDeterminers, .indefiniteDeterminer)
        add(AttributionLexicon.titleModifiers, .titleModifier)
        let roles = Set(roleNouns.values).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let roleIDs = Dictionary(uniqueKeysWithValues: roles.enumerated().map { ($1, $0) })
        for (word, role) in roleNouns { classes[entry(word)].roleID = Int32(roleIDs[role]!) }
        for (word, gender) in AttributionLexicon.honorifics { classes[entry(word)].honorific = gender }
        for marker in WordClass.Marker.allCases where marker != .none { classes[entry("\(marker)")].marker = marker }
        self.lexicon = lexicon
        lexiconClasses = classes
        var shortWords = ShortWordIndex(expectedCount: lexicon.count)
        for id in 0 ..< lexicon.count {
            lexicon.withKey(id) { key in
                shortWords.insert(prefix: ShortWordIndex.prefix(key), count: key.count, id: key.count <= 8 ? id : nil)
            }
        }
        self.shortWords = shortWords
        self.roles = roles
        longestListedWord = longest
    }

    /// Applies the rules to one sentence's tokens; `bytes` is the document the
    /// tokens point into.
    func analyse(_ tokens: UnsafeBufferPointer<ClauseToken>, bytes: UnsafeBufferPointer<UInt8>, startsParagraph: Bool,
                 startsInsideQuotation: Bool) -> SentenceAnalysis {
        let scan = SentenceScan(tokens: tokens, bytes: bytes)
        // Most sentences hold no word that could start a clause or a mention:
        // one pass over the tokens spares them the rules.
        var mayAttribute = false, mayMention = false
        for t in tokens where t.kind == .word {
            let c = t.word
            mayAttribute = mayAttribute || c.is(.speechVerb) || c.marker == .made || c.marker == .according
            mayMention = mayMention || c.roleID >= 0 || c.honorific != nil || t.hasLowercaseHyphenPart
        }
        let attribution = mayAttribute ? scan.attribution() : nil
        let isQuotation = startsInsideQuotation || scan.opensWithQuotation()
            || attribution?.introducesQuotation == true
        return SentenceAnalysis(startsParagraph: startsParagraph,
                                startsInsideQuotation: startsInsideQuotation, isQuotation: isQuotation,
                                attribution: attribution,
                                hasSpeechClause: attribution != nil || (mayAttribute && scan.hasSpeechClause()),
                                mentions: mayMention ? scan.mentions() : [])
    }

    /// The classes of a lowercase word given as UTF-8 bytes (none when unlisted).
    @inline(__always)
    func wordClass(lowercased word: UnsafePointer<UInt8>, count: Int) -> WordClass {
        guard let id = lexicon.find(word, count: count) else { return WordClass() }
        return lexiconClasses[id]
    }

    /// The classes of a lowercase word of `count` bytes whose first eight
    /// bytes (little-endian, zero-padded) are `prefix`. `spelling` gives all
    /// its bytes, when a listed word longer than eight bytes shares the prefix.
    @inline(__always)
    func wordClass(prefix: UInt64, count: Int, spelling: () -> UnsafePointer<UInt8>) -> WordClass {
        guard count <= longestListedWord, let entry = shortWords.find(prefix: prefix, count: count) else { return WordClass() }
        if entry >= 0 { return lexiconClasses[entry] }
        return wordClass(lowercased: spelling(), count: count)
    }

    /// The classes of a lowercase word (none when unlisted).
    func wordClass(lowercased word: String) -> WordClass {
        guard let id = lexicon.find(word) else { return WordClass() }
        return lexiconClasses[id]
    }
}

/// An open-addressing table from a word's first eight bytes and its length
/// to its lexicon id: exact for words of up to eight bytes, and for longer
/// words a hint (-1) that some listed word starts so, to be confirmed in the
/// lexicon. Most words of news copy are short, so one probe of a small table
/// classifies them without hashing their bytes.
///
/// - Complexity: `find` is O(1) expected (load factor at most 1/2).
struct ShortWordIndex: Sendable {
    /// Two words per slot: the prefix, and `length << 32 | (id + 1)` (0: empty slot;
    /// id -1 for the hint).
    private var slots: [UInt64]
    private let shift: UInt64
    /// One bit per value of the hash's top `filterBits` bits, set for every
    /// recorded word: a 512-byte filter that turns most unlisted words away
    /// before the (larger) table is touched.
    private var filter: [UInt64]
    private static let filterBits: UInt64 = 12

    init(expectedCount: Int) {
        var bits = 6
        while 1 << bits < 2 * max(1, expectedCount) { bits += 1 }
        slots = [UInt64](repeating: 0, count: 2 << bits)
        shift = UInt64(64 - bits)
        filter = [UInt64](repeating: 0, count: 1 << Int(Self.filterBits - 6))
    }

    /// The first eight bytes of `key`, little-endian, zero-padded.
    static func prefix(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var prefix: UInt64 = 0
        for (i, b) in key.prefix(8).enumerated() { prefix |= UInt64(b) << UInt64(8 * i) }
        return prefix
    }

    @inline(__always)
    private static func hash(_ prefix: UInt64, _ count: Int) -> UInt64 {
        (prefix ^ UInt64(truncatingIfNeeded: count) &* 0x9E37_79B9_7F4A_7C15) &* 0xBF58_476D_1CE4_E5B9
    }

    @inline(__always)
    private func slot(_ hash: UInt64) -> Int { Int(truncatingIfNeeded: hash >> shift) }

    /// The filter word and bit of `hash`.
    @inline(__always)
    private static func filterBit(_ hash: UInt64) -> (word: Int, bit: UInt64) {
        let top = hash >> (64 - filterBits)
        return (Int(truncatingIfNeeded: top >> 6), 1 << (top & 63))
    }

    /// Records a word; `id` is its lexicon id for words of up to eight bytes, `nil` for longer ones.
    mutating func insert(prefix: UInt64, count: Int, id: Int?) {
        guard count > 0, count < 1 << 31 else { return }  // tokens are never empty
        let mask = slots.count / 2 - 1
        let length = UInt64(count) << 32
        let hash = Self.hash(prefix, count)
        let (word, bit) = Self.filterBit(hash)
        filter[word] |= bit
        var s = slot(hash)
        while slots[2 * s + 1] != 0 {
            if slots[2 * s] == prefix && slots[2 * s + 1] & ~0xFFFF_FFFF == length { return }
            s = (s + 1) & mask
        }
        slots[2 * s] = prefix
        slots[2 * s + 1] = length | UInt64(UInt32(truncatingIfNeeded: (id ?? -1) + 1))
    }

    /// The lexicon id of the word (≥ 0), -1 when a longer listed word starts
    /// with `prefix`, `nil` when no listed word fits.
    @inline(__always)
    func find(prefix: UInt64, count: Int) -> Int? {
        let mask = slots.count / 2 - 1
        let length = UInt64(truncatingIfNeeded: count) << 32
        let hash = Self.hash(prefix, count)
        let (word, bit) = Self.filterBit(hash)
        if filter[word] & bit == 0 { return nil }
        var s = slot(hash)
        while true {
            let meta = slots[2 * s + 1]
            if meta == 0 { return nil }
            if slots[2 * s] == prefix && meta & ~0xFFFF_FFFF == length { return Int(meta & 0xFFFF_FFFF) - 1 }
            s = (s + 1) & mask
        }
    }
}

/// What the attribution lists say about one lowercase word.
struct WordClass: Sendable {
    struct Kinds: OptionSet, Sendable {
        let rawValue: UInt16
        static let speechVerb = Kinds(rawValue: 1 << 0)
        static let nonPerson = Kinds(rawValue: 1 << 1)
        static let functionWord = Kinds(rawValue: 1 << 2)
        static let interveningAdverb = Kinds(rawValue: 1 << 3)
        static let partOfDay = Kinds(rawValue: 1 << 4)
        static let dayWord = Kinds(rawValue: 1 << 5)
        static let subordinator = Kinds(rawValue: 1 << 6)
        static let definiteDeterminer = Kinds(rawValue: 1 << 7)
        static let indefiniteDeterminer = Kinds(rawValue: 1 << 8)
        static let titleModifier = Kinds(rawValue: 1 << 9)
    }

    /// The words the rules name one by one ("according to", "made clear",
    /// pronouns, the links of a title phrase); the case name is the word.
    enum Marker: UInt8, Sendable, CaseIterable {
        case none, according, to, he, she, him, her, his, made, clear, on, the, `for`, of, at, with
    }

    var kinds: Kinds = []
    /// The role id (see ``AttributionPatterns/roles``) a role noun stands for; -1 for other words.
    var roleID: Int32 = -1
    /// The gender of an honorific.
    var honorific: Gender?
    var marker = Marker.none

    /// The role a role noun stands for.
    var role: Int? {
        get { roleID >= 0 ? Int(roleID) : nil }
        set { roleID = newValue.map { Int32($0) } ?? -1 }
    }

    func `is`(_ kind: Kinds) -> Bool { kinds.contains(kind) }
}

/// One sentence's tokens and the rules applied to them.
private struct SentenceScan {
    let tokens: UnsafeBufferPointer<ClauseToken>
    /// The document the tokens point into.
    let bytes: UnsafeBufferPointer<UInt8>
    var n: Int { tokens.count }

    init(tokens: UnsafeBufferPointer<ClauseToken>, bytes: UnsafeBufferPointer<UInt8>) {
        self.tokens = tokens
        self.bytes = bytes
    }

    /// The word at `i` as written (without a possessive `'s`).
    private func spelling(_ i: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[tokens[i].textStart ..< tokens[i].textEnd]), as: UTF8.self)
    }

    /// Whether the open word at `i` is `marker`.
    private func isOpenWord(_ i: Int, _ marker: WordClass.Marker) -> Bool {
        i >= 0 && i < n && tokens[i].isOpenWord && tokens[i].word.marker == marker
    }

    /// A capitalised open word with lowercase letters, not possessive, and not
    /// a role noun, honorific, function word or non-person word.
    private func isNameLike(_ i: Int) -> Bool {
        guard i >= 0 && i < n else { return false }
        let t = tokens[i], c = t.word
        return t.isOpenWord && t.isCapitalised && t.hasLowercase && !t.isPossessive && c.role == nil && c.honorific == nil
            && !c.is(.functionWord) && !c.is(.nonPerson)
    }
    private func openWord(_ i: Int) -> ClauseToken? { i >= 0 && i < n && tokens[i].isOpenWord ? tokens[i] : nil }
    /// The classes of the open word at `i`; none when there is none.
    private func openClass(_ i: Int) -> WordClass { i >= 0 && i < n && tokens[i].isOpenWord ? tokens[i].word : WordClass() }
    private func role(_ i: Int) -> Int? { openClass(i).role }
    private func honorific(_ i: Int) -> Gender? { openClass(i).honorific }

    // MARK: Quotations

    /// The closing mark of the outermost quotation opened at `open`: the first
    /// closing mark after which the text is no longer quoted.
    private func outerClose(after open: Int) -> Int? {
        var c = open + 1
        while c < n {
            if tokens[c].kind == .closeQuote, c + 1 == n || !tokens[c + 1].isQuoted { return c }
            c += 1
        }
        return nil
    }

    /// The sentence begins with a quotation that is its statement: one that
    /// does not close in the sentence, ends in a comma or full stop, or is
    /// followed by a comma, colon, dash or the end (`"…," he said`,
    /// `‘Don’t meddle’: …`), and not a scare quote (`"Taiwan independence" forces …`).
    func opensWithQuotation() -> Bool {
        guard let first = tokens.first, first.kind == .openQuote else { return false }
        guard let c = outerClose(after: 0) else { return true }
        let before = tokens[c - 1].kind
        if before == .comma || before == .terminal || c + 1 == n { return true }
        let after = tokens[c + 1].kind
        return after == .comma || after == .colon || after == .terminal || after == .dash
    }

    /// A quotation opens right after `k` (optionally after a comma or colon)
    /// and runs to the end of the sentence.
    private func quotationFollows(_ k: Int) -> Bool {
        var q = k + 1
        if q < n, tokens[q].kind == .comma || tokens[q].kind == .colon { q += 1 }
        guard q < n, tokens[q].kind == .openQuote else { return false }
        guard let c = outerClose(after: q) else { return true }
        return tokens[(c + 1)...].allSatisfy { !$0.isWord }
    }

    // MARK: Attribution clauses

    /// The first attribution clause in the sentence with a person-like subject.
    func attribution() -> Attribution? {
        for v in 0 ..< n {
            let t = tokens[v]
            guard t.isWord else { continue }
            if t.isQuoted {
                // A quotation that opens with the speech verb, right after its
                // subject: `Blinken also “made clear that …”`.
                if v > 0, tokens[v - 1].kind == .openQuote, !t.isCapitalised, isSpeechVerb(v),
                   let found = subjectBefore(verb: v, skipping: 1) { return found }
                continue
            }
            if t.word.marker == .according, isOpenWord(v + 1, .to) {
                if let found = accordingTo(v) { return found }
                continue
            }
            guard !t.isCapitalised, isSpeechVerb(v) else { continue }
            if let found = subjectBefore(verb: v) ?? subjectAfter(verb: v) { return found }
        }
        return nil
    }

    /// Whether a speech verb or "according to" stands outside quotation marks.
    func hasSpeechClause() -> Bool {
        (0 ..< n).contains { v in
            guard let t = openWord(v), !t.isCapitalised || t.word.marker == .according else { return false }
            return t.word.marker == .according ? isOpenWord(v + 1, .to) : isSpeechVerb(v)
        }
    }

    private func isSpeechVerb(_ v: Int) -> Bool {
        if tokens[v].word.is(.speechVerb) { return true }
        return tokens[v].word.marker == .made && clearAfterMade(v) != nil
    }

    /// The index of "clear" in "made clear", allowing a quotation to open
    /// between the two words (`made “clear that …”`).
    private func clearAfterMade(_ v: Int) -> Int? {
        var k = v + 1
        if k < n, tokens[k].kind == .openQuote { k += 1 }
        return k < n && tokens[k].isWord && tokens[k].word.marker == .clear ? k : nil
    }

    /// The end of the verb phrase at `v` ("made clear" is two words).
    private func verbEnd(_ v: Int) -> Int { tokens[v].word.marker == .made ? clearAfterMade(v) ?? v : v }

    /// Steps back over adverbs, auxiliaries and "on Thursday (morning)" from `p`.
    private func skipBackward(_ start: Int) -> Int {
        var p = start
        while openWord(p) != nil {
            let c = tokens[p].word
            if c.is(.interveningAdverb) {
                p -= 1
            } else if c.is(.partOfDay), openClass(p - 1).is(.dayWord), isOpenWord(p - 2, .on) {
                p -= 3
            } else if c.is(.dayWord), isOpenWord(p - 1, .on) {
                p -= 2
            } else {
                break
            }
        }
        return p
    }

    /// Words before index `i`.
    private func wordsBefore(_ i: Int) -> Int {
        var count = 0
        for k in 0 ..< i where tokens[k].isWord { count += 1 }
        return count
    }

    /// Whether the subject starting at `start` follows the statement's content:
    /// a comma or closing quotation mark before it, and at least three words
    /// before that.
    private func isTrailing(_ start: Int) -> Bool {
        guard start > 0 else { return false }
        let kind = tokens[start - 1].kind
        return (kind == .comma || kind == .closeQuote) && wordsBefore(start) >= 3
    }

    /// "X said", "X, for his part, reiterated", "the spokesman noted", "he added".
    private func subjectBefore(verb v: Int, skipping marks: Int = 0) -> Attribution? {
        var p = skipBackward(v - 1 - marks)
        guard p >= 0 else { return nil }
        var gender = Gender.unknown
        if tokens[p].kind == .comma {
            // A parenthetical between subject and verb: "Blinken, for his part, reiterated".
            var q = p - 1
            while q >= 0, p - q <= 7, tokens[q].isOpenWord, !tokens[q].word.is(.speechVerb) { q -= 1 }
            guard q >= 0, q < p - 1, tokens[q].kind == .comma else { return nil }
            for k in q + 1 ..< p {
                if tokens[k].word.marker == .his { gender = .male }
                if tokens[k].word.marker == .her { gender = .female }
            }
            p = skipBackward(q - 1)
            guard p >= 0 else { return nil }
        }
        guard var found = subject(endingAt: p) else { return nil }
        if found.gender == .unknown { found.gender = gender }
        let phraseStart = found.phraseStart
        if openClass(phraseStart - 1).is(.subordinator) { return nil }
        return Attribution(reference: found.reference, roles: found.roles, gender: found.gender,
                           position: found.position, isTrailing: isTrailing(phraseStart),
                           introducesQuotation: quotationFollows(verbEnd(v)))
    }

    /// "…," said Zhao. / "…," says the spokesman.
    private func subjectAfter(verb v: Int) -> Attribution? {
        guard v > 0, tokens[v - 1].kind == .comma || tokens[v - 1].kind == .closeQuote,
              let found = subject(startingAt: verbEnd(v) + 1, objectPronouns: false) else { return nil }
        return Attribution(reference: found.reference, roles: found.roles, gender: found.gender,
                           position: found.position, isTrailing: wordsBefore(v) >= 3,
                           introducesQuotation: quotationFollows(found.end - 1))
    }

    /// "According to Wang, …" and "…, according to Miller."
    private func accordingTo(_ i: Int) -> Attribution? {
        guard let found = subject(startingAt: i + 2, objectPronouns: true) else { return nil }
        let trailing = i > 0 && tokens[i - 1].kind == .comma && wordsBefore(i) >= 3
        return Attribution(reference: found.reference, roles: found.roles, gender: found.gender,
                           position: found.position, isTrailing: trailing, introducesQuotation: false)
    }

    private struct Subject {
        var reference: SpeakerReference
        var roles = RoleSet()
        var gender = Gender.unknown
        /// First name word (names) or first token of the reference.
        var position: Int
        /// First token of the whole phrase, title included.
        var phraseStart: Int
        /// Index after the phrase.
        var end: Int
    }

    /// The person reference that ends at `p`: a pronoun, a name (with any
    /// title phrase before it) or a role noun phrase.
    private func subject(endingAt p: Int) -> Subject? {
        guard let t = openWord(p) else { return nil }
        if t.word.marker == .he || t.word.marker == .she {
            let gender: Gender = t.word.marker == .he ? .male : .female
            return Subject(reference: .pronoun(gender), gender: gender, position: p, phraseStart: p, end: p + 1)
        }
        if let run = nameRun(endingAt: p) {
            let title = titlePhrase(endingAt: run.lowerBound - 1)
            return Subject(reference: .name(NameWords(run.map(spelling))), roles: title.roles, gender: title.gender,
                           position: run.lowerBound, phraseStart: title.start ?? run.lowerBound, end: p + 1)
        }
        if let role = tokens[p].word.role {
            var start = p
            var definite = false
            var i = p - 1
            while openWord(i) != nil, p - i <= 6 {
                let m = tokens[i].word
                if m.is(.definiteDeterminer) { definite = true; start = i; break }
                if m.is(.indefiniteDeterminer) { start = i; break }
                if m.is(.functionWord) || m.is(.speechVerb) { break }
                start = i
                i -= 1
            }
            return Subject(reference: .role(role, definite: definite), position: start, phraseStart: start,
                           end: p + 1)
        }
        return nil
    }

    /// The person reference that starts at `i`: a pronoun, a name, a title
    /// phrase ending in a name, or a role noun phrase.
    private func subject(startingAt i: Int, objectPronouns: Bool) -> Subject? {
        guard let t = openWord(i) else { return nil }
        let male: WordClass.Marker = objectPronouns ? .him : .he, female: WordClass.Marker = objectPronouns ? .her : .she
        if t.word.marker == male || t.word.marker == female {
            let gender: Gender = t.word.marker == male ? .male : .female
            return Subject(reference: .pronoun(gender), gender: gender, position: i, phraseStart: i, end: i + 1)
        }
        if let run = nameRun(startingAt: i) {
            return Subject(reference: .name(NameWords(run.map(spelling))), position: i, phraseStart: i,
                           end: run.upperBound)
        }
        var j = i
        var definite = false
        if tokens[i].word.is(.definiteDeterminer) {
            definite = true
            j += 1
        } else if tokens[i].word.is(.indefiniteDeterminer) {
            j += 1
        }
        var roles = RoleSet()
        var lastRole: (index: Int, role: Int)?
        var gender = Gender.unknown
        var titled = false
        while let w = openWord(j), j - i < 9 {
            if let role = tokens[j].word.role {
                roles.insert(role)
                lastRole = (j, role)
                titled = true
                j += 1
            } else if let g = tokens[j].word.honorific {
                gender = g
                titled = true
                j += 1
                if j < n, tokens[j].kind == .terminal { j += 1 }  // "Mr."
            } else if titled, let run = nameRun(startingAt: j) {
                return Subject(reference: .name(NameWords(run.map(spelling))), roles: roles, gender: gender,
                               position: j, phraseStart: i, end: run.upperBound)
            } else if w.isCapitalised || tokens[j].word.is(.titleModifier) {
                j += 1
            } else {
                break
            }
        }
        // The phrase ends in its role noun, or the role noun takes a
        // complement: "a spokesperson for the ministry".
        if let lastRole, lastRole.index == j - 1
            || [.for, .of, .at, .with].contains(openWord(lastRole.index + 1)?.word.marker ?? WordClass.Marker.none) {
            return Subject(reference: .role(lastRole.role, definite: definite), position: i, phraseStart: i,
                           end: j)
        }
        return nil
    }

    /// One to three name words ending at `p`; `nil` when a fourth capitalised
    /// name-like word precedes them (an organisation or a headline, not a person).
    private func nameRun(endingAt p: Int) -> ClosedRange<Int>? {
        guard isNameLike(p) else { return nil }
        var s = p
        while s > p - 2, isNameLike(s - 1) { s -= 1 }
        if isNameLike(s - 1) { return nil }
        return s ... p
    }

    /// One to three name words starting at `i`; `nil` when a fourth follows.
    private func nameRun(startingAt i: Int) -> ClosedRange<Int>? {
        guard isNameLike(i) else { return nil }
        var e = i
        while e < i + 2, isNameLike(e + 1) { e += 1 }
        if isNameLike(e + 1) { return nil }
        return i ... e
    }

    /// The title phrase that ends at `k` ("Chinese State Councilor and Foreign
    /// Minister", "US Ambassador to the United Nations"): its roles, the gender
    /// of an honorific, and where it starts (`nil` when there is no title).
    private func titlePhrase(endingAt k: Int) -> (roles: RoleSet, gender: Gender, start: Int?) {
        var roles = RoleSet()
        var gender = Gender.unknown
        var start: Int?
        var i = k
        var sawTitle = false
        while i >= 0, k - i < 9 {
            let t = tokens[i]
            if t.kind == .terminal, i == k, honorific(i - 1) != nil {  // "Mr."
                i -= 1
                continue
            }
            guard t.isOpenWord else { break }
            if let role = tokens[i].word.role {
                roles.insert(role)
                sawTitle = true
            } else if let g = tokens[i].word.honorific {
                gender = g
                sawTitle = true
            } else if !sawTitle || !(t.isCapitalised || tokens[i].word.is(.titleModifier)) {
                // The phrase ends in a title; before it, capitalised words and modifiers.
                break
            }
            start = i
            i -= 1
        }
        return (roles, gender, sawTitle ? start : nil)
    }

    // MARK: Mentions

    /// People named in the sentence outside quotations: after a title or
    /// honorific (directly, or after an "of/to the …" complement: "Secretary of
    /// State Antony Blinken", "Ambassador to the United Nations Kelly Craft"),
    /// and hyphenated given names ("Tsai Ing-wen", "Chiang Kai-shek").
    func mentions() -> [NameMention] {
        var result: [NameMention] = []
        var covered = -1
        var i = 0
        while i < n {
            defer { i += 1 }
            guard i > covered, let t = openWord(i) else { continue }
            if t.word.role != nil || t.word.honorific != nil {
                var j = i + 1
                if t.word.honorific != nil, j < n, tokens[j].kind == .terminal { j += 1 }
                var run = nameRun(startingAt: j)
                if run == nil, let link = openWord(j), [.of, .to, .for].contains(link.word.marker) {
                    var k = j + 1
                    if isOpenWord(k, .the) { k += 1 }
                    var prefix = 0
                    while prefix < 4, let w = openWord(k), w.isCapitalised, !isNameLike(k) {
                        k += 1
                        prefix += 1
                    }
                    if prefix > 0 { run = nameRun(startingAt: k) }
                }
                if let run {
                    let title = titlePhrase(endingAt: i)
                    result.append(NameMention(tokens: NameWords(run.map(spelling)), roles: title.roles,
                                              gender: title.gender, position: run.lowerBound))
                    covered = run.upperBound
                }
            } else if isNameLike(i), !isNameLike(i - 1), isNameLike(i + 1), !isNameLike(i + 2),
                      tokens[i + 1].hasLowercaseHyphenPart {
                result.append(NameMention(tokens: NameWords([spelling(i), spelling(i + 1)]), roles: RoleSet(), gender: .unknown,
                                          position: i))
                covered = i + 1
            }
        }
        return result
    }
}
