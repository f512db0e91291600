import Foundation
import Testing
@testable import Vectorization
import Tokenization
import _TestSupport

@Suite("Vectorization kernels")
struct KernelTests {
    @Test("radix sort of keys with payload is a stable sort", arguments: [0, 1, 2, 50, 1000, 70_000])
    func radixSortWithPayload(_ n: Int) {
        var random = SeededRandom(seed: UInt64(n) + 3)
        // Mix narrow and wide keys so that some byte positions are constant.
        var keys = (0 ..< n).map { i -> UInt64 in
            i % 3 == 0 ? random.next() : (random.next() % 1000) << 32 | random.next() % 70
        }
        var payload = (0 ..< Int32(n)).map { $0 }
        let expected = zip(keys, payload).sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        SortKernels.radixSort(prefixes: &keys, ids: &payload)
        #expect(keys == expected.map(\.0))
        #expect(payload == expected.map(\.1))
    }

    @Test("bounded UInt32 sort", arguments: [(0, 5), (1, 1), (95, 17), (96, 17), (500, 17), (5000, 1), (5000, 9), (3000, 24), (2000, 32)])
    func boundedSort(_ n: Int, _ bits: Int) {
        var random = SeededRandom(seed: UInt64(n * 100 + bits))
        let limit = UInt64(1) << UInt64(bits)
        var values = (0 ..< n).map { _ in UInt32(truncatingIfNeeded: random.next() % limit) }
        let expected = values.sorted()
        let scratch = UnsafeMutablePointer<UInt32>.allocate(capacity: max(1, n))
        defer { scratch.deallocate() }
        values.withUnsafeMutableBufferPointer { SortKernels.sort($0, bits: bits, scratch: scratch) }
        #expect(values == expected)
    }

    @Test("UInt64 quicksort")
    func quicksort() {
        var random = SeededRandom(seed: 11)
        for n in [0, 1, 2, 24, 25, 1000] {
            var values = (0 ..< n).map { _ in random.next() % 50 }
            let expected = values.sorted()
            values.withUnsafeMutableBufferPointer { SortKernels.sort($0) }
            #expect(values == expected)
        }
    }

