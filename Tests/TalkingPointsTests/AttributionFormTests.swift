import Corpus
import TalkingPoints
import Testing

/// The attribution forms of wire copy, one at a time, on hand-written text.
@Suite struct AttributionFormTests {
    /// An article that introduces its speaker before the sentence under test.
    private func withIntroduction(_ sentence: String) -> [Statement] {
        statements("Trade Minister Anna Kovacs met reporters on Monday.\n\n" + sentence)
    }

    // MARK: - Quotations

    @Test func quotationFollowedBySaidIsAQuote() throws {
        let found = withIntroduction(#""We will not yield," Kovacs said."#)
        try expectStatement(startingWith: "\"We will", in: found, speaker: "Anna Kovacs", kind: .quote)
    }

    @Test func quotationFollowedByToldABriefingIsAQuote() throws {
        let found = statements("Defense spokesman Wu Qian spoke on Thursday.\n\n\"The US should have no illusions,\" Wu told a briefing.")
        try expectStatement(startingWith: "\"The US", in: found, speaker: "Wu Qian", kind: .quote)
    }

    @Test func invertedAttributionAfterAQuotation() throws {
        let found = statements(#""We oppose it," said Foreign Ministry spokesman Wang Wenbin."#)
        try expectStatement(startingWith: "\"We oppose", in: found, speaker: "Wang Wenbin", kind: .quote)
    }

    @Test func quotationSplitAroundItsAttributionIsOneQuote() throws {
        let found = withIntroduction(#""We will not yield," Kovacs said, "and we will not wait.""#)
        try expectStatement(startingWith: "\"We will", in: found, speaker: "Anna Kovacs", kind: .quote)
    }

    @Test func sentencesOfAQuotationShareAnAttributionThatComesLast() throws {
        let found = withIntroduction(#""The first point matters. The second matters more. The third is final," Kovacs said."#)
        for prefix in ["\"The first", "The second", "The third"] {
            try expectStatement(startingWith: prefix, in: found, speaker: "Anna Kovacs", kind: .quote)
        }
    }

    @Test func sentencesOfAQuotationShareAnAttributionThatComesFirst() throws {
        let found = withIntroduction(#"Kovacs said: "The first point matters. The second matters more. The third is final.""#)
        for prefix in ["Kovacs said", "The second", "The third"] {
            try expectStatement(startingWith: prefix, in: found, speaker: "Anna Kovacs", kind: .quote)
        }
    }

    @Test func speechVerbFollowedByAQuotationIsAQuote() throws {
        let found = withIntroduction(#"She added: "It is clear who is responsible.""#)
        try expectStatement(startingWith: "She added", in: found, speaker: "Anna Kovacs", kind: .quote)
    }

    @Test func curlyAndStraightQuotationMarksGiveTheSameResult() throws {
        let texts = [
            "Spokesperson Zhao Lijian spoke.\n\n\"We oppose it. It must stop,\" Zhao said.",
            "Spokesperson Zhao Lijian spoke.\n\n\u{201C}We oppose it. It must stop,\u{201D} Zhao said.",
            "Spokesperson Zhao Lijian spoke.\n\n\u{2018}We oppose it. It must stop,\u{2019} Zhao said.",
        ]
        for text in texts {
            let found = statements(text)
            #expect(found.map(\.kind) == [.narration, .quote, .quote], "\(text.debugDescription)")
            #expect(found.map(\.speaker) == [nil, "Zhao Lijian", "Zhao Lijian"], "\(text.debugDescription)")
        }
    }

    @Test func apostrophesAreNotQuotationMarks() throws {
        let found = withIntroduction("China\u{2019}s position is firm and the US\u{2019} stance is wrong, Kovacs said.")
        try expectStatement(startingWith: "China", in: found, speaker: "Anna Kovacs", kind: .reported)
    }

    @Test func scareQuotesInReportedSpeechStayReported() throws {
        let found = withIntroduction(#""Taiwan independence" forces threaten peace, Kovacs said."#)
        try expectStatement(startingWith: "\"Taiwan", in: found, speaker: "Anna Kovacs", kind: .reported)
        let partial = statements("Foreign Minister Qin Gang has told Secretary of State Antony Blinken that America should \u{201C}show respect\u{201D} and stop meddling.")
        try expectStatement(startingWith: "Foreign Minister", in: partial, speaker: "Qin Gang", kind: .reported)
    }

    @Test func unattributedQuotationContinuesThePreviousSpeaker() throws {
        let found = withIntroduction("Kovacs said the talks were useful.\n\n\"We will meet again in May.\"")
        try expectStatement(startingWith: "\"We will", in: found, speaker: "Anna Kovacs", kind: .quote)
        var attributor = SpeakerAttributor()
        attributor.continuesUnattributedQuotations = false
        let off = statements("Minister Anna Kovacs said the talks were useful.\n\n\"We will meet again in May.\"",
                             attributor: attributor)
        try expectStatement(startingWith: "\"We will", in: off, speaker: nil, kind: .quote)
    }

    @Test func quotationAttributedToAnInstitutionDoesNotInheritASpeaker() throws {
        let found = withIntroduction(#"Kovacs said the talks were useful. "We will respond," the ministry said."#)
        try expectStatement(startingWith: "\"We will", in: found, speaker: nil, kind: .quote)
    }

    @Test func invertedRoleNounWithAComplementIsAnUnnamedSpeaker() throws {
        let found = withIntroduction(#"Kovacs said the talks were useful. "It must stop," said a spokesperson for the ministry."#)
        try expectStatement(startingWith: "\"It must", in: found, speaker: nil, kind: .quote)
    }

    // MARK: - Reported speech

    @Test func unquotedTrailingAttributionIsReported() throws {
        let found = withIntroduction("There is only one China in the world, Kovacs said.")
        try expectStatement(startingWith: "There is", in: found, speaker: "Anna Kovacs", kind: .reported)
    }

    @Test func saidOnADayThatIsReported() throws {
        let found = statements("Spokesperson Zhao Lijian said on Thursday that China opposes the visit.")
        try expectStatement(startingWith: "Spokesperson", in: found, speaker: "Zhao Lijian", kind: .reported)
        let morning = statements("Foreign Minister Wang Yi on Sunday morning called for regular communication.")
        try expectStatement(startingWith: "Foreign", in: morning, speaker: "Wang Yi", kind: .reported)
    }

    @Test(arguments: ["stressed", "noted", "reiterated", "added", "warned", "stated", "urged", "called", "lodged",
                      "criticized", "said", "told", "confirmed", "has told", "also said", "further said"])
    func speechVerbAttributesToItsSubject(verb: String) throws {
        let found = statements("Trade Minister Anna Kovacs \(verb) the partners to keep talking.")
        try expectStatement(startingWith: "Trade", in: found, speaker: "Anna Kovacs", kind: .reported)
    }

    @Test func accordingToAttributesAtEitherEnd() throws {
        let found = withIntroduction("According to Kovacs, the talks will continue. The talks will end in May, according to Kovacs.")
        try expectStatement(startingWith: "According", in: found, speaker: "Anna Kovacs", kind: .reported)
        try expectStatement(startingWith: "The talks will end", in: found, speaker: "Anna Kovacs", kind: .reported)
    }

    @Test func accordingToADocumentIsNotAPerson() throws {
        let found = statements("The talks will continue, according to a foreign ministry readout of the call.")
        try expectStatement(startingWith: "The talks", in: found, speaker: nil, kind: .narration)
    }

    @Test func parentheticalBetweenSubjectAndVerb() throws {
        let found = statements("Secretary of State Antony Blinken met him. Blinken, for his part, reiterated the commitment.")
        try expectStatement(startingWith: "Blinken, for", in: found, speaker: "Antony Blinken", kind: .reported)
    }

    @Test func introductoryPhraseBeforeTheSubject() throws {
        let found = withIntroduction("During the meeting, Kovacs lodged a protest. In a call on Wednesday morning, the minister asked for calm.")
        try expectStatement(startingWith: "During", in: found, speaker: "Anna Kovacs", kind: .reported)
        try expectStatement(startingWith: "In a call", in: found, speaker: "Anna Kovacs", kind: .reported)
    }

    // MARK: - Titles and names

    @Test(arguments: [
        ("Foreign Ministry spokesman Wang Wenbin", "Wang Wenbin"),
        ("Chinese State Councilor and Foreign Minister Wang Yi", "Wang Yi"),
        ("Chinese defense ministry spokesman Wu Qian", "Wu Qian"),
        ("Spokesperson Zhao Lijian", "Zhao Lijian"),
        ("Chinese Foreign Minister Qin Gang", "Qin Gang"),
        ("US Secretary of State Antony Blinken", "Antony Blinken"),
        ("US Ambassador to the United Nations Kelly Craft", "Kelly Craft"),
        ("Mr. Blinken", "Blinken"),
    ])
    func titleBeforeANameIsNotPartOfTheName(title: String, name: String) throws {
        let found = statements("The talks were useful, \(title) said. \(title) said the talks were useful.")
        try expectStatement(startingWith: "The talks", in: found, speaker: name, kind: .reported)
        try expectStatement(startingWith: title, in: found, speaker: name, kind: .reported)
    }

    @Test func institutionsAndPlacesAreNotSpeakers() throws {
        let found = statements("""
            Beijing has warned the US against military contact with Taipei.
            The Chinese Foreign Ministry said the visit was provocative.
            China has responded by sending aircraft.
            """)
        #expect(found.map(\.kind) == [.narration, .narration, .narration])
        #expect(found.allSatisfy { $0.speaker == nil })
    }

    @Test func speechVerbInASubordinateClauseDoesNotAttribute() throws {
        let found = statements("Beijing protested after the island's leader confirmed that US troops are stationed there.")
        try expectStatement(startingWith: "Beijing", in: found, speaker: nil, kind: .narration)
    }

    @Test func aTopicMentionIsNotASpeaker() throws {
        let found = statements("""
            Tsai Ing-wen became the first president of Taiwan to confirm the visit.
            Ambassador Kelly Craft held talks with Taiwan leader Tsai Ing-wen via video link.
            """)
        #expect(found.map(\.kind) == [.narration, .narration])
        #expect(found.allSatisfy { $0.speaker == nil })
    }

    @Test func pluralSubjectsAreNarration() throws {
        let found = statements("Trade Minister Anna Kovacs met them. They agreed to keep talking.")
        try expectStatement(startingWith: "They agreed", in: found, speaker: nil, kind: .narration)
    }

    // MARK: - Text and spans

    @Test func everySentenceOnceInOrderWithExactByteSpans() {
        let document = Document(id: "spans", text: """
            Ünïcode headline — “quoted” ‘marks’
            BEIJING  Der Außenminister Wang Yi said: “Straße ✓.” Next one.Glued sentence, Wang said.

            “Multi-sentence. Quote,” said Spokesman Zhao Lijian.
            """)
        let found = SpeakerAttributor().statements(in: document)
        expectExactSlices(found, of: document)
        #expect(found.count == 6)
    }

    @Test func emptyTextHasNoStatements() {
        #expect(statements("").isEmpty)
        #expect(statements(" \n\n ").isEmpty)
    }
}
