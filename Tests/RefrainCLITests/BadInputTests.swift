import Foundation
import Testing

/// Every bad input gives a clear error that names the file (and line), a
/// documented exit code, and never a crash.
@Suite("bad input")
struct BadInputTests {
    /// Every command that reads articles.
    static let commands = ["cluster", "vectorize", "similar", "talking-points", "phrases", "near-duplicates"]

    func write(_ data: Data, named name: String) throws -> String {
        let url = try CLIRunner.temporaryDirectory().appendingPathComponent(name)
        try data.write(to: url)
        return url.path
    }

    @Test(arguments: commands) func emptyFileIsBadInputNamingTheFile(_ command: String) throws {
        let path = try write(Data(), named: "empty.txt")
        let result = try CLIRunner.run([command, path])
        #expect(result.status == 2)
        #expect(result.standardError.contains("empty.txt"))
    }

    @Test(arguments: commands) func binaryFileIsBadInputNamingTheFile(_ command: String) throws {
        let path = try write(Data([0x7F, 0x45, 0x4C, 0x46, 0, 0, 1, 2, 3, 0, 0, 0xFF]), named: "program.txt")
        let result = try CLIRunner.run([command, path])
        #expect(result.status == 2)
        #expect(result.standardError.contains("program.txt"))
    }

    @Test(arguments: commands) func malformedJSONLLineIsBadInputNamingTheLine(_ command: String) throws {
        let lines = "{\"id\": \"a\", \"text\": \"China firmly opposes any form of official exchanges.\"}\n{\"id\": \"b\", \"text\": \n"
        let path = try write(Data(lines.utf8), named: "feed.jsonl")
        let result = try CLIRunner.run([command, path])
        #expect(result.status == 2)
        #expect(result.standardError.contains("feed.jsonl:2"))
    }

    @Test(arguments: commands) func missingFileIsBadInput(_ command: String) throws {
        let result = try CLIRunner.run([command, "no/such/file.txt"])
        #expect(result.status == 2)
        #expect(result.standardError.contains("no/such/file.txt"))
    }

    @Test(arguments: commands) func folderWithoutArticlesIsBadInput(_ command: String) throws {
        let folder = try CLIRunner.temporaryDirectory()
        try Data("x".utf8).write(to: folder.appendingPathComponent("image.png"))
        let result = try CLIRunner.run([command, folder.path])
        #expect(result.status == 2)
        #expect(result.standardError.contains(folder.lastPathComponent))
    }

    @Test(arguments: commands) func csvWithoutTextColumnIsBadInput(_ command: String) throws {
        let path = try write(Data("id,headline\n1,China opposes exchanges\n".utf8), named: "table.csv")
        let result = try CLIRunner.run([command, path])
        #expect(result.status == 2)
        #expect(result.standardError.contains("table.csv"))
    }

    @Test func hugeSingleLineIsReadWhole() throws {
        let sentence = "China firmly opposes any form of official exchanges with Taiwan, the spokesman said. "
        let text = String(repeating: sentence, count: 40_000)  // one 3.4 MB line
        let path = try write(Data(text.utf8), named: "huge.txt")
        let result = try CLIRunner.run(["vectorize", path, "--format", "json", "--top", "3"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(try CLIRunner.json(result.standardOutput)["documents"] as? Int == 1)
    }

    @Test func invalidUTF8IsRepairedWithAWarning() throws {
        var bytes = Data("China firmly opposes any form of official exchanges between the two sides, the spokesman said on Thursday.\n".utf8)
        bytes.insert(contentsOf: [0xC3, 0x28], at: 10)
        let path = try write(bytes, named: "broken.txt")
        let result = try CLIRunner.run(["vectorize", path, "--format", "json"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardError.contains("broken.txt"))
        #expect(result.standardError.contains("warning"))
    }

    @Test func jsonlFromStandardInputIsRead() throws {
        let feed = "{\"id\": \"a\", \"text\": \"China firmly opposes any form of official exchanges with Taiwan.\"}\n"
            + "{\"id\": \"b\", \"text\": \"Beijing urged Washington to stop interfering in its internal affairs.\"}\n"
        let result = try CLIRunner.run(["vectorize", "-", "--format", "json"], stdin: Data(feed.utf8))
        #expect(result.status == 0, "\(result.standardError)")
        #expect(try CLIRunner.json(result.standardOutput)["documents"] as? Int == 2)
    }
}
