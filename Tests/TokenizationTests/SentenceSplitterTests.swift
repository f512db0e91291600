import Foundation
import Testing
import Tokenization

/// The sentence texts `splitter` finds in `text`.
private func sentences(_ text: String, splitter: SentenceSplitter = SentenceSplitter()) -> [String] {
    splitter.split(text).map { String($0.text) }
}

/// Checks what every split must satisfy: ranges in order, in bounds, not
/// overlapping, trimmed, slicing exactly the sentence text, agreeing with
/// `sentenceByteRanges(in:)`, and leaving only whitespace between them.
private func expectWellFormedSplit(of text: String, splitter: SentenceSplitter = SentenceSplitter(),
                                   sourceLocation: SourceLocation = #_sourceLocation) {
    let bytes = Array(text.utf8)
    let split = splitter.split(text)
    #expect(split.map(\.byteRange) == splitter.sentenceByteRanges(in: text), sourceLocation: sourceLocation)
    var previousEnd = 0
    for sentence in split {
        let range = sentence.byteRange
        #expect(range.lowerBound >= previousEnd && range.upperBound <= bytes.count && !range.isEmpty,
                "range \(range) out of order", sourceLocation: sourceLocation)
        guard range.lowerBound >= previousEnd, range.upperBound <= bytes.count else { return }
        let slice = String(decoding: bytes[range], as: UTF8.self)
        #expect(slice == String(sentence.text), sourceLocation: sourceLocation)
        #expect(Array(sentence.text.utf8) == Array(bytes[range]), sourceLocation: sourceLocation)
        #expect(!isSpace(sentence.text.unicodeScalars.first!), "untrimmed start", sourceLocation: sourceLocation)
        #expect(!isSpace(sentence.text.unicodeScalars.last!), "untrimmed end", sourceLocation: sourceLocation)
        let gap = String(decoding: bytes[previousEnd ..< range.lowerBound], as: UTF8.self)
        #expect(gap.unicodeScalars.allSatisfy(isSpace), "text lost between sentences: \(gap.debugDescription)",
                sourceLocation: sourceLocation)
        previousEnd = range.upperBound
    }
    let tail = String(decoding: bytes[previousEnd...], as: UTF8.self)
    #expect(tail.unicodeScalars.allSatisfy(isSpace), "text lost at the end: \(tail.debugDescription)",
            sourceLocation: sourceLocation)
}

private func isSpace(_ scalar: Unicode.Scalar) -> Bool {
    scalar.properties.isWhitespace || scalar == "\u{FEFF}"
}

/// The text of the seed article whose file name starts with `prefix`, found by
/// walking up from this file to the package root.
private func seedText(_ prefix: String) throws -> String {
    var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) {
        let parent = directory.deletingLastPathComponent()
        try #require(parent.path != directory.path, "package root not found above \(#filePath)")
        directory = parent
    }
    let seeds = directory.appendingPathComponent("seeds")
    let names = try FileManager.default.contentsOfDirectory(atPath: seeds.path).sorted()
    let name = try #require(names.first { $0.hasPrefix(prefix) }, "no seed \(prefix)* in \(seeds.path)")
    return try String(contentsOf: seeds.appendingPathComponent(name), encoding: .utf8)
}

/// Behaviour of `SentenceSplitter`, rule by rule.
@Suite struct SentenceSplitterTests {
    // MARK: - Terminal punctuation

    @Test func splitsAfterFullStopBeforeCapitalisedWord() {
        #expect(sentences("It rained. Then it stopped.") == ["It rained.", "Then it stopped."])
    }

    @Test func splitsAfterExclamationAndQuestionMarks() {
        #expect(sentences("Stop! Who goes there? Nobody?! Fine.") == ["Stop!", "Who goes there?", "Nobody?!", "Fine."])
    }

    @Test func splitsAfterEllipsesBeforeCapitalisedWord() {
        #expect(sentences("He paused... Then he left.") == ["He paused...", "Then he left."])
        #expect(sentences("Wait\u{2026} What now?") == ["Wait\u{2026}", "What now?"])
        #expect(sentences("It was... well, odd.") == ["It was... well, odd."])
    }

