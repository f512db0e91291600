import Foundation
import Testing

/// The seed acceptance tests: the three cross-speaker talking points, each
/// reported once, with their speakers.
@Suite("refrain talking-points")
struct TalkingPointsCommandTests {
    nonisolated(unsafe) static let report: [String: Any] = {
        let result = try! CLIRunner.run(["talking-points", "seeds/", "--format", "json"])
        precondition(result.status == 0, result.standardError)
        return try! CLIRunner.json(result.standardOutput)
    }()

    var points: [[String: Any]] { Self.report["talkingPoints"] as? [[String: Any]] ?? [] }

    func points(containing words: [String]) -> [[String: Any]] {
        points.filter { point in
            let instances = point["instances"] as? [[String: Any]] ?? []
            let text = instances.compactMap { $0["passage"] as? String }.joined(separator: " | ").lowercased()
            return words.allSatisfy { text.contains($0) }
        }
    }

    func speakers(_ point: [String: Any]) -> Set<String> { Set(point["speakers"] as? [String] ?? []) }

    @Test func officialExchangesIsOneTalkingPointOfZhaoAndWangWenbin() throws {
        let found = points(containing: ["any form of official exchanges"])
        #expect(found.count == 1)
        let point = try #require(found.first)
        #expect(speakers(point).isSuperset(of: ["Zhao Lijian", "Wang Wenbin"]))
        #expect(Set(point["documents"] as? [String] ?? []).isSuperset(of: ["000_303b219f81cd2809", "003_dca4b852737c43f0"]))
    }

    @Test func inalienablePartIsOneTalkingPointOfZhaoAndWangYi() throws {
        let found = points(containing: ["inalienable part"])
        #expect(found.count == 1)
        let point = try #require(found.first)
        #expect(speakers(point).isSuperset(of: ["Zhao Lijian", "Wang Yi"]))
        let documents = Set(point["documents"] as? [String] ?? [])
        #expect(documents.isSuperset(of: ["000_303b219f81cd2809", "001_256b186bb6b1ee91", "002_6a712dde6b80fa73"]))
        let passages = (point["instances"] as? [[String: Any]] ?? []).compactMap { $0["passage"] as? String }
        #expect(passages.contains { $0.contains("only one China") })
    }

    @Test func internalAffairsIsOneTalkingPointOfZhaoWangWenbinAndQinGang() throws {
        let found = points(containing: ["internal affairs"])
        #expect(found.count == 1)
        let point = try #require(found.first)
        #expect(speakers(point).isSuperset(of: ["Zhao Lijian", "Wang Wenbin", "Qin Gang"]))
        let passages = (point["instances"] as? [[String: Any]] ?? []).compactMap { $0["passage"] as? String }.joined(separator: " ")
        #expect(passages.contains("interfere") && passages.contains("interference") && passages.contains("meddling"))
        // The most widely repeated point ranks first.
        #expect((points.first?["speakers"] as? [String])?.count == 3)
    }

    @Test func nothingComesFromWebFurniture() {
        let all = ((Self.report["talkingPoints"] as? [[String: Any]] ?? []) + (Self.report["repeats"] as? [[String: Any]] ?? []))
        for point in all {
            let phrase = (point["phrase"] as? String ?? "").lowercased()
            for furniture in ["icon", "reply", "email", "share it", "podcast", "download"] {
                #expect(!phrase.contains(furniture), "\(phrase)")
            }
        }
    }

    @Test func jsonFollowsTheDocumentedSchema() throws {
        for point in points {
            #expect(point["id"] is Int)
            #expect(point["phrase"] is String)
            #expect(point["speakers"] is [String])
            #expect(point["documents"] is [String])
            let first = try #require(point["firstSeen"] as? [String: Any])
            #expect(first.keys.contains("date") && first.keys.contains("speaker") && first["document"] is String)
            for instance in point["instances"] as? [[String: Any]] ?? [] {
                for key in ["document", "speaker", "sentence", "span", "date", "source", "kind"] {
                    #expect(instance.keys.contains(key), "missing \(key)")
                }
                let span = try #require(instance["span"] as? [Int])
                #expect(span.count == 2 && span[0] < span[1])
                #expect(["quote", "reported", "narration"].contains(instance["kind"] as? String ?? ""))
            }
        }
    }

    @Test func outputIsIdenticalForOneAndTwoThreads() throws {
        let one = try CLIRunner.run(["talking-points", "seeds/", "--format", "json", "--threads", "1"])
        let two = try CLIRunner.run(["talking-points", "seeds/", "--format", "json", "--threads", "2"])
        #expect(one.standardOutput == two.standardOutput)
    }
}
