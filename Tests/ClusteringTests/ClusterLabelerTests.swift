import Foundation
import LinearAlgebra
import Testing
@testable import Clustering
import _TestSupport

/// Two topics in seven one-line "articles": the health service (label 5) and
/// interest rates (label 9), interleaved.
private enum TinyCorpus {
    static let texts = [
        "the national health service needs more nurses says minister",
        "interest rates rise as bank of england fights inflation",
        "minister promises national health service funding for nurses",
        "bank of england raises interest rates again",
        "nurses strike over national health service pay",
        "mortgage holders hit by interest rates rise",
        "inflation and interest rates worry the bank",
    ]
    static let labels = [5, 9, 5, 9, 5, 9, 9]
    static let stopWords: Set<String> = ["the", "of", "as", "by", "for", "over", "again", "more", "says", "needs", "and"]

    static var tokens: [[String]] { texts.map { $0.split(separator: " ").map(String.init) } }

    /// Counts of the non-stop-word tokens; vocabulary in alphabetical order.
    static func counts() -> (matrix: CSRMatrix<Double>, vocabulary: [String]) {
        let vocabulary = Set(tokens.joined()).subtracting(stopWords).sorted()
        let column = Dictionary(uniqueKeysWithValues: vocabulary.enumerated().map { ($1, $0) })
        var offsets = [0], indices: [Int32] = [], values: [Double] = []
        for document in tokens {
            var counts: [Int: Double] = [:]
            for token in document { if let j = column[token] { counts[j, default: 0] += 1 } }
            for j in counts.keys.sorted() {
                indices.append(Int32(j))
                values.append(counts[j]!)
            }
            offsets.append(indices.count)
        }
        return (CSRMatrix(rows: tokens.count, columns: vocabulary.count, rowOffsets: offsets, columnIndices: indices,
                          values: values), vocabulary)
    }
}

@Suite("Cluster labels")
struct ClusterLabelerTests {
    @Test func findsEachTopicsKeywordsAndKeyPhrase() throws {
        let (counts, vocabulary) = TinyCorpus.counts()
        let summaries = try ClusterLabeler(keywordCount: 4).summarize(
            terms: counts, vocabulary: vocabulary, labels: TinyCorpus.labels, tokens: TinyCorpus.tokens,
            isStopWord: { TinyCorpus.stopWords.contains($0) })
        #expect(summaries.count == 2)
        let rates = summaries[0], health = summaries[1]   // largest first
        #expect(rates.id == 0 && rates.label == 9 && rates.size == 4)
        #expect(health.id == 1 && health.label == 5 && health.size == 3)
        // Ties in weight go to the lower vocabulary index (alphabetical here).
        #expect(health.keywords.map(\.term) == ["health", "national", "nurses", "service"])
        #expect(rates.keywords.map(\.term) == ["interest", "rates", "bank", "england"])
        // All three health phrases tie at 3²/3; the longest wins.
        #expect(health.phrase == "national health service")
        // "interest rates" is in all four (score 4²/4 = 4) and beats "bank of england" (2²/2).
        #expect(rates.phrase == "interest rates")
    }

    @Test func keywordWeightsFollowTheClassTfidfFormula() throws {
        let (counts, vocabulary) = TinyCorpus.counts()
        let summaries = try ClusterLabeler(keywordCount: 50).summarize(
            terms: counts, vocabulary: vocabulary, labels: TinyCorpus.labels, tokens: TinyCorpus.tokens, isStopWord: { _ in false })
        let health = try #require(summaries.first { $0.label == 5 })
        // Health: 3 + 3 + 3 + 3 (health national nurses service) + 2 minister
        // + promises funding strike pay = 18 words; the rates cluster has 23.
        let totals = [18.0, 23.0]
        #expect(counts.values.reduce(0, +) == totals.reduce(0, +))
        let average = ((totals[0] + totals[1]) / 2).rounded(.down)
        let nurses = try #require(health.keywords.first { $0.term == "nurses" })
        #expect(abs(nurses.weight - 3 / 18 * log(1 + average / 3)) < 1e-12)
        let minister = try #require(health.keywords.first { $0.term == "minister" })
        #expect(abs(minister.weight - 2 / 18 * log(1 + average / 2)) < 1e-12)
        // "inflation" appears only in the other cluster.
        #expect(!health.keywords.contains { $0.term == "inflation" })
    }

