import Foundation
import Testing

/// `refrain near-duplicates --format json` writes exactly what `JSONEncoder`
/// would (pretty-printed, sorted keys, slashes unescaped), though it builds
/// the text itself.
@Suite("refrain near-duplicates")
struct NearDuplicatesCommandTests {
    /// The documented schema, to re-encode the output with `JSONEncoder`.
    struct Report: Codable {
        struct Pair: Codable {
            var first, second: String
            var similarity: Double
            var firstPassage, secondPassage: String
            var firstSpan, secondSpan: [Int]
        }
        var documents: Int
        var threshold: Double
        var pairs: [Pair]
        var warnings: [String]
    }

    static func encoded(_ report: Report) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(report), as: UTF8.self) + "\n"
    }

    @Test func jsonIsWhatJSONEncoderWrites() throws {
        let sentences = [
            "China firmly opposes any\\tform of \\\"official\\\" exchanges \\u0001 with Taiwan/Taipei, the spokesman said.",
            "We firmly oppose any\\tform of \\\"official\\\" exchanges \\u0001 with Taiwan/Taipei and more, Wang said.",
            "Beijing urged Washington to stop interfering in China\\u2019s internal affairs.",
            "Beijing urged Washington to stop interfering in China’s internal affairs, é.",
        ]
        let lines = sentences.enumerated().map { "{\"id\": \"s\($0.offset)/\\\\x\", \"text\": \"\($0.element)\"}" }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("near-duplicates-\(UUID().uuidString).jsonl")
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        // Two unrelated sentences: no pairs, so the empty list's layout is compared too.
        let unrelated = FileManager.default.temporaryDirectory.appendingPathComponent("near-duplicates-\(UUID().uuidString).jsonl")
        try ([lines[0], lines[2]].joined(separator: "\n") + "\n").write(to: unrelated, atomically: true, encoding: .utf8)
        defer {
            try? FileManager.default.removeItem(at: url)
            try? FileManager.default.removeItem(at: unrelated)
        }
        for (arguments, pairs) in [([url.path], 2), ([url.path, "--threshold", "0.99"], 2), ([unrelated.path], 0)] {
            let result = try CLIRunner.run(["near-duplicates"] + arguments + ["--format", "json"])
            #expect(result.status == 0, "\(result.standardError)")
            let report = try JSONDecoder().decode(Report.self, from: Data(result.standardOutput.utf8))
            #expect(result.standardOutput == (try Self.encoded(report)))
            #expect(report.pairs.count == pairs, "\(arguments)")
        }
    }
}
