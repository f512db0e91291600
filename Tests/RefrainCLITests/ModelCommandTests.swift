import Foundation
import Testing

/// fit, assign, update and similar --model on the seeds: fit on three, place the other two.
@Suite("refrain fit / assign / update")
struct ModelCommandTests {
    static let training = ["seeds/000_303b219f81cd2809.txt", "seeds/002_6a712dde6b80fa73.txt", "seeds/003_dca4b852737c43f0.txt"]
    static let fresh = ["seeds/001_256b186bb6b1ee91.txt", "seeds/004_c4efdb73b0280a1f.txt"]

    func fittedModel() throws -> String {
        let path = try CLIRunner.temporaryDirectory().appendingPathComponent("news.refrain").path
        let result = try CLIRunner.run(["fit"] + Self.training + ["-o", path, "--k", "2"])
        #expect(result.status == 0, "\(result.standardError)")
        return path
    }

    func assignments(_ model: String) throws -> [String: [String: Any]] {
        let result = try CLIRunner.run(["assign", "--model", model, "--format", "json"] + Self.fresh)
        #expect(result.status == 0, "\(result.standardError)")
        let list = try CLIRunner.json(result.standardOutput)["assignments"] as? [[String: Any]] ?? []
        return Dictionary(uniqueKeysWithValues: list.map { ($0["document"] as! String, $0) })
    }

    @Test func newArticlesLandInTheirStoriesAndRepeatKnownTalkingPoints() throws {
        let model = try fittedModel()
        let placed = try assignments(model)
        let sovereignty = try #require(placed["001_256b186bb6b1ee91"])
        let dialogue = try #require(placed["004_c4efdb73b0280a1f"])
        #expect(sovereignty["novel"] as? Bool == false && dialogue["novel"] as? Bool == false)
        // 001 joins the story of 000/003 (sovereignty), 004 the story of 002 (dialogue).
        #expect((sovereignty["label"] as? String ?? "").contains("firmly opposes"))
        #expect((dialogue["label"] as? String ?? "").contains("dialogue"))
        #expect(sovereignty["cluster"] as? Int != dialogue["cluster"] as? Int)
        // 004 repeats "internal affairs" (Zhao Lijian in 000, Wang Wenbin in 003), said by Qin Gang.
        let repeated = dialogue["talkingPoints"] as? [[String: Any]] ?? []
        #expect(repeated.contains { ($0["phrase"] as? String ?? "").contains("internal affairs") && $0["speaker"] as? String == "Qin Gang" })
        for key in ["document", "cluster", "label", "similarity", "novel", "talkingPoints", "unknownTerms"] {
            #expect(dialogue.keys.contains(key), "missing \(key)")
        }
    }

    @Test func skippingNewTalkingPointsKeepsEverythingElse() throws {
        // With the training texts kept, the fresh articles share new talking points with them.
        let path = try CLIRunner.temporaryDirectory().appendingPathComponent("kept.refrain").path
        let fit = try CLIRunner.run(["fit"] + Self.training + ["-o", path, "--k", "2", "--keep-text"])
        #expect(fit.status == 0, "\(fit.standardError)")
        let full = try CLIRunner.run(["assign", "--model", path, "--format", "json"] + Self.fresh)
        let placed = try CLIRunner.run(["assign", "--model", path, "--format", "json", "--no-new-talking-points"] + Self.fresh)
        #expect(full.status == 0 && placed.status == 0, "\(full.standardError)\(placed.standardError)")
        let fullReport = try CLIRunner.json(full.standardOutput), placedReport = try CLIRunner.json(placed.standardOutput)
        #expect((fullReport["newTalkingPoints"] as? [Any])?.isEmpty == false)
        #expect((placedReport["newTalkingPoints"] as? [Any])?.isEmpty == true)
        let same = try JSONSerialization.data(withJSONObject: fullReport["assignments"] ?? [], options: [.sortedKeys])
            == JSONSerialization.data(withJSONObject: placedReport["assignments"] ?? [], options: [.sortedKeys])
        #expect(same, "assignments differ")
    }