    @Test("ByteStringTable interns keys of every length in first-seen order")
    func byteStringTable() {
        var random = SeededRandom(seed: 5)
        let alphabet: [UInt8] = Array("ab \u{0}".utf8) + [0xC3, 0xBC]
        var keys: [[UInt8]] = [[]]
        for _ in 0 ..< 20_000 {
            let length = Int(random.next() % 40)
            keys.append((0 ..< length).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })
        }
        // Keys sharing their first eight bytes and their length, differing at the end.
        keys.append(Array(repeating: 97, count: 20) + [1])
        keys.append(Array(repeating: 97, count: 20) + [2])
        let table = ByteStringTable(expectedCount: 4)
        var expected: [[UInt8]: Int] = [:]
        var order: [[UInt8]] = []
        for key in keys {
            let id = key.withUnsafeBufferPointer { table.insert($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, count: $0.count) }
            if let known = expected[key] {
                #expect(id == known)
            } else {
                #expect(id == order.count)
                expected[key] = id
                order.append(key)
            }
        }
        #expect(table.count == order.count)
        for (id, key) in order.enumerated() {
            #expect(Array(table.key(id)) == key)
            let found = key.withUnsafeBufferPointer { table.find($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, count: $0.count) }
            #expect(found == id)
        }
        let absent: [UInt8] = Array(repeating: 98, count: 41)
        #expect(absent.withUnsafeBufferPointer { table.find($0.baseAddress!, count: $0.count) } == nil)
    }

    @Test("ByteStringTable.insertAll equals insert one by one")
    func insertAll() {
        var random = SeededRandom(seed: 9)
        var bytes: [UInt8] = []
        var starts: [Int32] = [], lengths: [Int32] = []
        for _ in 0 ..< 30_000 {
            let length = Int(random.next() % 12)
            starts.append(Int32(bytes.count))
            lengths.append(Int32(length))
            for _ in 0 ..< length { bytes.append(UInt8(97 + random.next() % 5)) }
        }
        let one = ByteStringTable(expectedCount: 8), batch = ByteStringTable(expectedCount: 8)
        let expected = bytes.withUnsafeBufferPointer { b in
            (0 ..< starts.count).map { i in one.insert(b.baseAddress! + Int(starts[i]), count: Int(lengths[i])) }
        }
        var ids = [Int32](repeating: -1, count: starts.count)
        bytes.withUnsafeBufferPointer { b in
            starts.withUnsafeBufferPointer { s in
                lengths.withUnsafeBufferPointer { l in
                    ids.withUnsafeMutableBufferPointer { batch.insertAll(b.baseAddress!, starts: s, lengths: l, ids: $0.baseAddress!) }
                }
            }
        }
        #expect(ids.map(Int.init) == expected)
    }

    @Test("ByteStringTable.findAll equals find one by one, -1 for absent keys", arguments: [0, 1, 7, 8, 9, 3000])
    func findAll(_ n: Int) {
        var random = SeededRandom(seed: UInt64(n) + 11)
        let table = ByteStringTable(expectedCount: 8)
        var bytes: [UInt8] = []
        var starts: [Int32] = [], lengths: [Int32] = []
        for i in 0 ..< n {
            // Short and long keys (past the 8-byte prefix), some inserted, some not.
            let length = i % 5 == 0 ? 9 + Int(random.next() % 20) : Int(random.next() % 9)
            starts.append(Int32(bytes.count))
            lengths.append(Int32(length))
            for _ in 0 ..< length { bytes.append(UInt8(97 + random.next() % 4)) }
            if random.next() % 2 == 0 {
                bytes.withUnsafeBufferPointer { _ = table.insert($0.baseAddress! + Int(starts[i]), count: length) }
            }
        }
        bytes.append(0)
        let expected = bytes.withUnsafeBufferPointer { b in
            (0 ..< n).map { i in table.find(b.baseAddress! + Int(starts[i]), count: Int(lengths[i])) ?? -1 }
        }
        var ids = [Int32](repeating: -2, count: max(1, n))
        let missing = bytes.withUnsafeBufferPointer { b in
            starts.withUnsafeBufferPointer { s in
                lengths.withUnsafeBufferPointer { l in
                    ids.withUnsafeMutableBufferPointer { table.findAll(b.baseAddress!, starts: s, lengths: l, ids: $0.baseAddress!) }
                }
            }
        }
        #expect(Array(ids.prefix(n)).map(Int.init) == expected)
        #expect(missing == expected.filter { $0 < 0 }.count)
    }

    @Test("TermTally hands back each document's distinct ids ascending with their counts")
    func termTally() {
        var random = SeededRandom(seed: 5)
        let terms = 70_000
        let tally = TermTally(terms: terms)
        for document in 0 ..< 20 {
            let occurrences = (0 ..< document * 37).map { _ in Int(random.next() % UInt64(document % 2 == 0 ? terms : 50)) }
            for id in occurrences { tally.add(id) }
            var ids = [Int32](repeating: -1, count: max(1, occurrences.count)), counts = ids
            let distinct = ids.withUnsafeMutableBufferPointer { ids in
                counts.withUnsafeMutableBufferPointer { tally.drain(into: ids.baseAddress!, counts: $0.baseAddress!) }
            }
            ids.removeSubrange(distinct...)
            counts.removeSubrange(distinct...)
            let expected = Dictionary(occurrences.map { ($0, Int32(1)) }, uniquingKeysWith: +).sorted { $0.key < $1.key }
            #expect(ids.map(Int.init) == expected.map(\.key), "document \(document)")
            #expect(counts == expected.map(\.value), "document \(document)")
        }
    }

    @Test("TermTally with positions hands back ids in the order of their positions, with their counts")
    func termTallyByPosition() {
        var random = SeededRandom(seed: 9)
        let terms = 9_000
        // A permutation: positions in shuffled order.
        var positions = (0 ..< Int32(terms)).map { $0 }
        for i in stride(from: terms - 1, to: 0, by: -1) { positions.swapAt(i, Int(random.next() % UInt64(i + 1))) }
        let tally = TermTally(terms: terms, positions: positions)
        for document in 0 ..< 12 {
            let occurrences = (0 ..< document * 53).map { _ in Int(random.next() % UInt64(document % 3 == 0 ? terms : 40)) }
            for id in occurrences { tally.add(id) }
            let room = max(1, occurrences.count)
            var ids = [Int32](repeating: -1, count: room), counts = ids, order = ids
            let distinct = ids.withUnsafeMutableBufferPointer { ids in
                counts.withUnsafeMutableBufferPointer { counts in
                    order.withUnsafeMutableBufferPointer { tally.drain(into: ids.baseAddress!, counts: counts.baseAddress!, positions: $0.baseAddress!) }
                }
            }
            let expected = Dictionary(occurrences.map { ($0, Int32(1)) }, uniquingKeysWith: +)
                .sorted { positions[$0.key] < positions[$1.key] }
            #expect(Array(ids[..<distinct].map(Int.init)) == expected.map(\.key), "document \(document)")
            #expect(Array(counts[..<distinct]) == expected.map(\.value), "document \(document)")
            #expect(Array(order[..<distinct]) == expected.map { positions[$0.key] }, "document \(document)")
        }
    }

    @Test("byte-balanced chunks cover the texts in order, none empty", arguments: [1, 2, 3, 8, 50])
    func byteBalancedChunks(_ count: Int) {
        let texts = generatedCorpus(documents: 40, seed: UInt64(count)) + [String(repeating: "long ", count: 5000), "", "x"]
        for n in [0, 1, 2, 5, texts.count] {
            let subset = Array(texts.prefix(n))
            let chunks = KnownTermCounter.byteBalancedChunks(subset, count: count)
            #expect(chunks.count <= max(1, count))
            #expect(chunks.first?.lowerBound == 0)
            #expect(chunks.last?.upperBound == subset.count)
            #expect(zip(chunks, chunks.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
            #expect(subset.isEmpty || chunks.allSatisfy { !$0.isEmpty })
        }
    }

    @Test("word tokens equal lowercasing, then scanning scalars for \\w runs")
    func wordTokens() {
        let texts = generatedCorpus(documents: 200, seed: 21) + ["ΣΑΣ ΟΔΟΣ.", "İİ x İx", "ǅemal ǈ ǋ", "a\u{301}b c\u{301}", "ﬁne 12 ½ ¾x", ""]
        for lowercase in [true, false] {
            var configuration = AnalyzerConfiguration()
            configuration.lowercase = lowercase
            let extractor = FeatureExtractor(configuration)
            for text in texts {
                extractor.extract(text)
                #expect(extractor.features() == referenceTokens(text, lowercase: lowercase), "\(text)")
            }
        }
    }

    /// `(?u)\b\w\w+\b` after Python's `str.lower()`, scalar by scalar.
    func referenceTokens(_ text: String, lowercase: Bool) -> [String] {
        let buffer = ByteBuffer()
        var text = text
        text.withUTF8 { source in
            if lowercase { PythonCharacterClasses.appendLowercased(source, to: buffer) }
            else if let base = source.baseAddress { buffer.append(base, count: source.count) }
        }
        let scalars = Array(String(decoding: buffer.bytes, as: UTF8.self).unicodeScalars)
        var tokens: [String] = []
        var run = String.UnicodeScalarView()
        for scalar in scalars + [" "] {
            if PythonCharacterClasses.isWord(scalar) {
                run.append(scalar)
            } else {
                if run.count >= 2 { tokens.append(String(run)) }
                run = String.UnicodeScalarView()
            }
        }
        return tokens
    }
}
