import Foundation
import Testing
@testable import Refrain
import _TestSupport

@Suite("model file")
struct ModelFileTests {
    static func sampleModel(lsa: Bool = false) throws -> RefrainModel {
        let texts = ["China firmly opposes any form of official exchanges with Taiwan.",
                     "Beijing urged Washington to stop interfering in China's internal affairs.",
                     "The minister called for dialogue and cooperation between the two sides."]
        let fit = try TfidfVectorizer(configuration: .refrainDefault, threads: 1).fitTransform(texts, as: Float.self)
        let terms = fit.vocabulary.count
        let dimension = lsa ? 2 : terms
        let clusters = (0 ..< 2).map { id in
            ModelCluster(id: id * 3, label: "story \(id)", keywords: ["taiwan", "china"], phrase: id == 0 ? "official exchanges" : nil,
                         medoid: "d\(id)", size: 2 - id, cohesion: 0.5, noveltyThreshold: 0.2,
                         centroid: (0 ..< dimension).map { Float($0 % 7) / 7 })
        }
        let point = ModelTalkingPoint(id: 0, phrase: "internal affairs", variants: ["internal affairs"], speakers: ["Zhao Lijian"],
                                      documents: ["d0", "d1"], firstSeen: .init(date: "2021-01-14", speaker: "Zhao Lijian", document: "d0"),
                                      passages: ["interfere in Chinas internal affairs"], instanceCount: 2)
        let documents = texts.enumerated().map { i, text in
            ModelDocument(id: "d\(i)", title: i == 0 ? "Title “é”" : nil, date: i == 1 ? "2021-01-14" : nil, source: nil,
                          contentHash: ModelDocument.hash(text), cluster: i == 2 ? nil : i, text: i == 0 ? text : nil)
        }
        let basis = lsa ? LSABasis(dimensions: 2, terms: terms, components: (0 ..< 2 * terms).map { Float($0) / 10 }, singularValues: [2, 1]) : nil
        return RefrainModel(tfidf: fit.model, lsa: basis, clusters: clusters, talkingPoints: [point], documents: documents,
                            settings: ModelSettings(method: "kmeans", space: lsa ? "lsa" : "tfidf", seed: 7, talkingPointThreshold: 0.6, keepText: false))
    }

    func temporaryPath(_ name: String = "news.refrain") throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("refrain-model-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent(name).path
    }

    @Test(arguments: [false, true])
    func modelSurvivesARoundTrip(lsa: Bool) throws {
        let model = try Self.sampleModel(lsa: lsa)
        let path = try temporaryPath()
        try model.write(to: path)
        let loaded = try RefrainModel.load(from: path)
        #expect(loaded == model)
        #expect(Array(loaded.tfidf.vocabulary) == Array(model.tfidf.vocabulary))
        #expect(loaded.tfidf.idf == model.tfidf.idf)
    }

    @Test(arguments: [false, true])
    func formatOneModelsStillLoad(lsa: Bool) throws {
        let model = try Self.sampleModel(lsa: lsa)
        let old = model.encoded(version: 1)
        #expect(old != model.encoded())
        #expect(try RefrainModel.decode(old, path: "m") == model)
    }

