import Corpus
import TalkingPoints
import Testing

/// How surnames, role nouns and pronouns resolve to people, within an article
/// and across a corpus.
@Suite struct SpeakerResolutionTests {
    // MARK: - Within an article

    @Test func laterSurnameRoleNounAndPronounResolveToThePersonNamedEarlier() throws {
        let found = statements("""
            Foreign Ministry spokesman Wang Wenbin held a briefing on Monday.
            The talks were useful, Wang said. The spokesman noted that more talks would follow.
            He added that the date was open. He stressed that China was ready.
            """)
        for prefix in ["The talks", "The spokesman", "He added", "He stressed"] {
            try expectStatement(startingWith: prefix, in: found, speaker: "Wang Wenbin", kind: .reported)
        }
    }

    @Test func roleNounResolvesToTheMostRecentPersonWithThatRole() throws {
        let found = statements("""
            Defense spokesman Wu Qian said the drills were routine.
            Trade Minister Anna Kovacs said tariffs would stay.
            The spokesman noted that the drills had ended.
            The Chinese foreign minister said the talks went well. The minister further said more would follow.
            """)
        try expectStatement(startingWith: "The spokesman", in: found, speaker: "Wu Qian", kind: .reported)
        try expectStatement(startingWith: "The Chinese foreign", in: found, speaker: "Anna Kovacs", kind: .reported)
        try expectStatement(startingWith: "The minister further", in: found, speaker: "Anna Kovacs", kind: .reported)
    }

    @Test func spokesmanAndSpokespersonAreOneRole() throws {
        let found = statements("Spokesperson Zhao Lijian spoke. The spokesman said China was firm.")
        try expectStatement(startingWith: "The spokesman", in: found, speaker: "Zhao Lijian", kind: .reported)
    }

    @Test func pronounResolvesToTheMostRecentSpeakerNotToAMention() throws {
        let found = statements("""
            Spokesperson Zhao Lijian said on Thursday that China opposed the call.
            It came after US Ambassador to the United Nations Kelly Craft held talks with Taiwan.
            Some US politicians will pay a heavy price, he said.
            """)
        try expectStatement(startingWith: "Some US", in: found, speaker: "Zhao Lijian", kind: .reported)
        try expectStatement(startingWith: "It came", in: found, speaker: nil, kind: .narration)
    }

    @Test func pronounSkipsASpeakerOfTheOtherGender() throws {
        let found = statements("""
            Foreign Ministry spokesman Wang Wenbin said China was firm. He also warned the US.
            Wang was speaking after Tsai Ing-wen became the first president to confirm it.
            In an interview, she said Taipei had a wide range of cooperation.
            """)
        try expectStatement(startingWith: "In an interview", in: found, speaker: "Tsai Ing-wen", kind: .reported)
    }

    @Test func pronounWithoutAntecedentHasNoSpeaker() throws {
        let found = statements("China will not yield, he said.")
        try expectStatement(startingWith: "China", in: found, speaker: nil, kind: .reported)
    }

    @Test func indefiniteRoleNounLooksAheadForTheNamedPerson() throws {
        let found = statements("""
            China opposes the visit, a foreign ministry spokesperson said on Thursday.
            Spokesperson Zhao Lijian made the remarks at a daily briefing.
            """)
        try expectStatement(startingWith: "China opposes", in: found, speaker: "Zhao Lijian", kind: .reported)
        try expectStatement(startingWith: "Spokesperson", in: found, speaker: nil, kind: .narration)
    }

    @Test func headlineSurnameResolvesToTheFullNameLaterInTheArticle() throws {
        let found = statements("""
            Minister Qin tells US to respect China
            Chinese Foreign Minister Qin Gang said on Wednesday that the US should show respect.
            """)
        try expectStatement(startingWith: "Minister Qin", in: found, speaker: "Qin Gang", kind: .reported)
    }

    @Test func sharedSurnameResolvesToTheMostRecentlyMentionedPerson() throws {
        let found = statements("""
            Foreign Minister Wang Yi met his counterpart. The talks were frank, Wang said.
            Later, spokesman Wang Wenbin held a briefing. China is firm, Wang said.
            """)
        try expectStatement(startingWith: "The talks", in: found, speaker: "Wang Yi", kind: .reported)
        try expectStatement(startingWith: "China is firm", in: found, speaker: "Wang Wenbin", kind: .reported)
    }

