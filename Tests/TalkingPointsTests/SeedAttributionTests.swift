import Corpus
import TalkingPoints
import Testing

/// Attribution on the five seed articles (real scraped wire copy), built
/// directly from the raw files: title lines, datelines and web furniture
/// included, and seed 000 without any quotation mark or apostrophe.
@Suite struct SeedAttributionTests {
    /// Every attributed sentence of the seeds, by document and sentence start,
    /// with its speaker and kind; every other sentence is narration.
    static let attributed: [(document: String, start: String, speaker: String, kind: StatementKind)] = [
        ("000", "BEIJING  China firmly opposes any form", "Zhao Lijian", .reported),
        ("000", "Crafts words and deeds interfere in", "Zhao Lijian", .reported),
        ("000", "China firmly opposes this, Zhao said.", "Zhao Lijian", .reported),
        ("000", "There is only one China in the world", "Zhao Lijian", .reported),
        ("000", "The government of the Peoples Republic", "Zhao Lijian", .reported),
        ("000", "This fact is recognized by the", "Zhao Lijian", .reported),
        ("000", "The United Nations consists of", "Zhao Lijian", .reported),
        ("000", "The participation of Chinas Taiwan", "Zhao Lijian", .reported),
        ("000", "The central government of China", "Zhao Lijian", .reported),
        ("000", "Since the outbreak of COVID, we have", "Zhao Lijian", .reported),
        ("000", "There is an International Health", "Zhao Lijian", .reported),
        ("000", "The US should abide by the oneChina", "Zhao Lijian", .reported),
        ("000", "China will continue to take all", "Zhao Lijian", .reported),
        ("000", "Some US politicians will surely pay a", "Zhao Lijian", .reported),
        ("001", "China's armed forces are ready to", "Wu Qian", .reported),
        ("001", "BEIJING (Pakistan Point News / Sputnik", "Wu Qian", .reported),
        ("001", "\"We have repeatedly emphasized that", "Wu Qian", .quote),
        ("001", "These principles are that sovereignty,", "Wu Qian", .quote),
        ("001", "Especially on the Taiwan issue, on", "Wu Qian", .quote),
        ("001", "The US should have no illusions on", "Wu Qian", .quote),
        ("001", "The spokesman noted that maintaining", "Wu Qian", .reported),
        ("001", "China attaches great importance to the", "Wu Qian", .reported),
        ("001", "On Wednesday, Chinese foreign ministry", "Zhao Lijian", .reported),
        ("001", "He stressed that Taiwan is \"an", "Zhao Lijian", .reported),
        ("002", "Chinese State Councilor and Foreign", "Wang Yi", .reported),
        ("002", "During the meeting, Wang lodged", "Wang Yi", .reported),
        ("002", "China is clearly opposed to it, Wang", "Wang Yi", .reported),
        ("002", "Given the over 40-year experience of", "Wang Yi", .reported),
        ("002", "China and the U.S. gain from", "Wang Yi", .reported),
        ("002", "Wang reaffirmed that he is willing to", "Wang Yi", .reported),
        ("002", "Viewing the Taiwan question as the", "Wang Yi", .reported),
        ("002", "The real situation of the Taiwan", "Wang Yi", .reported),
        ("002", "According to Wang, the past", "Wang Yi", .reported),
        ("002", "Regarding the crux of the recent", "Wang Yi", .reported),
        ("002", "To stop the development of \"Taiwan", "Wang Yi", .reported),
        ("002", "The Chinese foreign minister urged the", "Wang Yi", .reported),
        ("002", "Wang also lodged China's serious", "Wang Yi", .reported),
        ("002", "Blinken, for his part, reiterated the", "Antony Blinken", .reported),
        ("002", "He agreed that the two countries", "Antony Blinken", .reported),
        ("003", "“We firmly oppose any form of official", "Wang Wenbin", .quote),
        ("003", "He also warned the US against", "Wang Wenbin", .reported),
        ("003", "In an interview with CNN on Wednesday,", "Tsai Ing-wen", .reported),
        ("004", "‘Don’t meddle in Taiwan issue’:", "Qin Gang", .quote),
        ("004", "Chinese Foreign Minister Qin Gang has", "Qin Gang", .reported),
        ("004", "In a phone call on Wednesday morning,", "Qin Gang", .reported),
        ("004", "Qin reiterated Beijing’s firm stance", "Qin Gang", .reported),
        ("004", "The minister further said that since", "Qin Gang", .reported),
        ("004", "He also hoped US works to manage", "Qin Gang", .reported),
        ("004", "“I hope that the US side will take", "Qin Gang", .quote),
        ("004", "Later, Blinken confirmed via Twitter", "Antony Blinken", .reported),
        ("004", "Blinken also “made clear that the U.S.", "Antony Blinken", .reported),
    ]

    private func seedStatements() throws -> (documents: [Document], perDocument: [[Statement]], corpus: [Statement]) {
        let documents = try seedDocuments()
        let attributor = SpeakerAttributor()
        return (documents, documents.map(attributor.statements(in:)), attributor.statements(in: documents))
    }

    private func inDocument(_ id: String, _ corpus: [Statement]) -> [Statement] {
        corpus.filter { $0.documentID == id }
    }

    // MARK: - The expectations, one by one