    @Test func medoidCohesionAndMembersComeFromSimilarities() throws {
        let (counts, vocabulary) = TinyCorpus.counts()
        let given = [0.9, 0.5, 0.7, 0.8, 0.9, 0.6, 0.1]
        let summaries = try ClusterLabeler().summarize(
            terms: counts, vocabulary: vocabulary, labels: TinyCorpus.labels, tokens: TinyCorpus.tokens,
            isStopWord: { TinyCorpus.stopWords.contains($0) }, similarities: given)
        let health = summaries[1]
        #expect(health.members.map(\.document) == [0, 4, 2])   // ties: lower index first
        #expect(health.medoid == 0)
        #expect(abs(health.cohesion - (0.9 + 0.9 + 0.7) / 3) < 1e-15)
        #expect(summaries[0].medoid == 3)

        // Measured on the count vectors themselves: cosines to the mean direction.
        let measured = try ClusterLabeler().summarize(
            terms: counts, vocabulary: vocabulary, labels: TinyCorpus.labels, tokens: TinyCorpus.tokens,
            isStopWord: { TinyCorpus.stopWords.contains($0) })
        for summary in measured {
            #expect(summary.members.allSatisfy { $0.similarity > 0 && $0.similarity <= 1 + 1e-12 })
            #expect(summary.medoid == summary.members[0].document)
        }
        let dense = try ClusterLabeler().summarize(
            terms: counts, vocabulary: vocabulary, labels: TinyCorpus.labels, tokens: TinyCorpus.tokens,
            isStopWord: { TinyCorpus.stopWords.contains($0) }, vectors: DenseMatrix(counts))
        #expect(zip(dense, measured).allSatisfy { maxAbsoluteDifference($0.members.map(\.similarity), $1.members.map(\.similarity)) < 1e-12 })
    }

    @Test func singletonsTakeAPhraseFromTheirOnlyDocument() throws {
        let (counts, vocabulary) = TinyCorpus.counts()
        var labels = TinyCorpus.labels
        labels[5] = 1   // "mortgage holders hit by interest rates rise" alone
        let summaries = try ClusterLabeler().summarize(
            terms: counts, vocabulary: vocabulary, labels: labels, tokens: TinyCorpus.tokens,
            isStopWord: { TinyCorpus.stopWords.contains($0) })
        let single = try #require(summaries.first { $0.label == 1 })
        #expect(single.size == 1 && single.id == 2)
        // Phrases unique to that document score 1²/1 and beat the shared ones;
        // among those, the longest and then alphabetically first wins.
        #expect(single.phrase == "hit by interest rates")
    }

    @Test func phrasesMayHoldStopWordsInsideAndDistinctivenessDecides() throws {
        let (counts, vocabulary) = TinyCorpus.counts()
        // Only the two Bank of England articles together: "interest rates" is
        // in both but also in two other documents (2²/4 = 1), while
        // "bank of england" is theirs alone (2²/2 = 2).
        let labels = [0, 1, 0, 1, 0, 2, 2]
        let summaries = try ClusterLabeler().summarize(
            terms: counts, vocabulary: vocabulary, labels: labels, tokens: TinyCorpus.tokens,
            isStopWord: { TinyCorpus.stopWords.contains($0) })
        let bank = try #require(summaries.first { $0.label == 1 })
        #expect(bank.phrase == "bank of england")
    }

    @Test func rejectsInputsOfTheWrongSize() throws {
        let (counts, vocabulary) = TinyCorpus.counts()
        #expect(throws: ClusteringError.labelCountMismatch(labelCount: 2, documentCount: 7)) {
            try ClusterLabeler().summarize(terms: counts, vocabulary: vocabulary, labels: [0, 1], tokens: TinyCorpus.tokens,
                                           isStopWord: { _ in false })
        }
        #expect(throws: ClusteringError.self) {
            try ClusterLabeler().summarize(terms: counts, vocabulary: ["x"], labels: TinyCorpus.labels,
                                           tokens: TinyCorpus.tokens, isStopWord: { _ in false })
        }
    }
}
