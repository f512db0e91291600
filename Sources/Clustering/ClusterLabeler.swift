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
    ///
    /// Document counts are mined level by level (1, 2, … tokens): a phrase
    /// can be in `needed` documents only if its two sub-phrases one token
    /// shorter are, so each level counts only phrases whose prefix and suffix
    /// qualified at the level before (as in Apriori frequent-sequence mining).
    /// - Complexity: O(tokens · maxLength) expected time, O(distinct phrases counted) memory.
    func keyPhrases(tokens: [[String]], members: [[Int]], isStopWord: (String) -> Bool) -> [String?] {
        // Intern tokens so phrases are small integer keys.
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

        // Per cluster: the qualified phrases of the wanted lengths, with counts.
        var qualifiedPerCluster: [[(key: PhraseKey, documents: Int)]] = []
        var candidates = PhraseTable()
        for rows in members {
            let needed = Int32(min(minimumPhraseDocuments, rows.count))
            var previous = PhraseTable()
            var qualified: [(key: PhraseKey, documents: Int)] = []
            for length in 1 ... lengths.upperBound {
                var table = PhraseTable()
                for i in rows {
                    let document = documents[i]
                    guard document.count >= length else { continue }
                    for start in 0 ... document.count - length {
                        if length > 1 {
                            let prefix = PhraseKey(document, start, length - 1)
                            let suffix = PhraseKey(document, start + 1, length - 1)
                            guard previous.documents(of: prefix) >= needed, previous.documents(of: suffix) >= needed else {
                                continue
                            }
                        }
                        table.count(PhraseKey(document, start, length), inDocument: Int32(i))
                    }
                }
                if lengths.contains(length) {
                    table.forEach { key, count in
                        guard count >= needed, !stop[Int(key.first)], !stop[Int(key.last)] else { return }
                        qualified.append((key, Int(count)))
                        candidates.insert(key)
                    }
                }
                previous = table
                if previous.isEmpty { break }
            }
            qualifiedPerCluster.append(qualified)
        }

        // Document frequency of the candidates over all documents.
        if !candidates.isEmpty {
            for (i, document) in documents.enumerated() {
                for length in lengths where length <= document.count {
                    for start in 0 ... document.count - length {
                        if stop[Int(document[start])] || stop[Int(document[start + length - 1])] { continue }
                        candidates.countIfPresent(PhraseKey(document, start, length), inDocument: Int32(i))
                    }
                }
            }
        }

        return qualifiedPerCluster.map { qualified in
            var best: (score: Double, length: Int, text: String)?
            for (key, inCluster) in qualified {
                let frequency = Double(candidates.documents(of: key))
                let score = Double(inCluster) * Double(inCluster) / frequency
                let length = key.length
                if let current = best {
                    if score < current.score || (score == current.score && length < current.length) { continue }
                    let text = key.text(words)
                    if score == current.score && length == current.length && text >= current.text { continue }
                    best = (score, length, text)
                } else {
                    best = (score, length, key.text(words))
                }
            }
            return best?.text
        }
    }
}

/// One to four interned tokens packed into two words; unused slots hold
/// `UInt32.max` (token ids are below 2³¹).
struct PhraseKey: Equatable {
    let high: UInt64
    let low: UInt64

    /// The `length` tokens of `document` from `start`.
    @inline(__always)
    init(_ document: [Int32], _ start: Int, _ length: Int) {
        func slot(_ offset: Int) -> UInt64 {
            offset < length ? UInt64(UInt32(bitPattern: document[start + offset])) : UInt64(UInt32.max)
        }
        high = slot(0) << 32 | slot(1)
        low = slot(2) << 32 | slot(3)
    }

    init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    var tokens: [Int32] {
        [high >> 32, high & 0xFFFF_FFFF, low >> 32, low & 0xFFFF_FFFF]
            .filter { $0 != UInt64(UInt32.max) }.map { Int32(truncatingIfNeeded: $0) }
    }

    var length: Int { tokens.count }
    var first: Int32 { Int32(truncatingIfNeeded: high >> 32) }
    var last: Int32 { tokens.last! }

    func text(_ words: [String]) -> String { tokens.map { words[Int($0)] }.joined(separator: " ") }

