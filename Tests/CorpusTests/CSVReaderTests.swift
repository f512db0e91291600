import Testing
@testable import Corpus

@Suite("CSV input")
struct CSVReaderTests {
    private func load(_ text: String, path: String = "news.csv",
                      options: CorpusLoadOptions = CorpusLoadOptions()) throws -> LoadedCorpus {
        try CorpusLoader(options: options).load(bytes: Array(text.utf8), path: path, format: .csv)
    }

    @Test func quotedFieldsWithCommasNewlinesAndDoubledQuotes() throws {
        let csv = "id,text\r\n"
            + "a,\"First, with a comma. Second line follows.\nAnd \"\"quoted\"\" words end it.\"\r\n"
            + "b,Plain text without quotes is fine.\r\n"
        let corpus = try load(csv, options: CorpusLoadOptions(clean: false))
        #expect(corpus.documents.map(\.id) == ["a", "b"])
        #expect(corpus.documents[0].text == "First, with a comma. Second line follows.\nAnd \"quoted\" words end it.")
        #expect(corpus.documents[1].origin == DocumentOrigin(path: "news.csv", line: 4))
    }

    @Test func everyOptionalColumnIsAutoDetected() throws {
        let csv = """
            Doc_ID,Headline,Published At,Outlet,Link,Spokesperson,Body
            7,Talks resume,31 October 2021,CGTN,https://x.example/7,Wang Yi,Officials met on Sunday to discuss the plan.
            """
        let doc = try #require(try load(csv).documents.first)
        #expect(doc.id == "7")
        #expect(doc.title == "Talks resume")
        #expect(doc.date?.description == "2021-10-31")
        #expect(doc.source == "CGTN")
        #expect(doc.url == "https://x.example/7")
        #expect(doc.speaker == "Wang Yi")
        #expect(doc.text == "Officials met on Sunday to discuss the plan.")
    }

    @Test func namedColumnsOverrideDetection() throws {
        let csv = """
            text,story,who
            ignored text here.,The chosen column holds the article.,Zhao Lijian
            """
        let options = CorpusLoadOptions(textColumn: "Story", speakerColumn: "who")
        let doc = try #require(try load(csv, options: options).documents.first)
        #expect(doc.text == "The chosen column holds the article.")
        #expect(doc.speaker == "Zhao Lijian")
        #expect(doc.id == "news.csv:2")
    }

    @Test func missingTextColumnListsTheColumns() {
        let error = loadError(bytes: Array("id,headline\n1,x\n".utf8), path: "a.csv", format: .csv)
        #expect(error == .missingCSVColumn(path: "a.csv", role: "text", requested: nil, columns: ["id", "headline"]))
        #expect(error?.description.contains("the columns \"id\", \"headline\"") == true)
    }

    @Test func missingNamedColumnIsAnError() {
        let error = loadError(bytes: Array("id,text\n1,x y.\n".utf8), path: "a.csv", format: .csv,
                              options: CorpusLoadOptions(dateColumn: "when"))
        #expect(error == .missingCSVColumn(path: "a.csv", role: "date", requested: "when", columns: ["id", "text"]))
    }

    @Test func rowWithWrongFieldCountNamesItsLine() {
        let csv = "id,text\n1,\"A fine row,\nspanning lines.\"\n2,too,many\n"
        let error = loadError(bytes: Array(csv.utf8), path: "a.csv", format: .csv)
        #expect(error == .csvFieldCount(path: "a.csv", line: 4, expected: 2, found: 3))
        #expect(error?.description.hasPrefix("a.csv:4: the record has 3 fields but the header has 2") == true)
    }

    @Test func unterminatedQuoteNamesWhereItStarts() {
        let csv = "id,text\n1,ok text.\n2,\"never closed\n3,more\n"
        let error = loadError(bytes: Array(csv.utf8), path: "a.csv", format: .csv)
        #expect(error == .unterminatedCSVQuote(path: "a.csv", line: 3))
    }

    @Test func headerWithoutRowsIsAnError() {
        let error = loadError(bytes: Array("id,text\n".utf8), path: "a.csv", format: .csv)
        #expect(error == .csvWithoutRows(path: "a.csv"))
    }

    @Test func emptyFieldsAndTrailingBlankLines() throws {
        let csv = "id,title,text\n1,,\"Text, with an empty title.\"\n,,Row without id is fine.\n\n\n"
        let corpus = try load(csv)
        #expect(corpus.documents.map(\.id) == ["1", "news.csv:3"])
        #expect(corpus.documents.map(\.title) == [nil, nil])
    }

    @Test func textAfterClosingQuoteIsKeptWithWarning() throws {
        let corpus = try load("id,text\n1,\"Quoted\" and then more text.\n", options: CorpusLoadOptions(clean: false))
        #expect(corpus.documents.first?.text == "Quoted and then more text.")
        #expect(corpus.warnings.map(\.kind) == [.strayCSVQuote])
    }

    @Test func emptyTextCellIsAnErrorNamingTheRow() {
        let error = loadError(bytes: Array("id,text\n9,\n".utf8), path: "a.csv", format: .csv)
        #expect(error == .emptyDocument(id: "9", origin: DocumentOrigin(path: "a.csv", line: 2), afterCleaning: false))
    }

    @Test func parserHandlesQuotesAtFieldStartsOnly() throws {
        var warnings: [CorpusWarning] = []
        let records = try CSVParser.records(Array("a,b\"c,\"d,e\"\n\"\",x\n".utf8), path: "p.csv", warnings: &warnings)
        #expect(records.map(\.fields) == [["a", "b\"c", "d,e"], ["", "x"]])
        #expect(records.map(\.line) == [1, 2])
    }
}
