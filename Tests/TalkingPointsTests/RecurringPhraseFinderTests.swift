import Corpus
import Foundation
import Testing
@testable import TalkingPoints
import _TestSupport

@Suite struct RecurringPhraseFinderTests {
    func documents(_ texts: [String]) -> [Document] {
        texts.enumerated().map { Document(id: "d\($0.offset)", text: $0.element) }
    }

    @Test func maximalPhraseSharedByTwoDocumentsIsFoundOnce() {
        let docs = documents([
            "China firmly opposes any form of official exchanges with Taiwan.",
            "Beijing said it opposes any form of official exchanges between them.",
        ])
        let phrases = RecurringPhraseFinder().phrases(in: docs)
        #expect(phrases.map(\.tokens) == [["opposes", "any", "form", "of", "official", "exchanges"]])
        #expect(phrases[0].documents == ["d0", "d1"])
        #expect(phrases[0].occurrences.map(\.text) == ["opposes any form of official exchanges", "opposes any form of official exchanges"])
    }

    @Test func phrasesDoNotCrossSentenceBoundaries() {
        let docs = documents(["Alpha beta gamma. Delta epsilon zeta.", "Alpha beta gamma! Delta epsilon zeta?"])
        let phrases = RecurringPhraseFinder(minimumLength: 4).phrases(in: docs)
        #expect(phrases.isEmpty)
    }

    @Test func stopWordOnlyPhrasesAreSuppressed() {
        let docs = documents(["It is one of the best.", "And it is one of the worst."])
        #expect(RecurringPhraseFinder(minimumLength: 4).phrases(in: docs).isEmpty)
    }

    @Test func aPhraseInsideALongerOneWithTheSameDocumentsIsNotRepeated() {
        let docs = documents([
            "They oppose interference in internal affairs today. Interference in internal affairs again.",
            "We oppose interference in internal affairs today.",
        ])
        let phrases = RecurringPhraseFinder(minimumLength: 4).phrases(in: docs)
        #expect(phrases.map { $0.tokens.joined(separator: " ") } == ["oppose interference in internal affairs today"])
    }

    @Test func occurrenceSpansSliceTheDocumentText() {
        let docs = documents(["He said: “only one China” matters, the “only one China” line.", "The only one China policy."])
        let phrases = RecurringPhraseFinder(minimumLength: 3).phrases(in: docs)
        for phrase in phrases {
            for occurrence in phrase.occurrences {
                let text = docs.first { $0.id == occurrence.document }!.text
                let bytes = Array(text.utf8)[occurrence.span[0] ..< occurrence.span[1]]
                #expect(String(decoding: bytes, as: UTF8.self) == occurrence.text)
            }
        }
        // "only one China" occurs three times, but always inside "the only one China"
        // in the same two documents, so only the longer phrase is reported.
        #expect(phrases.map(\.tokens) == [["the", "only", "one", "china"]])
        #expect(phrases.first?.occurrences.map(\.text) == ["the “only one China", "The only one China"])
    }

    @Test func suffixArrayMatchesNaiveSorting() {
        var random = SeededRandom(seed: 7)
        for _ in 0 ..< 20 {
            let n = Int(random.next() % 60) + 1
            let sequence = (0 ..< n).map { _ in Int32(random.next() % 4) }
            let sa = SuffixArray(sequence, alphabetSize: 4)
            let naive = (0 ..< n).sorted { sequence[$0...].lexicographicallyPrecedes(sequence[$1...]) }
            #expect(sa.suffixes.map(Int.init) == naive)
            for r in 1 ..< n {
                let a = sequence[Int(sa.suffixes[r - 1])...], b = sequence[Int(sa.suffixes[r])...]
                let common = zip(a, b).prefix { $0 == $1 }.count
                #expect(Int(sa.lcp[r]) == common)
            }
        }
    }
}
