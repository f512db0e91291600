import Foundation
import LinearAlgebra

/// A fitted TF-IDF model: the configuration, the vocabulary in column order,
/// and each term's document frequency and IDF weight.
public struct TfidfModel: Sendable, Equatable {
    /// The configuration the model was fitted with.
    public let configuration: TfidfConfiguration
    /// The terms, in column order.
    public let vocabulary: Vocabulary
    /// Per column: how many training documents contain the term.
    public let documentFrequency: [Int]
    /// Per column: the IDF weight, or `nil` when `useIDF` is off.
    public let idf: [Double]?
    /// The number of training documents.
    public let documentCount: Int

    /// Creates a model from its parts (for loading a stored model).
    public init(configuration: TfidfConfiguration, vocabulary: Vocabulary, documentFrequency: [Int], documentCount: Int) {
        precondition(vocabulary.count == documentFrequency.count, "TfidfModel: one document frequency per term")
        self.configuration = configuration
        self.vocabulary = vocabulary
        self.documentFrequency = documentFrequency
        self.documentCount = documentCount
        self.idf = configuration.useIDF
            ? TfidfModel.idf(documentFrequency: documentFrequency, documentCount: documentCount, smooth: configuration.smoothIDF)
            : nil
    }

    /// The vocabulary as a hash table whose ids are the columns.
    /// - Complexity: O(vocabulary bytes).
    func termLookup() -> ByteStringTable {
        let lookup = ByteStringTable(expectedCount: vocabulary.count)
        vocabulary.forEachTermBytes { _, term in _ = lookup.insert(term.baseAddress!, count: term.count) }
        return lookup
    }

    /// `ln((n + s) / (df + s)) + 1` with s = 1 when smoothing, else 0.
    static func idf(documentFrequency: [Int], documentCount: Int, smooth: Bool) -> [Double] {
        let s = smooth ? 1.0 : 0.0
        let n = Double(documentCount) + s
        return documentFrequency.map { Foundation.log(n / (Double($0) + s)) + 1.0 }
    }
}

/// The matrix and model produced by fitting.
public struct TfidfFitResult<Scalar: BLASScalar>: Sendable {
    /// The fitted model.
    public let model: TfidfModel
    /// One row per document, one column per vocabulary term.
    public let matrix: CSRMatrix<Scalar>
    /// The vocabulary (shortcut for `model.vocabulary`).
    public var vocabulary: Vocabulary { model.vocabulary }
}

/// The matrix produced by `TfidfVectorizer.transform`, with the number of
/// features per document that the vocabulary did not know.
public struct TfidfTransformResult<Scalar: BLASScalar>: Sendable {
    /// One row per document, one column per vocabulary term.
    public let matrix: CSRMatrix<Scalar>
    /// Per document: feature occurrences ignored because the vocabulary lacks them.
    public let unknownFeatureCounts: [Int]
    /// Per document: all its feature occurrences, known or not (counted in
    /// the same pass, so the unknown share needs no second analysis).
    public let featureCounts: [Int]
}

/// Learns a vocabulary and IDF weights from texts and turns texts into
/// L2-normalised TF-IDF rows, numerically equal to scikit-learn's
/// `TfidfVectorizer` for the same options (see `TfidfConfiguration`).
///
/// Work is split into contiguous chunks of documents counted in parallel;
/// chunk vocabularies are sorted in parallel and merged, so the output does
/// not depend on the thread count. Word unigrams and bigrams (`.word`, and
/// `.refrain` when no token holds a space) are counted as integer keys of
/// token ranks and only the distinct terms are spelled out
/// (`WordNgramCounting`); other analyzers intern every feature's bytes.
///
/// - Complexity: O(B) expected for B input bytes to count, plus
///   O(U log U) to sort the U distinct features; memory O(U + nnz).
public struct TfidfVectorizer: Sendable {
    /// The options.
    public let configuration: TfidfConfiguration
    /// Threads used for counting and building rows. Default: all cores.
    public let threads: Int

    /// Creates a vectorizer.
    public init(configuration: TfidfConfiguration = TfidfConfiguration(), threads: Int = Parallel.availableCores) {
        self.configuration = configuration
        self.threads = max(1, threads)
    }

    /// Learns the vocabulary and IDF and returns the TF-IDF matrix of `texts`.
    public func fitTransform<Scalar: BLASScalar>(_ texts: [String], as _: Scalar.Type = Double.self) throws(VectorizationError) -> TfidfFitResult<Scalar> {
        try fitTransform(texts, as: Scalar.self, wordKeys: true)
    }

