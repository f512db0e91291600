import Foundation
import Testing
@testable import Corpus

@Suite("Byte search kernels")
struct ByteSearchTests {
    /// Random bytes drawn mostly from the interesting ones, in slices at every alignment.
    private static func samples() -> [ArraySlice<UInt8>] {
        var random = SplitMix64(state: 7)
        let alphabet: [UInt8] = [0x22, 0x5C, 0x0A, 0x0D, 0x00, 0x41, 0x20, 0x7F, 0x80, 0xC3, 0xA9, 0xFF,
                                 0x2F, 0x30, 0x35, 0x39, 0x3A, 0xB0, 0xB9, 0xBA]
        var out: [ArraySlice<UInt8>] = []
        for length in [0, 1, 7, 8, 9, 15, 16, 17, 40, 100] {
            for _ in 0 ..< 20 {
                let sparse = Bool.random(using: &random)
                let bytes: [UInt8] = (0 ..< length + 3).map { _ in
                    sparse && Int.random(in: 0 ..< 10, using: &random) > 0
                        ? 0x61 : alphabet.randomElement(using: &random)!
                }
                let start = Int.random(in: 0 ... 3, using: &random)
                out.append(bytes[start ..< start + length])
            }
        }
        return out
    }

    @Test func kernelsAgreeWithByteByByteSearches() {
        for s in Self.samples() {
            for from in s.startIndex ... s.endIndex {
                let rest = s[from...]
                #expect(ByteSearch.firstQuoteOrBackslash(in: s, from: from)
                    == (rest.firstIndex { $0 == 0x22 || $0 == 0x5C } ?? s.endIndex))
                #expect(ByteSearch.firstNonASCII(in: s, from: from) == (rest.firstIndex { $0 >= 0x80 } ?? s.endIndex))
                #expect(ByteSearch.firstDigit(in: s, from: from) == (rest.firstIndex { $0 >= 0x30 && $0 <= 0x39 } ?? s.endIndex))
                for byte: UInt8 in [0x0A, 0x00, 0x0D] {
                    #expect(ByteSearch.firstIndex(of: byte, in: s, from: from) == (rest.firstIndex(of: byte) ?? s.endIndex))
                }
            }
            #expect(ByteSearch.count(of: 0x0A, in: s) == s.filter { $0 == 0x0A }.count)
            #expect(ByteSearch.contains(0, in: s) == s.contains(0))
        }
    }

    @Test func validUTF8IsCopiedIntoAnEqualString() {
        for text in ["", "plain ASCII text", "été — “quoted” 😀", String(repeating: "abc ", count: 100) + "ü"] {
            let bytes = Array(text.utf8)
            let copy = UTF8Scanning.string(validUTF8: bytes[...])
            #expect(copy == text)
            #expect(Array(copy.utf8) == bytes)
            #expect(copy.count == text.count)
            // A slice that does not start at index 0.
            let padded = [UInt8(ascii: " ")] + bytes
            #expect(UTF8Scanning.string(validUTF8: padded.dropFirst()) == text)
        }
    }

    @Test func filesAreReadByteForByteAndOtherPathsAreLeftToTheGeneralReader() {
        let tmp = TemporaryFolder()
        defer { tmp.remove() }
        var random = SplitMix64(state: 3)
        for size in [0, 1, 4095, 4096, 70_000, FileBytes.parallelThreshold + 12_345] {
            let bytes = (0 ..< size).map { _ in UInt8.random(in: 0 ... 255, using: &random) }
            let path = tmp.write("f\(size).bin", bytes: bytes)
            #expect(FileBytes.read(path) == bytes)
            #expect(FileBytes.read(path, threads: 4) == bytes)
        }
        #expect(FileBytes.read(tmp.path) == nil)
        #expect(FileBytes.read(tmp.path + "/missing.jsonl") == nil)
    }
}

@Suite("Parallel pieces of a load")
struct ParallelChunksTests {
    @Test func joiningMovesThePartsTogetherInOrder() {
        for shape in [[0], [3], [2, 0, 5], [0, 0], [1, 1, 1, 4], []] {
            var next = 0
            var parts: [[String]] = []
            for n in shape {
                parts.append((next ..< next + n).map { "item \($0)" })
                next += n
            }
            let joined: [String] = ParallelChunks.joined(&parts)
            let expected: [String] = (0 ..< next).map { "item \($0)" }
            #expect(joined == expected)
            #expect(parts.isEmpty)
        }
    }

    @Test func mappingInChunksKeepsTheOrder() {
        let numbers = Array(0 ..< 1000)
        for threads in [1, 2, 4] {
            let strings: [String] = ParallelChunks.map(numbers, threads: threads) { (n: Int) -> String in String(n * 3) }
            #expect(strings == numbers.map { String($0 * 3) })
            let squares: [Int] = ParallelChunks.map(7, threads: threads) { (n: Int) -> Int in n * n }
            #expect(squares == [0, 1, 4, 9, 16, 25, 36])
        }
    }
}

@Suite("Byte census of decoded input")
struct ByteCensusTests {
    @Test func censusInPiecesFindsWhatOneScanFinds() {
        var random = SplitMix64(state: 11)
        // ASCII, valid multi-byte sequences, and stray or truncated ones.
        let atoms: [[UInt8]] = [[0x61], [0x20], [0x0A], [0x0D], [0x00], [0xC3, 0xA9], [0xE4, 0xB8, 0xAD],
                                [0xF0, 0x9F, 0x99, 0x82], [0x80], [0xC3], [0xE4, 0xB8], [0xFF], [0xED, 0xA0, 0x80]]
        for _ in 0 ..< 200 {
            var bytes: [UInt8] = []
            let length = Int.random(in: 0 ... 300, using: &random)
            while bytes.count < length {
                let ascii = Int.random(in: 0 ..< 4, using: &random) > 0
                bytes += ascii ? [0x61] : atoms.randomElement(using: &random)!
            }
            let whole = ByteCensus(bytes, threads: 1, pieces: 1)
            #expect(whole.hasNUL == bytes.contains(0))
            #expect(whole.hasCR == bytes.contains(0x0D))
            let expected = TextDecoding.invalidUTF8(bytes)
            #expect(whole.invalid?.offset == expected?.offset && whole.invalid?.count == expected?.count)
            for pieces in [2, 3, 7, 50] {
                let split = ByteCensus(bytes, threads: 4, pieces: pieces)
                #expect(split.hasNUL == whole.hasNUL && split.hasCR == whole.hasCR)
                #expect(split.invalid?.offset == expected?.offset && split.invalid?.count == expected?.count)
            }
        }
    }

    @Test func largeInputDecodesAlikeOnOneThreadAndOnMany() throws {
        var bytes: [UInt8] = []
        var n = 0
        while bytes.count < 2 * ByteCensus.parallelThreshold {
            bytes += Array("line \(n) caf\u{E9}\r\n".utf8)
            if n % 5_000 == 4_999 { bytes += [0xFF, 0x41, 0xE4, 0xB8, 0x0A] }
            n += 1
        }
        let one = try TextDecoding.decode(bytes, path: "big.txt", threads: 1)
        let many = try TextDecoding.decode(bytes, path: "big.txt", threads: 4)
        #expect(many.bytes == one.bytes)
        #expect(many.warnings == one.warnings)
        #expect(one.warnings.count == 1)
        #expect(!one.bytes.contains(0x0D))
    }
}
