import Foundation
import Testing
@testable import TalkingPoints
import Tokenization
import _TestSupport

/// The kernels under near-duplicate matching against straightforward
/// references: candidate pairs against counting shared shingles pair by
/// pair, the two alignment kernels against each other, the 3-gram cosine
/// against string dictionaries, the radix sort against the standard sort.
@Suite struct MatchingKernelTests {
    static let vocabulary = ["the", "of", "and", "China", "Taiwan", "policy", "oppose", "opposes", "said", "firmly", "US",
                             "internal", "affairs", "part", "one", "Wang", "spokesman", "2021", "trade"]

    static func randomTexts(_ count: Int, words: ClosedRange<Int>, seed: UInt64) -> [String] {
        var random = SeededRandom(seed: seed)
        return (0 ..< count).map { _ in
            (0 ..< Int.random(in: words, using: &random)).map { _ in vocabulary.randomElement(using: &random)! }.joined(separator: " ")
        }
    }

    /// Pairs sharing at least `minimumShared` shingles, counted pair by pair with the posting-list rules.
    static func bruteForceCandidates(_ tokens: PassageTokens, _ index: ShingleIndex) -> [UInt64] {
        var postings: [[UInt32]: [Int]] = [:]
        for t in 0 ..< tokens.textCount {
            let words = tokens.words(of: t)
            guard words.count >= index.shingleLength else { continue }
            var seen = Set<[UInt32]>()
            for start in words.lowerBound ... words.upperBound - index.shingleLength {
                let window = start ..< start + index.shingleLength
                guard window.contains(where: { tokens.flags[$0].contains(.content) }),
                      !window.contains(where: { tokens.flags[$0].contains(.barrier) }) else { continue }
                let shingle = Array(tokens.stems[window])
                if seen.insert(shingle).inserted { postings[shingle, default: []].append(t) }
            }
        }
        var shared: [UInt64: Int] = [:]
        for texts in postings.values {
            let reach = texts.count <= index.maximumFrequency ? texts.count : index.window
            for a in texts.indices {
                for b in (a + 1) ..< min(texts.count, a + 1 + reach) { shared[UInt64(texts[a]) << 32 | UInt64(texts[b]), default: 0] += 1 }
            }
        }
        return shared.filter { $0.value >= index.minimumShared }.keys.sorted()
    }

    @Test(arguments: [(200, 1, 3), (200, 2, 3), (3, 1, 3), (3, 2, 3), (200, 1, 5), (3, 1, 5)])
    func invertedIndexFindsThePairsCountedPairByPair(maximumFrequency: Int, minimumShared: Int, shingleLength: Int) {
        let texts = Self.randomTexts(700, words: 0 ... 14, seed: 3)
        let tokens = PassageTokens(texts, functionWords: MatchingLexicon.functionWords, threads: 2)
        let index = ShingleIndex(shingleLength: shingleLength, maximumFrequency: maximumFrequency, window: 2,
                                 minimumShared: minimumShared)
        let expected = Self.bruteForceCandidates(tokens, index)
        #expect(!expected.isEmpty)
        #expect(index.candidatePairs(tokens, threads: 1) == expected)
        #expect(index.candidatePairs(tokens, threads: 3) == expected)
    }

    @Test func scoreMatrixAndRowKernelsAgree() {
        let texts = Self.randomTexts(120, words: 1 ... 30, seed: 9)
        let tokens = PassageTokens(texts, functionWords: MatchingLexicon.functionWords)
        let weights = NearDuplicateFinder.informationWeights(tokens)
        var scratch = LocalAlignment.Scratch()
        var aligned = 0
        for i in 0 ..< texts.count {
            for j in (i + 1) ..< min(texts.count, i + 25) {
                let matrix = LocalAlignment.align(tokens, i, j, weights: weights, useScoreMatrix: true, scratch: &scratch)
                let rows = LocalAlignment.align(tokens, i, j, weights: weights, useScoreMatrix: false, scratch: &scratch)
                #expect(matrix == rows, "\(texts[i]) / \(texts[j])")
                if matrix != nil { aligned += 1 }
            }
        }
        #expect(aligned > 100)
    }

