import Testing
import Tokenization

@Suite struct RefrainTokenizerTests {
    let tokenizer = RefrainTokenizer()

    func texts(_ s: String) -> [String] { tokenizer.tokens(in: s).map(\.text) }

    @Test func hyphenatedAndJoinedFormsTokenizeAlike() {
        #expect(texts("the one-China principle") == texts("the oneChina principle"))
        #expect(texts("three China-US joint communiques") == texts("three ChinaUS joint communiques"))
        #expect(texts("one-China").contains("onechina"))
    }

    @Test func possessivesWithAndWithoutApostropheTokenizeAlike() {
        #expect(texts("China's internal affairs") == texts("Chinas internal affairs"))
        #expect(texts("China\u{2019}s internal affairs") == texts("Chinas internal affairs"))
    }

    @Test func dottedAcronymsJoin() {
        #expect(texts("the U.S. side") == ["the", "us", "side"])
        #expect(texts("U.N. General Assembly")[0] == "un")
        #expect(tokenizer.tokens(in: "the U.S. side")[1].isAcronym)
    }

    @Test func capitalisedAcronymsAreMarked() {
        let tokens = tokenizer.tokens(in: "the US and WHO said us")
        #expect(tokens.map(\.isAcronym) == [false, true, false, true, false, false])
    }

    @Test func sentenceFinalPeriodIsNotAnAcronym() {
        #expect(texts("Taiwan region.Spokesperson Zhao") == ["taiwan", "region", "spokesperson", "zhao"])
    }

    @Test func byteRangesSliceTheOriginalText() {
        let text = "Beijing says it \u{2018}firmly opposes\u{2019} US-Taiwan contact, the ﬁrst"
        let bytes = Array(text.utf8)
        for token in tokenizer.tokens(in: text) {
            let original = String(decoding: bytes[token.byteRange], as: UTF8.self)
            #expect(!original.isEmpty)
            #expect(original.first!.isLetter || original.first!.isNumber)
        }
        let us = tokenizer.tokens(in: text).first { $0.text == "ustaiwan" }
        #expect(us.map { String(decoding: bytes[$0.byteRange], as: UTF8.self) } == "US-Taiwan")
    }

    @Test func compatibilityFormsAreNormalised() {
        #expect(texts("ﬁrst ＣＨＩＮＡ") == ["first", "china"])
    }

    @Test func singleLettersAreDroppedByDefault() {
        #expect(texts("a b c word") == ["word"])
        #expect(RefrainTokenizer(minimumLength: 1).tokens(in: "a b").map(\.text) == ["a", "b"])
    }

    @Test func underscoresAndSymbolsSeparateTokens() {
        #expect(texts("snake_case #tag @user") == ["snake", "case", "tag", "user"])
    }

    @Test func emptyAndPunctuationOnlyTextsHaveNoTokens() {
        #expect(texts("").isEmpty)
        #expect(texts("... --- !!!").isEmpty)
    }
}
