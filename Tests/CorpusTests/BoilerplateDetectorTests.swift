import Testing
@testable import Corpus

@Suite("Corpus-level boilerplate")
struct BoilerplateDetectorTests {
    private static let bodies = [
        "Britain and Norway agreed on Tuesday to resume talks on fishing quotas after a pause.",
        "The central bank left interest rates unchanged for the third month in a row on Thursday.",
        "Heavy rain flooded several villages in the north of the country over the weekend.",
        "The football club confirmed the signing of a new goalkeeper on a three-year contract.",
    ]

    private static func page(_ i: Int) -> String {
        "Example Daily\n\nHeadline number \(i) for the story\n\n" + bodies[i]
            + "\n\nCopyright 2021 Example Daily. All rights reserved.\n\nThere is only one China in the world, Zhao said.\n\nTags Politics World"
    }

    @Test func thresholdIsThreeDocumentsOrTwoPercent() {
        let detector = BoilerplateDetector()
        #expect(detector.threshold(documents: 5) == 3)
        #expect(detector.threshold(documents: 150) == 3)
        #expect(detector.threshold(documents: 1000) == 20)
    }

    @Test func linesRepeatedAtTheEdgesOfManyDocumentsAreFound() {
        let lines = BoilerplateDetector().boilerplate(in: (0 ..< 4).map(Self.page))
        #expect(lines.contains("Example Daily"))
        #expect(lines.contains("copyright 2021   EXAMPLE daily. All rights reserved."))
        #expect(lines.contains("Tags Politics World"))
        #expect(!lines.contains("There is only one China in the world, Zhao said."))
        #expect(!lines.contains(Self.bodies[0]))
    }

    @Test func boilerplateIsRemovedAndReportedSpeechIsKept() throws {
        let texts = (0 ..< 4).map(Self.page)
        let stripper = FurnitureStripper(boilerplate: BoilerplateDetector().boilerplate(in: texts))
        let result = stripper.strip(texts[1])
        #expect(result.title == "Headline number 1 for the story")
        #expect(result.body == Self.bodies[1] + "\n\nThere is only one China in the world, Zhao said.")
        let reasons = result.removed.filter { $0.reason == .corpusBoilerplate }.map(\.text)
        #expect(reasons == ["Example Daily", "Copyright 2021 Example Daily. All rights reserved.", "Tags Politics World"])
    }

    @Test func fewerDocumentsThanTheThresholdHaveNoBoilerplate() {
        #expect(BoilerplateDetector().boilerplate(in: (0 ..< 2).map(Self.page)).keys.isEmpty)
    }

    @Test func republishedCopiesOfOneArticleAreNotBoilerplate() {
        let copy = "Same headline everywhere\n\nThe same short lede.\n\nThe same long paragraph that every outlet republished word for word today."
        #expect(BoilerplateDetector().boilerplate(in: Array(repeating: copy, count: 5)).keys.isEmpty)
    }

    @Test func loaderRemovesBoilerplateAcrossAFolder() throws {
        let tmp = TemporaryFolder()
        defer { tmp.remove() }
        for i in 0 ..< 4 { tmp.write("page\(i).txt", Self.page(i)) }
        let corpus = try CorpusLoader().load([tmp.path])
        #expect(corpus.documents.map(\.title) == (0 ..< 4).map { "Headline number \($0) for the story" })
        #expect(corpus.documents.allSatisfy { !$0.text.contains("All rights reserved") })
        let noBoilerplate = CorpusLoadOptions(boilerplate: BoilerplateDetector(zoneLines: 0))
        let kept = try CorpusLoader(options: noBoilerplate).load([tmp.path])
        #expect(kept.documents.allSatisfy { $0.text.contains("All rights reserved") })
    }
}
