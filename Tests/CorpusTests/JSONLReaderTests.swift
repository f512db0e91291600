import Testing
@testable import Corpus

@Suite("JSON Lines input")
struct JSONLReaderTests {
    private func load(_ text: String, path: String = "news.jsonl",
                      options: CorpusLoadOptions = CorpusLoadOptions()) throws -> LoadedCorpus {
        try CorpusLoader(options: options).load(bytes: Array(text.utf8), path: path, format: .jsonl)
    }

    @Test func recordWithEveryFieldIsLoaded() throws {
        let line = #"{"id":"a1","title":"Talks resume","date":"2021-10-31T12:00:00Z","source":"CGTN","#
            + #""url":"https://news.cgtn.com/a1","speaker":"Wang Yi","text":"Officials met on Sunday. They agreed to talk again.","extra":[1,{"x":null}]}"#
        let corpus = try load(line + "\n")
        let doc = try #require(corpus.documents.first)
        #expect(doc.id == "a1")
        #expect(doc.title == "Talks resume")
        #expect(doc.date?.description == "2021-10-31T12:00")
        #expect(doc.source == "CGTN")
        #expect(doc.url == "https://news.cgtn.com/a1")
        #expect(doc.speaker == "Wang Yi")
        #expect(doc.text == "Officials met on Sunday. They agreed to talk again.")
        #expect(doc.origin == DocumentOrigin(path: "news.jsonl", line: 1))
        #expect(corpus.warnings.isEmpty)
    }

    @Test func blankLinesAreSkippedAndIdsDefaultToFileAndLine() throws {
        let text = """
            {"text": "The first article has a sentence."}

               \t
            {"text": "The second article has another sentence."}
            """
        let corpus = try load(text, path: "folder/feed.jsonl")
        #expect(corpus.documents.map(\.id) == ["feed.jsonl:1", "feed.jsonl:4"])
        #expect(corpus.documents.map(\.origin.line) == [1, 4])
    }

