import Foundation
import Testing

@Suite("refrain cluster")
struct ClusterCommandTests {
    func clusters(_ arguments: [String]) throws -> [[String: Any]] {
        let result = try CLIRunner.run(["cluster", "seeds/", "--format", "json"] + arguments)
        #expect(result.status == 0, "\(result.standardError)")
        let json = try CLIRunner.json(result.standardOutput)
        #expect(json["documents"] as? Int == 5)
        return json["clusters"] as? [[String: Any]] ?? []
    }

    func memberSets(_ clusters: [[String: Any]]) -> Set<Set<String>> {
        Set(clusters.map { Set(($0["members"] as? [[String: Any]] ?? []).compactMap { $0["document"] as? String }) })
    }

    /// The dialogue pieces (Wang Yi and Qin Gang meeting or calling Blinken)
    /// separate from the sovereignty protests.
    static let expected: Set<Set<String>> = [
        ["002_6a712dde6b80fa73", "004_c4efdb73b0280a1f"],
        ["000_303b219f81cd2809", "001_256b186bb6b1ee91", "003_dca4b852737c43f0"],
    ]

    @Test func twoClustersSeparateDialogueFromSovereigntyProtests() throws {
        #expect(memberSets(try clusters(["--k", "2"])) == Self.expected)
    }

    @Test func agglomerativeAverageLinkageAgrees() throws {
        #expect(memberSets(try clusters(["--k", "2", "--method", "agglomerative", "--linkage", "average"])) == Self.expected)
    }

    @Test func lsaSpaceAgrees() throws {
        #expect(memberSets(try clusters(["--k", "2", "--space", "lsa", "--dimensions", "3"])) == Self.expected)
    }

    @Test func jsonFollowsTheDocumentedSchema() throws {
        for cluster in try clusters(["--k", "2"]) {
            #expect(cluster["id"] is Int)
            #expect(!(cluster["label"] as? String ?? "").isEmpty)
            #expect((cluster["keywords"] as? [String])?.isEmpty == false)
            #expect(cluster.keys.contains("phrase"))
            #expect(cluster["size"] is Int)
            #expect((cluster["cohesion"] as? Double ?? -2) > 0)
            #expect(cluster["medoid"] is String)
            for member in cluster["members"] as? [[String: Any]] ?? [] {
                #expect(member["document"] is String && member["similarity"] is Double && member.keys.contains("title"))
            }
        }
    }

    @Test func largestClusterComesFirst() throws {
        let sizes = try clusters(["--k", "2"]).compactMap { $0["size"] as? Int }
        #expect(sizes == sizes.sorted(by: >))
    }

    @Test func autoChoosesAtLeastTwoClusters() throws {
        #expect(try clusters([]).count >= 2)
    }

    @Test func csvHasOneRowPerArticle() throws {
        let result = try CLIRunner.run(["cluster", "seeds/", "--k", "2", "--format", "csv"])
        #expect(result.status == 0)
        let lines = result.standardOutput.split(separator: "\n")
        #expect(lines.first == "cluster,label,document,title,date,source,similarity")
        #expect(lines.count == 6)
    }

    @Test func kLargerThanTheCorpusIsAUsageError() throws {
        let result = try CLIRunner.run(["cluster", "seeds/", "--k", "7"])
        #expect(result.status == 1)
        #expect(result.standardError.contains("only 5 documents"))
    }

    @Test func kBelowOneIsAUsageError() throws {
        #expect(try CLIRunner.run(["cluster", "seeds/", "--k", "0"]).status == 1)
    }

    @Test func distanceThresholdNeedsAgglomerative() throws {
        #expect(try CLIRunner.run(["cluster", "seeds/", "--threshold", "0.5"]).status == 1)
        #expect(try CLIRunner.run(["cluster", "seeds/", "--method", "agglomerative", "--threshold", "0.9"]).status == 0)
    }

    @Test func outputIsIdenticalForOneAndTwoThreads() throws {
        let one = try CLIRunner.run(["cluster", "seeds/", "--format", "json", "--threads", "1"])
        let two = try CLIRunner.run(["cluster", "seeds/", "--format", "json", "--threads", "2"])
        #expect(one.standardOutput == two.standardOutput)
    }
}
