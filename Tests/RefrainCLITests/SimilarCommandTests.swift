import Foundation
import Testing
import _TestSupport

@Suite("refrain similar")
struct SimilarCommandTests {
    /// scikit-learn's cosine similarities of the seeds' default TF-IDF rows,
    /// recorded by scripts/parity-tfidf.
    static func scikitLearnSimilarity() throws -> (texts: [String], matrix: [[Double]]) {
        let url = PackagePaths.root.appendingPathComponent("Tests/VectorizationTests/Fixtures/tfidf-parity.json")
        let root = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        let corpora = root["corpora"] as! [String: [String]]
        let similarity = root["similarity"] as! [String: Any]
        return (corpora[similarity["corpus"] as! String]!, similarity["matrix"] as! [[Double]])
    }

    @Test func scoresEqualScikitLearnCosineSimilarity() throws {
        let (texts, expected) = try Self.scikitLearnSimilarity()
        // The seeds' raw texts as JSONL, read as given (no cleaning), with scikit-learn's analyzer.
        let lines = try texts.enumerated().map { i, text in
            String(decoding: try JSONSerialization.data(withJSONObject: ["id": "s\(i)", "text": text]), as: UTF8.self)
        }
        let folder = try CLIRunner.temporaryDirectory()
        let path = folder.appendingPathComponent("seeds.jsonl").path
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
        for searchPath in ["sparse", "dense"] {
            let result = try CLIRunner.run(["similar", path, "--raw", "--analyzer", "word", "--top", "4", "--path", searchPath, "--format", "json"])
            #expect(result.status == 0, "\(result.standardError)")
            let json = try CLIRunner.json(result.standardOutput)
            let neighbors = try #require(json["neighbors"] as? [[String: Any]])
            #expect(neighbors.count == texts.count)
            for entry in neighbors {
                let i = Int((entry["document"] as! String).dropFirst())!
                let list = entry["neighbors"] as! [[String: Any]]
                #expect(list.count == texts.count - 1)
                for n in list {
                    let j = Int((n["document"] as! String).dropFirst())!
                    let similarity = n["similarity"] as! Double
                    #expect(abs(similarity - expected[i][j]) <= 1e-6, "\(searchPath) \(i),\(j): \(similarity) vs \(expected[i][j])")
                }
                let scores = list.map { $0["similarity"] as! Double }
                #expect(scores == scores.sorted(by: >))
            }
        }
    }

    @Test func thresholdListsEveryPairOnce() throws {
        let result = try CLIRunner.run(["similar", "seeds/", "--threshold", "0.2", "--format", "json"])
        #expect(result.status == 0)
        let pairs = try #require(try CLIRunner.json(result.standardOutput)["pairs"] as? [[String: Any]])
        #expect(!pairs.isEmpty)
        for pair in pairs {
            #expect((pair["similarity"] as! Double) >= 0.2)
            #expect((pair["first"] as! String) < (pair["second"] as! String))
        }
    }

    @Test func lsaSpaceWorksOnTheSeeds() throws {
        let result = try CLIRunner.run(["similar", "seeds/", "--space", "lsa", "--dimensions", "3", "--top", "2", "--format", "json"])
        #expect(result.status == 0, "\(result.standardError)")
        let json = try CLIRunner.json(result.standardOutput)
        #expect(json["space"] as? String == "lsa")
        #expect((json["neighbors"] as? [[String: Any]])?.count == 5)
    }

    @Test func topLargerThanTheCorpusIsAUsageError() throws {
        let result = try CLIRunner.run(["similar", "seeds/", "--top", "9"])
        #expect(result.status == 1)
        #expect(result.standardError.contains("only 5 documents"))
    }

    @Test func tooManyLSADimensionsIsAUsageError() throws {
        let result = try CLIRunner.run(["similar", "seeds/", "--space", "lsa", "--dimensions", "50"])
        #expect(result.status == 1)
        #expect(result.standardError.contains("--dimensions"))
    }

    @Test func outputIsIdenticalForOneAndTwoThreads() throws {
        let one = try CLIRunner.run(["similar", "seeds/", "--space", "lsa", "--dimensions", "3", "--format", "json", "--threads", "1"])
        let two = try CLIRunner.run(["similar", "seeds/", "--space", "lsa", "--dimensions", "3", "--format", "json", "--threads", "2"])
        #expect(one.status == 0)
        #expect(one.standardOutput == two.standardOutput)
    }
}
