/// Little-endian writer for the model file's sections.
struct BinaryWriter {
    private(set) var bytes: [UInt8] = []

    mutating func write(_ value: UInt8) { bytes.append(value) }
    mutating func write(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func write(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func write(_ value: Int) { write(UInt64(bitPattern: Int64(value))) }
    mutating func write(_ value: Float) { write(value.bitPattern) }
    mutating func write(_ value: Double) { write(value.bitPattern) }
    mutating func write(_ values: [Float]) {
        write(values.count)
        for v in values { write(v) }
    }
    mutating func write(_ string: String) {
        write(string.utf8.count)
        bytes.append(contentsOf: string.utf8)
    }
    mutating func write(_ string: String?) {
        write(UInt8(string == nil ? 0 : 1))
        if let string { write(string) }
    }
    mutating func write(raw: [UInt8]) { bytes.append(contentsOf: raw) }
    /// LEB128: seven bits a byte, low bits first.
    mutating func writeVarint(_ value: UInt64) {
        var v = value
        while v >= 0x80 { bytes.append(UInt8(v & 0x7F) | 0x80); v >>= 7 }
        bytes.append(UInt8(v))
    }
}

/// Bounds-checked little-endian reader: every read checks the remaining
/// length first, so a truncated or corrupted file produces an error, never a
/// crash or a huge allocation.
struct BinaryReader {
    let bytes: [UInt8]
    private(set) var position: Int
    let end: Int
    let section: String

    init(_ bytes: [UInt8], range: Range<Int>, section: String) {
        self.bytes = bytes
        position = range.lowerBound
        end = range.upperBound
        self.section = section
    }

    var remaining: Int { end - position }
    var isAtEnd: Bool { position >= end }

    private mutating func take(_ count: Int) throws(ModelFileError) -> ArraySlice<UInt8> {
        guard count >= 0, count <= remaining else { throw .truncatedSection(section) }
        defer { position += count }
        return bytes[position ..< position + count]
    }

    mutating func readUInt8() throws(ModelFileError) -> UInt8 { try take(1).first! }
    mutating func readUInt32() throws(ModelFileError) -> UInt32 {
        try take(4).reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }
    mutating func readUInt64() throws(ModelFileError) -> UInt64 {
        try take(8).reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }
    mutating func readInt() throws(ModelFileError) -> Int {
        let value = Int64(bitPattern: try readUInt64())
        guard let int = Int(exactly: value) else { throw .invalidValue(section, "integer out of range") }
        return int
    }
    /// A count that must fit in what is left, given each element's minimum size.
    mutating func readCount(elementSize: Int) throws(ModelFileError) -> Int {
        let count = try readInt()
        guard count >= 0, count <= remaining / max(1, elementSize) else { throw .truncatedSection(section) }
        return count
    }
    mutating func readFloat() throws(ModelFileError) -> Float { Float(bitPattern: try readUInt32()) }
    mutating func readDouble() throws(ModelFileError) -> Double { Double(bitPattern: try readUInt64()) }
    mutating func readFloats() throws(ModelFileError) -> [Float] {
        let count = try readCount(elementSize: 4)
        var values = [Float]()
        values.reserveCapacity(count)
        for _ in 0 ..< count { values.append(try readFloat()) }
        return values
    }
    mutating func readString() throws(ModelFileError) -> String {
        let count = try readCount(elementSize: 1)
        let raw = try take(count)
        guard let string = String(validating: raw, as: UTF8.self) else { throw .invalidValue(section, "text is not valid UTF-8") }
        return string
    }
    mutating func readOptionalString() throws(ModelFileError) -> String? {
        switch try readUInt8() {
        case 0: return nil
        case 1: return try readString()
        default: throw .invalidValue(section, "bad optional marker")
        }
    }
    mutating func readRaw(_ count: Int) throws(ModelFileError) -> [UInt8] { Array(try take(count)) }
    mutating func readVarint() throws(ModelFileError) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try readUInt8()
            guard shift < 64 else { throw .invalidValue(section, "varint too long") }
            value |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return value }
            shift += 7
        }
    }
}
