import Foundation
import LinearAlgebra
import Tokenization

/// Options for near-duplicate passage detection.
public struct NearDuplicateConfiguration: Sendable, Hashable {
    /// Words per shingle used to find candidate pairs. Default 3.
    public var shingleLength: Int
    /// Shingles in more texts than this are common (passim prunes such
    /// n-grams by document frequency): instead of every pair, they propose only
    /// pairs of texts at most `commonShingleWindow` apart in input order, so
    /// widely repeated lines stay connected without a quadratic number of
    /// pairs. `nil`: 200.
    public var maximumShingleFrequency: Int?
    /// See `maximumShingleFrequency`. Default 8.
    public var commonShingleWindow: Int
    /// Fewest content words (not function words) an aligned passage must match. Default 3.
    public var minimumMatchedContent: Int
    /// Fewest words, content or not, an aligned passage must match. Default 4.
    public var minimumMatched: Int
    /// Passage similarity (0...1) a pair must reach to count as a near duplicate. Default 0.6.
    public var threshold: Double
    /// Threads for verification. Default: all cores.
    public var threads: Int
    /// Function words: matched or skipped, they weigh less than content words.
    public var functionWords: StopWordList

    /// Creates a configuration.
    public init(shingleLength: Int = 3, maximumShingleFrequency: Int? = nil, commonShingleWindow: Int = 8, minimumMatchedContent: Int = 3,
                minimumMatched: Int = 4, threshold: Double = 0.6, threads: Int = Parallel.availableCores,
                functionWords: StopWordList? = nil) {
        self.shingleLength = max(1, shingleLength)
        self.maximumShingleFrequency = maximumShingleFrequency
        self.commonShingleWindow = max(1, commonShingleWindow)
        self.minimumMatchedContent = minimumMatchedContent
        self.minimumMatched = minimumMatched
        self.threshold = threshold
        self.threads = max(1, threads)
        self.functionWords = functionWords ?? MatchingLexicon.functionWords
    }
}

/// Two passages, in two texts, that say nearly the same thing.
public struct PassageMatch: Sendable, Hashable {
    /// Index of the first text.
    public var first: Int
    /// Index of the second text (`first < second`).
    public var second: Int
    /// UTF-8 byte range of the passage in the first text.
    public var firstSpan: Range<Int>
    /// UTF-8 byte range of the passage in the second text.
    public var secondSpan: Range<Int>
    /// Similarity in 0...1: the mean of the Dice overlap of the aligned words
    /// and the cosine of their character 3-gram profiles.
    public var similarity: Double
    /// Words matched along the alignment.
    public var matchedWords: Int
}

/// Finds near-duplicate passages among many short texts (sentences):
///
/// 1. **Candidates**: every text becomes normalised, stemmed words
///    (`PassageTokens`); each run of `shingleLength` words is hashed; texts
///    sharing a shingle that is not too common become a candidate pair.
/// 2. **Verification**: Smith–Waterman local alignment over the words
///    (`LocalAlignment`) finds the shared passage even inside long
///    sentences, across dropped and inserted words; the pair is kept when
///    the passage matches enough words (at least two of them content words
///    that are not names or titles) and its similarity — the mean of the
///    Dice overlap `2·matched / (len₁ + len₂)` of the aligned spans and the
///    cosine of their character 3-gram counts — reaches `threshold`.
///
/// Results are sorted by (first, second) and do not depend on the thread count.
/// - Complexity: O(T) to shingle T words, plus O(Σ pairs · m·n) alignments of
///   candidate pairs of m- and n-word texts.
public struct NearDuplicateFinder: Sendable {
    /// The options.
    public var configuration: NearDuplicateConfiguration

    /// Creates a finder.
    public init(configuration: NearDuplicateConfiguration = NearDuplicateConfiguration()) {
        self.configuration = configuration
    }

    /// The near-duplicate passage pairs among `texts`; `allowPair(i, j)` can
    /// veto pairs before verification (e.g. two sentences of one article).
    public func matches(in texts: [String], allowPair: @Sendable (Int, Int) -> Bool = { _, _ in true }) -> [PassageMatch] {
        let functionWords = configuration.functionWords
        let tokens = Parallel.map(texts.count, threads: configuration.threads) { PassageTokens(texts[$0], stopWords: functionWords) }
        let candidates = candidatePairs(tokens).filter { allowPair(Int($0 >> 32), Int($0 & 0xFFFF_FFFF)) }
        let configuration = self.configuration
        let chunks = Parallel.chunks(of: candidates.count, into: max(1, configuration.threads * 4))
        let verified = Parallel.map(chunks.count, threads: configuration.threads) { c -> [PassageMatch] in
            chunks[c].compactMap { k in
                let pair = candidates[k]
                return NearDuplicateFinder.verify(Int(pair >> 32), Int(pair & 0xFFFF_FFFF), tokens, configuration)
            }
        }
        return verified.flatMap { $0 }
    }

