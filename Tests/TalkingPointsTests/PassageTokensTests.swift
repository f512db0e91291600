import Testing
@testable import TalkingPoints
import Tokenization
import _TestSupport

/// The byte-level, interned `PassageTokens` against a reference built the
/// straightforward way: `RefrainTokenizer` strings, `Stemmer` rules on
/// characters, set lookups per occurrence.
@Suite struct PassageTokensTests {
    /// One text prepared word by word from `RefrainTokenizer` strings.
    struct Reference: Equatable {
        var stems: [String] = [], content: [Bool] = [], titleLike: [Bool] = [], barrier: [Bool] = []
        var ranges: [Range<Int>] = []

        init(_ text: String, stopWords: StopWordList) {
            let tokens = RefrainTokenizer(minimumLength: 1).tokens(in: text)
            let bytes = Array(text.utf8)
            var i = 0
            while i < tokens.count {
                let token = tokens[i]
                if token.text == "united", i + 1 < tokens.count, tokens[i + 1].text == "states" {
                    stems.append("us"); content.append(true); titleLike.append(true); barrier.append(false)
                    ranges.append(token.byteRange.lowerBound ..< tokens[i + 1].byteRange.upperBound)
                    i += 2
                    continue
                }
                let isStop = stopWords.contains(token.text) && !token.isAcronym
                stems.append(isStop ? token.text : Stemmer.characterStem(token.text))
                content.append(!isStop && !token.text.allSatisfy(\.isNumber))
                let first = bytes[token.byteRange.lowerBound]
                titleLike.append((first >= 65 && first <= 90) || MatchingLexicon.roleWords.contains(token.text))
                barrier.append(MatchingLexicon.reportingVerbs.contains(token.text))
                ranges.append(token.byteRange)
                i += 1
            }
        }

        init(_ tokens: PassageTokens, text t: Int, _ text: String) {
            ranges = PassageTokens.byteRanges(of: text)
            for w in tokens.words(of: t) {
                stems.append(tokens.stemText(Int(tokens.stems[w])))
                content.append(tokens.flags[w].contains(.content))
                titleLike.append(tokens.flags[w].contains(.titleLike))
                barrier.append(tokens.flags[w].contains(.barrier))
            }
        }
    }

    static let pieces = [
        "one-China", "oneChina", "one China", "China's", "China\u{2019}s", "Chinas", "U.S.", "US", "us", "U.N.", "U.S.A.",
        "U.S.-China", "United States", "united states", "UNITED STATES", "United", "States", "said", "Said", "told", "states",
        "the", "of", "and", "interfering", "interference", "interfered", "opposes", "opposition", "policies", "studied", "class",
        "status", "analysis", "2021", "1,000", "3.5", "Zürich", "\u{FB01}ne", "İstanbul", "中国", "e\u{301}clair", "naïve", "'",
        "\u{2019}", "-", "--", ".", ",", "\n", "A.", "a.b.c", "x-", "-y", "it's", "spokesman", "Minister", "é-é", "Ⅻ", "①",
        "straße", "ǅemal", "x_y", "e.g.", "WHO", "Who", "NATO", "'quoted'", "“Taiwan”", "\u{00A0}", "rock\u{2010}solid",
        "meetings", "edly", "ations", "fiddle", "Mr.", "U.", "S", "I", "a",
    ]

    static func randomText(_ random: inout SeededRandom) -> String {
        var text = ""
        for _ in 0 ..< Int.random(in: 0 ... 18, using: &random) {
            text += pieces.randomElement(using: &random)!
            let gap = Int.random(in: 0 ..< 10, using: &random)
            text += gap == 0 ? "" : gap == 1 ? ", " : " "
        }
        return text
    }

    @Test func trickyTextsMatchTheReference() {
        let texts = [
            "Crafts words and deeds interfere in Chinas internal affairs and violate the oneChina principle.",
            "They oppose US interference in China\u{2019}s internal affairs and the one-China principle, he said.",
            "The U.S. and the United States and UNITED STATES and the united  states, the U.S.A.",
            "Foreign Ministry Spokesman Wang Wenbin told reporters: “We firmly oppose it,” adding 2,000 troops.",
            "Zürich İstanbul \u{FB01}nance 中国 e\u{301}clair naïve straße",
            "", "   ", "-", "a", "U.", "U.S", "x-y-z it's 'tis o'clock rock\u{2010}solid",
        ]
        let tokens = PassageTokens(texts, functionWords: MatchingLexicon.functionWords, threads: 2)
        #expect(tokens.textCount == texts.count)
        for (t, text) in texts.enumerated() {
            #expect(Reference(tokens, text: t, text) == Reference(text, stopWords: MatchingLexicon.functionWords), "\(text)")
        }
    }

