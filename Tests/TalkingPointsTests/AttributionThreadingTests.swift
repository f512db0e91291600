import Corpus
import TalkingPoints
import Testing

/// The corpus overload attributes documents in runs on several threads and
/// builds each statement in place; these tests pin down that the result is
/// the same whatever the threads, and that words read byte by byte (non-ASCII
/// letters, curly marks, listed words longer than eight bytes) attribute as
/// their ASCII counterparts do.
@Suite struct AttributionThreadingTests {
    /// Documents of different sizes that share speakers across documents.
    static let corpus: [Document] = (0 ..< 60).map { index in
        let speakers = ["Wang Wenbin", "Zoë Ångström", "Antony Blinken", "Tsai Ing-wen"]
        let full = speakers[index % speakers.count]
        let surname = full.split(separator: " ").last!
        var text = "Headline number \(index)\n\n"
        for sentence in 0 ..< index % 7 + 1 {
            text += "“We will not change course \(sentence),” said \(full). "
            text += "The talks went on for hours, \(surname) told reporters. "
            text += "According to \(surname), the meeting was candid. "
            text += "He added that the \(index) proposals were ‘unacceptable’.\n"
        }
        return Document(id: "d\(index)", date: ArticleDate(year: 2023, month: 1 + index % 12, day: 1), source: "wire",
                        text: text)
    }

    @Test func statementsDoNotDependOnThreads() {
        let attributor = SpeakerAttributor()
        let one = attributor.statements(in: Self.corpus, threads: 1)
        for threads in [2, 3, 8] {
            #expect(attributor.statements(in: Self.corpus, threads: threads) == one, "threads \(threads)")
        }
        #expect(one.count == Self.corpus.reduce(0) { $0 + attributor.statements(in: $1).count })
        #expect(attributor.statements(in: [], threads: 4).isEmpty)
    }

    @Test func statementsCarryTheirDocumentsDetails() {
        for statement in SpeakerAttributor().statements(in: Self.corpus, threads: 3) {
            let document = Self.corpus.first { $0.id == statement.documentID }!
            #expect(statement.date == document.date)
            #expect(statement.source == "wire")
            let bytes = Array(document.text.utf8)
            #expect(String(decoding: bytes[statement.byteRange], as: UTF8.self) == statement.text)
        }
    }

    @Test func nonASCIINamesAttributeLikeASCIIOnes() throws {
        // The headline and the first four sentences of document d1.
        let found = Array(SpeakerAttributor().statements(in: Self.corpus, threads: 2)
            .filter { $0.documentID == "d1" }.prefix(5))
        try expectStatement(startingWith: "“We will not change course 0", in: found, speaker: "Zoë Ångström", kind: .quote)
        try expectStatement(startingWith: "The talks went on for hours", in: found, speaker: "Zoë Ångström",
                            kind: .reported)
        try expectStatement(startingWith: "According to Ångström", in: found, speaker: "Zoë Ångström", kind: .reported)
        try expectStatement(startingWith: "He added that", in: found, speaker: "Zoë Ångström", kind: .reported)
    }

    @Test func longListedWordsAndPossessivesAreRecognised() throws {
        // "spokesperson" and "according" are longer than eight bytes; "Wang’s"
        // is a possessive, not a name.
        let found = statements("""
            Foreign Ministry spokesperson Wang Wenbin spoke on Monday.
            The spokesperson reiterated that the policy stands.
            Wang’s remarks followed a vote, according to him.
            """)
        try expectStatement(startingWith: "The spokesperson reiterated", in: found, speaker: "Wang Wenbin",
                            kind: .reported)
        try expectStatement(startingWith: "Wang’s remarks", in: found, speaker: "Wang Wenbin", kind: .reported)
    }
}
