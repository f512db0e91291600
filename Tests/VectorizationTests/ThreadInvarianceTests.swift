import Foundation
import Testing
@testable import Vectorization
import LinearAlgebra
import _TestSupport

/// A generated corpus whose tokens stress byte order: words that are prefixes
/// of other words ("a", "ab", "ab_c"), digits, underscores, non-ASCII letters
/// (2-, 3- and 4-byte UTF-8), upper case, punctuation and odd white space.
func generatedCorpus(documents: Int, seed: UInt64) -> [String] {
    var random = SeededRandom(seed: seed)
    let words = ["a", "ab", "abc", "ab_c", "abd", "b", "ba", "the", "then", "them", "theme", "of", "off", "to", "in", "is",
                 "1", "12", "123", "2024", "x9", "_x", "__", "z", "zz", "Über", "über", "ü", "uber", "naïve", "naive",
                 "café", "cafe", "straße", "İstanbul", "ΣΟΦΙΑ", "σοφία", "日本", "日本語", "語", "𝔘nicode", "e\u{301}",
                 "don't", "one-China", "U.S.", "co-op", "AND", "and", "\u{FDFA}", "or", "but", "was", "were", "news", "new"]
    let separators = [" ", " ", " ", "  ", ", ", ". ", "\n", "\t", " - ", "'", "\u{00A0}", "\u{2009}", "/", "(", ") "]
    return (0 ..< documents).map { d in
        let length = d % 17 == 0 ? Int(random.next() % 3)
            : d % 23 == 0 ? 300 + Int(random.next() % 600)
            : 5 + Int(random.next() % 60)
        var text = ""
        for _ in 0 ..< length {
            text += words[Int(random.next() % UInt64(words.count))]
            text += separators[Int(random.next() % UInt64(separators.count))]
        }
        return text
    }
}

/// Configurations covering the word-key fast path (`.word`/`.refrain`,
/// n ≤ 2) and the general path.
let invarianceConfigurations: [(String, TfidfConfiguration)] = {
    var list: [(String, TfidfConfiguration)] = []
    for range in [1 ... 1, 1 ... 2, 2 ... 2, 1 ... 3] {
        for stop in [false, true] {
            var c = TfidfConfiguration()
            c.ngramRange = range
            if stop { c.analyzer.stopWords = .english }
            list.append(("word \(range) stop \(stop)", c))
        }
    }
    var refrain = TfidfConfiguration.refrainDefault
    list.append(("refrain", refrain))
    refrain.ngramRange = 1 ... 2
    list.append(("refrain 1...2", refrain))
    var limited = TfidfConfiguration(minDF: .count(2), maxDF: .fraction(0.9), maxFeatures: 150, sublinearTF: true)
    limited.ngramRange = 1 ... 2
    list.append(("limited 1...2", limited))
    var accents = TfidfConfiguration()
    accents.analyzer.stripAccents = .ascii
    accents.ngramRange = 1 ... 2
    list.append(("strip accents 1...2", accents))
    var upper = TfidfConfiguration()
    upper.analyzer.lowercase = false
    upper.ngramRange = 1 ... 2
    list.append(("no lowercase 1...2", upper))
    var char = TfidfConfiguration()
    char.analyzer.kind = .charWB
    char.ngramRange = 2 ... 3
    list.append(("char_wb 2...3", char))
    return list
}()

func expectIdentical(_ a: TfidfFitResult<Double>, _ b: TfidfFitResult<Double>, _ label: String) {
    // Compare to Bools first so a failure prints a short message, not the arrays.
    let sameVocabulary = Array(a.vocabulary) == Array(b.vocabulary)
    let sameFrequencies = a.model.documentFrequency == b.model.documentFrequency
    let sameOffsets = a.matrix.rowOffsets == b.matrix.rowOffsets
    let sameColumns = a.matrix.columnIndices == b.matrix.columnIndices
    let sameValues = a.matrix.values == b.matrix.values
    #expect(sameVocabulary, "\(label): vocabulary")
    #expect(sameFrequencies, "\(label): document frequency")
    #expect(sameOffsets, "\(label): row offsets")
    #expect(sameColumns, "\(label): columns")
    #expect(sameValues, "\(label): values")
}

@Suite("TfidfVectorizer determinism")
struct ThreadInvarianceTests {
    static let corpus = generatedCorpus(documents: 400, seed: 7)

    @Test("1, 2 and 3 threads give identical results", arguments: invarianceConfigurations.indices)
    func threadCountDoesNotMatter(_ index: Int) throws {
        let (name, configuration) = invarianceConfigurations[index]
        let one = try TfidfVectorizer(configuration: configuration, threads: 1).fitTransform(Self.corpus, as: Double.self)
        for threads in [2, 3] {
            let many = try TfidfVectorizer(configuration: configuration, threads: threads).fitTransform(Self.corpus, as: Double.self)
            expectIdentical(one, many, "\(name), \(threads) threads")
        }
    }

    @Test("word keys give the same result as string interning", arguments: invarianceConfigurations.indices)
    func wordKeysMatchStrings(_ index: Int) throws {
        let (name, configuration) = invarianceConfigurations[index]
        for threads in [1, 3] {
            let vectorizer = TfidfVectorizer(configuration: configuration, threads: threads)
            let fast = try vectorizer.fitTransform(Self.corpus, as: Double.self, wordKeys: true)
            let general = try vectorizer.fitTransform(Self.corpus, as: Double.self, wordKeys: false)
            expectIdentical(fast, general, "\(name), \(threads) threads")
        }
    }