    @Test func numericIdIsAccepted() throws {
        let corpus = try load(#"{"id": 42, "text": "A sentence about the talks."}"#)
        #expect(corpus.documents.first?.id == "42")
    }

    @Test func escapesAndSurrogatePairsAreDecoded() throws {
        let corpus = try load(#"{"text":"He said \"no\".\nLine two: caf\u00e9 \ud83d\ude00 \/ tab\tend. Lone \ud800 here."}"#,
                              options: CorpusLoadOptions(clean: false))
        #expect(corpus.documents.first?.text == "He said \"no\".\nLine two: café 😀 / tab\tend. Lone \u{FFFD} here.")
    }

    @Test func unparsableDateGivesWarningAndNoDate() throws {
        let corpus = try load(#"{"text":"Officials met to discuss the plan.","date":"last Tuesday"}"#)
        #expect(corpus.documents.first?.date == nil)
        #expect(corpus.warnings.count == 1)
        #expect(corpus.warnings.first?.kind == .unparsableDate)
        #expect(corpus.warnings.first?.description.hasPrefix("news.jsonl:1: the date \"last Tuesday\"") == true)
    }

    @Test func datesInSeedFormsAreParsedFromTheField() throws {
        let corpus = try load("""
            {"id":"a","text":"One sentence is here.","date":"Updated 22:42, 31-Oct-2021"}
            {"id":"b","text":"Another sentence is here.","date":"25th November, 2021"}
            """)
        #expect(corpus.documents.map { $0.date?.description } == ["2021-10-31T22:42", "2021-11-25"])
    }

    @Test func wrongTypedOptionalFieldIsIgnoredWithWarning() throws {
        let corpus = try load(#"{"text":"A sentence about the talks.","source":["a","b"]}"#)
        #expect(corpus.documents.first?.source == nil)
        #expect(corpus.warnings.map(\.kind) == [.ignoredField])
        #expect(corpus.warnings.first?.line == 1)
    }

    @Test func lineThatIsNotJSONNamesFileLineAndColumn() {
        let error = loadError(bytes: Array("{\"text\":\"ok sentence.\"}\n{\"text\" \"x\"}\n".utf8),
                              path: "feed.jsonl", format: .jsonl)
        #expect(error == .malformedJSONLine(path: "feed.jsonl", line: 2,
                                            problem: .notJSON("expected ':' after the key \"text\", found '\"' at column 9")))
        #expect(error?.description.hasPrefix("feed.jsonl:2: not JSON: expected ':'") == true)
    }

    @Test func truncatedLineIsNotJSON() {
        let error = loadError(bytes: Array(#"{"text": "unfinished"#.utf8), path: "f.jsonl", format: .jsonl)
        guard case let .malformedJSONLine(path, line, .notJSON(detail))? = error else {
            Issue.record("unexpected \(String(describing: error))")
            return
        }
        #expect(path == "f.jsonl" && line == 1)
        #expect(detail.contains("not closed"))
    }

    @Test func arrayLineIsNotAnObject() {
        let error = loadError(bytes: Array("[1, 2, 3]\n".utf8), path: "f.jsonl", format: .jsonl)
        #expect(error == .malformedJSONLine(path: "f.jsonl", line: 1, problem: .notAnObject(found: "an array")))
        #expect(error?.description == "f.jsonl:1: not a JSON object (found an array); each line must be one JSON object with a string \"text\" field")
    }

    @Test func objectWithoutTextIsAnError() {
        let error = loadError(bytes: Array("{\"title\": \"x\"}".utf8), path: "f.jsonl", format: .jsonl)
        #expect(error == .malformedJSONLine(path: "f.jsonl", line: 1, problem: .missingText))
    }

    @Test func textThatIsNotAStringIsAnError() {
        let error = loadError(bytes: Array("{\"text\": 12}".utf8), path: "f.jsonl", format: .jsonl)
        #expect(error == .malformedJSONLine(path: "f.jsonl", line: 1, problem: .textNotString(found: "a number")))
    }

    @Test func trailingGarbageAfterObjectIsAnError() {
        let error = loadError(bytes: Array("{\"text\": \"a b.\"} x".utf8), path: "f.jsonl", format: .jsonl)
        guard case .malformedJSONLine(_, 1, .notJSON)? = error else {
            Issue.record("unexpected \(String(describing: error))")
            return
        }
    }

    @Test func emptyTextIsAnErrorNamingTheRecord() {
        let error = loadError(bytes: Array("{\"id\":\"x\",\"text\":\"  \"}".utf8), path: "f.jsonl", format: .jsonl)
        #expect(error == .emptyDocument(id: "x", origin: DocumentOrigin(path: "f.jsonl", line: 1), afterCleaning: false))
    }

    @Test func deeplyNestedValueDoesNotOverflowTheStack() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let corpus = try load(#"{"meta":"# + deep + #","text":"A sentence survives the nesting."}"#)
        #expect(corpus.documents.count == 1)
        let unbalanced = #"{"text":"x","meta":"# + String(repeating: "{\"a\":[", count: 50_000) + "}"
        #expect(loadError(bytes: Array(unbalanced.utf8), path: "f.jsonl", format: .jsonl) != nil)
    }

    @Test func standardInputIsReadForDash() throws {
        let loader = CorpusLoader(readStandardInput: { Array(#"{"id":"s","text":"Piped in from a process."}"#.utf8) })
        let corpus = try loader.load(["-"])
        #expect(corpus.documents.map(\.id) == ["s"])
        #expect(corpus.documents.first?.origin.path == "-")
    }

    @Test func emptyStandardInputIsAnError() {
        let loader = CorpusLoader(readStandardInput: { [] })
        #expect(throws: CorpusError.emptyFile(path: "-")) { try loader.load(["-"]) }
        #expect(CorpusError.emptyFile(path: "-").description.hasPrefix("standard input is empty"))
    }
}
