/// Turns a document into its list of features, in order: scikit-learn's
/// `build_analyzer()` for the `.word`, `.char` and `.charWB` kinds, and
/// Refrain's word analyzer for `.refrain`.
///
/// For bulk work use `TfidfVectorizer`, which runs the same analysis without
/// creating a `String` per feature.
public struct Analyzer: Sendable {
    /// The configuration applied.
    public let configuration: AnalyzerConfiguration

    /// Creates an analyzer; fails when the configuration is invalid.
    public init(_ configuration: AnalyzerConfiguration) throws(AnalyzerConfigurationError) {
        try configuration.validate()
        self.configuration = configuration
    }

    /// The features of `text`: unigrams first, then longer n-grams, each in text order.
    /// - Complexity: O(n · k) for n bytes and k n-gram lengths.
    public func features(of text: String) -> [String] {
        let extractor = FeatureExtractor(configuration)
        extractor.extract(text)
        return extractor.features()
    }
}