    /// Candidate pairs `(i << 32) | j`, i < j, sorted, from shared rare shingles.
    func candidatePairs(_ tokens: [PassageTokens]) -> [UInt64] {
        let k = configuration.shingleLength
        var postings: [(shingle: UInt64, text: Int32)] = []
        for (t, passage) in tokens.enumerated() where passage.count >= k {
            var seen = Set<UInt64>()
            let hashes = passage.stems.map { stableHash($0) }
            for start in 0 ... (passage.count - k) {
                // A shingle must hold at least one content word.
                guard passage.isContent[start ..< start + k].contains(true) else { continue }
                var h: UInt64 = 0xCBF2_9CE4_8422_2325
                for i in start ..< start + k { h = (h ^ hashes[i]) &* 0x100_0000_01B3; h ^= h >> 29 }
                if seen.insert(h).inserted { postings.append((h, Int32(t))) }
            }
        }
        postings.sort { $0.shingle != $1.shingle ? $0.shingle < $1.shingle : $0.text < $1.text }
        let cap = configuration.maximumShingleFrequency ?? 200
        let window = configuration.commonShingleWindow
        var pairs = Set<UInt64>()
        var start = 0
        while start < postings.count {
            var end = start + 1
            while end < postings.count && postings[end].shingle == postings[start].shingle { end += 1 }
            if end - start >= 2 {
                let reach = end - start <= cap ? end - start : window
                for a in start ..< end {
                    for b in (a + 1) ..< min(end, a + 1 + reach) {
                        pairs.insert(UInt64(UInt32(postings[a].text)) << 32 | UInt64(UInt32(postings[b].text)))
                    }
                }
            }
            start = end
        }
        return pairs.sorted()
    }

    static func verify(_ i: Int, _ j: Int, _ tokens: [PassageTokens], _ configuration: NearDuplicateConfiguration) -> PassageMatch? {
        let a = tokens[i], b = tokens[j]
        guard let alignment = LocalAlignment.align(a, b),
              alignment.matchedContent >= configuration.minimumMatchedContent,
              alignment.matched >= configuration.minimumMatched,
              alignment.matchedPlainContent >= 2,
              !isTitle(a, alignment.first), !isTitle(b, alignment.second) else { return nil }
        let first = a.stems[alignment.first].joined(separator: " ")
        let second = b.stems[alignment.second].joined(separator: " ")
        let dice = 2.0 * Double(alignment.matched) / Double(alignment.first.count + alignment.second.count)
        let similarity = 0.5 * dice + 0.5 * characterTrigramCosine(first, second)
        guard similarity >= configuration.threshold else { return nil }
        let firstSpan = a.ranges[alignment.first.lowerBound].lowerBound ..< a.ranges[alignment.first.upperBound - 1].upperBound
        let secondSpan = b.ranges[alignment.second.lowerBound].lowerBound ..< b.ranges[alignment.second.upperBound - 1].upperBound
        return PassageMatch(first: i, second: j, firstSpan: firstSpan, secondSpan: secondSpan,
                            similarity: similarity, matchedWords: alignment.matched)
    }

    /// Whether the passage's content words are all names and role words: it
    /// says who speaks ("Foreign Ministry spokesman Wang Wenbin"), not what.
    static func isTitle(_ tokens: PassageTokens, _ range: Range<Int>) -> Bool {
        range.allSatisfy { !tokens.isContent[$0] || tokens.isTitleLike[$0] }
    }

    /// Cosine of the character 3-gram count vectors of two strings.
    static func characterTrigramCosine(_ a: String, _ b: String) -> Double {
        func profile(_ s: String) -> [String: Double] {
            let scalars = Array((" " + s + " ").unicodeScalars)
            var counts: [String: Double] = [:]
            guard scalars.count >= 3 else { return counts }
            for i in 0 ... (scalars.count - 3) {
                var gram = String.UnicodeScalarView()
                gram.append(contentsOf: scalars[i ..< i + 3])
                counts[String(gram), default: 0] += 1
            }
            return counts
        }
        let pa = profile(a), pb = profile(b)
        var dot = 0.0
        for (gram, count) in pa { if let other = pb[gram] { dot += count * other } }
        let na = pa.values.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let nb = pb.values.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return na > 0 && nb > 0 ? dot / (na * nb) : 0
    }

    /// FNV-1a over UTF-8: stable across runs (Swift's `Hasher` is seeded per process).
    private func stableHash(_ s: String) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
        return h
    }
}
