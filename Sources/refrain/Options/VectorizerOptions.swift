import ArgumentParser
import Foundation
import Refrain

extension AnalyzerKind: ExpressibleByArgument {}
extension AccentStripping: ExpressibleByArgument {}

/// `l1`, `l2` or `none`.
enum NormChoice: String, ExpressibleByArgument, CaseIterable {
    case l1, l2, none
    var norm: RowNorm? { self == .none ? nil : RowNorm(rawValue: rawValue) }
}

/// An n-gram range written `MIN,MAX` (or one number for both).
struct NgramRangeArgument: ExpressibleByArgument {
    let range: ClosedRange<Int>
    init?(argument: String) {
        let parts = argument.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard (1 ... 2).contains(parts.count), let low = parts.first ?? nil, let high = parts.last ?? nil,
              low >= 1, high >= low else { return nil }
        range = low ... high
    }
    var defaultValueDescription: String { "\(range.lowerBound),\(range.upperBound)" }
}

/// A document-frequency bound: a whole number is a count of documents, a
/// number with a decimal point a share of them (as scikit-learn's min_df/max_df).
struct FrequencyBoundArgument: ExpressibleByArgument {
    let bound: DocumentFrequencyBound
    var defaultValueDescription: String {
        switch bound {
        case let .count(n): return String(n)
        case let .fraction(f): return String(f)
        }
    }
    init?(argument: String) {
        if !argument.contains("."), let n = Int(argument) {
            bound = .count(n)
        } else if let f = Double(argument) {
            bound = .fraction(f)
        } else {
            return nil
        }
    }
}

/// How articles become TF-IDF vectors. Defaults: Refrain's analyzer with
/// English stop words; every other default is scikit-learn's.
struct VectorizerOptions: ParsableArguments {
    @Option(help: "Analyzer: refrain (news-aware words), word (scikit-learn's token pattern), char or char_wb (character n-grams).")
    var analyzer: AnalyzerKind = .refrain

    @Option(help: ArgumentHelp("N-gram lengths MIN,MAX: words for refrain/word, characters for char/char_wb.", valueName: "min,max"))
    var ngramRange: NgramRangeArgument = NgramRangeArgument(argument: "1,1")!

    @Option(help: ArgumentHelp("english, none, or a file with one stop word per line. Default: english for the refrain analyzer, none otherwise.",
                               valueName: "list"))
    var stopWords: String?

    @Option(help: ArgumentHelp("Drop terms in fewer documents: a count (2) or a share (0.01).", valueName: "n"))
    var minDf: FrequencyBoundArgument = FrequencyBoundArgument(argument: "1")!

    @Option(help: ArgumentHelp("Drop terms in more documents: a count (500) or a share (0.9).", valueName: "n"))
    var maxDf: FrequencyBoundArgument = FrequencyBoundArgument(argument: "1.0")!

    @Option(help: "Keep only the N most frequent terms.")
    var maxFeatures: Int?

    @Flag(help: "Weight presence (1) instead of counts.")
    var binary = false

    @Flag(help: "Weight counts as 1 + ln(count).")
    var sublinearTf = false

    @Flag(help: "Do not weight by inverse document frequency.")
    var noIdf = false

    @Flag(help: "Use ln(n / df) + 1 instead of the smoothed ln((1 + n) / (1 + df)) + 1.")
    var noSmoothIdf = false

    @Option(help: "Row normalisation.")
    var norm: NormChoice = .l2

    @Flag(help: "Keep letter case.")
    var noLowercase = false

    @Option(help: "Strip accents: ascii or unicode (scikit-learn's strip_accents).")
    var stripAccents: AccentStripping?

    @Option(help: "Threads for tokenizing and counting (default: all cores). Results do not depend on it.")
    var threads: Int?

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if let maxFeatures, maxFeatures < 1 { throw ValidationError("--max-features must be at least 1") }
        do { _ = try configuration() } catch { throw ValidationError(error.message) }
    }

    var threadCount: Int { threads ?? Parallel.availableCores }

    /// The TF-IDF configuration these options describe.
    func configuration() throws(RefrainFailure) -> TfidfConfiguration {
        var analyzerConfiguration = AnalyzerConfiguration(kind: analyzer, lowercase: !noLowercase, stripAccents: stripAccents,
                                                          ngramRange: ngramRange.range)
        switch stopWords ?? (analyzer == .refrain ? "english" : "none") {
        case "none": analyzerConfiguration.stopWords = nil
        case "english": analyzerConfiguration.stopWords = .english
        case let path:
            do {
                analyzerConfiguration.stopWords = try StopWordList(contentsOf: path)
            } catch {
                throw RefrainFailure("cannot read the stop-word list \(path): \(error); give english, none, or a file with one word per line",
                                     exitCode: .usage)
            }
        }
        let configuration = TfidfConfiguration(analyzer: analyzerConfiguration, minDF: minDf.bound, maxDF: maxDf.bound,
                                               maxFeatures: maxFeatures, binary: binary, sublinearTF: sublinearTf,
                                               useIDF: !noIdf, smoothIDF: !noSmoothIdf, norm: norm.norm)
        do { try configuration.validate() } catch { throw .vectorization(error) }
        return configuration
    }
}
