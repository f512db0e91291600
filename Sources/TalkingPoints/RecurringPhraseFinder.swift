import Corpus
import Foundation
import Tokenization

/// Finds maximal word sequences repeated across documents (`refrain phrases`).
///
/// Every document is split into sentences and tokenized with
/// `RefrainTokenizer` (one-letter words kept, so "a" and "I" count). The
/// token sequences of all sentences are concatenated with a distinct
/// separator after each sentence, so no phrase crosses a sentence boundary,
/// and a suffix array with LCP array enumerates every repeat exactly:
///
/// - a phrase is reported when it is at least `minimumLength` tokens long,
///   occurs in at least `minimumDocuments` documents, cannot be extended to
///   the right or left without losing an occurrence (a maximal repeat), and no
///   longer reported phrase contains it with the same set of documents;
/// - phrases made only of stop words (or numbers) are suppressed;
/// - ranking: more documents first, then higher distinctiveness (summed
///   `ln(n / df)` of the non-stop words), then longer, then alphabetical.
///
/// Web furniture is removed earlier, by the corpus loader.
///
/// - Complexity: O(T log T) for T tokens to build the suffix array, plus the
///   size of the reported occurrence lists.
public struct RecurringPhraseFinder: Sendable {
    /// The shortest phrase, in tokens. Default 4.
    public var minimumLength: Int
    /// The fewest documents a phrase must occur in. Default 2.
    public var minimumDocuments: Int
    /// Words that alone do not make a phrase. Default English.
    public var stopWords: StopWordList

    /// Creates a finder.
    public init(minimumLength: Int = 4, minimumDocuments: Int = 2, stopWords: StopWordList = .english) {
        self.minimumLength = max(1, minimumLength)
        self.minimumDocuments = max(1, minimumDocuments)
        self.stopWords = stopWords
    }