    @Test func unknownSurnameStaysABareName() throws {
        let found = statements("The US will keep talking, according to Miller.")
        try expectStatement(startingWith: "The US", in: found, speaker: "Miller", kind: .reported)
    }

    // MARK: - Quotation marks lost in scraping

    @Test func strippedQuotationIsRecoveredFromTheNextSentencesAttribution() throws {
        let text = """
            Spokesperson Zhao Lijian held a briefing on Thursday.
            The US must stop interfering. China firmly opposes this, Zhao said.
            """
        let found = statements(text)
        try expectStatement(startingWith: "The US must", in: found, speaker: "Zhao Lijian", kind: .reported)
        try expectStatement(startingWith: "China firmly", in: found, speaker: "Zhao Lijian", kind: .reported)

        var attributor = SpeakerAttributor()
        attributor.recoversStrippedQuotations = false
        try expectStatement(startingWith: "The US must", in: statements(text, attributor: attributor),
                            speaker: nil, kind: .narration)
    }

    @Test func textWithQuotationMarksIsNotTreatedAsStripped() throws {
        let found = statements("""
            Spokesperson Zhao Lijian criticised the "small circle" diplomacy on Thursday.
            The US must stop interfering. China firmly opposes this, Zhao said.
            """)
        try expectStatement(startingWith: "The US must", in: found, speaker: nil, kind: .narration)
    }

    // MARK: - Declared speakers

    @Test func documentSpeakerOwnsTheNarration() throws {
        let document = Document(id: "statement", speaker: "Zhao Lijian",
                                text: "China opposes the visit. Minister Anna Kovacs said talks went well.")
        let found = SpeakerAttributor().statements(in: document)
        try expectStatement(startingWith: "China", in: found, speaker: "Zhao Lijian", kind: .quote)
        try expectStatement(startingWith: "Minister", in: found, speaker: "Anna Kovacs", kind: .reported)

        var attributor = SpeakerAttributor()
        attributor.usesDocumentSpeaker = false
        try expectStatement(startingWith: "China", in: attributor.statements(in: document), speaker: nil,
                            kind: .narration)
    }

    // MARK: - Across a corpus

    @Test func bareSurnameResolvesToTheCorpussOnlyFullNameWithIt() {
        let documents = [
            Document(id: "a", text: "Foreign Minister Qin Gang said the talks went well."),
            Document(id: "b", text: "The US must show respect, Qin said."),
        ]
        let attributor = SpeakerAttributor()
        #expect(attributor.statements(in: documents[1]).map(\.speaker) == ["Qin"])
        #expect(attributor.statements(in: documents).map(\.speaker) == ["Qin Gang", "Qin Gang"])
    }

    @Test func differentPeopleWithOneSurnameAreNotMerged() {
        let documents = [
            Document(id: "a", text: "Foreign Minister Wang Yi said the talks went well. The talks were frank, Wang said."),
            Document(id: "b", text: "Foreign Ministry spokesman Wang Wenbin said China was firm. It will not yield, Wang said."),
            Document(id: "c", text: "The US must show respect, Wang said."),
        ]
        let found = SpeakerAttributor().statements(in: documents)
        #expect(found.map(\.speaker) == ["Wang Yi", "Wang Yi", "Wang Wenbin", "Wang Wenbin", "Wang"])
    }

    @Test func spellingsOfOneNameBecomeOneSpeakerAcrossTheCorpus() {
        let documents = [
            Document(id: "stripped", text: "Taiwan leader Tsai Ingwen said the island was ready."),
            Document(id: "clean", text: "Taiwan leader Tsai Ing-wen said the island was ready."),
        ]
        let found = SpeakerAttributor().statements(in: documents)
        #expect(found.map(\.speaker) == ["Tsai Ing-wen", "Tsai Ing-wen"])
    }

    @Test func corpusStatementsKeepDocumentOrder() {
        let documents = [
            Document(id: "a", text: "One. Two."),
            Document(id: "b", text: "Three."),
        ]
        let found = SpeakerAttributor().statements(in: documents)
        #expect(found.map(\.documentID) == ["a", "a", "b"])
        #expect(found.map(\.text) == ["One.", "Two.", "Three."])
    }
}