    @Test func splitsBeforeDigitsAndOpeningQuotes() {
        #expect(sentences("Talks ended. 2021 was hard.") == ["Talks ended.", "2021 was hard."])
        #expect(sentences("Talks ended. \"No deal,\" he said.") == ["Talks ended.", "\"No deal,\" he said."])
        #expect(sentences("Talks ended. \u{201C}No deal,\u{201D} he said.")
            == ["Talks ended.", "\u{201C}No deal,\u{201D} he said."])
    }

    @Test func keepsClosingQuotesAndBracketsWithTheirSentence() {
        #expect(sentences("She said \"Go.\" Then she left.") == ["She said \"Go.\"", "Then she left."])
        #expect(sentences("(This is an aside.) Next one.") == ["(This is an aside.)", "Next one."])
        #expect(sentences("He called it \u{2018}final.\u{2019} Others disagreed.")
            == ["He called it \u{2018}final.\u{2019}", "Others disagreed."])
    }

    @Test func doesNotSplitBeforeLowercaseWord() {
        #expect(sentences("The vote was close. but it passed.") == ["The vote was close. but it passed."])
    }

    @Test func doesNotSplitWithoutFollowingWhitespaceOrText() {
        #expect(sentences("One sentence only.") == ["One sentence only."])
        #expect(sentences("Visit example.com for details.") == ["Visit example.com for details."])
    }

    // MARK: - Line breaks

    @Test func treatsEveryLineBreakAsAHardBreak() {
        #expect(sentences("Headline without a stop\nBody text. More text.")
            == ["Headline without a stop", "Body text.", "More text."])
        #expect(sentences("First paragraph\n\nsecond paragraph") == ["First paragraph", "second paragraph"])
        #expect(sentences("Windows line\r\nnext line") == ["Windows line", "next line"])
        #expect(sentences("Unicode line\u{2028}separator\u{2029}paragraph\u{85}NEL")
            == ["Unicode line", "separator", "paragraph", "NEL"])
    }

    // MARK: - Abbreviations

    @Test func doesNotSplitAfterTitles() {
        let text = "Mr. Smith met Mrs. Jones, Ms. Wu, Dr. Lee, Prof. Tan, Gen. Milley, Sen. Warren and Rep. Pelosi "
            + "at St. Paul's. They talked."
        #expect(sentences(text).count == 2)
        #expect(sentences("Martin Luther King Jr. Day is a holiday.") == ["Martin Luther King Jr. Day is a holiday."])
    }

    @Test func doesNotSplitAfterLatinAndLegalShorthand() {
        #expect(sentences("Some fruits, e.g. Apples, are sweet.") == ["Some fruits, e.g. Apples, are sweet."])
        #expect(sentences("One option, i.e. The first, won.") == ["One option, i.e. The first, won."])
        #expect(sentences("Roe vs. Wade was decided. Later it fell.") == ["Roe vs. Wade was decided.", "Later it fell."])
    }

    @Test func doesNotSplitAfterNumberAbbreviationBeforeNumber() {
        #expect(sentences("He is ranked No. 1 in the world. That is all.")
            == ["He is ranked No. 1 in the world.", "That is all."])
        #expect(sentences("See Vol. 3 and Fig. 2 for details.") == ["See Vol. 3 and Fig. 2 for details."])
        #expect(sentences("The answer was No. The vote failed.") == ["The answer was No.", "The vote failed."])
    }

    @Test func doesNotSplitAfterMonthAbbreviationBeforeNumber() {
        #expect(sentences("On Jan. 20 he took office. On Dec. 31 he left.")
            == ["On Jan. 20 he took office.", "On Dec. 31 he left."])
        #expect(sentences("It began in Sept. 2021 and ended.") == ["It began in Sept. 2021 and ended."])
    }

    @Test func splitsAfterEtcOnlyBeforeCapitalisedWord() {
        #expect(sentences("Apples, pears, etc. are sold here.") == ["Apples, pears, etc. are sold here."])
        #expect(sentences("Apples, pears, etc. The shop closes at six.")
            == ["Apples, pears, etc.", "The shop closes at six."])
    }

    @Test func doesNotSplitAfterClockTimesBeforeLowercaseOrContinuation() {
        #expect(sentences("We met at 9 a.m. and left at 5 p.m. on Friday.")
            == ["We met at 9 a.m. and left at 5 p.m. on Friday."])
        #expect(sentences("We met at 9 a.m. Beijing time.") == ["We met at 9 a.m. Beijing time."])
        #expect(sentences("We met at 9 a.m. The talks lasted hours.")
            == ["We met at 9 a.m.", "The talks lasted hours."])
    }

    @Test func splitsAfterCompanySuffixOnlyBeforeTypicalSentenceOpener() {
        #expect(sentences("Acme Inc. Chief Executive Jane Doe spoke.") == ["Acme Inc. Chief Executive Jane Doe spoke."])
        #expect(sentences("Huawei Technologies Co. Ltd. Chairman Liang spoke.").count == 1)
        #expect(sentences("He works at Acme Corp. The company makes widgets.")
            == ["He works at Acme Corp.", "The company makes widgets."])
    }

    @Test func doesNotSplitAfterSingleCapitalInitials() {
        #expect(sentences("J. K. Rowling wrote it. George W. Bush read it.")
            == ["J. K. Rowling wrote it.", "George W. Bush read it."])
        #expect(sentences("Mary J. A. Smith spoke.") == ["Mary J. A. Smith spoke."])
        #expect(sentences("We chose Plan B. The plan failed.") == ["We chose Plan B.", "The plan failed."])
        #expect(sentences("We chose Plan B. A plan failed.") == ["We chose Plan B.", "A plan failed."])
    }

    @Test func customAbbreviationsReplaceOrExtendTheDefaults() {
        let text = "Ald. Smith voted. It passed."
        #expect(sentences(text) == ["Ald.", "Smith voted.", "It passed."])
        let extended = SentenceSplitter(abbreviations: SentenceSplitter.defaultAbbreviations.union(["Ald."]))
        #expect(sentences(text, splitter: extended) == ["Ald. Smith voted.", "It passed."])
        #expect(extended.abbreviations.contains("ald"))
        let none = SentenceSplitter(abbreviations: [])
        #expect(sentences("Mr. Smith spoke.", splitter: none) == ["Mr.", "Smith spoke."])
    }

    // MARK: - Acronyms and numbers

    @Test func doesNotSplitAfterMultiDotAcronymBeforeContinuation() {
        #expect(sentences("He met the U.S. Secretary of State on Monday.")
            == ["He met the U.S. Secretary of State on Monday."])
        #expect(sentences("The U.N. Security Council and the U.K. Parliament met.")
            == ["The U.N. Security Council and the U.K. Parliament met."])
        #expect(sentences("He urged the U.S. to keep its promise.") == ["He urged the U.S. to keep its promise."])
    }

    @Test func splitsAfterMultiDotAcronymBeforeTypicalSentenceOpener() {
        #expect(sentences("Tensions rose with the U.S. The talks stalled.")
            == ["Tensions rose with the U.S.", "The talks stalled."])
        #expect(sentences("He flew to the U.K. But the talks failed.")
            == ["He flew to the U.K.", "But the talks failed."])
        #expect(sentences("It was the U.S. \u{201C}We disagree,\u{201D} he said.")
            == ["It was the U.S.", "\u{201C}We disagree,\u{201D} he said."])
    }

    @Test func doesNotSplitInsideDecimals() {
        #expect(sentences("Growth was 3.5 percent. Exports rose by 1.2 million tons.")
            == ["Growth was 3.5 percent.", "Exports rose by 1.2 million tons."])
        #expect(sentences("Pi is 3.14159 and e is 2.718.") == ["Pi is 3.14159 and e is 2.718."])
    }

    // MARK: - Quotations

    @Test func keepsLowercaseAttributionWithItsQuotation() {
        #expect(sentences("\"We oppose it!\" he said.") == ["\"We oppose it!\" he said."])
        #expect(sentences("\"Is it over?\" she asked. Then she left.") == ["\"Is it over?\" she asked.", "Then she left."])
        #expect(sentences("\u{201C}We oppose it!\u{201D} he said.") == ["\u{201C}We oppose it!\u{201D} he said."])
    }

    @Test func keepsCapitalisedAttributionWithItsQuotation() {
        #expect(sentences("\"We will never yield!\" Foreign Minister Wang Yi said.")
            == ["\"We will never yield!\" Foreign Minister Wang Yi said."])
        #expect(sentences("\"Why now?\" Wu asked reporters.") == ["\"Why now?\" Wu asked reporters."])
        #expect(sentences("\"Enough!\" The crowd dispersed.") == ["\"Enough!\"", "The crowd dispersed."])
    }

    @Test func keepsQuotationEndingInCommaWithItsAttribution() {
        let text = "\"We have principles. The US should have no illusions on this matter,\" Wu told a briefing."
        #expect(sentences(text) == ["\"We have principles.", "The US should have no illusions on this matter,\" Wu told a briefing."])
    }

    // MARK: - Scraped text

    @Test func splitsGluedSentencesAfterLowercaseWord() {
        #expect(sentences("It concerns the Taiwan region.Spokesperson Zhao spoke.")
            == ["It concerns the Taiwan region.", "Spokesperson Zhao spoke."])
        #expect(sentences("He said so on Thursday.Crafts words matter.")
            == ["He said so on Thursday.", "Crafts words matter."])
    }

    @Test func doesNotSplitGluedAcronymsAbbreviationsOrSingleLetters() {
        #expect(sentences("The U.S.Army arrived.") == ["The U.S.Army arrived."])
        #expect(sentences("Fruit, e.g.Apples, are sweet.") == ["Fruit, e.g.Apples, are sweet."])
        #expect(sentences("Mr.Smith arrived.") == ["Mr.Smith arrived."])
        #expect(sentences("Option a.Because of that, no.") == ["Option a.Because of that, no."])
    }

    @Test func splitsAfterGluedDoubleDotBeforeCapital() {
        #expect(sentences("the World Health Assembly Resolution ..The central government acted.")
            == ["the World Health Assembly Resolution ..", "The central government acted."])
    }

    // MARK: - Other scripts and whitespace

    @Test func splitsAfterCJKFullStopsWithoutSpaces() {
        #expect(sentences("中国反对。台湾是中国的一部分！你明白吗？好。")
            == ["中国反对。", "台湾是中国的一部分！", "你明白吗？", "好。"])
        #expect(sentences("他说：「我们反对。」然后离开。") == ["他说：「我们反对。」", "然后离开。"])
    }

    @Test func treatsUnicodeSpacesAsWhitespace() {
        #expect(sentences("\u{FEFF}\u{3000}One.\u{00A0}Two.\u{2003}Three.\u{3000}")
            == ["One.", "Two.", "Three."])
    }

    @Test func returnsNoSentencesForEmptyOrWhitespaceOnlyText() {
        #expect(SentenceSplitter().split("").isEmpty)
        #expect(SentenceSplitter().split("   \n\t \r\n  ").isEmpty)
        #expect(SentenceSplitter().split("\u{00A0}\u{3000}\u{2028}").isEmpty)
        #expect(SentenceSplitter().sentenceByteRanges(in: " \n ").isEmpty)
    }

    // MARK: - Byte ranges

    @Test func byteRangesSliceASCIIText() {
        let text = "  It rained.  Then it stopped.\n\nNew paragraph here.  "
        let split = SentenceSplitter().split(text)
        #expect(split.map(\.byteRange) == [2 ..< 12, 14 ..< 30, 32 ..< 51])
        expectWellFormedSplit(of: text)
    }

    @Test(arguments: [
        "\u{201C}We firmly oppose it,\u{201D} Wang said. \u{2018}Really?\u{2019} Yes.",
        "中国反对。台湾是中国的一部分！ Then English follows. 你好吗？",
        "I love it \u{1F389}. Next \u{1F600} one! Done \u{1F44D}\u{1F3FD}.",
        "Caf\u{E9}. \u{C9}lan vital is e\u{301}. Na\u{EF}ve? \u{00C5}ngstr\u{F6}m.",
        "Zhao\u{2019}s remarks.\u{00A0}\u{201C}One China\u{201D} matters\u{2026} The end.",
    ])
    func byteRangesSliceMultibyteText(_ text: String) {
        expectWellFormedSplit(of: text)
        #expect(SentenceSplitter().split(text).count >= 3)
    }

    @Test func byteRangesStayWellFormedOnGeneratedText() {
        let pieces = [
            "Mr.", " ", "  ", "U.S.", "\n", "\r\n", "\n\n", "caf\u{E9}", "中国", "。", "\u{201C}", "\u{201D}", "!", "?", ".",
            "..", "\u{2026}", "a", "word", "The", "B", "3.5", "\u{1F389}", "\u{00A0}", "\"", "'", "(", ")", "e\u{301}",
            "No.", "1", "said", "region.Spokesperson", "\u{3000}", "\u{2028}", "\u{FEFF}", "i.e.", "J.",
        ]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0 ..< 300 {
            var text = ""
            for _ in 0 ..< 40 {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                text += pieces[Int((state >> 33) % UInt64(pieces.count))]
            }
            expectWellFormedSplit(of: text)
        }
    }

    // MARK: - Seeds

    @Test func findsTheExpectedSentencesInSeed000() throws {
        let text = try seedText("000")
        let found = sentences(text)
        #expect(found.contains(
            "Crafts words and deeds interfere in Chinas internal affairs, gravely violate the oneChina principle "
                + "and the three ChinaUS joint communiques, and go against the US political commitment on the Taiwan question."))
        #expect(found.contains(
            "There is only one China in the world and Taiwan is an inalienable part of the Chinese territory, Zhao said."))
        #expect(found.contains("The central government of China attaches great importance to the health and wellbeing of Taiwan compatriots."))
        #expect(!found.contains { $0.contains(".Spokesperson") || $0.contains("said.There") })
        expectWellFormedSplit(of: text)
    }

    @Test(arguments: ["000", "001", "002", "003", "004"])
    func splitsEverySeedIntoWellFormedSentences(_ prefix: String) throws {
        let text = try seedText(prefix)
        expectWellFormedSplit(of: text)
        let found = sentences(text)
        #expect(found.count >= 10)
        // No sentence break inside "U.S." in the CGTN seed.
        #expect(!found.contains { $0.hasSuffix("U.S.") })
    }
}