    @Test func placingOnlyGivesTheSameStoriesAndNoTalkingPoints() throws {
        let path = try fittedModel()
        let full = try CLIRunner.run(["assign", "--model", path, "--format", "json"] + Self.fresh)
        let placed = try CLIRunner.run(["assign", "--model", path, "--format", "json", "--no-talking-points", "--verbose"] + Self.fresh)
        #expect(full.status == 0 && placed.status == 0, "\(full.standardError)\(placed.standardError)")
        let fullReport = try CLIRunner.json(full.standardOutput), placedReport = try CLIRunner.json(placed.standardOutput)
        let fullList = fullReport["assignments"] as? [[String: Any]] ?? []
        let placedList = placedReport["assignments"] as? [[String: Any]] ?? []
        #expect(placedList.count == Self.fresh.count && fullList.count == placedList.count)
        // The full run finds talking points; the placing-only run finds the same stories and none.
        #expect(fullList.contains { !($0["talkingPoints"] as? [Any] ?? []).isEmpty })
        for (a, b) in zip(fullList, placedList) {
            for key in ["document", "cluster", "label", "similarity", "novel", "unknownTerms"] {
                #expect("\(a[key] ?? "nil")" == "\(b[key] ?? "nil")", "\(key) differs")
            }
            #expect((b["talkingPoints"] as? [Any])?.isEmpty == true)
        }
        #expect((placedReport["newTalkingPoints"] as? [Any])?.isEmpty == true)
        #expect(placed.standardError.contains("placing") && !placed.standardError.contains("attributing"))
    }

