import Foundation
import Testing

@Suite("refrain phrases")
struct PhrasesCommandTests {
    @Test func seedsListTheRepeatedOfficialLines() throws {
        let result = try CLIRunner.run(["phrases", "seeds/", "--format", "json", "--top", "0"])
        #expect(result.status == 0, "\(result.standardError)")
        let json = try CLIRunner.json(result.standardOutput)
        let phrases = try #require(json["phrases"] as? [[String: Any]])
        let texts = phrases.compactMap { ($0["tokens"] as? [String])?.joined(separator: " ") }
        #expect(texts.contains { $0.contains("any form of official exchanges") }, "\(texts)")
        #expect(texts.contains { $0.contains("an inalienable part of") }, "\(texts)")
        #expect(texts.contains { $0.contains("chinas internal affairs") }, "\(texts)")
        // No web furniture.
        for text in texts { #expect(!text.contains("icon") && !text.contains("reply") && !text.contains("email")) }
        // Ranked by documents first.
        let counts = phrases.compactMap { $0["documentCount"] as? Int }
        #expect(counts == counts.sorted(by: >))
    }

    @Test func minDocumentsAboveTheCorpusIsAUsageError() throws {
        let result = try CLIRunner.run(["phrases", "seeds/", "--min-documents", "9"])
        #expect(result.status == 1)
        #expect(result.standardError.contains("--min-documents"))
    }
}
