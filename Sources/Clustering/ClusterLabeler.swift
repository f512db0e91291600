import LinearAlgebra

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Describes clusters of documents: keywords, a key phrase, the medoid and
/// how cohesive each cluster is. Knows no text beyond the strings it is given.
///
/// ## Keywords: class-based TF-IDF
/// BERTopic's c-TF-IDF (Grootendorst 2022) treats each cluster as one
/// document made of its members. For term t and cluster c, with `tf(t, c)`
/// the sum of t's entries over the cluster's rows of `terms`:
///
///     w(t, c) = tf(t, c) / Σ_t' tf(t', c) · ln(1 + A / f(t))
///     f(t)    = Σ_c tf(t, c)                      (t's frequency across all clusters)
///     A       = max(1, ⌊mean over clusters of Σ_t tf(t, c)⌋)   (average words per cluster)
///
/// Pass raw counts for BERTopic's weights; TF-IDF rows also work and weigh
/// terms by their TF-IDF mass instead. The `keywordCount` terms of highest
/// weight are kept (ties: lower vocabulary index), skipping terms for which
/// `isStopWord` is true and zero weights.
///
/// ## Key phrase
/// Candidates are the runs of `phraseLengths` (default 2 ... 4) consecutive
/// tokens of a document that neither start nor end with a stop word (so no
/// phrase is all stop words). A phrase qualifies for cluster c if at least
/// `min(minimumPhraseDocuments, |c|)` of its documents contain it (2 by
/// default; a singleton's only document suffices). With `dc` the number of
/// the cluster's documents containing it and `df` the number of all
/// documents containing it:
///
///     distinctiveness = dc / df             (the share of its documents inside c)
///     score           = dc · distinctiveness = dc² / df
///
/// The highest score wins; ties go to the longer phrase, then to the
/// alphabetically first. Tokens are joined with single spaces.
///
/// ## Similarities
/// Each member's cosine similarity to its cluster's centroid (the unit mean
/// direction of the members' unit vectors) comes from `terms` itself, from
/// separate `vectors` (e.g. LSA rows), or is given (e.g.
/// `KMeansResult.similarities`). The medoid is the member of highest
/// similarity, the cohesion the members' mean similarity.
public struct ClusterLabeler: Sendable {
    /// How many keywords per cluster. Default 10.
    public var keywordCount: Int
    /// The phrase lengths considered, in tokens, within 1 ... 4. Default 2 ... 4.
    public var phraseLengths: ClosedRange<Int>
    /// How many of a cluster's documents must contain a phrase (capped at the
    /// cluster's size). Default 2.
    public var minimumPhraseDocuments: Int
    /// The most threads for similarity kernels. Default: all available cores.
    public var threads: Int

    /// Creates a labeler; see each property for its meaning and default.
    public init(keywordCount: Int = 10, phraseLengths: ClosedRange<Int> = 2 ... 4, minimumPhraseDocuments: Int = 2,
                threads: Int = Parallel.availableCores) {
        self.keywordCount = keywordCount
        self.phraseLengths = phraseLengths
        self.minimumPhraseDocuments = minimumPhraseDocuments
        self.threads = threads
    }

    // MARK: - Entry points

    /// Summarises the clusters, measuring similarity on the rows of `terms`.
    ///
    /// - Parameters:
    ///   - terms: the document-term matrix (counts, or TF-IDF), one row per document.
    ///   - vocabulary: the term of each column of `terms`.
    ///   - labels: each document's cluster label (any integers).
    ///   - tokens: each document's normalised tokens, in text order, for phrases.
    ///   - isStopWord: whether a token (or a vocabulary term) is a stop word.
    /// - Returns: one summary per cluster, largest first (ties: lower first
    ///   member index), with ids `0 ..< k` in that order.
    /// - Throws: `ClusteringError.noDocuments`, `.labelCountMismatch`,
    ///   `.sizeMismatch`, `.invalidConfiguration`, `.nonFiniteValue`.
    /// - Complexity: O(nnz + total tokens · lengths) expected time.
    public func summarize<S: BLASScalar>(
        terms: CSRMatrix<S>, vocabulary: [String], labels: [Int], tokens: [[String]], isStopWord: (String) -> Bool
    ) throws(ClusteringError) -> [ClusterSummary] {
        try validate(terms: terms, vocabulary: vocabulary, labels: labels, tokens: tokens)
        let rows = try SparseUnitRows(normalizing: terms)
        return try summarize(terms: terms, vocabulary: vocabulary, labels: labels, tokens: tokens, isStopWord: isStopWord,
                             similarities: centroidSimilarities(rows, labels: labels, threads: threads))
    }

