import Foundation
import Testing
@testable import Corpus

/// The five seed pages come out clean: furniture gone, titles and dates found,
/// real sentences kept verbatim.
@Suite("Seed articles")
struct SeedArticleTests {
    private static let corpus: LoadedCorpus? = try? CorpusLoader().load([Seeds.folder.path])

    private func document(_ prefix: String) throws -> Document {
        let corpus = try #require(Self.corpus)
        return try #require(corpus.documents.first { $0.id.hasPrefix(prefix) })
    }

    private func expectClean(_ doc: Document, absent: [String], present: [String],
                             sourceLocation: SourceLocation = #_sourceLocation) {
        for furniture in absent {
            #expect(!doc.text.contains(furniture), "furniture left in \(doc.id): \(furniture)", sourceLocation: sourceLocation)
        }
        for sentence in present {
            #expect(doc.text.contains(sentence), "sentence lost from \(doc.id): \(sentence)", sourceLocation: sourceLocation)
        }
    }

    @Test func seedsLoadInPathOrderWithoutWarnings() throws {
        let corpus = try #require(Self.corpus)
        #expect(corpus.documents.map { String($0.id.prefix(3)) } == ["000", "001", "002", "003", "004"])
        #expect(corpus.warnings.isEmpty)
    }

    @Test func seed000GluedSentencesAreKeptWhole() throws {
        let doc = try document("000")
        #expect(doc.title == "China firmly opposes any official exchanges between US, Taiwan")
        #expect(doc.date?.description == "2021-01-14T22:29")
        let lines = Seeds.text("000").split(separator: "\n", omittingEmptySubsequences: false)
        #expect(doc.text == String(lines[2]))
        expectClean(doc, absent: ["2021-01-14 22:29", "between US, Taiwan\n"], present: [
            "Chinas Taiwan region.Spokesperson Zhao Lijian made the remarks at a daily press briefing",
            "There is only one China in the world and Taiwan is an inalienable part of the Chinese territory, Zhao said.",
            "Some US politicians will surely pay a heavy price for their wrongdoings, he added.",
        ])
    }

    @Test func seed001StandfirstIsKeptOnceAndDatelineGivesTheDate() throws {
        let doc = try document("001")
        #expect(doc.title == "China Rules Out Compromises On Taiwan With US - Defense Ministry")
        #expect(doc.date?.description == "2021-11-25")
        let lede = "China's armed forces are ready to develop cooperation with the United States, but Taiwan remains a red line for any compromises"
        #expect(doc.text.components(separatedBy: lede).count == 2)
        expectClean(doc, absent: ["Rules Out Compromises", "Defense Ministry"], present: [
            "BEIJING (Pakistan Point News / Sputnik - 25th November, 2021) China's armed forces are ready",
            "On Tuesday, the United States unveiled a list of 110 countries invited to attend a democracy summit in December.",
            "The US should have no illusions on this matter,\" Wu told a briefing.",
            "complicating the bilateral relationship.",
        ])
        #expect(doc.text.hasPrefix("BEIJING (Pakistan Point News"))
    }

    @Test func seed002HeaderFooterAndSubheadingsAreRemoved() throws {
        let doc = try document("002")
        #expect(doc.title == "China calls for dialogue, urges U.S. to keep its promise on Taiwan question")
        #expect(doc.date?.description == "2021-10-31T22:42")
        #expect(doc.source == "CGTN")
        expectClean(doc, absent: ["Download", "Updated 22:42", "CGTN", "00:30", "00:47", "Search Trends",
                                  "Gain from cooperation, lose from confrontation\n", "There is only one China\n", "(Cover:",
                                  "urges U.S. to keep its promise"], present: [
            "Chinese State Councilor and Foreign Minister Wang Yi on Sunday called for regular communication between the two sides",
            "China and the U.S. gain from cooperation, and lose from confrontation, Wang said,",
            "The real situation of the Taiwan question is that, there is only one China and Taiwan is a part of China, Wang reiterated,",
            "They agreed to maintain communication to tackle global challenges with joint efforts.",
        ])
        #expect(doc.text.hasPrefix("Chinese State Councilor"))
        #expect(doc.text.hasSuffix("with joint efforts."))
    }

    @Test func seed003IconSoupLinksAndPlayerAreRemoved() throws {
        let doc = try document("003")
        #expect(doc.title == "Beijing says it ‘firmly opposes’ US-Taiwan military contact, after Taipei admits presence of US troops")
        #expect(doc.date?.description == "2021-10-28T12:43")
        expectClean(doc, absent: ["icon", "bookmark", "28 Oct, 2021", "admits presence of US troops", "Also on rt.com",
                                  "Like this story?", "Share it with a friend", "Podcasts", "0:00", "28:18", "29:16"], present: [
            "Beijing has warned the US against military contact with Taipei and “interference in China’s internal affairs,”",
            "“We firmly oppose any form of official exchanges and military contacts between the United States and Taiwan,",
            "In an interview with CNN on Wednesday, she said Taipei had “a wide range of cooperation with the US,”",
            "which is located directly across the Strait from the island.",
        ])
        #expect(doc.text.hasPrefix("Beijing has warned"))
    }

    @Test func seed004RelatedHeadlineAndCommentFormAreRemoved() throws {
        let doc = try document("004")
        #expect(doc.title == "‘Don’t meddle in Taiwan issue’: Chinese Foreign Minister Qin tells US’ Antony Blinken")
        #expect(doc.date == nil)
        expectClean(doc, absent: ["stimulus efforts fail to boost market confidence", "Thaw in ties", "Source link",
                                  "Leave a Reply", "Your email address", "Required fields", "Don’t meddle"], present: [
            "Chinese Foreign Minister Qin Gang has told US Secretary of State Antony Blinken that America should “show respect”",
            "and added “It’s clear who is responsible.”",
            "The talks seek to bring a thaw in the tense Sino-US relations,",
            "top Chinese diplomat Wang Yi in Vienna.",
        ])
        #expect(doc.text.hasSuffix("Wang Yi in Vienna."))
    }

    @Test func seedBodiesAreParagraphsSeparatedByBlankLines() throws {
        let doc = try document("004")
        #expect(doc.text.components(separatedBy: "\n\n").count == 13)
        #expect(!doc.text.contains("\n\n\n"))
    }

    @Test func fullTextPutsTheTitleFirst() throws {
        let doc = try document("002")
        #expect(doc.fullText.hasPrefix("China calls for dialogue, urges U.S. to keep its promise on Taiwan question\n\nChinese State Councilor"))
    }
}
