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
    /// Distinct shingles two texts must share to be aligned at all. Default 2
    /// (with 3-word shingles: a run of four words in common, or two runs of three).
    public var minimumSharedShingles: Int
    /// Fewest content words (not function words) an aligned passage must match. Default 3.
    public var minimumMatchedContent: Int
    /// Fewest words, content or not, an aligned passage must match. Default 4.
    public var minimumMatched: Int
    /// How many matches as strong as a reported one chance alone may be
    /// expected to make among all pairs of word positions (an E-value, as in
    /// BLAST). A word of a corpus of T words that occurs c times carries
    /// log2(T / c) bits; a passage is kept only when its matched words carry
    /// at least `2 · log2(T) − log2(maximumChanceMatches)` bits, so a short
    /// run of common words ("the US country first") passes in a few hundred
    /// sentences but not in a million, while a run of rare words passes in
    /// both. Default 1.
    public var maximumChanceMatches: Double
    /// Passage similarity (0...1) a pair must reach to count as a near duplicate. Default 0.6.
    public var threshold: Double
    /// Threads. Default: all cores. Results do not depend on it.
    public var threads: Int
    /// Function words: matched or skipped, they weigh less than content words.
    public var functionWords: StopWordList

    /// Creates a configuration.
    public init(shingleLength: Int = 3, maximumShingleFrequency: Int? = nil, commonShingleWindow: Int = 8, minimumMatchedContent: Int = 3,
                minimumMatched: Int = 4, threshold: Double = 0.6, threads: Int = Parallel.availableCores,
                functionWords: StopWordList? = nil, minimumSharedShingles: Int = 2, maximumChanceMatches: Double = 1) {
        self.shingleLength = max(1, shingleLength)
        self.maximumShingleFrequency = maximumShingleFrequency
        self.commonShingleWindow = max(1, commonShingleWindow)
        self.minimumSharedShingles = max(1, minimumSharedShingles)
        self.minimumMatchedContent = minimumMatchedContent
        self.minimumMatched = minimumMatched
        self.maximumChanceMatches = maximumChanceMatches
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
/// 1. **Words**: every text becomes normalised, stemmed words with integer
///    ids (`PassageTokens`), scanned as UTF-8 bytes.
/// 2. **Candidates**: an inverted index over word shingles (`ShingleIndex`)
///    proposes the pairs of texts that share at least
///    `minimumSharedShingles` shingles that are not too common.
/// 3. **Verification**: Smith–Waterman local alignment over the words
///    (`LocalAlignment`) finds the shared passage even inside long
///    sentences, across dropped and inserted words; the pair is kept when
///    the passage matches enough words (at least two of them content words
///    that are not names or titles), when those words are too informative
///    for a chance match (`maximumChanceMatches`), and when its similarity —
///    the mean of the Dice overlap `2·matched / (len₁ + len₂)` of the
///    aligned spans and the cosine of their character 3-gram counts —
///    reaches `threshold`.
///
/// Every stage runs on `threads` threads in fixed chunks; results are
/// sorted by (first, second) and do not depend on the thread count.
/// - Complexity: O(T + Q) for T words and Q pairs proposed by shingles
///   (hash tables and radix sorts), plus O(Σ m·n) to align candidate pairs
///   of m- and n-word texts.
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
        let configuration = self.configuration
        let tokens = PassageTokens(texts, functionWords: configuration.functionWords, threads: configuration.threads)
        let candidates = candidatePairs(tokens).filter { allowPair(Int($0 >> 32), Int($0 & 0xFFFF_FFFF)) }
        let weights = NearDuplicateFinder.informationWeights(tokens)
        let required = NearDuplicateFinder.requiredInformation(tokens, configuration)
        let chunks = Parallel.chunks(of: candidates.count, into: max(1, configuration.threads * 8))
        let verified = Parallel.map(chunks.count, threads: configuration.threads) { c -> [PassageMatch] in
            var scratch = VerificationScratch()
            return chunks[c].compactMap { k in
                let pair = candidates[k]
                let i = Int(pair >> 32), j = Int(pair & 0xFFFF_FFFF)
                return NearDuplicateFinder.verify(i, j, tokens, weights, required, configuration, &scratch)
                    .map { NearDuplicateFinder.match(i, j, texts, $0) }
            }
        }
        return verified.flatMap { $0 }
    }

    /// Candidate pairs `(i << 32) | j`, i < j, sorted, from shared rare shingles.
    func candidatePairs(_ tokens: PassageTokens) -> [UInt64] {
        ShingleIndex(shingleLength: configuration.shingleLength, maximumFrequency: configuration.maximumShingleFrequency ?? 200,
                     window: configuration.commonShingleWindow, minimumShared: configuration.minimumSharedShingles)
            .candidatePairs(tokens, threads: configuration.threads)
    }

    /// Bits of information of each stem: log2(T / occurrences) for T words in all texts.
    static func informationWeights(_ tokens: PassageTokens) -> [Double] {
        let total = Double(max(1, tokens.wordCount))
        return tokens.stemCounts.map { $0 > 0 ? log2(total / Double($0)) : 0 }
    }

    /// The bits a passage's matched words must carry: 2·log2(T) − log2(maximumChanceMatches).
    static func requiredInformation(_ tokens: PassageTokens, _ configuration: NearDuplicateConfiguration) -> Double {
        2 * log2(Double(max(1, tokens.wordCount))) - log2(max(configuration.maximumChanceMatches, .leastNormalMagnitude))
    }

    /// The match of texts `i` and `j` (its aligned words: their positions
    /// in each text, counted from the text's first word), or `nil` when their
    /// best passage misses a requirement: matched words and content words,
    /// two plain content words, `required` bits of information, not only a
    /// title, and the similarity threshold.
    static func verify(_ i: Int, _ j: Int, _ tokens: PassageTokens, _ weights: [Double], _ required: Double,
                       _ configuration: NearDuplicateConfiguration, _ scratch: inout VerificationScratch) -> VerifiedPair? {
        guard let alignment = LocalAlignment.align(tokens, i, j, weights: weights, scratch: &scratch.alignment),
              alignment.matchedContent >= configuration.minimumMatchedContent,
              alignment.matched >= configuration.minimumMatched,
              alignment.matchedPlainContent >= 2,
              alignment.matchedWeight >= required else { return nil }
        let a = tokens.words(of: i), b = tokens.words(of: j)
        let first = (a.lowerBound + alignment.first.lowerBound) ..< (a.lowerBound + alignment.first.upperBound)
        let second = (b.lowerBound + alignment.second.lowerBound) ..< (b.lowerBound + alignment.second.upperBound)
        guard !isTitle(tokens, first), !isTitle(tokens, second) else { return nil }
        let dice = 2.0 * Double(alignment.matched) / Double(first.count + second.count)
        let similarity = 0.5 * dice + 0.5 * CharacterTrigrams.cosine(tokens, first, second, scratch: &scratch.trigrams)
        guard similarity >= configuration.threshold else { return nil }
        return VerifiedPair(firstWords: alignment.first, secondWords: alignment.second, similarity: similarity, matched: alignment.matched)
    }

    /// The reported match of a verified pair: its words' byte spans in `texts[i]` and `texts[j]`.
    static func match(_ i: Int, _ j: Int, _ texts: [String], _ pair: VerifiedPair) -> PassageMatch {
        func span(_ text: String, _ words: Range<Int>) -> Range<Int> {
            let ranges = PassageTokens.byteRanges(of: text)
            return ranges[words.lowerBound].lowerBound ..< ranges[words.upperBound - 1].upperBound
        }
        return PassageMatch(first: i, second: j, firstSpan: span(texts[i], pair.firstWords), secondSpan: span(texts[j], pair.secondWords),
                            similarity: pair.similarity, matchedWords: pair.matched)
    }

    /// Whether the passage's content words are all names and role words: it
    /// says who speaks ("Foreign Ministry spokesman Wang Wenbin"), not what.
    static func isTitle(_ tokens: PassageTokens, _ words: Range<Int>) -> Bool {
        words.allSatisfy { !tokens.flags[$0].contains(.content) || tokens.flags[$0].contains(.titleLike) }
    }
}

/// A pair that passed verification: the aligned words of each text
/// (positions from the text's first word), the similarity and the words matched.
struct VerifiedPair {
    var firstWords: Range<Int>
    var secondWords: Range<Int>
    var similarity: Double
    var matched: Int
}

/// Per-thread buffers of verification.
struct VerificationScratch {
    var alignment = LocalAlignment.Scratch()
    var trigrams = CharacterTrigrams.Scratch()
}
