import Foundation

/// A small facade over the stages: load → clean → vectorize → report.
/// Each function is one stage; the CLI calls them and renders the results.
public enum Pipeline {
    /// Per-stage wall-clock times, in seconds.
    public struct Timings: Sendable, Codable, Equatable {
        /// Reading and cleaning the input.
        public var loadSeconds: Double = 0
        /// Tokenizing, counting and weighting.
        public var vectorizeSeconds: Double = 0
    }

    /// Runs one named step of a longer stage over `count` items of `unit`
    /// (e.g. 1,200 "documents"); callers pass one that times or reports it.
    public typealias StageRunner = (_ name: String, _ count: Int, _ unit: String, _ body: () -> Void) -> Void

    /// The `StageRunner` that just runs the step.
    public static func runStage(_: String, _: Int, _: String, _ body: () -> Void) { body() }

    /// Vectorizes `documents` (title and body) and reports each document's top
    /// `topK` terms.
    /// - Complexity: that of `TfidfVectorizer.fitTransform`, plus O(nnz log k).
    public static func vectorize(_ documents: [Document], configuration: TfidfConfiguration, threads: Int,
                                 topK: Int, warnings: [String] = []) throws(VectorizationError)
        -> (report: VectorizationReport, result: TfidfFitResult<Double>, seconds: Double) {
        let texts = documents.map(\.fullText)
        let start = DispatchTime.now().uptimeNanoseconds
        let result = try TfidfVectorizer(configuration: configuration, threads: threads).fitTransform(texts, as: Double.self)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let matrix = result.matrix
        let vocabulary = result.vocabulary
        let top = documents.indices.map { row -> VectorizationReport.DocumentTerms in
            let (columns, values) = matrix.row(row)
            let ranked = zip(columns, values)
                .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
                .prefix(topK)
                .map { VectorizationReport.WeightedTerm(term: vocabulary[Int($0.0)], weight: $0.1) }
            let d = documents[row]
            return VectorizationReport.DocumentTerms(document: d.id, title: d.title, date: d.date?.description,
                                                     termCount: columns.count, terms: Array(ranked))
        }
        let report = VectorizationReport(documents: documents.count, vocabularySize: vocabulary.count,
                                         nonZeros: matrix.nonZeroCount, configuration: describe(configuration),
                                         topTerms: top, warnings: warnings)
        return (report, result, seconds)
    }

    /// A one-line description of a configuration, for reports.
    public static func describe(_ c: TfidfConfiguration) -> String {
        let range = c.ngramRange
        let grams = range.lowerBound == range.upperBound
            ? (range.lowerBound == 1 ? "unigrams" : "\(range.lowerBound)-grams")
            : "\(range.lowerBound)- to \(range.upperBound)-grams"
        var parts = ["\(c.analyzer.kind.rawValue) analyzer", grams]
        if c.analyzer.stopWords != nil { parts.append("stop words removed") }
        if !c.analyzer.lowercase { parts.append("case kept") }
        if let accents = c.analyzer.stripAccents { parts.append("accents stripped (\(accents.rawValue))") }
        if c.binary { parts.append("binary tf") } else if c.sublinearTF { parts.append("sublinear tf") }
        parts.append(c.useIDF ? (c.smoothIDF ? "smooth idf" : "idf") : "no idf")
        parts.append(c.norm.map { "\($0.rawValue) norm" } ?? "no norm")
        return parts.joined(separator: ", ")
    }
}