    /// Summarises the clusters, measuring similarity on `vectors` (for example LSA rows).
    /// - Throws: as the other overload, and `.sizeMismatch` unless `vectors` has one row per document.
    public func summarize<S: BLASScalar, V: BLASScalar>(
        terms: CSRMatrix<S>, vocabulary: [String], labels: [Int], tokens: [[String]], isStopWord: (String) -> Bool,
        vectors: DenseMatrix<V>
    ) throws(ClusteringError) -> [ClusterSummary] {
        try validate(terms: terms, vocabulary: vocabulary, labels: labels, tokens: tokens)
        guard vectors.rows == terms.rows else {
            throw .sizeMismatch("\(vectors.rows) vectors for \(terms.rows) documents; pass one vector per document")
        }
        let rows = try DenseUnitRows(normalizing: vectors)
        return try summarize(terms: terms, vocabulary: vocabulary, labels: labels, tokens: tokens, isStopWord: isStopWord,
                             similarities: centroidSimilarities(rows, labels: labels, threads: threads))
    }

    /// Summarises the clusters with given similarities of each document to
    /// its cluster's centroid (for example `KMeansResult.similarities`).
    /// - Throws: as the other overloads, and `.sizeMismatch` unless there is one similarity per document.
    public func summarize<S: BLASScalar>(
        terms: CSRMatrix<S>, vocabulary: [String], labels: [Int], tokens: [[String]], isStopWord: (String) -> Bool,
        similarities: [Double]
    ) throws(ClusteringError) -> [ClusterSummary] {
        try validate(terms: terms, vocabulary: vocabulary, labels: labels, tokens: tokens)
        guard similarities.count == terms.rows else {
            throw .sizeMismatch("\(similarities.count) similarities for \(terms.rows) documents; pass one per document")
        }
        let (dense, m) = denseLabels(labels)
        var members = [[Int]](repeating: [], count: m)
        for (i, label) in dense.enumerated() { members[label].append(i) }
        var originalLabel = [Int](repeating: 0, count: m)
        for (i, label) in dense.enumerated() { originalLabel[label] = labels[i] }

        let keywords = classTfidfKeywords(terms: terms, vocabulary: vocabulary, members: members, isStopWord: isStopWord)
        let phrases = keyPhrases(tokens: tokens, members: members, isStopWord: isStopWord)

        let order = (0 ..< m).sorted { (a: Int, b: Int) -> Bool in
            let sizeA = members[a].count, sizeB = members[b].count
            return sizeA != sizeB ? sizeA > sizeB : members[a][0] < members[b][0]
        }
        return order.enumerated().map { (id: Int, c: Int) -> ClusterSummary in
            var ranked: [ClusterSummary.Member] = members[c].map { .init(document: $0, similarity: similarities[$0]) }
            ranked.sort { (x: ClusterSummary.Member, y: ClusterSummary.Member) -> Bool in
                x.similarity != y.similarity ? x.similarity > y.similarity : x.document < y.document
            }
            var total = 0.0
            for member in ranked { total += member.similarity }
            let cohesion = total / Double(ranked.count)
            return ClusterSummary(id: id, label: originalLabel[c], size: ranked.count, keywords: keywords[c],
                                  phrase: phrases[c], medoid: ranked[0].document, cohesion: cohesion, members: ranked)
        }
    }

    // MARK: - Validation