    @Test func newTalkingPointsAmongFreshArticlesComeWithTheSameKnownMatches() throws {
        // Without the training texts, known and new talking points come from one
        // search over the fresh statements and the model's passages.
        let path = try CLIRunner.temporaryDirectory().appendingPathComponent("two.refrain").path
        let fit = try CLIRunner.run(["fit", "seeds/000_303b219f81cd2809.txt", "seeds/002_6a712dde6b80fa73.txt", "-o", path, "--k", "1"])
        #expect(fit.status == 0, "\(fit.standardError)")
        let fresh = ["seeds/001_256b186bb6b1ee91.txt", "seeds/003_dca4b852737c43f0.txt", "seeds/004_c4efdb73b0280a1f.txt"]
        let full = try CLIRunner.run(["assign", "--model", path, "--format", "json"] + fresh)
        let placed = try CLIRunner.run(["assign", "--model", path, "--format", "json", "--no-new-talking-points"] + fresh)
        #expect(full.status == 0 && placed.status == 0, "\(full.standardError)\(placed.standardError)")
        let fullReport = try CLIRunner.json(full.standardOutput), placedReport = try CLIRunner.json(placed.standardOutput)
        // 003 (Wang Wenbin) and 004 (Qin Gang) share "interference in China's internal affairs".
        let points = fullReport["newTalkingPoints"] as? [[String: Any]] ?? []
        #expect(points.contains { point in
            (point["phrase"] as? String ?? "").contains("internal affairs")
                && Set(point["speakers"] as? [String] ?? []).isSuperset(of: ["Wang Wenbin", "Qin Gang"])
        })
        // 001 repeats "an inalienable part of China" from 000 either way.
        let known = (fullReport["assignments"] as? [[String: Any]] ?? []).flatMap { $0["talkingPoints"] as? [[String: Any]] ?? [] }
        #expect(known.contains { ($0["phrase"] as? String ?? "").contains("inalienable part") })
        let same = try JSONSerialization.data(withJSONObject: fullReport["assignments"] ?? [], options: [.sortedKeys])
            == JSONSerialization.data(withJSONObject: placedReport["assignments"] ?? [], options: [.sortedKeys])
        #expect(same, "assignments differ")
    }

    @Test func aLowNoveltyThresholdNeverMarksNovelAndAHighOneAlways() throws {
        let model = try fittedModel()
        for (threshold, expected) in [("0", false), ("0.99", true)] {
            let result = try CLIRunner.run(["assign", "--model", model, "--format", "json", "--novelty-threshold", threshold] + Self.fresh)
            let list = try CLIRunner.json(result.standardOutput)["assignments"] as? [[String: Any]] ?? []
            #expect(list.allSatisfy { $0["novel"] as? Bool == expected })
            #expect(list.allSatisfy { expected ? $0["cluster"] is NSNull : $0["cluster"] is Int })
        }
    }

    @Test(arguments: [["--threads", "0"], ["--novelty-threshold", "nan"], ["--novelty-threshold", "1.5"],
                      ["--novelty-threshold=-1.5"]])
    func outOfRangeAssignOptionsAreUsageErrors(_ option: [String]) throws {
        let model = try fittedModel()
        let result = try CLIRunner.run(["assign", "--model", model] + option + Self.fresh)
        #expect(result.status == 1, "\(option): exit \(result.status)")  // usage
        #expect(result.standardError.contains(option[0].prefix { $0 != "=" }), "\(result.standardError)")
        #expect(result.standardOutput.isEmpty)
    }

    @Test func fitRejectsATalkingPointThresholdOutsideZeroToOne() throws {
        let path = try CLIRunner.temporaryDirectory().appendingPathComponent("never.refrain").path
        for value in ["nan", "1.5", "-0.1"] {
            let result = try CLIRunner.run(["fit"] + Self.training + ["-o", path, "--k", "2", "--tp-threshold=\(value)"])
            #expect(result.status == 1, "--tp-threshold \(value): exit \(result.status)")  // usage
            #expect(result.standardError.contains("--tp-threshold"))
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func updateRejectsThreadsBelowOne() throws {
        let model = try fittedModel()
        let before = try Data(contentsOf: URL(fileURLWithPath: model))
        let result = try CLIRunner.run(["update", "--model", model, "--threads", "0"] + Self.fresh)
        #expect(result.status == 1, "exit \(result.status)")  // usage
        #expect(result.standardError.contains("--threads"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: model)) == before)
    }

    @Test func updatingTwiceWithTheSameArticlesChangesNothing() throws {
        let model = try fittedModel()
        let first = try CLIRunner.run(["update", "--model", model, "--format", "json"] + Self.fresh)
        #expect(first.status == 0, "\(first.standardError)")
        let report = try CLIRunner.json(first.standardOutput)
        #expect((report["added"] as? [String])?.count == 2)
        #expect(report["documents"] as? Int == 5)
        let before = try Data(contentsOf: URL(fileURLWithPath: model))
        let second = try CLIRunner.run(["update", "--model", model, "--format", "json"] + Self.fresh)
        #expect((try CLIRunner.json(second.standardOutput)["unchanged"] as? [String])?.count == 2)
        #expect(try Data(contentsOf: URL(fileURLWithPath: model)) == before)
    }

    @Test func updateKeepsClusterIds() throws {
        let model = try fittedModel()
        let before = try CLIRunner.run(["assign", "--model", model, "--format", "json", "seeds/000_303b219f81cd2809.txt"])
        _ = try CLIRunner.run(["update", "--model", model] + Self.fresh)
        let after = try CLIRunner.run(["assign", "--model", model, "--format", "json", "seeds/000_303b219f81cd2809.txt"])
        func cluster(_ r: CLIResult) throws -> Int? {
            ((try CLIRunner.json(r.standardOutput)["assignments"] as? [[String: Any]])?.first?["cluster"]) as? Int
        }
        #expect(try cluster(before) != nil)
        #expect(try cluster(before) == cluster(after))
    }

    @Test func similarWithAModelFindsTrainingArticles() throws {
        let model = try fittedModel()
        let result = try CLIRunner.run(["similar", "--model", model, "--format", "json", "--top", "2", "seeds/001_256b186bb6b1ee91.txt"])
        #expect(result.status == 0, "\(result.standardError)")
        let neighbors = (try CLIRunner.json(result.standardOutput)["neighbors"] as? [[String: Any]])?.first?["neighbors"] as? [[String: Any]] ?? []
        #expect(neighbors.count == 2)
        #expect(neighbors.first?["document"] as? String == "000_303b219f81cd2809")
    }

    @Test func corruptModelIsBadInputNamingTheFile() throws {
        let model = try fittedModel()
        var bytes = try Data(contentsOf: URL(fileURLWithPath: model))
        bytes[bytes.count / 2] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: model))
        let result = try CLIRunner.run(["assign", "--model", model] + Self.fresh)
        #expect(result.status == 2)
        #expect(result.standardError.contains(model) && result.standardError.contains("corrupt"))
    }

    @Test func notAModelIsBadInput() throws {
        let result = try CLIRunner.run(["assign", "--model", "seeds/000_303b219f81cd2809.txt"] + Self.fresh)
        #expect(result.status == 2)
        #expect(result.standardError.contains("not a Refrain model"))
    }

    @Test func missingModelIsBadInput() throws {
        let result = try CLIRunner.run(["assign", "--model", "no-such.refrain"] + Self.fresh)
        #expect(result.status == 2)
        #expect(result.standardError.contains("no-such.refrain"))
    }
}
