import Testing
@testable import TalkingPoints
import Tokenization
import _TestSupport

@Suite struct NearDuplicateFinderTests {
    let finder = NearDuplicateFinder(configuration: NearDuplicateConfiguration(threads: 2))

    @Test func sharedClauseInsideLongerSentencesIsMatched() {
        let texts = [
            "China firmly opposes any form of official exchanges between the United States and Taiwan, a spokesperson said.",
            "We firmly oppose any form of official exchanges and military contacts between the US and Taiwan, Wang said.",
            "The weather in Beijing was cold and windy on Thursday.",
        ]
        let matches = finder.matches(in: texts)
        #expect(matches.count == 1)
        let match = try! #require(matches.first)
        #expect(match.first == 0 && match.second == 1)
        let passage = String(decoding: Array(texts[0].utf8)[match.firstSpan], as: UTF8.self)
        #expect(passage.hasPrefix("firmly opposes any form of official exchanges"))
    }

    @Test func inflectionsPossessivesAndJoinedFormsMatch() {
        let texts = [
            "Crafts words and deeds interfere in Chinas internal affairs and violate the oneChina principle.",
            "They oppose US interference in China’s internal affairs and the one-China principle, he said.",
        ]
        #expect(finder.matches(in: texts).count == 1)
    }

    @Test func namesAndTitlesAloneAreNotTalkingPoints() {
        let texts = [
            "Chinese Foreign Ministry Spokesman Wang Wenbin spoke on Thursday.",
            "Later, Chinese Foreign Ministry Spokesman Wang Wenbin left the room.",
        ]
        #expect(finder.matches(in: texts).isEmpty)
    }

    @Test func shortCommonPhrasesAreNotEnough() {
        let texts = ["The two sides agreed to manage differences and avoid conflict.",
                     "Both will manage differences and work together."]
        #expect(finder.matches(in: texts).isEmpty)
    }

    @Test func resultsDoNotDependOnThreads() {
        let texts = (0 ..< 40).map { i in
            i % 3 == 0 ? "Officials repeated that Taiwan is an inalienable part of China in statement \(i)."
                : "Unrelated sentence number \(i) about markets, weather and sport results."
        }
        let one = NearDuplicateFinder(configuration: NearDuplicateConfiguration(threads: 1)).matches(in: texts)
        let three = NearDuplicateFinder(configuration: NearDuplicateConfiguration(threads: 3)).matches(in: texts)
        #expect(one == three)
        // Two families of near-duplicates (14 and 26 sentences), none across them.
        #expect(one.count == 14 * 13 / 2 + 26 * 25 / 2)
        #expect(one.allSatisfy { ($0.first % 3 == 0) == ($0.second % 3 == 0) })
    }

    @Test func manyTextsGiveTheSameMatchesForAnyThreadCount() {
        // Enough texts for several chunks in every stage, with planted copies.
        var random = SeededRandom(seed: 17)
        let words = ["the", "of", "China", "policy", "trade", "talks", "firmly", "oppose", "Taiwan", "said", "US", "market",
                     "security", "one-China", "principle", "affairs", "internal", "meeting", "2021", "allies"]
        var texts = (0 ..< 1200).map { _ in
            (0 ..< Int.random(in: 4 ... 20, using: &random)).map { _ in words.randomElement(using: &random)! }.joined(separator: " ")
        }
        for k in stride(from: 0, to: 1200, by: 37) { texts[(k * 7 + 11) % 1200] = texts[k] + " again" }
        let one = NearDuplicateFinder(configuration: NearDuplicateConfiguration(threads: 1)).matches(in: texts)
        #expect(one.count >= 30)
        for threads in [2, 3, 5] {
            #expect(NearDuplicateFinder(configuration: NearDuplicateConfiguration(threads: threads)).matches(in: texts) == one)
        }
    }

    @Test func alignmentSkipsDroppedWords() {
        let tokens = PassageTokens(["there is only one China in the world and Taiwan is part of it",
                                    "there is only one China and Taiwan is part of it"], functionWords: MatchingLexicon.functionWords)
        let alignment = try! #require(LocalAlignment.align(tokens, 0, 1))
        #expect(alignment.first == 0 ..< tokens.words(of: 0).count)
        #expect(alignment.second == 0 ..< tokens.words(of: 1).count)
    }

    @Test func commonWordsNeedALongerMatchInALargerCorpus() {
        // "the US country first" is four common words: in two sentences alone it
        // is a strong match; among many sentences using those words it is chance.
        let pair = ["Critics said the plan put the US country first and ignored allies.",
                    "Supporters want the US country first on trade, a senator argued."]
        let small = finder.matches(in: pair)
        #expect(small.count == 1)
        let filler = (0 ..< 400).map { i in "Note x\(i)a the US x\(i)b country x\(i)c first x\(i)d." }
        let large = finder.matches(in: pair + filler)
        #expect(!large.contains { $0.first == 0 && $0.second == 1 })
        // A looser expectation of chance matches admits it again.
        let loose = NearDuplicateFinder(configuration: NearDuplicateConfiguration(threads: 2, maximumChanceMatches: 1e12))
        #expect(loose.matches(in: pair + filler).contains { $0.first == 0 && $0.second == 1 })
    }

    @Test func stemmerConflatesInflections() {
        #expect(Stemmer.stem("interfering") == Stemmer.stem("interfere"))
        #expect(Stemmer.stem("opposes") == Stemmer.stem("oppose"))
        #expect(Stemmer.stem("interference") == Stemmer.stem("interfere"))
        #expect(Stemmer.stem("us") == "us")
        #expect(Stemmer.stem("2021") == "2021")
    }

    @Test func averageLinkageDoesNotChain() {
        // A–B and B–C match strongly, A–C not at all: average linkage keeps C apart.
        let weights: [UInt64: Double] = [0 << 32 | 1: 0.9, 1 << 32 | 2: 0.8]
        let groups = AverageLinkage.groups(count: 3, weights: weights, threshold: 0.5)
        #expect(groups == [[0, 1], [2]])
        // Single linkage would have chained them; a lower threshold joins them.
        #expect(AverageLinkage.groups(count: 3, weights: weights, threshold: 0.4) == [[0, 1, 2]])
    }
}
