import Foundation
import Testing
@testable import Vectorization
import LinearAlgebra
import _TestSupport

/// One scikit-learn run recorded by `scripts/parity-tfidf`.
struct ParityCase: CustomTestStringConvertible, Sendable {
    let name: String
    let corpus: String
    let vectorizer: String
    let options: [String: ParityOption]
    let vocabulary: [String]?
    let idf: [Double]?
    let shape: [Int]
    let indptr: [Int]
    let indices: [Int]
    let data: [Double]
    var testDescription: String { "\(corpus)/\(name)" }
}

/// A JSON option value; integers and floats are told apart (`min_df=1` is a
/// count, `min_df=1.0` a fraction).
enum ParityOption: Sendable {
    case int(Int), double(Double), string(String), bool(Bool), intPair(Int, Int), null

    init(_ value: Any) {
        switch value {
        case is NSNull: self = .null
        case let s as String: self = .string(s)
        case let a as [Any]: self = .intPair((a[0] as! NSNumber).intValue, (a[1] as! NSNumber).intValue)
        case let n as NSNumber:
            let type = n.objCType.pointee
            if type == 99 || type == 66 { self = .bool(n.boolValue) }          // 'c' / 'B'
            else if type == 100 || type == 102 { self = .double(n.doubleValue) } // 'd' / 'f'
            else { self = .int(n.intValue) }
        default: self = .null
        }
    }
}

/// The recorded fixture: the corpora and every case.
struct ParityFixture: Sendable {
    let corpora: [String: [String]]
    let cases: [ParityCase]

    /// `REFRAIN_PARITY_FIXTURE` when set (a freshly generated file), else the committed one.
    static let shared: ParityFixture = {
        let url: URL
        if let path = ProcessInfo.processInfo.environment["REFRAIN_PARITY_FIXTURE"], !path.isEmpty {
            url = URL(fileURLWithPath: path)
        } else {
            url = PackagePaths.root.appendingPathComponent("Tests/VectorizationTests/Fixtures/tfidf-parity.json")
        }
        let data = try! Data(contentsOf: url)
        let root = try! JSONSerialization.jsonObject(with: data) as! [String: Any]
        let corpora = root["corpora"] as! [String: [String]]
        let cases = (root["cases"] as! [[String: Any]]).map { c in
            ParityCase(
                name: c["name"] as! String, corpus: c["corpus"] as! String, vectorizer: c["vectorizer"] as! String,
                options: (c["options"] as! [String: Any]).mapValues(ParityOption.init),
                vocabulary: c["vocabulary"] as? [String], idf: (c["idf"] as? [NSNumber])?.map(\.doubleValue),
                shape: (c["shape"] as! [NSNumber]).map(\.intValue), indptr: (c["indptr"] as! [NSNumber]).map(\.intValue),
                indices: (c["indices"] as! [NSNumber]).map(\.intValue), data: (c["data"] as! [NSNumber]).map(\.doubleValue))
        }
        return ParityFixture(corpora: corpora, cases: cases)
    }()
}

extension ParityCase {
    var analyzer: AnalyzerConfiguration {
        var a = AnalyzerConfiguration()
        if case let .string(kind)? = options["analyzer"] { a.kind = AnalyzerKind(rawValue: kind)! }
        if case let .bool(lower)? = options["lowercase"] { a.lowercase = lower }
        if case let .string(mode)? = options["strip_accents"] { a.stripAccents = AccentStripping(rawValue: mode)! }
        if case let .intPair(low, high)? = options["ngram_range"] { a.ngramRange = low ... high }
        if case .string("english")? = options["stop_words"] { a.stopWords = .english }
        return a
    }

    var norm: RowNorm? {
        switch options["norm"] {
        case .null?: return nil
        case let .string(n)?: return RowNorm(rawValue: n)!
        default: return .l2
        }
    }

    func bound(_ key: String, default value: DocumentFrequencyBound) -> DocumentFrequencyBound {
        switch options[key] {
        case let .int(n)?: return .count(n)
        case let .double(f)?: return .fraction(f)
        default: return value
        }
    }

    func flag(_ key: String, default value: Bool) -> Bool {
        if case let .bool(b)? = options[key] { return b }
        return value
    }

    var tfidfConfiguration: TfidfConfiguration {
        var maxFeatures: Int?
        if case let .int(n)? = options["max_features"] { maxFeatures = n }
        return TfidfConfiguration(analyzer: analyzer, minDF: bound("min_df", default: .count(1)),
                                  maxDF: bound("max_df", default: .fraction(1.0)), maxFeatures: maxFeatures,
                                  binary: flag("binary", default: false), sublinearTF: flag("sublinear_tf", default: false),
                                  useIDF: flag("use_idf", default: true), smoothIDF: flag("smooth_idf", default: true), norm: norm)
    }

