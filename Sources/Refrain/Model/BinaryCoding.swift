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
        bytes.reserveCapacity(bytes.count + 4 * values.count)
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
    /// A string as a varint byte count and its UTF-8 bytes.
    mutating func writeShort(_ string: String) {
        writeVarint(UInt64(string.utf8.count))
        bytes.append(contentsOf: string.utf8)
    }
    /// An optional string as a marker byte (0 absent, 1 present) and `writeShort`.
    mutating func writeShort(_ string: String?) {
        write(UInt8(string == nil ? 0 : 1))
        if let string { writeShort(string) }
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

    /// Checks that `count` bytes remain and returns where they start.
    @inline(__always)
    private mutating func advance(_ count: Int) throws(ModelFileError) -> Int {
        guard count >= 0, count <= remaining else { throw .truncatedSection(section) }
        defer { position += count }
        return position
    }

    /// A little-endian integer of `T`'s size.
    @inline(__always)
    private mutating func load<T: FixedWidthInteger>(_: T.Type) throws(ModelFileError) -> T {
        let start = try advance(MemoryLayout<T>.size)
        return T(littleEndian: bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: start, as: T.self) })
    }

    mutating func readUInt8() throws(ModelFileError) -> UInt8 { bytes[try advance(1)] }
    mutating func readUInt16() throws(ModelFileError) -> UInt16 { try load(UInt16.self) }
    mutating func readUInt32() throws(ModelFileError) -> UInt32 { try load(UInt32.self) }
    mutating func readUInt64() throws(ModelFileError) -> UInt64 { try load(UInt64.self) }
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
        let start = try advance(4 * count)
        return bytes.withUnsafeBytes { raw in
            [Float](unsafeUninitializedCapacity: count) { out, initialized in
                for i in 0 ..< count {
                    out[i] = Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: start + 4 * i, as: UInt32.self)))
                }
                initialized = count
            }
        }
    }
    mutating func readString() throws(ModelFileError) -> String {
        try text(count: readCount(elementSize: 1))
    }
    mutating func readOptionalString() throws(ModelFileError) -> String? {
        switch try readUInt8() {
        case 0: return nil
        case 1: return try readString()
        default: throw .invalidValue(section, "bad optional marker")
        }
    }
    /// A string written by `BinaryWriter.writeShort`.
    mutating func readShortString() throws(ModelFileError) -> String {
        let count = try readVarint()
        guard count <= UInt64(remaining) else { throw .truncatedSection(section) }
        return try text(count: Int(count))
    }
    /// An optional string written by `BinaryWriter.writeShort`.
    mutating func readOptionalShortString() throws(ModelFileError) -> String? {
        switch try readUInt8() {
        case 0: return nil
        case 1: return try readShortString()
        default: throw .invalidValue(section, "bad optional marker")
        }
    }
    /// The next `count` bytes as UTF-8 text.
    private mutating func text(count: Int) throws(ModelFileError) -> String {
        let start = try advance(count)
        let string = bytes.withUnsafeBufferPointer { String(validating: UnsafeBufferPointer(rebasing: $0[start ..< start + count]), as: UTF8.self) }
        guard let string else { throw .invalidValue(section, "text is not valid UTF-8") }
        return string
    }
    mutating func readRaw(_ count: Int) throws(ModelFileError) -> [UInt8] {
        let start = try advance(count)
        return Array(bytes[start ..< start + count])
    }
    /// Skips `count` bytes, returning their range in `bytes`.
    mutating func skip(_ count: Int) throws(ModelFileError) -> Range<Int> {
        let start = try advance(count)
        return start ..< start + count
    }
    mutating func readVarint() throws(ModelFileError) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < end else { throw .truncatedSection(section) }
            let b = bytes[position]
            position += 1
            guard shift < 64 else { throw .invalidValue(section, "varint too long") }
            value |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return value }
            shift += 7
        }
    }
}