    private func validate<S: BLASScalar>(terms: CSRMatrix<S>, vocabulary: [String], labels: [Int], tokens: [[String]])
        throws(ClusteringError) {
        guard terms.rows > 0 else { throw .noDocuments }
        guard labels.count == terms.rows else { throw .labelCountMismatch(labelCount: labels.count, documentCount: terms.rows) }
        guard vocabulary.count == terms.columns else {
            throw .sizeMismatch("\(vocabulary.count) vocabulary entries for \(terms.columns) term columns; pass the vectorizer's vocabulary")
        }
        guard tokens.count == terms.rows else {
            throw .sizeMismatch("\(tokens.count) token lists for \(terms.rows) documents; pass one token list per document")
        }
        guard keywordCount >= 0 else { throw .invalidConfiguration("keywordCount = \(keywordCount) must be at least 0") }
        guard phraseLengths.lowerBound >= 1, phraseLengths.upperBound <= 4 else {
            throw .invalidConfiguration("phraseLengths = \(phraseLengths.lowerBound)...\(phraseLengths.upperBound) must lie within 1...4")
        }
        guard minimumPhraseDocuments >= 1 else {
            throw .invalidConfiguration("minimumPhraseDocuments = \(minimumPhraseDocuments) must be at least 1")
        }
        guard threads >= 1 else { throw .invalidConfiguration("threads = \(threads) must be at least 1") }
    }

    // MARK: - Keywords

    /// The top c-TF-IDF terms of each cluster (see the type's documentation).
    func classTfidfKeywords<S: BLASScalar>(terms: CSRMatrix<S>, vocabulary: [String], members: [[Int]],
                                           isStopWord: (String) -> Bool) -> [[ClusterSummary.Keyword]] {
        let weights = classTfidf(terms: terms, members: members)
        var stop: [Int: Bool] = [:]
        return weights.map { clusterWeights in
            var kept: [ClusterSummary.Keyword] = []
            for (term, weight) in clusterWeights where weight > 0 {
                if kept.count == keywordCount { break }
                let isStop = stop[term] ?? {
                    let value = isStopWord(vocabulary[term])
                    stop[term] = value
                    return value
                }()
                if !isStop { kept.append(.init(term: vocabulary[term], weight: weight)) }
            }
            return kept
        }
    }

    /// For each cluster, every term with a nonzero entry and its c-TF-IDF
    /// weight, best first (ties: lower term index).
    func classTfidf<S: BLASScalar>(terms: CSRMatrix<S>, members: [[Int]]) -> [[(term: Int, weight: Double)]] {
        let v = terms.columns
        var frequency = [Double](repeating: 0, count: v)
        var totals = [Double](repeating: 0, count: members.count)
        for (c, rows) in members.enumerated() {
            for i in rows {
                for p in terms.rowOffsets[i] ..< terms.rowOffsets[i + 1] {
                    let value = Double(terms.values[p])
                    frequency[Int(terms.columnIndices[p])] += value
                    totals[c] += value
                }
            }
        }
        let average = max(1, (totals.reduce(0, +) / Double(max(1, members.count))).rounded(.down))
        var scratch = [Double](repeating: 0, count: v)
        var seen = [Bool](repeating: false, count: v)
        return members.enumerated().map { c, rows in
            var touched: [Int] = []
            for i in rows {
                for p in terms.rowOffsets[i] ..< terms.rowOffsets[i + 1] {
                    let t = Int(terms.columnIndices[p])
                    if !seen[t] {
                        seen[t] = true
                        touched.append(t)
                    }
                    scratch[t] += Double(terms.values[p])
                }
            }
            var weights: [(term: Int, weight: Double)] = []
            for t in touched {
                if totals[c] > 0, frequency[t] > 0 {
                    weights.append((t, scratch[t] / totals[c] * log(1 + average / frequency[t])))
                }
                scratch[t] = 0
                seen[t] = false
            }
            weights.sort { $0.weight > $1.weight || ($0.weight == $1.weight && $0.term < $1.term) }
            return weights
        }
    }

    // MARK: - Key phrases

