import Testing
@testable import Corpus

@Suite("Decoding input bytes")
struct TextDecodingTests {
    @Test func utf8ByteOrderMarkIsDropped() throws {
        let decoded = try TextDecoding.decode([0xEF, 0xBB, 0xBF] + Array("Hello".utf8), path: "a.txt")
        #expect(decoded.bytes == Array("Hello".utf8))
        #expect(decoded.warnings.isEmpty)
    }

    @Test func utf16LittleEndianWithByteOrderMarkIsDecoded() throws {
        var raw: [UInt8] = [0xFF, 0xFE]
        for unit in "Ünïcode “text”\r\nline two".utf16 { raw += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let decoded = try TextDecoding.decode(raw, path: "a.txt")
        #expect(String(decoding: decoded.bytes, as: UTF8.self) == "Ünïcode “text”\nline two")
        #expect(decoded.warnings.isEmpty)
    }

    @Test func utf16BigEndianWithByteOrderMarkIsDecoded() throws {
        var raw: [UInt8] = [0xFE, 0xFF]
        for unit in "Big end 🙂".utf16 { raw += [UInt8(unit >> 8), UInt8(unit & 0xFF)] }
        let decoded = try TextDecoding.decode(raw, path: "a.txt")
        #expect(String(decoding: decoded.bytes, as: UTF8.self) == "Big end 🙂")
    }

    @Test func unpairedUTF16SurrogateIsReplacedWithWarning() throws {
        let raw: [UInt8] = [0xFF, 0xFE, 0x41, 0x00, 0x00, 0xD8, 0x42, 0x00]
        let decoded = try TextDecoding.decode(raw, path: "a.txt")
        #expect(String(decoding: decoded.bytes, as: UTF8.self) == "A\u{FFFD}B")
        #expect(decoded.warnings.map(\.kind) == [.invalidUTF16])
    }

    @Test func invalidUTF8IsRepairedWithWarningNamingLineAndByte() throws {
        let raw = Array("first line\nsecond ".utf8) + [0xC3, 0x28] + Array(" and \u{00E9}\n".utf8) + [0xFF]
        let decoded = try TextDecoding.decode(raw, path: "bad.txt")
        let text = String(decoding: decoded.bytes, as: UTF8.self)
        #expect(text == "first line\nsecond \u{FFFD}( and é\n\u{FFFD}")
        #expect(decoded.warnings.count == 1)
        let warning = try #require(decoded.warnings.first)
        #expect(warning.kind == .invalidUTF8)
        #expect(warning.path == "bad.txt")
        #expect(warning.line == 2)
        #expect(warning.description.hasPrefix("bad.txt:2: invalid UTF-8 at byte 18; 2 invalid sequences"))
    }

    @Test func overlongAndSurrogateEncodingsAreInvalid() {
        #expect(TextDecoding.invalidUTF8([0xC0, 0xAF])?.offset == 0)
        #expect(TextDecoding.invalidUTF8([0x41, 0xED, 0xA0, 0x80])?.offset == 1)
        #expect(TextDecoding.invalidUTF8([0xF4, 0x90, 0x80, 0x80]) != nil)
        #expect(TextDecoding.invalidUTF8(Array("ok é 中 🙂".utf8)) == nil)
        #expect(TextDecoding.invalidUTF8([0xE4, 0xB8]) != nil)
    }

    @Test func crlfAndLoneCarriageReturnsBecomeLineFeeds() throws {
        let decoded = try TextDecoding.decode(Array("a\r\nb\rc\n".utf8), path: "a.txt")
        #expect(decoded.bytes == Array("a\nb\nc\n".utf8))
    }

    @Test func emptyFileIsAnError() {
        #expect(throws: CorpusError.emptyFile(path: "x.txt")) { try TextDecoding.decode([], path: "x.txt") }
    }

    @Test func whitespaceOnlyFileIsAnError() {
        #expect(throws: CorpusError.emptyFile(path: "x.txt")) {
            try TextDecoding.decode(Array(" \n\t\r\n ".utf8), path: "x.txt")
        }
        #expect(throws: CorpusError.emptyFile(path: "x.txt")) {
            try TextDecoding.decode([0xEF, 0xBB, 0xBF, 0x20, 0x0A], path: "x.txt")
        }
    }

    @Test func nulBytesMeanBinary() {
        #expect(throws: CorpusError.binaryFile(path: "x.bin")) {
            try TextDecoding.decode(Array("PK".utf8) + [0x03, 0x04, 0x00, 0x00] + Array("rest".utf8), path: "x.bin")
        }
    }

    @Test func mostlyControlBytesMeanBinary() {
        let raw: [UInt8] = (0 ..< 200).map { $0 % 2 == 0 ? 0x01 : 0x41 }
        #expect(throws: CorpusError.binaryFile(path: "x.dat")) { try TextDecoding.decode(raw, path: "x.dat") }
    }

    @Test func utf16WithoutByteOrderMarkIsReportedAsBinary() {
        var raw: [UInt8] = []
        for unit in "Hello".utf16 { raw += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        #expect(throws: CorpusError.binaryFile(path: "x.txt")) { try TextDecoding.decode(raw, path: "x.txt") }
    }
}
