import Corpus
import TalkingPoints
import Testing
import _TestSupport

/// The attributor on scrambled wire copy: unbalanced quotation marks, stray
/// titles and verbs at sentence edges, glued sentences and line breaks
/// anywhere. Whatever it decides, it must not trap, and its statements must
/// cover every sentence once with exact byte spans.
@Suite struct AttributionRobustnessTests {
    private static let pieces = [
        "\"", "\u{201C}", "\u{201D}", "'", "\u{2018}", "\u{2019}", ",", ".", ":", ";", "(", ")", "\n", "\n\n", "-",
        "\u{2014}", " ", " ", " ", "said", "told", "made", "clear", "according", "to", "the", "a", "he", "she",
        "his", "for", "part", "on", "Sunday", "morning", "has", "also", "after", "Wang", "Yi", "Wenbin", "Zhao",
        "Lijian", "Tsai", "Ing-wen", "Mr", "Ms.", "spokesman", "Minister", "Foreign", "Ministry", "Secretary", "of",
        "State", "Beijing", "China\u{2019}s", "U.S.", "US\u{2019}", "X", "Ü", "ß", "said.There", "\u{2026}",
    ]

    @Test func scrambledCopyNeverTrapsAndSlicesExactly() {
        var random = SeededRandom(seed: 20_240_614)
        let attributor = SpeakerAttributor()
        for round in 0 ..< 300 {
            let count = Int(random.next() % 60)
            var text = ""
            for _ in 0 ..< count {
                text += Self.pieces[Int(random.next() % UInt64(Self.pieces.count))]
                if random.next() % 3 == 0 { text += " " }
            }
            let document = Document(id: "r\(round)", text: text)
            let found = attributor.statements(in: document)
            expectExactSlices(found, of: document)
            #expect(found.allSatisfy { $0.kind != .narration || $0.speaker == nil })
        }
    }

    @Test func scrambledCorpusNeverTraps() {
        var random = SeededRandom(seed: 7)
        let documents = (0 ..< 40).map { index -> Document in
            var text = ""
            for _ in 0 ..< Int(random.next() % 40) {
                text += Self.pieces[Int(random.next() % UInt64(Self.pieces.count))] + " "
            }
            return Document(id: "c\(index)", text: text)
        }
        let found = SpeakerAttributor().statements(in: documents)
        let perDocument = documents.map { SpeakerAttributor().statements(in: $0) }
        #expect(found.count == perDocument.reduce(0) { $0 + $1.count })
    }
}