    /// The recurring phrases of `documents`, best first.
    public func phrases(in documents: [Document]) -> [RecurringPhrase] {
        // 1. Tokens of every sentence, with a unique separator after each sentence.
        var vocabulary: [String: Int32] = [:]
        var words: [String] = []
        var sequence: [Int32] = []
        var positions: [(document: Int32, start: Int32, end: Int32)] = []
        let tokenizer = RefrainTokenizer(minimumLength: 1)
        let splitter = SentenceSplitter()
        var separators = 0
        for (d, document) in documents.enumerated() {
            let text = document.text
            let bytes = Array(text.utf8)
            for range in splitter.sentenceByteRanges(in: text) {
                let sentence = String(decoding: bytes[range], as: UTF8.self)
                for token in tokenizer.tokens(in: sentence) {
                    let id: Int32
                    if let known = vocabulary[token.text] { id = known } else {
                        id = Int32(words.count)
                        vocabulary[token.text] = id
                        words.append(token.text)
                    }
                    sequence.append(id)
                    positions.append((Int32(d), Int32(range.lowerBound + token.byteRange.lowerBound),
                                      Int32(range.lowerBound + token.byteRange.upperBound)))
                }
                sequence.append(-1)
                positions.append((Int32(d), -1, -1))
                separators += 1
            }
        }
        guard !sequence.isEmpty else { return [] }
        // Separators become distinct symbols above the vocabulary.
        var next = Int32(words.count)
        for i in sequence.indices where sequence[i] < 0 { sequence[i] = next; next += 1 }

        // Document frequency of each word, for distinctiveness.
        var documentFrequency = [Int](repeating: 0, count: words.count)
        var lastDocument = [Int32](repeating: -1, count: words.count)
        for (i, symbol) in sequence.enumerated() where Int(symbol) < words.count {
            let d = positions[i].document
            if lastDocument[Int(symbol)] != d { lastDocument[Int(symbol)] = d; documentFrequency[Int(symbol)] += 1 }
        }

        // 2. Suffix array, then every LCP interval of depth >= minimumLength.
        let suffixArray = SuffixArray(sequence, alphabetSize: Int(next))
        var candidates: [Candidate] = []
        enumerateIntervals(suffixArray) { depth, lower, upper in
            guard depth >= minimumLength else { return }
            let starts = (lower ... upper).map { Int(suffixArray.suffixes[$0]) }
            // Left-maximal: the preceding symbols are not all the same.
            let preceding = Set(starts.map { $0 > 0 ? sequence[$0 - 1] : -1 })
            guard preceding.count > 1 || preceding.contains(-1) else { return }
            let docs = Set(starts.map { positions[$0].document })
            guard docs.count >= minimumDocuments else { return }
            let tokens = Array(sequence[starts[0] ..< starts[0] + depth])
            candidates.append(Candidate(tokens: tokens, starts: starts.sorted(), documents: docs))
        }

        // 3. Drop phrases contained in a longer one with the same documents,
        //    and phrases without a content word.
        let isContent: (Int32) -> Bool = { id in
            let word = words[Int(id)]
            return !stopWords.contains(word) && !word.allSatisfy(\.isNumber)
        }
        candidates = candidates.filter { $0.tokens.contains(where: isContent) }
        let byDocuments = Dictionary(grouping: candidates.indices) { candidates[$0].documents }
        var redundant = Set<Int>()
        for group in byDocuments.values where group.count > 1 {
            for i in group {
                for j in group where j != i && candidates[j].tokens.count > candidates[i].tokens.count {
                    if contains(candidates[j].tokens, candidates[i].tokens) { redundant.insert(i); break }
                }
            }
        }

        // 4. Build and rank.
        let n = Double(documents.count)
        var phrases: [RecurringPhrase] = []
        for (index, candidate) in candidates.enumerated() where !redundant.contains(index) {
            let depth = candidate.tokens.count
            let occurrences = candidate.starts.map { start -> PhraseOccurrence in
                let first = positions[start], last = positions[start + depth - 1]
                let document = documents[Int(first.document)]
                let bytes = Array(document.text.utf8)[Int(first.start) ..< Int(last.end)]
                return PhraseOccurrence(document: document.id, span: [Int(first.start), Int(last.end)],
                                        text: String(decoding: bytes, as: UTF8.self))
            }
            let documentIDs = candidate.documents.sorted().map { documents[Int($0)].id }
            let distinctiveness = candidate.tokens.filter(isContent).reduce(0.0) { total, id in
                total + Foundation.log(n / Double(max(1, documentFrequency[Int(id)])))
            }
            phrases.append(RecurringPhrase(phrase: occurrences[0].text, tokens: candidate.tokens.map { words[Int($0)] },
                                           documentCount: documentIDs.count, documents: documentIDs,
                                           distinctiveness: distinctiveness, occurrences: occurrences))
        }
        phrases.sort { a, b in
            if a.documentCount != b.documentCount { return a.documentCount > b.documentCount }
            if a.distinctiveness != b.distinctiveness { return a.distinctiveness > b.distinctiveness }
            if a.tokens.count != b.tokens.count { return a.tokens.count > b.tokens.count }
            return a.tokens.lexicographicallyPrecedes(b.tokens)
        }
        return phrases
    }

    private struct Candidate {
        var tokens: [Int32]
        var starts: [Int]
        var documents: Set<Int32>
    }

    private func contains(_ haystack: [Int32], _ needle: [Int32]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        for offset in 0 ... (haystack.count - needle.count) where haystack[offset] == needle[0] {
            if haystack[offset ..< offset + needle.count].elementsEqual(needle) { return true }
        }
        return false
    }

    /// Calls `body(depth, lower, upper)` for every LCP interval (suffix ranks
    /// `lower...upper` sharing exactly `depth` leading symbols), bottom-up.
    private func enumerateIntervals(_ sa: SuffixArray, _ body: (Int, Int, Int) -> Void) {
        var stack: [(depth: Int, lower: Int)] = [(0, 0)]
        let n = sa.suffixes.count
        for i in 1 ... n {
            let current = i < n ? Int(sa.lcp[i]) : 0
            var lower = i - 1
            while current < stack[stack.count - 1].depth {
                let top = stack.removeLast()
                lower = top.lower
                body(top.depth, top.lower, i - 1)
            }
            if current > stack[stack.count - 1].depth { stack.append((current, lower)) }
        }
    }
}