    @Test func seed000SentencesEndingInZhaoSaidAreZhaoLijiansReportedSpeech() throws {
        let found = inDocument("000", try seedStatements().corpus)
        try expectStatement(startingWith: "There is only one China in the world", in: found, speaker: "Zhao Lijian",
                            kind: .reported)
        try expectStatement(startingWith: "The US should abide by the oneChina principle", in: found,
                            speaker: "Zhao Lijian", kind: .reported)
        try expectStatement(startingWith: "China firmly opposes this, Zhao said.", in: found, speaker: "Zhao Lijian",
                            kind: .reported)
        let zhaoSaid = found.filter { $0.text.contains(", Zhao said") }
        #expect(zhaoSaid.count == 4)
        #expect(zhaoSaid.allSatisfy { $0.speaker == "Zhao Lijian" && $0.kind == .reported })
    }

    @Test func seed000SentenceBeforeATrailingAttributionIsRecovered() throws {
        let found = inDocument("000", try seedStatements().corpus)
        try expectStatement(startingWith: "Crafts words and deeds interfere in Chinas internal affairs", in: found,
                            speaker: "Zhao Lijian", kind: .reported)
        // The lede's "a foreign ministry spokesperson" is named in the next sentence.
        try expectStatement(startingWith: "BEIJING  China firmly opposes", in: found, speaker: "Zhao Lijian",
                            kind: .reported)
        try expectStatement(startingWith: "Spokesperson Zhao Lijian made the remarks", in: found, speaker: nil,
                            kind: .narration)
    }

    @Test func seed001QuotedBlockIsWuQiansAndTheSpokesmanAndHeResolve() throws {
        let found = inDocument("001", try seedStatements().corpus)
        for start in ["\"We have repeatedly emphasized", "These principles are", "Especially on the Taiwan issue",
                      "The US should have no illusions on this matter,\" Wu told a briefing."] {
            try expectStatement(startingWith: start, in: found, speaker: "Wu Qian", kind: .quote)
        }
        try expectStatement(startingWith: "The spokesman noted that", in: found, speaker: "Wu Qian", kind: .reported)
        try expectStatement(startingWith: "He stressed that Taiwan is", in: found, speaker: "Zhao Lijian",
                            kind: .reported)
    }

    @Test func seed002WangIsWangYiAndBlinkenIsAntonyBlinken() throws {
        let found = inDocument("002", try seedStatements().corpus)
        try expectStatement(startingWith: "China is clearly opposed to it, Wang stated.", in: found, speaker: "Wang Yi",
                            kind: .reported)
        try expectStatement(startingWith: "China and the U.S. gain from cooperation", in: found, speaker: "Wang Yi",
                            kind: .reported)
        try expectStatement(startingWith: "Blinken, for his part, reiterated", in: found, speaker: "Antony Blinken",
                            kind: .reported)
    }

    @Test func seed003QuotationIsWangWenbinsAndTsaiIsATopicThere() throws {
        let found = inDocument("003", try seedStatements().corpus)
        try expectStatement(startingWith: "\u{201C}We firmly oppose any form of official exchanges", in: found,
                            speaker: "Wang Wenbin", kind: .quote)
        try expectStatement(startingWith: "Wang was speaking after Tsai Ing-wen became", in: found, speaker: nil,
                            kind: .narration)
        try expectStatement(startingWith: "Beijing has warned the US", in: found, speaker: nil, kind: .narration)
    }

    @Test func seed004QinGangSpeaksAndWangYiIsOnlyMentioned() throws {
        let found = inDocument("004", try seedStatements().corpus)
        try expectStatement(startingWith: "Chinese Foreign Minister Qin Gang has told", in: found, speaker: "Qin Gang",
                            kind: .reported)
        try expectStatement(startingWith: "\u{201C}I hope that the US side", in: found, speaker: "Qin Gang",
                            kind: .quote)
        try expectStatement(startingWith: "Last month, a closed-door meeting", in: found, speaker: nil,
                            kind: .narration)
        #expect(!found.contains { $0.speaker == "Wang Yi" })
    }

    @Test func wangYiAndWangWenbinStayTwoSpeakers() throws {
        let corpus = try seedStatements().corpus
        #expect(Set(inDocument("002", corpus).compactMap(\.speaker)) == ["Wang Yi", "Antony Blinken"])
        #expect(Set(inDocument("003", corpus).compactMap(\.speaker)) == ["Wang Wenbin", "Tsai Ing-wen"])
        #expect(Set(corpus.compactMap(\.speaker))
            == ["Zhao Lijian", "Wu Qian", "Wang Yi", "Antony Blinken", "Wang Wenbin", "Tsai Ing-wen", "Qin Gang"])
    }

    // MARK: - The whole table

    @Test func everySeedSentenceHasTheExpectedSpeakerAndKind() throws {
        let corpus = try seedStatements().corpus
        var expected = Self.attributed[...]
        for statement in corpus {
            if let next = expected.first, next.document == statement.documentID, statement.text.hasPrefix(next.start) {
                #expect(statement.speaker == next.speaker, "\(next.document): \(next.start)")
                #expect(statement.kind == next.kind, "\(next.document): \(next.start)")
                expected.removeFirst()
            } else {
                #expect(statement.kind == .narration && statement.speaker == nil,
                        "unexpected attribution in \(statement.documentID): \(statement.text.prefix(60))")
            }
        }
        #expect(expected.isEmpty, "not found: \(expected.map { "\($0.document): \($0.start)" })")
    }

    @Test func perDocumentAndCorpusResultsAgreeOnTheSeeds() throws {
        let (_, perDocument, corpus) = try seedStatements()
        #expect(perDocument.flatMap { $0 } == corpus)
    }

    @Test func seedStatementsSliceTheDocumentTextExactly() throws {
        let (documents, perDocument, _) = try seedStatements()
        for (document, found) in zip(documents, perDocument) {
            expectExactSlices(found, of: document)
        }
    }
}
