import Foundation
import Testing
@testable import Corpus

/// No byte input crashes the loader or the stripper.
@Suite("Robustness on arbitrary input")
struct RobustnessTests {
    private static let alphabet: [UInt8] = Array("{}[]\",:\\ \n\r\tabcXYZ019.!?*-'u".utf8)
        + [0x00, 0x01, 0x7F, 0x80, 0xBF, 0xC0, 0xC2, 0xA0, 0xE2, 0x80, 0x9C, 0x9D, 0xED, 0xEF, 0xBB, 0xF0, 0xF4, 0xFE, 0xFF]

    private static func randomBytes(_ rng: inout SplitMix64) -> [UInt8] {
        let count = Int(rng.next() % 300)
        return (0 ..< count).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
    }

    @Test func randomBytesNeverCrashAnyReader() {
        var rng = SplitMix64(state: 0x5EED)
        var outcomes = 0
        for _ in 0 ..< 1500 {
            let bytes = Self.randomBytes(&rng)
            for format in CorpusFileFormat.allCases {
                do {
                    _ = try CorpusLoader().load(bytes: bytes, path: "fuzz", format: format)
                } catch {
                    _ = error.description
                }
                outcomes += 1
            }
        }
        #expect(outcomes == 4500)
    }

    @Test func mutatedSeedsNeverCrashTheStripper() {
        var rng = SplitMix64(state: 42)
        let seeds = ["000", "001", "002", "003", "004"].map { Array(Seeds.text($0).utf8) }
        for round in 0 ..< 200 {
            var bytes = seeds[round % seeds.count]
            for _ in 0 ..< 1 + Int(rng.next() % 40) where !bytes.isEmpty {
                let at = Int(rng.next() % UInt64(bytes.count))
                bytes[at] = Self.alphabet[Int(rng.next() % UInt64(Self.alphabet.count))]
            }
            let text = String(decoding: bytes, as: UTF8.self)
            for policy in [TitlePolicy.firstLine, .headlineOnly, .none, .given("x")] {
                let result = FurnitureStripper().strip(text, title: policy)
                #expect(result.body.utf8.count <= text.utf8.count + 1)
            }
        }
    }

    @Test func pathologicalLinesAreHandled() {
        let stripper = FurnitureStripper()
        for text in [String(repeating: "\n", count: 10_000), String(repeating: "a", count: 200_000),
                     String(repeating: "“", count: 5_000), String(repeating: "0:00 ", count: 5_000),
                     String(repeating: "word ", count: 50_000) + ".", "\u{FEFF}\u{00A0}\u{3000}"] {
            _ = stripper.strip(text)
        }
    }

    /// Loads about 50 MB of JSONL built from the seeds; run with
    /// `REFRAIN_CORPUS_PERF=1 swift test -c release --filter largeJSONL`.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["REFRAIN_CORPUS_PERF"] != nil))
    func largeJSONLLoadsQuickly() throws {
        let seeds = ["000", "001", "002", "003", "004"].map(Seeds.text)
        var bytes: [UInt8] = []
        var i = 0
        while bytes.count < 50_000_000 {
            var line = Array("{\"id\":\"d\(i)\",\"date\":\"2021-10-31T12:00:00Z\",\"text\":\"".utf8)
            for scalar in (seeds[i % 5] + "\n\nExtra sentence number \(i) about the talks.").unicodeScalars {
                switch scalar {
                case "\"": line += [0x5C, 0x22]
                case "\\": line += [0x5C, 0x5C]
                case "\n": line += [0x5C, 0x6E]
                default: line += Array(String(scalar).utf8)
                }
            }
            bytes += line + Array("\"}\n".utf8)
            i += 1
        }
        let start = Date()
        let corpus = try CorpusLoader().load(jsonl: bytes)
        let seconds = Date().timeIntervalSince(start)
        print("loaded \(bytes.count) bytes, \(corpus.documents.count) documents in \(seconds) s")
        #expect(corpus.documents.count == i)
        #expect(seconds < 2)
    }
}
