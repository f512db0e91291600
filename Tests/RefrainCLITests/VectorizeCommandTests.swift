import Foundation
import Testing

@Suite("refrain vectorize")
struct VectorizeCommandTests {
    @Test func seedsGiveCleanTopTermsForEveryArticle() throws {
        let result = try CLIRunner.run(["vectorize", "seeds/", "--format", "json", "--top", "15"])
        #expect(result.status == 0, "\(result.standardError)")
        let json = try CLIRunner.json(result.standardOutput)
        #expect(json["documents"] as? Int == 5)
        let top = try #require(json["topTerms"] as? [[String: Any]])
        #expect(top.count == 5)
        let furniture = ["icon", "bookmark", "chevron", "reply", "email", "download", "podcasts", "trends", "share", "friend"]
        for document in top {
            let terms = (document["terms"] as? [[String: Any]] ?? []).compactMap { $0["term"] as? String }
            #expect(terms.count == 15)
            for term in terms {
                #expect(!furniture.contains { term.contains($0) }, "furniture term \(term) in \(document["document"] ?? "")")
            }
        }
        // Each article's own subject shows among its strongest terms.
        let expected = ["000_303b219f81cd2809": "zhao", "001_256b186bb6b1ee91": "wu",
                        "002_6a712dde6b80fa73": "wang", "003_dca4b852737c43f0": "troops", "004_c4efdb73b0280a1f": "qin"]
        for document in top {
            let id = document["document"] as? String ?? ""
            let terms = (document["terms"] as? [[String: Any]] ?? []).compactMap { $0["term"] as? String }
            if let word = expected[id] { #expect(terms.contains(word), "\(id): \(terms)") }
        }
    }

    @Test func textOutputListsEveryArticleWithItsTitle() throws {
        let result = try CLIRunner.run(["vectorize", "seeds/"])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("5 documents"))
        #expect(result.standardOutput.contains("China calls for dialogue, urges U.S. to keep its promise on Taiwan question"))
        #expect(!result.standardOutput.contains("\u{1B}["), "no colour when NO_COLOR is set")
    }

    @Test func outputIsIdenticalForOneAndTwoThreads() throws {
        let one = try CLIRunner.run(["vectorize", "seeds/", "--format", "json", "--threads", "1", "--ngram-range", "1,2"])
        let two = try CLIRunner.run(["vectorize", "seeds/", "--format", "json", "--threads", "2", "--ngram-range", "1,2"])
        #expect(one.status == 0 && two.status == 0)
        #expect(one.standardOutput == two.standardOutput)
    }

    @Test func timingsArePrintedAsOneJSONLineOnStandardError() throws {
        let result = try CLIRunner.run(["vectorize", "seeds/", "--top", "0", "--timings", "--format", "json"])
        #expect(result.status == 0)
        let line = try #require(result.standardError.split(separator: "\n").last.map(String.init))
        let timings = try CLIRunner.json(line)
        #expect(timings["documents"] as? Int == 5)
        #expect((timings["vectorizeSeconds"] as? Double ?? -1) >= 0)
    }

    @Test func invalidNgramRangeIsAUsageError() throws {
        let result = try CLIRunner.run(["vectorize", "seeds/", "--ngram-range", "2,1"])
        #expect(result.status == 1)
        #expect(result.standardError.contains("ngram-range"))
    }

    @Test func missingInputsAreAUsageError() throws {
        let result = try CLIRunner.run(["vectorize"])
        #expect(result.status == 1)
        #expect(result.standardError.contains("no inputs"))
    }

    @Test func maxDFBelowMinDFIsAUsageError() throws {
        let result = try CLIRunner.run(["vectorize", "seeds/", "--min-df", "4", "--max-df", "2"])
        #expect(result.status == 1)
        #expect(result.standardError.contains("min-df"))
    }
}
