import Foundation
import Testing
@testable import Corpus

@Suite("Loading files and folders")
struct CorpusLoaderTests {
    private static let article = "Officials meet in Oslo\n\nBritain and Norway agreed on Tuesday to resume talks on fishing quotas, officials said.\n"

    @Test func folderIsReadRecursivelyInPathOrder() throws {
        let tmp = TemporaryFolder()
        defer { tmp.remove() }
        tmp.write("b.txt", Self.article)
        tmp.write("a/z.md", Self.article)
        tmp.write("a/y.jsonl", #"{"id":"j1","text":"A record from the JSONL file is here."}"# + "\n")
        tmp.write("c.csv", "id,text\nc1,A record from the CSV file is here.\n")
        let corpus = try CorpusLoader().load([tmp.path])
        #expect(corpus.documents.map(\.id) == ["j1", "z", "b", "c1"])
        #expect(corpus.documents.map(\.origin.description) == [
            tmp.path + "/a/y.jsonl:1", tmp.path + "/a/z.md", tmp.path + "/b.txt", tmp.path + "/c.csv:2",
        ])
        #expect(corpus.warnings.isEmpty)
    }

    @Test func loadingTwiceGivesTheSameDocuments() throws {
        let first = try CorpusLoader().load([Seeds.folder.path])
        let second = try CorpusLoader().load([Seeds.folder.path])
        #expect(first == second)
    }

    @Test func pathsKeepTheOrderGiven() throws {
        let corpus = try CorpusLoader().load([Seeds.path("003"), Seeds.path("000")])
        #expect(corpus.documents.map { String($0.id.prefix(3)) } == ["003", "000"])
    }

    @Test func otherFilesInFoldersAreSkippedWithAWarningNamingThem() throws {
        let tmp = TemporaryFolder()
        defer { tmp.remove() }
        tmp.write("story.txt", Self.article)
        tmp.write("notes.pdf", "%PDF")
        tmp.write("data.json", "{}")
        tmp.write(".DS_Store", "x")
        let corpus = try CorpusLoader().load([tmp.path])
        #expect(corpus.documents.map(\.id) == ["story"])
        #expect(corpus.warnings.map(\.path) == [tmp.path + "/.DS_Store", tmp.path + "/data.json", tmp.path + "/notes.pdf"])
        #expect(corpus.warnings.allSatisfy { $0.kind == .skippedFile })
        #expect(corpus.warnings[2].description.contains("notes.pdf: skipped: not an article file"))
    }

    @Test func subfoldersAreSkippedWithAWarningWhenNotRecursive() throws {
        let tmp = TemporaryFolder()
        defer { tmp.remove() }
        tmp.write("top.txt", Self.article)
        tmp.write("sub/inner.txt", Self.article)
        let corpus = try CorpusLoader(options: CorpusLoadOptions(recursive: false)).load([tmp.path])
        #expect(corpus.documents.map(\.id) == ["top"])
        #expect(corpus.warnings.map(\.path) == [tmp.path + "/sub"])
    }

    @Test func explicitFileWithUnknownExtensionIsReadAsAnArticle() throws {
        let tmp = TemporaryFolder()
        defer { tmp.remove() }
        let path = tmp.write("article.html.bak", Self.article)
        let corpus = try CorpusLoader().load([path])
        #expect(corpus.documents.map(\.id) == ["article.html"])
        #expect(corpus.documents.first?.title == "Officials meet in Oslo")
    }

    @Test func missingPathIsAnError() {
        let error = loadError(["no/such/place.txt"])
        #expect(error == .missingPath("no/such/place.txt"))
        #expect(error?.description == "no/such/place.txt: no such file or folder; check the path")
    }

    @Test func emptyFileIsAnErrorNamingIt() {
        let tmp = TemporaryFolder()
        defer { tmp.remove() }
        let path = tmp.write("x.txt", "")
        let error = loadError([path])
        #expect(error == .emptyFile(path: path))
        #expect(error?.description == "\(path): the file is empty; remove it or add the article text")
    }

    @Test func whitespaceOnlyFileInAFolderIsAnErrorNamingIt() {
        let tmp = TemporaryFolder()
        defer { tmp.remove() }
        tmp.write("a.txt", Self.article)
        let blank = tmp.write("b.txt", "  \n\r\n\t\n")
        #expect(loadError([tmp.path]) == .emptyFile(path: blank))
    }

    @Test func binaryFileIsAnErrorNamingIt() {
        let tmp = TemporaryFolder()
        defer { tmp.remove() }
        let path = tmp.write("photo.txt", bytes: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D])
        let error = loadError([path])
        #expect(error == .binaryFile(path: path))
        #expect(error?.description.hasPrefix("\(path): the file looks binary") == true)
    }

    @Test func folderWithoutArticlesIsAnError() {
        let tmp = TemporaryFolder()
        defer { tmp.remove() }
        tmp.write("readme.pdf", "x")
        let error = loadError([tmp.path])
        #expect(error == .folderWithoutArticles(path: tmp.path, skipped: 1))
        #expect(error?.description.contains("the folder contains no articles") == true)
        let empty = tmp.folder("empty")
        #expect(loadError([empty]) == .folderWithoutArticles(path: empty, skipped: 0))
    }

    @Test func noPathsIsAnEmptyCorpus() {
        #expect(loadError([]) == .emptyCorpus)
    }

    @Test func duplicateIdsAcrossFilesNameBothPlaces() {
        let tmp = TemporaryFolder()
        defer { tmp.remove() }
        let first = tmp.write("a/story.txt", Self.article)
        let second = tmp.write("b/story.md", Self.article)
        let error = loadError([tmp.path])
        #expect(error == .duplicateID(id: "story", first: DocumentOrigin(path: first), second: DocumentOrigin(path: second)))
        #expect(error?.description.contains("used twice, by \(first) and by \(second)") == true)
    }

    @Test func duplicateIdsInOneFileNameBothLines() {
        let jsonl = "{\"id\":\"x\",\"text\":\"One sentence here.\"}\n{\"id\":\"y\",\"text\":\"Two sentences here.\"}\n{\"id\":\"x\",\"text\":\"Three.\"}\n"
        let error = loadError(bytes: Array(jsonl.utf8), path: "f.jsonl", format: .jsonl)
        #expect(error == .duplicateID(id: "x", first: DocumentOrigin(path: "f.jsonl", line: 1),
                                      second: DocumentOrigin(path: "f.jsonl", line: 3)))
    }

    @Test func documentEmptyAfterCleaningIsAnErrorNamingIt() {
        let tmp = TemporaryFolder()
        defer { tmp.remove() }
        let path = tmp.write("player.txt", "Download\n\n0:00\n\n28:18\n")
        let error = loadError([path])
        #expect(error == .emptyDocument(id: "player", origin: DocumentOrigin(path: path), afterCleaning: true))
        #expect(error?.description.contains("document \"player\" has no text left after removing web furniture") == true)
        #expect(loadError([path], options: CorpusLoadOptions(clean: false)) == nil)
    }

    @Test func invalidUTF8GivesWarningNamingFileAndLineAndReplacementCharacter() throws {
        let tmp = TemporaryFolder()
        defer { tmp.remove() }
        let bytes = Array("Officials meet in Oslo\n\nBritain and Norway agreed to resume talks on fishing quotas at the caf".utf8)
            + [0xE9] + Array(" in Oslo, officials said.\n".utf8)
        let path = tmp.write("latin1.txt", bytes: bytes)
        let corpus = try CorpusLoader().load([path])
        #expect(corpus.documents.first?.text.contains("caf\u{FFFD} in Oslo") == true)
        #expect(corpus.warnings.count == 1)
        let warning = try #require(corpus.warnings.first)
        #expect(warning.kind == .invalidUTF8)
        #expect(warning.path == path && warning.line == 3)
        #expect(warning.description.hasPrefix("\(path):3: invalid UTF-8 at byte 94"))
    }

    @Test func utf16FileWithByteOrderMarkIsLoaded() throws {
        let tmp = TemporaryFolder()
        defer { tmp.remove() }
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in Self.article.replacingOccurrences(of: "\n", with: "\r\n").utf16 {
            bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)]
        }
        let path = tmp.write("utf16.txt", bytes: bytes)
        let doc = try #require(try CorpusLoader().load([path]).documents.first)
        #expect(doc.title == "Officials meet in Oslo")
        #expect(doc.text == "Britain and Norway agreed on Tuesday to resume talks on fishing quotas, officials said.")
    }

    @Test func cleaningOffKeepsTheDecodedText() throws {
        let corpus = try CorpusLoader(options: CorpusLoadOptions(clean: false)).load([Seeds.path("002")])
        let doc = try #require(corpus.documents.first)
        #expect(doc.title == nil)
        #expect(doc.date?.description == "2021-10-31T22:42")
        #expect(doc.text.hasPrefix("Download\nChina calls for dialogue"))
        #expect(doc.text.hasSuffix("Search Trends"))
    }

    @Test func recordFieldsWinOverWhatThePageSays() throws {
        let text = Seeds.text("002")
        var line = Array(#"{"id":"cgtn","title":"Given title","date":"2020-01-02","source":"Given source","text":""#.utf8)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": line += Array("\\\"".utf8)
            case "\\": line += Array("\\\\".utf8)
            case "\n": line += Array("\\n".utf8)
            default: line += Array(String(scalar).utf8)
            }
        }
        line += Array("\"}".utf8)
        let doc = try #require(try CorpusLoader().load(jsonl: line).documents.first)
        #expect(doc.title == "Given title")
        #expect(doc.date?.description == "2020-01-02")
        #expect(doc.source == "Given source")
        #expect(doc.text.hasPrefix("Chinese State Councilor"))
        #expect(!doc.text.contains("China calls for dialogue, urges U.S."))
    }
}
