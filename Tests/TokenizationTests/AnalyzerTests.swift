import Foundation
import Testing
import Tokenization

@Suite struct AnalyzerTests {
    func features(_ text: String, _ configuration: AnalyzerConfiguration) throws -> [String] {
        try Analyzer(configuration).features(of: text)
    }

    @Test func wordAnalyzerKeepsRunsOfTwoOrMoreWordCharacters() throws {
        #expect(try features("A quick-brown fox_1, I x2!", AnalyzerConfiguration()) == ["quick", "brown", "fox_1", "x2"])
    }

    @Test func wordNgramsFollowUnigramsInTextOrder() throws {
        let config = AnalyzerConfiguration(ngramRange: 1 ... 2)
        #expect(try features("one two three", config) == ["one", "two", "three", "one two", "two three"])
    }

    @Test func stopWordsAreRemovedBeforeNgramsAreFormed() throws {
        let config = AnalyzerConfiguration(ngramRange: 2 ... 2, stopWords: StopWordList(["the"]))
        #expect(try features("the cat the hat", config) == ["cat hat"])
    }

    @Test func refrainAnalyzerKeepsAcronymsThatAreStopWords() throws {
        let config = AnalyzerConfiguration(kind: .refrain, stopWords: StopWordList(["us", "the", "who"]))
        #expect(try features("the US told us the WHO", config) == ["us", "told", "who"])
    }

    @Test func characterNgramsCollapseRunsOfWhiteSpace() throws {
        let config = AnalyzerConfiguration(kind: .char, ngramRange: 2 ... 2)
        #expect(try features("ab  c", config) == ["ab", "b ", " c"])
        // A single white-space character other than a space is kept as it is.
        #expect(try features("a\nb", config) == ["a\n", "\nb"])
    }

    @Test func wordBoundedCharacterNgramsPadWords() throws {
        let config = AnalyzerConfiguration(kind: .charWB, ngramRange: 3 ... 3)
        #expect(try features("ab", config) == [" ab", "ab "])
        // A word shorter than n is emitted once, padded.
        #expect(try features("a", config) == [" a "])
    }

    @Test func lowercasingUsesFinalSigma() throws {
        #expect(try features("ΟΔΟΣ ΣΑΣ.", AnalyzerConfiguration()) == ["\u{03BF}\u{03B4}\u{03BF}\u{03C2}", "\u{03C3}\u{03B1}\u{03C2}"])
    }

    @Test func accentStrippingModesDiffer() throws {
        #expect(try features("café naïve", AnalyzerConfiguration(stripAccents: .unicode)) == ["cafe", "naive"])
        #expect(try features("Москва café", AnalyzerConfiguration(stripAccents: .ascii)) == ["cafe"])
        #expect(try features("Москва", AnalyzerConfiguration(stripAccents: .unicode)) == ["москва"])
    }

    @Test func invalidNgramRangeIsRejected() {
        #expect(throws: AnalyzerConfigurationError.self) {
            _ = try Analyzer(AnalyzerConfiguration(ngramRange: 0 ... 1))
        }
    }
}
