import Foundation
import Testing
import Tokenization
import _TestSupport

/// The word analyzer reads ASCII eight bytes at a time; these tests hold it
/// to a scalar-by-scalar reading of `(?u)\b\w\w+\b` on the lowercased text.
@Suite struct WordTokenizerBlockTests {
    /// Lowercase (these alphabets lowercase the same in Swift and Python),
    /// then keep the runs of two or more `\w` scalars.
    func referenceTokens(_ text: String) -> [String] {
        var tokens: [String] = [], run = String.UnicodeScalarView()
        for scalar in text.lowercased().unicodeScalars {
            if PythonCharacterClasses.isWord(scalar) {
                run.append(scalar)
            } else {
                if run.count >= 2 { tokens.append(String(run)) }
                run = String.UnicodeScalarView()
            }
        }
        if run.count >= 2 { tokens.append(String(run)) }
        return tokens
    }

    @Test func blocksOfEveryByteClassTokenizeLikeTheScalarReference() throws {
        let pieces: [String] = ["a", "Z", "q", "7", "_", " ", "-", ".", "\n", "\u{7F}", "\u{10}", "@", "[", "`", "{", "/", ":",
                                "é", "É", "ß", "И", "—", "’", "中", "😀", "\u{301}"]
        var random = SeededRandom(seed: 7)
        let analyzer = try Analyzer(AnalyzerConfiguration())
        for _ in 0 ..< 2000 {
            let length = Int(random.next() % 40)
            // Mostly ASCII letters, so whole blocks of eight ASCII bytes occur.
            let text = (0 ..< length).map { _ in
                random.next() % 3 == 0 ? pieces[Int(random.next() % UInt64(pieces.count))] : String(UnicodeScalar(UInt8(65 + random.next() % 58)))
            }.joined()
            #expect(analyzer.features(of: text) == referenceTokens(text), "\(text.debugDescription)")
        }
    }

    @Test func theDensestTextsKeepEveryToken() throws {
        // Two-scalar words with one-byte separators: the most tokens a text
        // of n bytes can hold; with letters that grow when lowercased (İ).
        let analyzer = try Analyzer(AnalyzerConfiguration())
        var random = SeededRandom(seed: 17)
        let words = ["ab", "z9", "İi", "ÉÉ", "ßs", "中文"]
        for count in [1, 2, 7, 8, 9, 100, 1000] {
            let text = (0 ..< count).map { _ in words[Int(random.next() % UInt64(words.count))] }.joined(separator: " ")
            let features = analyzer.features(of: text)
            #expect(features == referenceTokens(text), "\(count) words")
            #expect(features.count >= count / 2, "\(count) words: \(features.count) tokens")
        }
    }

    @Test func tokensCrossingBlockBoundariesAreWhole() throws {
        let analyzer = try Analyzer(AnalyzerConfiguration())
        #expect(analyzer.features(of: "abcdefghIJKLMNOPqrstuvwx yz a b") == ["abcdefghijklmnopqrstuvwx", "yz"])
        #expect(analyzer.features(of: "1234567 9 abcdefg é abcdefgh") == ["1234567", "abcdefg", "abcdefgh"])
        #expect(analyzer.features(of: "       aé       b        cd") == ["aé", "cd"])
    }
}
