@_exported import Tokenization

/// A document-frequency bound: an absolute number of documents or a share of them
/// (scikit-learn's `min_df`/`max_df`, which are counts when integers and
/// proportions when floats).
public enum DocumentFrequencyBound: Sendable, Hashable {
    /// At least/at most this many documents.
    case count(Int)
    /// At least/at most this share of the documents, in 0...1.
    case fraction(Double)

    /// The bound in documents for a corpus of `documentCount` (a fraction is
    /// multiplied without rounding, as scikit-learn does).
    public func documents(of documentCount: Int) -> Double {
        switch self {
        case let .count(n): return Double(n)
        case let .fraction(f): return f * Double(documentCount)
        }
    }
}

/// Row normalisation of the TF-IDF matrix (scikit-learn's `norm`).
public enum RowNorm: String, Sendable, Hashable, Codable, CaseIterable {
    /// Divide each row by the sum of its absolute values.
    case l1
    /// Divide each row by its Euclidean length (cosine similarity becomes a dot product).
    case l2
}

/// Everything that decides how texts become TF-IDF vectors. Names and defaults
/// follow scikit-learn's `TfidfVectorizer`, so the same options give the same
/// numbers.
///
/// The weight of term t in document d is
///
///     tf(t, d) · idf(t), then the row is normalised
///
/// with `tf` the raw count (`binary`: 1 when present; `sublinearTF`:
/// `1 + ln(count)`), and
///
///     idf(t) = ln((1 + n) / (1 + df(t))) + 1   when smoothIDF (default)
///     idf(t) = ln(n / df(t)) + 1               otherwise
///
/// for n documents, df(t) of which contain t; `useIDF = false` sets idf ≡ 1.
public struct TfidfConfiguration: Sendable, Hashable {
    /// How texts become features.
    public var analyzer: AnalyzerConfiguration
    /// Drop terms in fewer documents than this. Default `.count(1)`.
    public var minDF: DocumentFrequencyBound
    /// Drop terms in more documents than this. Default `.fraction(1.0)`.
    public var maxDF: DocumentFrequencyBound
    /// Keep only the this many most frequent terms (by total count; ties go to
    /// the alphabetically earlier term). Default `nil`: all.
    public var maxFeatures: Int?
    /// Use 1 for every present term instead of its count. Default `false`.
    public var binary: Bool
    /// Use `1 + ln(count)` instead of the count. Default `false`.
    public var sublinearTF: Bool
    /// Weight by inverse document frequency. Default `true`.
    public var useIDF: Bool
    /// Add one to n and to every df, as if one extra document held every term. Default `true`.
    public var smoothIDF: Bool
    /// Row normalisation; `nil` leaves rows as they are. Default `.l2`.
    public var norm: RowNorm?

    /// Creates a configuration; the defaults are scikit-learn's.
    public init(analyzer: AnalyzerConfiguration = AnalyzerConfiguration(), minDF: DocumentFrequencyBound = .count(1),
                maxDF: DocumentFrequencyBound = .fraction(1.0), maxFeatures: Int? = nil, binary: Bool = false,
                sublinearTF: Bool = false, useIDF: Bool = true, smoothIDF: Bool = true, norm: RowNorm? = .l2) {
        self.analyzer = analyzer
        self.minDF = minDF
        self.maxDF = maxDF
        self.maxFeatures = maxFeatures
        self.binary = binary
        self.sublinearTF = sublinearTF
        self.useIDF = useIDF
        self.smoothIDF = smoothIDF
        self.norm = norm
    }

    /// Refrain's defaults for news: its own analyzer with English stop words,
    /// unigrams, otherwise scikit-learn's defaults.
    public static var refrainDefault: TfidfConfiguration {
        TfidfConfiguration(analyzer: .refrainDefault)
    }

    /// The n-gram range of the analyzer (shortcut).
    public var ngramRange: ClosedRange<Int> {
        get { analyzer.ngramRange }
        set { analyzer.ngramRange = newValue }
    }

    /// Checks every value, as scikit-learn's parameter validation does.
    public func validate() throws(VectorizationError) {
        do { try analyzer.validate() } catch { throw .invalidConfiguration(error.description) }
        for (name, bound) in [("minDF", minDF), ("maxDF", maxDF)] {
            switch bound {
            case let .count(n) where n < 1:
                throw .invalidConfiguration("\(name) = \(n) must be a document count of at least 1 or a fraction in 0...1")
            case let .fraction(f) where !(0 ... 1).contains(f):
                throw .invalidConfiguration("\(name) = \(f) must be a fraction in 0...1 or a document count of at least 1")
            default: break
            }
        }
        if let maxFeatures, maxFeatures < 1 {
            throw .invalidConfiguration("maxFeatures = \(maxFeatures) must be at least 1")
        }
    }
}