    @Test func randomTextsMatchTheReferenceForAnyThreadCount() {
        var random = SeededRandom(seed: 11)
        let texts = (0 ..< 1500).map { _ in Self.randomText(&random) }
        let one = PassageTokens(texts, functionWords: MatchingLexicon.functionWords, threads: 1)
        let three = PassageTokens(texts, functionWords: MatchingLexicon.functionWords, threads: 3)
        #expect(one.wordOffsets == three.wordOffsets && one.stems == three.stems && one.flags == three.flags)
        for (t, text) in texts.enumerated() {
            let expected = Reference(text, stopWords: MatchingLexicon.functionWords)
            #expect(Reference(one, text: t, text) == expected, "\(text)")
        }
        // Stem counts add up to the words.
        #expect(one.stemCounts.reduce(0, +) == one.wordCount)
    }

    @Test func asciiScannerMatchesTheTokenizer() {
        var random = SeededRandom(seed: 21)
        let alphabet = Array("aAbBsSuU19.'- ,.-'x.Y.z")
        var texts = ["U.S.", "U.S.A.", "u.s", "a.b.c.", "A.B", "it's", "-x", "x-", "x--y", "U.S.-China", "e.g.,", "1.5", "A.1", "US-", "WHO's", ""]
        for _ in 0 ..< 4000 {
            texts.append(String((0 ..< Int.random(in: 0 ... 14, using: &random)).map { _ in alphabet.randomElement(using: &random)! }))
        }
        // Longer texts of words of up to 20 letters and digits, which the scanner reads eight bytes at a time.
        let letters = Array("aAbBsSuUzZ0129"), separators = [" ", ", ", ".", ". ", "-", "'", " - ", "'s ", "--", ".'", "\n"]
        for _ in 0 ..< 3000 {
            var text = ""
            for _ in 0 ..< Int.random(in: 1 ... 12, using: &random) {
                text += String((0 ..< Int.random(in: 1 ... 20, using: &random)).map { _ in letters.randomElement(using: &random)! })
                text += separators.randomElement(using: &random)!
            }
            texts.append(String(text.dropLast(Int.random(in: 0 ... 2, using: &random))))
        }
        for text in texts {
            var copy = text
            copy.withUTF8 { source in
                let store = ByteBuffer(capacity: 64)
                var starts: [Int32] = [], lengths: [Int32] = [], acronym: [Bool] = [], ranges: [Range<Int>] = []
                withUnsafeMutablePointer(to: &ranges) { pointer in
                    RefrainTokenizer.scan(source, lowercase: true, minimumLength: 1, into: store, starts: &starts, lengths: &lengths,
                                          acronym: &acronym, originalRanges: pointer)
                }
                let expected = (0 ..< starts.count).map { k in
                    (String(decoding: UnsafeBufferPointer(start: store.base + Int(starts[k]), count: Int(lengths[k])), as: UTF8.self),
                     acronym[k], ranges[k], source[ranges[k].lowerBound] &- 65 < 26)
                }
                let bytes = UnsafeMutablePointer<UInt8>.allocate(capacity: source.count + 1)
                defer { bytes.deallocate() }
                var sink = CollectingSink()
                _ = ASCIIWordScanner.scan(source, bytes: bytes, into: &sink)
                let found = sink.tokens
                #expect(found.count == expected.count && zip(found, expected).allSatisfy { $0 == $1 }, "\(text)")
            }
        }
    }

