/// Which analyzer turns a document into features.
public enum AnalyzerKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Refrain's word analyzer for news text (see `RefrainTokenizer`): NFKC,
    /// lowercase, hyphenated, joined and possessive forms made compatible
    /// ("one-China" = "oneChina", "China's" = "Chinas", "U.S." = "US").
    case refrain
    /// scikit-learn's `analyzer="word"` with its default
    /// `token_pattern=r"(?u)\b\w\w+\b"`: runs of two or more word characters.
    case word
    /// scikit-learn's `analyzer="char"`: character n-grams over the whole
    /// text after runs of two or more white-space characters become one space.
    case char
    /// scikit-learn's `analyzer="char_wb"`: character n-grams inside
    /// white-space separated words padded with one space on each side.
    case charWB = "char_wb"
}

/// How accents are removed before tokenizing (scikit-learn's `strip_accents`).
public enum AccentStripping: String, Sendable, Hashable, Codable, CaseIterable {
    /// NFKD, then drop every non-ASCII scalar.
    case ascii
    /// NFKD, then drop combining marks (left untouched when the text is ASCII).
    case unicode
}

/// How a document becomes a list of features (terms or character n-grams).
/// Field names follow scikit-learn's `CountVectorizer` parameters.
public struct AnalyzerConfiguration: Sendable, Hashable {
    /// The analyzer. Default `.word` (scikit-learn's default).
    public var kind: AnalyzerKind
    /// Lowercase the text first (Python's `str.lower()` for the scikit-learn
    /// analyzers; full Unicode lowercase after NFKC for `.refrain`). Default `true`.
    public var lowercase: Bool
    /// Accent removal after lowercasing; `nil` keeps accents. Default `nil`.
    public var stripAccents: AccentStripping?
    /// The n-gram lengths produced: words for `.refrain`/`.word`, characters
    /// for `.char`/`.charWB`. Default `1...1`.
    public var ngramRange: ClosedRange<Int>
    /// Words removed before word n-grams are formed; ignored by the character
    /// analyzers, as in scikit-learn. Default `nil`.
    public var stopWords: StopWordList?

    /// Creates a configuration; the defaults are scikit-learn's.
    public init(kind: AnalyzerKind = .word, lowercase: Bool = true, stripAccents: AccentStripping? = nil,
                ngramRange: ClosedRange<Int> = 1 ... 1, stopWords: StopWordList? = nil) {
        self.kind = kind
        self.lowercase = lowercase
        self.stripAccents = stripAccents
        self.ngramRange = ngramRange
        self.stopWords = stopWords
    }

    /// Refrain's defaults for news text: the `.refrain` analyzer with English stop words.
    public static var refrainDefault: AnalyzerConfiguration {
        AnalyzerConfiguration(kind: .refrain, stopWords: .english)
    }

    /// Checks the values, describing the first problem found.
    public func validate() throws(AnalyzerConfigurationError) {
        guard ngramRange.lowerBound >= 1 else { throw .invalidNgramRange(ngramRange) }
    }
}

/// A problem with an `AnalyzerConfiguration`.
public enum AnalyzerConfigurationError: Error, Equatable, CustomStringConvertible {
    /// The n-gram range must start at 1 or more.
    case invalidNgramRange(ClosedRange<Int>)

    public var description: String {
        switch self {
        case let .invalidNgramRange(range):
            return "n-gram range \(range.lowerBound),\(range.upperBound) is invalid; both ends must be at least 1 and the first no larger than the second"
        }
    }
}