    /// A 64-bit mix of both words (SplitMix64's finaliser).
    @inline(__always) var hash: UInt64 {
        var h = (high &* 0x9E37_79B9_7F4A_7C15) ^ (low &* 0xC2B2_AE3D_27D4_EB4F)
        h ^= h >> 29
        h &*= 0xBF58_476D_1CE4_E5B9
        return h ^ (h >> 32)
    }
}

/// An open-addressing hash table (linear probing, power-of-two capacity)
/// from phrase keys to the number of documents containing them; each entry
/// remembers the last document counted so a document counts once.
struct PhraseTable {
    private var highs: [UInt64]
    private var lows: [UInt64]
    private var counts: [Int32]
    private var lastDocuments: [Int32]
    private(set) var count = 0

    /// An empty slot's `high`: never a real key (its top token would be 2³² − 1).
    private static var empty: UInt64 { .max }

    init() {
        highs = [UInt64](repeating: Self.empty, count: 16)
        lows = [UInt64](repeating: 0, count: 16)
        counts = [Int32](repeating: 0, count: 16)
        lastDocuments = [Int32](repeating: -1, count: 16)
    }

    var isEmpty: Bool { count == 0 }

    /// Counts `key` for `document` once, inserting it if new.
    @inline(__always)
    mutating func count(_ key: PhraseKey, inDocument document: Int32) {
        let slot = findOrInsert(key)
        if lastDocuments[slot] != document {
            lastDocuments[slot] = document
            counts[slot] += 1
        }
    }

    /// Counts `key` for `document` once if it is in the table.
    @inline(__always)
    mutating func countIfPresent(_ key: PhraseKey, inDocument document: Int32) {
        guard let slot = find(key), lastDocuments[slot] != document else { return }
        lastDocuments[slot] = document
        counts[slot] += 1
    }

    /// Inserts `key` with no documents, if absent.
    mutating func insert(_ key: PhraseKey) { _ = findOrInsert(key) }

    /// The documents counted for `key`, 0 when absent.
    @inline(__always)
    func documents(of key: PhraseKey) -> Int32 {
        guard let slot = find(key) else { return 0 }
        return counts[slot]
    }

    /// Calls `body` with every key and its count.
    func forEach(_ body: (PhraseKey, Int32) -> Void) {
        for slot in highs.indices where highs[slot] != Self.empty {
            body(PhraseKey(high: highs[slot], low: lows[slot]), counts[slot])
        }
    }

    @inline(__always)
    private func find(_ key: PhraseKey) -> Int? {
        let mask = highs.count - 1
        var slot = Int(truncatingIfNeeded: key.hash) & mask
        while true {
            let high = highs[slot]
            if high == Self.empty { return nil }
            if high == key.high && lows[slot] == key.low { return slot }
            slot = (slot + 1) & mask
        }
    }

    @inline(__always)
    private mutating func findOrInsert(_ key: PhraseKey) -> Int {
        if (count + 1) * 4 > highs.count * 3 { grow() }
        let mask = highs.count - 1
        var slot = Int(truncatingIfNeeded: key.hash) & mask
        while true {
            let high = highs[slot]
            if high == Self.empty {
                highs[slot] = key.high
                lows[slot] = key.low
                count += 1
                return slot
            }
            if high == key.high && lows[slot] == key.low { return slot }
            slot = (slot + 1) & mask
        }
    }

    private mutating func grow() {
        let old = (highs, lows, counts, lastDocuments)
        let capacity = highs.count * 2
        highs = [UInt64](repeating: Self.empty, count: capacity)
        lows = [UInt64](repeating: 0, count: capacity)
        counts = [Int32](repeating: 0, count: capacity)
        lastDocuments = [Int32](repeating: -1, count: capacity)
        let mask = capacity - 1
        for slot in old.0.indices where old.0[slot] != Self.empty {
            var target = Int(truncatingIfNeeded: PhraseKey(high: old.0[slot], low: old.1[slot]).hash) & mask
            while highs[target] != Self.empty { target = (target + 1) & mask }
            highs[target] = old.0[slot]
            lows[target] = old.1[slot]
            counts[target] = old.2[slot]
            lastDocuments[target] = old.3[slot]
        }
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