    /// The key phrase of each cluster (see the type's documentation).
    func keyPhrases(tokens: [[String]], members: [[Int]], isStopWord: (String) -> Bool) -> [String?] {
        // Intern tokens so phrases are small integer tuples.
        var ids: [String: Int32] = [:]
        var words: [String] = []
        var stop: [Bool] = []
        let documents: [[Int32]] = tokens.map { document in
            document.map { token in
                if let id = ids[token] { return id }
                let id = Int32(words.count)
                ids[token] = id
                words.append(token)
                stop.append(isStopWord(token))
                return id
            }
        }
        let lengths = phraseLengths
        func forEachPhrase(in document: [Int32], _ body: (Phrase) -> Void) {
            for length in lengths where length <= document.count {
                for start in 0 ... document.count - length {
                    let first = document[start], last = document[start + length - 1]
                    if stop[Int(first)] || stop[Int(last)] { continue }
                    body(Phrase(document[start ..< start + length]))
                }
            }
        }

        // Per cluster: document counts of every phrase; keep those that qualify.
        var candidates: [[Phrase: Int]] = []
        var everyCandidate: [Phrase: (documents: Int, last: Int)] = [:]
        for rows in members {
            var counts: [Phrase: (documents: Int, last: Int)] = [:]
            for i in rows {
                forEachPhrase(in: documents[i]) { phrase in
                    let entry = counts[phrase, default: (0, -1)]
                    if entry.last != i { counts[phrase] = (entry.documents + 1, i) }
                }
            }
            let needed = min(minimumPhraseDocuments, rows.count)
            var qualified: [Phrase: Int] = [:]
            for (phrase, entry) in counts where entry.documents >= needed {
                qualified[phrase] = entry.documents
                everyCandidate[phrase] = (0, -1)
            }
            candidates.append(qualified)
        }
        // Document frequency of the candidates over all documents.
        for (i, document) in documents.enumerated() {
            forEachPhrase(in: document) { phrase in
                guard let entry = everyCandidate[phrase], entry.last != i else { return }
                everyCandidate[phrase] = (entry.documents + 1, i)
            }
        }
        return candidates.map { qualified in
            var best: (score: Double, length: Int, text: String)?
            for (phrase, inCluster) in qualified {
                let score = Double(inCluster) * Double(inCluster) / Double(everyCandidate[phrase]!.documents)
                if let current = best {
                    if score < current.score || (score == current.score && phrase.count < current.length) { continue }
                    let text = phrase.text(words)
                    if score == current.score && phrase.count == current.length && text >= current.text { continue }
                    best = (score, phrase.count, text)
                } else {
                    best = (score, phrase.count, phrase.text(words))
                }
            }
            return best?.text
        }
    }
}

/// Up to four interned tokens; unused slots are −1.
struct Phrase: Hashable {
    let a: Int32, b: Int32, c: Int32, d: Int32

    init(_ tokens: ArraySlice<Int32>) {
        var slots: (Int32, Int32, Int32, Int32) = (-1, -1, -1, -1)
        var index = tokens.startIndex
        slots.0 = tokens[index]
        index += 1
        if index < tokens.endIndex { slots.1 = tokens[index]; index += 1 }
        if index < tokens.endIndex { slots.2 = tokens[index]; index += 1 }
        if index < tokens.endIndex { slots.3 = tokens[index] }
        (a, b, c, d) = slots
    }

    var count: Int { [a, b, c, d].filter { $0 >= 0 }.count }

    func text(_ words: [String]) -> String {
        [a, b, c, d].filter { $0 >= 0 }.map { words[Int($0)] }.joined(separator: " ")
    }
}

/// Each row's cosine with the unit mean direction of its cluster's unit rows.
func centroidSimilarities<Rows: UnitRows>(_ rows: Rows, labels: [Int], threads: Int) throws(ClusteringError) -> [Double] {
    let (dense, m) = denseLabels(labels)
    let labelBuffer = Buffer(copying: dense)
    let sums = clusterSums(of: rows, labels: labelBuffer, clusterCount: m, threads: threads)
    let d = rows.dimension
    for c in 0 ..< m {
        let row = sums.base + c * d
        var squared = 0.0
        for j in 0 ..< d { squared += Double(row[j]) * Double(row[j]) }
        guard squared > 0 else { continue }
        let norm = squared.squareRoot()
        for j in 0 ..< d { row[j] = Rows.Scalar(Double(row[j]) / norm) }
    }
    return (0 ..< rows.count).map { i in Double(rows.dot(row: i, sums.base + dense[i] * d)) }
}