    @Test("Float output is the Double output rounded")
    func floatMatchesDouble() throws {
        var configuration = TfidfConfiguration()
        configuration.ngramRange = 1 ... 2
        let vectorizer = TfidfVectorizer(configuration: configuration, threads: 2)
        let double = try vectorizer.fitTransform(Self.corpus, as: Double.self)
        let float = try vectorizer.fitTransform(Self.corpus, as: Float.self)
        #expect(float.matrix.columnIndices == double.matrix.columnIndices)
        #expect(float.matrix.values == double.matrix.values.map { Float($0) })
    }

    @Test("transform counts every feature, known or not, as the analyzer sees them", arguments: invarianceConfigurations.indices)
    func transformCountsFeatures(_ index: Int) throws {
        let (name, configuration) = invarianceConfigurations[index]
        let model = try TfidfVectorizer(configuration: configuration, threads: 1).fit(Array(Self.corpus.prefix(200)))
        let texts = Array(Self.corpus.suffix(200))
        let analyzer = try Analyzer(configuration.analyzer)
        let features = texts.map { analyzer.features(of: $0) }
        let expected = features.map(\.count)
        let expectedUnknown = features.map { $0.filter { model.vocabulary.index(of: $0) == nil }.count }
        for threads in [1, 3] {
            let result = TfidfVectorizer.transform(texts, model: model, threads: threads, as: Double.self)
            #expect(result.featureCounts == expected, "\(name), \(threads) threads: all features")
            #expect(result.unknownFeatureCounts == expectedUnknown, "\(name), \(threads) threads: unknown features")
        }
    }

    @Test("transform of the training texts gives the fitted matrix", arguments: invarianceConfigurations.indices)
    func transformRepeatsTheFit(_ index: Int) throws {
        let (name, configuration) = invarianceConfigurations[index]
        guard configuration.maxFeatures == nil, name != "limited 1...2" else { return }
        let fit = try TfidfVectorizer(configuration: configuration, threads: 1).fitTransform(Self.corpus, as: Double.self)
        for threads in [1, 3] {
            let again = TfidfVectorizer.transform(Self.corpus, model: fit.model, threads: threads, as: Double.self)
            #expect(again.matrix.rowOffsets == fit.matrix.rowOffsets, "\(name), \(threads) threads: row offsets")
            #expect(again.matrix.columnIndices == fit.matrix.columnIndices, "\(name), \(threads) threads: columns")
            #expect(again.matrix.values == fit.matrix.values, "\(name), \(threads) threads: values")
            #expect(again.unknownFeatureCounts.allSatisfy { $0 == 0 }, "\(name), \(threads) threads: unknown")
        }
    }

    @Test("mapRows lends exactly the rows transform builds, from a mapper kept across calls or not",
          arguments: invarianceConfigurations.indices)
    func mapRowsMatchesTransform(_ index: Int) throws {
        let (name, configuration) = invarianceConfigurations[index]
        let model = try TfidfVectorizer(configuration: configuration, threads: 1).fit(Array(Self.corpus.prefix(200)))
        let texts = Array(Self.corpus.suffix(200))
        let expected = TfidfVectorizer.transform(texts, model: model, threads: 1, as: Double.self)
        let order = model.columnsByFrequency
        let mapper = TfidfRowMapper(model)
        #expect(mapper.columnsByFrequency == order)
        for (threads, kept) in [(1, false), (3, false), (1, true), (3, true)] {
            let copy = { @Sendable (row: TfidfRow) in
                (document: row.document, columns: Array(row.columns), terms: Array(row.terms), values: Array(row.values),
                 unknown: row.unknownFeatures, features: row.features)
            }
            let rows = kept ? mapper.mapRows(texts, threads: threads, copy)
                : TfidfVectorizer.mapRows(texts, model: model, threads: threads, copy)
            #expect(rows.map(\.document) == Array(texts.indices), "\(name), \(threads) threads, kept \(kept): order")
            #expect(rows.map(\.columns) == texts.indices.map { Array(expected.matrix.row($0).columns) }, "\(name), \(threads) threads, kept \(kept): columns")
            #expect(rows.map(\.values) == texts.indices.map { Array(expected.matrix.row($0).values) }, "\(name), \(threads) threads, kept \(kept): values")
            #expect(rows.map { $0.terms.map { order[Int($0)] } } == rows.map(\.columns), "\(name), \(threads) threads, kept \(kept): terms")
            #expect(rows.map(\.unknown) == expected.unknownFeatureCounts, "\(name), \(threads) threads, kept \(kept): unknown")
            #expect(rows.map(\.features) == expected.featureCounts, "\(name), \(threads) threads, kept \(kept): features")
        }
    }

    @Test("columns by frequency: falling document frequency, ties by column")
    func columnsByFrequency() throws {
        let model = try TfidfVectorizer(threads: 1).fit(Self.corpus)
        let order = model.columnsByFrequency
        #expect(order.sorted() == Array(0 ..< Int32(model.vocabulary.count)))
        let df = model.documentFrequency
        #expect(zip(order, order.dropFirst()).allSatisfy { a, b in df[Int(a)] > df[Int(b)] || (df[Int(a)] == df[Int(b)] && a < b) })
    }
}