    var hashingVectorizer: HashingVectorizer {
        var nFeatures = 1 << 20
        if case let .int(n)? = options["n_features"] { nFeatures = n }
        return HashingVectorizer(analyzer: analyzer, nFeatures: nFeatures, alternateSign: flag("alternate_sign", default: true),
                                 binary: flag("binary", default: false), norm: norm)
    }
}

/// The first index where two arrays differ (their common length when one is a prefix of the other).
func firstDifference<T: Equatable>(_ a: [T], _ b: [T]) -> Int {
    zip(a.indices, zip(a, b)).first { $0.1.0 != $0.1.1 }?.0 ?? min(a.count, b.count)
}

/// Checks `matrix` against the recorded CSR entry by entry (to 1e-12).
func expectMatrix(_ matrix: CSRMatrix<Double>, equals c: ParityCase, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect([matrix.rows, matrix.columns] == c.shape, "shape", sourceLocation: sourceLocation)
    guard matrix.rowOffsets == c.indptr else {
        let row = firstDifference(matrix.rowOffsets, c.indptr)
        Issue.record("row offsets differ first at row \(row - 1)", sourceLocation: sourceLocation)
        return
    }
    guard matrix.columnIndices.map(Int.init) == c.indices else {
        let k = firstDifference(matrix.columnIndices.map(Int.init), c.indices)
        Issue.record("column indices differ first at entry \(k)", sourceLocation: sourceLocation)
        return
    }
    guard matrix.values.count == c.data.count else {
        Issue.record("\(matrix.values.count) values, scikit-learn has \(c.data.count)", sourceLocation: sourceLocation)
        return
    }
    let worst = zip(matrix.values, c.data).map { abs($0 - $1) }.max() ?? 0
    #expect(worst <= 1e-12, "largest difference \(worst)", sourceLocation: sourceLocation)
}

@Suite("scikit-learn parity")
struct ScikitLearnParityTests {
    static let tfidfCases = ParityFixture.shared.cases.filter { $0.vectorizer == "tfidf" }
    static let hashingCases = ParityFixture.shared.cases.filter { $0.vectorizer == "hashing" }

    @Test("TfidfVectorizer matches scikit-learn", arguments: tfidfCases)
    func tfidfMatchesScikitLearn(_ c: ParityCase) throws {
        let texts = try #require(ParityFixture.shared.corpora[c.corpus])
        let result = try TfidfVectorizer(configuration: c.tfidfConfiguration, threads: 2).fitTransform(texts, as: Double.self)
        let vocabulary = Array(result.vocabulary)
        if vocabulary != c.vocabulary, let limit = c.tfidfConfiguration.maxFeatures {
            // scikit-learn cuts max_features with numpy's unstable argsort, so
            // which of several terms tied at the cut-off it keeps is arbitrary;
            // Refrain keeps the alphabetically first. Check that every
            // difference is such a tie, and nothing else.
            try expectOnlyTiesDiffer(vocabulary, c, texts: texts, limit: limit)
            return
        }
        if vocabulary != c.vocabulary {
            let expected = c.vocabulary ?? []
            let firstDifference = firstDifference(vocabulary, expected)
            Issue.record("vocabulary: \(vocabulary.count) terms, scikit-learn \(expected.count); first difference at \(firstDifference): \(vocabulary.dropFirst(firstDifference).first ?? "-") vs \(expected.dropFirst(firstDifference).first ?? "-")")
            return
        }
        if let idf = c.idf, let mine = result.model.idf {
            #expect(mine.count == idf.count)
            #expect(zip(mine, idf).allSatisfy { abs($0 - $1) <= 1e-12 }, "idf")
        }
        expectMatrix(result.matrix, equals: c)
    }

    func expectOnlyTiesDiffer(_ vocabulary: [String], _ c: ParityCase, texts: [String], limit: Int) throws {
        var unlimited = c.tfidfConfiguration
        unlimited.maxFeatures = nil
        unlimited.useIDF = false
        unlimited.norm = nil
        unlimited.binary = false
        unlimited.sublinearTF = false
        let counts = try TfidfVectorizer(configuration: unlimited).fitTransform(texts, as: Double.self)
        var total: [String: Double] = [:]
        for (k, column) in counts.matrix.columnIndices.enumerated() { total[counts.vocabulary[Int(column)], default: 0] += counts.matrix.values[k] }
        let expected = c.vocabulary ?? []
        #expect(vocabulary.count == limit && expected.count == limit)
        let cutoff = try #require(expected.compactMap { total[$0] }.min())
        let differing = Set(vocabulary).symmetricDifference(expected)
        #expect(!differing.isEmpty)
        for term in differing {
            #expect(total[term] == cutoff, "\(term) differs but is not tied at the cut-off count \(cutoff)")
        }
    }

    @Test("HashingVectorizer matches scikit-learn", arguments: hashingCases)
    func hashingMatchesScikitLearn(_ c: ParityCase) throws {
        let texts = try #require(ParityFixture.shared.corpora[c.corpus])
        let matrix = try c.hashingVectorizer.transform(texts, as: Double.self)
        expectMatrix(matrix, equals: c)
    }
}
