import Foundation
import Refrain
import Reporting
import Testing

/// `refrain assign --format json` writes its report without `JSONEncoder`
/// for speed; the bytes must be exactly what `JSONEncoder` writes.
@Suite("assign JSON")
struct AssignJSONTests {
    /// A report with the awkward cases: a novel article (null cluster),
    /// strings to escape, a null speaker, empty and non-empty lists,
    /// whole-number and tiny doubles, and a new talking point.
    static let awkward = #"""
    {
      "assignments" : [
        {
          "cluster" : null, "document" : "a/b \"1\"", "label" : "tab\there\nnew \\ slash / ü 日本 \u0001",
          "novel" : true, "similarity" : 1, "unknownTerms" : 0,
          "talkingPoints" : [
            {"id" : 3, "phrase" : "an inalienable part of China", "sentence" : "“Taiwan is an inalienable part of China,” he said.",
             "similarity" : 0.6123456789012345, "speaker" : null},
            {"id" : 0, "phrase" : "p", "sentence" : "s\r\n", "similarity" : 1e-7, "speaker" : "Wang Wenbin"}
          ]
        },
        {
          "cluster" : 12, "document" : "news-2", "label" : "", "novel" : false, "similarity" : 0.25,
          "unknownTerms" : 1234567, "talkingPoints" : []
        }
      ],
      "newTalkingPoints" : [
        {
          "id" : 0, "phrase" : "interference in China’s internal affairs", "variants" : [], "speakers" : ["Qin Gang", "Wang Wenbin"],
          "documents" : ["003", "004"], "sources" : [],
          "firstSeen" : {"date" : null, "speaker" : null, "document" : "003"},
          "instances" : [
            {"document" : "003", "speaker" : null, "sentence" : "“x”", "span" : [1, 2], "sentenceSpan" : [], "passage" : "x",
             "date" : "2021-10-28T12:43", "source" : null, "kind" : "narration", "similarity" : 0.75}
          ]
        }
      ],
      "unknownTermShare" : 0.0034824214027201,
      "warnings" : ["line 3: \"id\" missing", "x/y"]
    }
    """#

    static func encoded(_ report: AssignReport) throws -> String {
        try JSONRendering.render(report)
    }

    @Test func awkwardReportIsWhatJSONEncoderWrites() throws {
        let report = try JSONDecoder().decode(AssignReport.self, from: Data(Self.awkward.utf8))
        #expect(report.assignments.count == 2 && report.newTalkingPoints.count == 1)
        #expect(try report.renderJSON() == Self.encoded(report))
    }

    @Test func emptyListsAreWhatJSONEncoderWrites() throws {
        var report = try JSONDecoder().decode(AssignReport.self, from: Data(Self.awkward.utf8))
        report.newTalkingPoints = []
        report.warnings = []
        #expect(try report.renderJSON() == Self.encoded(report))
        report.assignments = []
        report.unknownTermShare = 0
        #expect(try report.renderJSON() == Self.encoded(report))
    }

    @Test func seedsAssignmentIsWhatJSONEncoderWrites() throws {
        let model = try CLIRunner.temporaryDirectory().appendingPathComponent("seeds.refrain").path
        let fit = try CLIRunner.run(["fit", "seeds/000_303b219f81cd2809.txt", "seeds/002_6a712dde6b80fa73.txt", "-o", model, "--k", "2"])
        #expect(fit.status == 0, "\(fit.standardError)")
        let assign = try CLIRunner.run(["assign", "--model", model, "--format", "json", "seeds/001_256b186bb6b1ee91.txt",
                                        "seeds/003_dca4b852737c43f0.txt", "seeds/004_c4efdb73b0280a1f.txt"])
        #expect(assign.status == 0, "\(assign.standardError)")
        let report = try JSONDecoder().decode(AssignReport.self, from: Data(assign.standardOutput.utf8))
        #expect(!report.newTalkingPoints.isEmpty && report.assignments.contains { !$0.talkingPoints.isEmpty })
        #expect(try assign.standardOutput == Self.encoded(report))
    }
}