    @Test func asciiBlockClassesMatchTheByteClasses() {
        var random = SeededRandom(seed: 8)
        for _ in 0 ..< 2000 {
            let bytes = (0 ..< 8).map { _ in UInt8.random(in: 0 ..< 128, using: &random) }
            let block = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
            let (digits, lowers, uppers) = ASCIIBlock.lettersAndDigits(block)
            for (j, b) in bytes.enumerated() {
                let bit = UInt64(0x80) << UInt64(8 * j)
                #expect((digits & bit != 0) == (b >= 48 && b <= 57) && (lowers & bit != 0) == (b >= 97 && b <= 122)
                    && (uppers & bit != 0) == (b >= 65 && b <= 90), "\(bytes)")
                #expect((ASCIIBlock.gather(digits | lowers | uppers) >> UInt64(j) & 1 != 0) == ((digits | lowers | uppers) & bit != 0))
            }
        }
    }

    @Test func shingleHashIsTheTableMix() {
        var random = SeededRandom(seed: 9)
        for _ in 0 ..< 1000 {
            let x = UInt64.random(in: .min ... .max, using: &random)
            #expect(SplitMix.finalise(x) == ByteStringTable.mix(x))
        }
    }

    @Test func listedWordsByBytesAnswerAsTheWordSets() {
        let functionWords = NearDuplicateConfiguration().functionWords.union(StopWordList(["naïve", "ﬁsh", "Ärger"]))
        let listed = ListedWords(functionWords: functionWords)
        var random = SeededRandom(seed: 11)
        let letters = Array("aeiostdnlrhwy")
        var words = Array(functionWords.words) + Array(MatchingLexicon.roleWords) + Array(MatchingLexicon.reportingVerbs)
            + ["", "the", "The", "said", "says", "spokesman", "minister", "of", "ofx", "x", "2021"]
        for _ in 0 ..< 2000 {
            words.append(String((0 ..< 1 + Int(random.next() % 7)).map { _ in letters[Int(random.next() % UInt64(letters.count))] }))
        }
        var checked = 0
        for word in words where word.utf8.allSatisfy({ $0 < 0x80 }) {
            var copy = word
            let bits = copy.withUTF8 { listed.bits(ofASCII: $0) }
            #expect(bits == ListedWords.bits(of: word, functionWords: functionWords), "\(word)")
            checked += 1
        }
        #expect(checked > 2000)
        // Some of each kind were among them.
        #expect(ListedWords.bits(of: "the", functionWords: functionWords) & WordFacts.function != 0)
        #expect(ListedWords.bits(of: "said", functionWords: functionWords) & WordFacts.barrier != 0)
        #expect(ListedWords.bits(of: "spokesman", functionWords: functionWords) & WordFacts.role != 0)
    }

    @Test func prefixesSpellTheirWords() {
        func prefix(_ word: String) -> UInt64 {
            var word = word
            return word.withUTF8 { ByteStringTable.prefix($0.baseAddress!, $0.count) }
        }
        #expect(InterningSink.unitedPrefix == prefix("united"))
        #expect(InterningSink.statesPrefix == prefix("states"))
    }

    @Test func asciiStemmingMatchesTheStringRules() {
        var random = SeededRandom(seed: 5)
        let letters = Array("aeioustdnlgcmrybx")
        var words = ["us", "bus", "class", "status", "analysis", "ies", "dies", "studies", "studied", "edly", "ations",
                     "nations", "ings", "sings", "e", "se", "ment", "moment", "2021", "a1b", "X"]
        for _ in 0 ..< 3000 {
            words.append(String((0 ..< Int.random(in: 1 ... 9, using: &random)).map { _ in letters.randomElement(using: &random)! }))
        }
        for word in words {
            #expect(Stemmer.stem(word) == Stemmer.characterStem(word), "\(word)")
        }
    }
}

/// The tokens an `ASCIIWordScanner` hands over, as (spelling, acronym, byte range, capitalised).
private struct CollectingSink: ASCIIWordSink {
    var tokens: [(String, Bool, Range<Int>, Bool)] = []

    mutating func take(_ key: UnsafePointer<UInt8>, length: Int, prefix: UInt64, caseBits: UInt8, start: UInt32, end: UInt32) {
        tokens.append((String(decoding: UnsafeBufferPointer(start: key, count: length), as: UTF8.self),
                       caseBits & ASCIIWordScanner.acronym != 0, Int(start) ..< Int(end), caseBits & ASCIIWordScanner.capitalised != 0))
    }
}