    /// The 3-gram cosine of two strings with dictionaries of string 3-grams.
    static func referenceCosine(_ a: String, _ b: String) -> Double {
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

    @Test func trigramCosineMatchesStringDictionaries() {
        let texts = Self.randomTexts(60, words: 1 ... 12, seed: 4) + ["Zürich naïve 中国 straße", "Zurich naive 中国 strasse"]
        let tokens = PassageTokens(texts, functionWords: MatchingLexicon.functionWords)
        var scratch = CharacterTrigrams.Scratch()
        var random = SeededRandom(seed: 8)
        for _ in 0 ..< 400 {
            let i = Int.random(in: 0 ..< texts.count, using: &random), j = Int.random(in: 0 ..< texts.count, using: &random)
            let a = tokens.words(of: i), b = tokens.words(of: j)
            guard !a.isEmpty, !b.isEmpty else { continue }
            let ra = a.lowerBound ..< Int.random(in: a.lowerBound + 1 ... a.upperBound, using: &random)
            let rb = b.lowerBound ..< Int.random(in: b.lowerBound + 1 ... b.upperBound, using: &random)
            let expected = Self.referenceCosine(ra.map { tokens.stemText(Int(tokens.stems[$0])) }.joined(separator: " "),
                                                rb.map { tokens.stemText(Int(tokens.stems[$0])) }.joined(separator: " "))
            let cosine = CharacterTrigrams.cosine(tokens, ra, rb, scratch: &scratch)
            #expect(abs(cosine - expected) < 1e-12)
            if tokens.stems[ra] == tokens.stems[rb] { #expect(cosine == 1) }
        }
    }

    @Test(arguments: [0, 1, 2, 63, 64, 65, 1000, 20000])
    func radixSortSortsAndIsStable(count: Int) {
        var random = SeededRandom(seed: UInt64(count) + 1)
        let keys = (0 ..< count).map { _ in random.next() >> UInt64(Int.random(in: 0 ..< 40, using: &random)) }
        var scratch: [UInt64] = []
        var full = keys
        RadixSort.sort(&full, digitShifts: RadixSort.digits(0 ..< 64), scratch: &scratch)
        #expect(full == keys.sorted())
        // On the high half only: ties on those bits keep their input order.
        var high = keys.map { $0 & 0xFFFF_0000_0000_0000 | UInt64($0 & 0xF) }
        let expected = high.enumerated().sorted { ($0.element >> 32, $0.offset) < ($1.element >> 32, $1.offset) }.map(\.element)
        RadixSort.sort(&high, digitShifts: RadixSort.digits(32 ..< 64), scratch: &scratch)
        #expect(high == expected)
    }

    @Test func droppingSingletonsKeepsEveryRepeatedShingleInOrder() {
        var random = SeededRandom(seed: 31)
        var tallies: [UInt8] = []
        for size in [0, 1, 2, 50, 3000, 20000] {
            // Shingles from a small pool repeat; from a large one, mostly not.
            let pool = UInt64(max(1, size / 3))
            var postings = (0 ..< size).map { t -> UInt64 in
                let shingle = random.next() % 2 == 0 ? random.next() % pool : random.next() & 0xFFFF_FFFF
                return shingle << 32 | UInt64(t)
            }
            let original = postings
            var occurrences: [UInt64: Int] = [:]
            for p in original { occurrences[p >> 32, default: 0] += 1 }
            let kept = postings.withUnsafeMutableBufferPointer { ShingleIndex.dropSingletons($0, tallies: &tallies) }
            let survivors = Array(postings[..<kept])
            // Every repeated shingle's postings survive, in input order; survivors are a subsequence of the input.
            #expect(survivors.filter { occurrences[$0 >> 32]! >= 2 } == original.filter { occurrences[$0 >> 32]! >= 2 })
            var next = 0
            for p in survivors {
                while next < original.count && original[next] != p { next += 1 }
                #expect(next < original.count, "survivors keep input order")
                next += 1
            }
            #expect(tallies.allSatisfy { $0 == 0 }, "the tally table is left clear")
            if size >= 3000 { #expect(kept < size, "singletons are dropped") }
        }
    }
}