    /// `fitTransform`; `wordKeys: false` forces the general string-interning
    /// path even where `WordNgramCounting` applies (tests compare the two).
    func fitTransform<Scalar: BLASScalar>(_ texts: [String], as _: Scalar.Type, wordKeys: Bool) throws(VectorizationError) -> TfidfFitResult<Scalar> {
        try configuration.validate()
        guard !texts.isEmpty else { throw .noDocuments }
        let chunkRanges = Parallel.chunks(of: texts.count, into: threads)
        let analyzer = configuration.analyzer
        if wordKeys, WordNgramCounting.supports(analyzer),
           let counted = WordNgramCounting.count(texts, chunkRanges: chunkRanges, analyzer: analyzer, threads: threads,
                                                 totals: configuration.maxFeatures != nil) {
            return try fitTransform(counted, documentCount: texts.count)
        }
        let chunks = Parallel.map(chunkRanges.count, threads: threads) { c in
            ChunkCounts.count(texts, range: chunkRanges[c], analyzer: analyzer)
        }
        Parallel.forEach(chunks.count, threads: threads) { chunks[$0].sortTerms() }
        let merged = MergedTerms.merge(chunks)
        guard merged.count > 0 else { throw .emptyVocabulary }

        let keep = try selectColumns(documentFrequency: merged.documentFrequency, totalCount: merged.totalCount,
                                     documentCount: texts.count)
        // Global term → column (or -1), and the kept vocabulary.
        var column = [Int32](repeating: -1, count: merged.count)
        var bytes: [UInt8] = [], offsets = [0], documentFrequency: [Int] = []
        for g in 0 ..< merged.count where keep[g] {
            column[g] = Int32(documentFrequency.count)
            bytes.append(contentsOf: merged.bytes[merged.offsets[g] ..< merged.offsets[g + 1]])
            offsets.append(bytes.count)
            documentFrequency.append(merged.documentFrequency[g])
        }
        let model = TfidfModel(configuration: configuration, vocabulary: Vocabulary(sortedBytes: bytes, offsets: offsets),
                               documentFrequency: documentFrequency, documentCount: texts.count)
        // Each chunk's local id → column.
        for chunk in chunks {
            chunk.globalID = chunk.globalID.map { $0 < 0 ? -1 : column[Int($0)] }
        }
        let rows = chunks.map { chunk in
            RowSource(offsets: chunk.rowOffsets, ids: chunk.ids, counts: chunk.counts, column: chunk.globalID)
        }
        let matrix: CSRMatrix<Scalar> = RowAssembler(model: model, threads: threads).assemble(rows, documentCount: texts.count)
        return TfidfFitResult(model: model, matrix: matrix)
    }

    /// The fit from word n-gram keys (`WordNgramCounting`).
    private func fitTransform<Scalar: BLASScalar>(_ counted: WordNgramCounting.Result, documentCount: Int) throws(VectorizationError) -> TfidfFitResult<Scalar> {
        guard !counted.keys.isEmpty else { throw .emptyVocabulary }
        let keep = try selectColumns(documentFrequency: counted.documentFrequency, totalCount: counted.totalCount,
                                     documentCount: documentCount)
        var column = [Int32](repeating: -1, count: counted.keys.count)
        var documentFrequency: [Int] = []
        for g in counted.keys.indices where keep[g] {
            column[g] = Int32(documentFrequency.count)
            documentFrequency.append(counted.documentFrequency[g])
        }
        let (bytes, offsets) = counted.terms(keep: keep)
        let model = TfidfModel(configuration: configuration, vocabulary: Vocabulary(sortedBytes: bytes, offsets: offsets),
                               documentFrequency: documentFrequency, documentCount: documentCount)
        let sources = counted.rows, columnOfKey = column
        let rows = Parallel.map(sources.count, threads: threads) { c in
            var source = sources[c]
            source.column = source.column.map { columnOfKey[Int($0)] }
            return source
        }
        let matrix: CSRMatrix<Scalar> = RowAssembler(model: model, threads: threads).assemble(rows, documentCount: documentCount)
        return TfidfFitResult(model: model, matrix: matrix)
    }

    /// Learns the vocabulary and IDF weights only.
    public func fit(_ texts: [String]) throws(VectorizationError) -> TfidfModel {
        try fitTransform(texts, as: Float.self).model
    }

    /// The TF-IDF rows of `texts` under an already fitted `model`; features
    /// missing from its vocabulary are ignored and counted.
    public static func transform<Scalar: BLASScalar>(_ texts: [String], model: TfidfModel, threads: Int = Parallel.availableCores,
                                                    as _: Scalar.Type = Double.self) -> TfidfTransformResult<Scalar> {
        let lookup = TermLookup(columnsOf: model)
        let chunkRanges = KnownTermCounter.byteBalancedChunks(texts, count: max(1, threads) * 4)
        let analyzer = model.configuration.analyzer
        let parts = Parallel.map(chunkRanges.count, threads: threads) { c in
            KnownTermCounter.count(texts, range: chunkRanges[c], analyzer: analyzer, lookup: lookup)
        }
        let matrix: CSRMatrix<Scalar> = RowAssembler(model: model, threads: threads)
            .assemble(parts.map(\.rows), documentCount: texts.count)
        return TfidfTransformResult(matrix: matrix, unknownFeatureCounts: parts.flatMap(\.unknown),
                                    featureCounts: parts.flatMap(\.features))
    }

    /// Applies min/max document frequency and the feature limit, as
    /// scikit-learn's `_limit_features` does.
    /// `totalCount` is only read when `maxFeatures` is set.
    private func selectColumns(documentFrequency: [Int], totalCount: [Int64], documentCount n: Int) throws(VectorizationError) -> [Bool] {
        let high = configuration.maxDF.documents(of: n)
        let low = configuration.minDF.documents(of: n)
        guard high >= low else { throw .maxDFBelowMinDF(maxDocuments: high, minDocuments: low) }
        var keep = documentFrequency.map { Double($0) <= high && Double($0) >= low }
        if let limit = configuration.maxFeatures {
            var candidates = (0 ..< documentFrequency.count).filter { keep[$0] }
            if candidates.count > limit {
                // Most frequent first; ties keep vocabulary (alphabetical) order.
                candidates.sort { totalCount[$0] != totalCount[$1] ? totalCount[$0] > totalCount[$1] : $0 < $1 }
                keep = [Bool](repeating: false, count: documentFrequency.count)
                for g in candidates.prefix(limit) { keep[g] = true }
            }
        }
        guard keep.contains(true) else { throw .noTermsAfterPruning }
        return keep
    }
}
