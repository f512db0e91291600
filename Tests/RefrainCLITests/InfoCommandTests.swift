import Foundation
import Testing

@Suite("refrain info")
struct InfoCommandTests {
    @Test func reportsTheLoadedBLASAndTheCPU() throws {
        let result = try CLIRunner.run(["info", "--format", "json"])
        #expect(result.status == 0)
        let json = try CLIRunner.json(result.standardOutput)
        let blas = try #require(json["blas"] as? [String: Any])
        let library = try #require(blas["library"] as? String)
        #expect(FileManager.default.fileExists(atPath: library))
        #expect((blas["threads"] as? Int ?? 0) >= 1)
        let cpu = try #require(json["cpu"] as? [String: Any])
        #expect((cpu["logicalCores"] as? Int ?? 0) >= 1)
        #expect(json["version"] as? String != nil)
    }

    @Test func versionFlagPrintsTheVersion() throws {
        let result = try CLIRunner.run(["--version"])
        #expect(result.status == 0)
        #expect(result.standardOutput.split(separator: ".").count == 3)
    }
}
