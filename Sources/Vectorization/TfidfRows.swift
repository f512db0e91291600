import Foundation
import LinearAlgebra

/// One document's row as `TfidfVectorizer.transform(as: Double.self)` would
/// store it, lent to a closure: its columns ascending, the values, and the
/// document's feature counts. The buffers are valid only during the call.
public struct TfidfRow {
    /// The document's index in the input.
    public let document: Int
    /// Columns of the non-zero entries, ascending.
    public let columns: UnsafeBufferPointer<Int32>
    /// Each entry's position in the model's `columnsByFrequency`.
    public let terms: UnsafeBufferPointer<Int32>
    /// The entries' TF-IDF values (row-normalised as configured).
    public let values: UnsafeBufferPointer<Double>
    /// Feature occurrences the vocabulary does not know.
    public let unknownFeatures: Int
    /// All feature occurrences, known or not.
    public let features: Int
}

extension TfidfVectorizer {
    /// Computes `body` on the TF-IDF row of every text under `model`, with
    /// the values `transform` would give, without building a matrix: for
    /// callers that only reduce each row (score it, project it).
    ///
    /// Builds a ``TfidfRowMapper`` for the call; keep one to map several
    /// batches under the same model.
    /// - Complexity: O(vocabulary bytes + training documents) to build the mapper, then as
    ///   ``TfidfRowMapper/mapRows(_:threads:_:)``.
    public static func mapRows<T: Sendable>(_ texts: [String], model: TfidfModel, threads: Int = Parallel.availableCores,
                                            _ body: @Sendable (TfidfRow) -> T) -> [T] {
        TfidfRowMapper(model).mapRows(texts, threads: threads, body)
    }
}

/// A fitted model's vocabulary and IDF laid out for mapping new texts to
/// TF-IDF rows (``TfidfRow``): the term hash tables, with term ids in order
/// of falling document frequency, and the IDF by term id. Built once, read
/// by any number of threads, so a caller can prepare it while other work
/// runs (a model just loaded, articles still being read).
public struct TfidfRowMapper: Sendable {
    private let lookup: TermLookup
    /// IDF by term id, so the common terms' weights sit together; `nil` without IDF.
    private let idfByID: [Double]?
    private let configuration: TfidfConfiguration

    /// The model's columns by falling document frequency (its
    /// `columnsByFrequency`): `columnsByFrequency[t]` is the column of the
    /// term a row's `terms` entry `t` names.
    public var columnsByFrequency: [Int32] { lookup.columnOfID! }

    /// Lays out `model` for mapping.
    /// - Complexity: O(vocabulary bytes + training documents).
    public init(_ model: TfidfModel) {
        lookup = TermLookup(byFrequencyOf: model)
        let order = lookup.columnOfID!
        idfByID = model.idf.map { idf in order.map { idf[Int($0)] } }
        configuration = model.configuration
    }

    /// Computes `body` on the TF-IDF row of every text, with the values
    /// `TfidfVectorizer.transform` would give under the model, without
    /// building a matrix.
    ///
    /// Texts are split into contiguous chunks of about equal bytes, counted
    /// and weighted in parallel; `body` runs on the chunk's thread, and the
    /// results come back in input order whatever the thread count.
    /// - Complexity: O(B) expected for B input bytes, plus `body`'s cost;
    ///   memory O(vocabulary) per thread.
    public func mapRows<T: Sendable>(_ texts: [String], threads: Int = Parallel.availableCores,
                                     _ body: @Sendable (TfidfRow) -> T) -> [T] {
        let chunks = KnownTermCounter.byteBalancedChunks(texts, count: max(1, threads) * 4)
        let lookup = self.lookup, configuration = self.configuration, idf = idfByID
        let parts = Parallel.map(chunks.count, threads: threads) { c -> [T] in
            let counter = KnownTermCounter(analyzer: configuration.analyzer, lookup: lookup)
            var weights: [Double] = []
            var results: [T] = []
            results.reserveCapacity(chunks[c].count)
            for d in chunks[c] {
                counter.count(texts[d])
                weights.removeAll(keepingCapacity: true)
                let ids = counter.ids, counts = counter.counts
                for i in ids.indices {
                    weights.append(TermWeight.of(count: counts[i], idf: idf?[Int(ids[i])], configuration))
                }
                RowNormalization.normalize(&weights, configuration.norm)
                let result = weights.withUnsafeBufferPointer { values in
                    body(TfidfRow(document: d, columns: counter.columns, terms: ids, values: values,
                                  unknownFeatures: counter.unknownFeatures, features: counter.features))
                }
                results.append(result)
            }
            return results
        }
        return parts.flatMap { $0 }
    }
}