    @Test func checksumIsTheStandardCRC32() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([UInt8]()) == 0)
        // Every length around the eight-byte stride against a byte-at-a-time reference.
        var random = SeededRandom(seed: 32)
        let bytes = (0 ..< 300).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        for length in 0 ... bytes.count {
            var crc: UInt32 = 0xFFFF_FFFF
            for b in bytes[0 ..< length] {
                crc ^= UInt32(b)
                for _ in 0 ..< 8 { crc = crc & 1 == 1 ? 0xEDB8_8320 ^ (crc >> 1) : crc >> 1 }
            }
            #expect(CRC32.checksum(bytes[0 ..< length]) == crc ^ 0xFFFF_FFFF, "length \(length)")
        }
    }

    @Test func checksumsCombineAsOfTheConcatenation() {
        var random = SeededRandom(seed: 33)
        let bytes = (0 ..< 2000).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        for split in [0, 1, 7, 8, 9, 100, 1023, 1999, 2000] {
            let a = bytes[0 ..< split], b = bytes[split...]
            #expect(CRC32.combine(CRC32.checksum(a), CRC32.checksum(b), lengthB: b.count) == CRC32.checksum(bytes), "split \(split)")
        }
    }

    @Test func checksumsOfRangesCheckedInPiecesEqualWholeChecksums() {
        var random = SeededRandom(seed: 34)
        let bytes = (0 ..< 5000).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        let ranges = [0 ..< 0, 0 ..< 1, 3 ..< 1000, 1000 ..< 1000, 1000 ..< 4999, 17 ..< 5000]
        for piece in [1, 7, 64, 1000, 1 << 20] {
            for threads in [1, 2, 4] {
                #expect(CRC32.checksums(of: ranges, in: bytes, threads: threads, piece: piece) == ranges.map { CRC32.checksum(bytes[$0]) },
                        "piece \(piece), threads \(threads)")
            }
        }
    }

    @Test func wrongMagicIsNotAModel() throws {
        let path = try temporaryPath("notes.txt")
        try Data("just some text, not a model".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: ModelFileError.notAModel(path: path)) { try RefrainModel.load(from: path) }
    }

    @Test func emptyFileIsTruncated() throws {
        let path = try temporaryPath()
        try Data().write(to: URL(fileURLWithPath: path))
        #expect(throws: ModelFileError.truncated(path: path)) { try RefrainModel.load(from: path) }
    }

    @Test func newerFormatIsRefusedWithAnUpgradeHint() throws {
        var bytes = try Self.sampleModel().encoded()
        bytes[8] = 0x63  // format version 99, little-endian
        let path = try temporaryPath()
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(throws: ModelFileError.newerFormat(path: path, version: 99, writtenBy: refrainVersion)) {
            try RefrainModel.load(from: path)
        }
        #expect(ModelFileError.newerFormat(path: path, version: 99, writtenBy: "9.0").description.contains("upgrade"))
    }

    @Test func missingFileIsAnIOError() {
        #expect(throws: ModelFileError.self) { try RefrainModel.load(from: "/nonexistent/model.refrain") }
    }

    @Test func everyTruncationIsAnError() throws {
        let bytes = try Self.sampleModel(lsa: true).encoded()
        for length in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 300)) {
            #expect(throws: ModelFileError.self) { try RefrainModel.decode(Array(bytes[0 ..< length]), path: "m") }
        }
    }

    @Test func randomByteFlipsAreAlwaysDetected() throws {
        let bytes = try Self.sampleModel(lsa: true).encoded()
        var random = SeededRandom(seed: 2026)
        for _ in 0 ..< 500 {
            var damaged = bytes
            let flips = Int(random.next() % 4) + 1
            for _ in 0 ..< flips {
                let position = Int(random.next() % UInt64(damaged.count))
                damaged[position] ^= UInt8(truncatingIfNeeded: random.next() % 255 + 1)
            }
            #expect(throws: ModelFileError.self) { try RefrainModel.decode(damaged, path: "m") }
        }
    }

    @Test func randomGarbageIsRejected() throws {
        var random = SeededRandom(seed: 9)
        for length in [0, 1, 7, 8, 12, 64, 4096] {
            let garbage = (0 ..< length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            #expect(throws: ModelFileError.self) { try RefrainModel.decode(garbage, path: "g") }
            #expect(throws: ModelFileError.self) { try RefrainModel.decode(ModelFile.magic + garbage, path: "g") }
        }
    }

    @Test func aLeftoverTemporaryFileDoesNotDisturbTheModel() throws {
        let path = try temporaryPath()
        let model = try Self.sampleModel()
        try model.write(to: path)
        // A writer that died mid-write leaves only its temporary file behind.
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        try Data(model.encoded().prefix(100)).write(to: folder.appendingPathComponent(".news.refrain.tmp-999999"))
        #expect(try RefrainModel.load(from: path) == model)
        // Writing again replaces the file in one step.
        var updated = model
        updated.nextClusterID += 1
        try updated.write(to: path)
        #expect(try RefrainModel.load(from: path) == updated)
    }
}
