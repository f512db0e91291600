import Foundation
import Testing
import Tokenization

/// Behaviour of `StopWordList` and of the built-in English list.
@Suite struct StopWordListTests {
    // MARK: - The English list

    @Test func englishListHasTheGlasgowListsThreeHundredEighteenWords() {
        #expect(StopWordList.english.count == 318)
        #expect(StopWordList.english.words.count == 318)
    }

    @Test func englishListContainsCommonFunctionWords() {
        for word in ["the", "and", "of", "a", "to", "in", "is", "it", "that", "with"] {
            #expect(StopWordList.english.contains(word), "\(word)")
        }
    }

    @Test func englishListDoesNotContainContentWordsOfTheSeeds() {
        for word in ["china", "taiwan", "said", "government", "principle", "sovereignty"] {
            #expect(!StopWordList.english.contains(word), "\(word)")
        }
    }

    @Test func englishListKeepsScikitLearnsQuirks() {
        let english = StopWordList.english
        for word in ["bill", "fire", "system", "interest", "amoungst", "us", "one", "twelve", "hundred"] {
            #expect(english.contains(word), "\(word)")
        }
        for word in ["computer", "fify", "seven", "thirteen", "systems", "did", "don"] {
            #expect(!english.contains(word), "\(word)")
        }
    }

    @Test func englishListIsLowercase() {
        #expect(StopWordList.english.words.allSatisfy { $0 == $0.lowercased() && !$0.isEmpty })
    }

    @Test func containsExpectsLowercasedInput() {
        #expect(StopWordList.english.contains("the"))
        #expect(!StopWordList.english.contains("The"))
        #expect(!StopWordList.english.contains("THE"))
    }

    @Test func containsAcceptsSubstrings() {
        let text = "over the hill"
        let words = text.split(separator: " ")
        #expect(words.map { StopWordList.english.contains($0) } == [true, true, false])
    }

    // MARK: - Building lists

    @Test func initialiserLowercasesTrimsAndDropsEmptyEntries() {
        let list = StopWordList(["  Foo ", "BAR", "", "   ", "bar", "Straße"])
        #expect(list.words == ["foo", "bar", "straße"])
        #expect(list.count == 3)
        #expect(list.contains("foo") && !list.contains("Foo"))
    }

    @Test func arrayLiteralBuildsAList() {
        let list: StopWordList = ["Said", "says"]
        #expect(list.words == ["said", "says"])
    }

    @Test func unionMergesListsAndSubtractingRemovesWords() {
        let news: StopWordList = ["said", "says", "told"]
        let merged = StopWordList.english.union(news)
        #expect(merged.count == 321)
        #expect(merged.contains("said") && merged.contains("the"))
        #expect(StopWordList.english.union(["Reuters", "the"]).count == 319)
        var formed = news
        formed.formUnion(["added"])
        #expect(formed.count == 4)
        let keepUS = StopWordList.english.subtracting(["US"])
        #expect(!keepUS.contains("us") && keepUS.count == 317)
        #expect(StopWordList.english.contains("us"))
    }

    @Test func listsWithTheSameWordsAreEqual() {
        #expect(StopWordList(["b", "a"]) == StopWordList(["A", "B", "a"]))
        #expect(Set([StopWordList(["x"]), StopWordList(["X"])]).count == 1)
    }

    // MARK: - Files

    @Test func loadsCustomListFromFileWithComments() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("refrain-stopwords-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("news.txt")
        let contents = """
            # News-specific stop words
            said
              Says   # trailing comment
            told\r
            #commented out

            reporters
            """
        try contents.write(to: file, atomically: true, encoding: .utf8)
        let list = try StopWordList(contentsOf: file.path)
        #expect(list.words == ["said", "says", "told", "reporters"])
    }

    @Test func parsingUsesTheFileFormat() {
        let list = StopWordList(parsing: "a # first\n\n# nothing\nB\n")
        #expect(list.words == ["a", "b"])
        #expect(StopWordList(parsing: "").count == 0)
    }

    @Test func loadingAMissingFileThrowsAnActionableError() {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("refrain-missing-\(UUID().uuidString).txt").path
        do {
            _ = try StopWordList(contentsOf: path)
            Issue.record("loading \(path) should fail")
        } catch {
            #expect(error.path == path)
            #expect(error.description.contains(path))
            #expect(error.description.contains("check the path"))
        }
    }

    @Test func loadingANonUTF8FileThrows() throws {
        let file = FileManager.default.temporaryDirectory
            .appendingPathComponent("refrain-latin1-\(UUID().uuidString).txt")
        try Data([0x63, 0x61, 0x66, 0xE9, 0x0A]).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(throws: StopWordList.LoadError(path: file.path, reason: .notUTF8)) {
            try StopWordList(contentsOf: file.path)
        }
    }
}
