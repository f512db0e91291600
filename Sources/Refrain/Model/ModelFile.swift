import Foundation
import LinearAlgebra

/// The container format of `.refrain` model files: a versioned header, tagged
/// sections with lengths and checksums, and a checksum of the whole file.
///
/// ```
/// magic            8 bytes  "REFRAIN" 0x1A
/// format version   UInt32   (little-endian, like every number here)
/// written by       UInt64 length + UTF-8 Refrain version
/// section count    UInt32
/// sections         tag (4 ASCII bytes), UInt64 length, UInt32 CRC-32, payload
/// file checksum    UInt32 CRC-32 of every byte before it
/// ```
///
/// Readers skip sections they do not know (so newer writers can add some
/// without breaking older readers of the same format version) and check
/// every length against the file size before reading: loading never
/// executes anything from the file and never trusts a size it has not checked.
public enum ModelFile {
    /// The format this version of Refrain writes and reads.
    public static let formatVersion: UInt32 = 2
    static let magic: [UInt8] = Array("REFRAIN".utf8) + [0x1A]

    /// Serialises sections into a file image of format `version`.
    static func encode(sections: [(tag: String, payload: [UInt8])], writtenBy: String, version: UInt32 = formatVersion) -> [UInt8] {
        var w = BinaryWriter()
        w.write(raw: magic)
        w.write(version)
        w.write(writtenBy)
        w.write(UInt32(sections.count))
        for (tag, payload) in sections {
            precondition(tag.utf8.count == 4, "ModelFile: section tags are four ASCII bytes")
            w.write(raw: Array(tag.utf8))
            w.write(UInt64(payload.count))
            w.write(CRC32.checksum(payload))
            w.write(raw: payload)
        }
        var bytes = w.bytes
        let total = CRC32.checksum(bytes)
        withUnsafeBytes(of: total.littleEndian) { bytes.append(contentsOf: $0) }
        return bytes
    }

    /// Parses a file image into its sections (tag → byte range), checking the
    /// magic, the version and every checksum.
    static func decode(_ bytes: [UInt8], path: String) throws(ModelFileError)
        -> (version: UInt32, writtenBy: String, sections: [String: Range<Int>]) {
        guard bytes.count >= magic.count, Array(bytes[0 ..< magic.count]) == magic else {
            if bytes.count < magic.count && magic.starts(with: bytes) { throw .truncated(path: path) }
            throw .notAModel(path: path)
        }
        guard bytes.count >= magic.count + 4 + 4 else { throw .truncated(path: path) }
        var header = BinaryReader(bytes, range: magic.count ..< bytes.count, section: "header")
        let version = try header.readUInt32()
        let writtenBy = (try? header.readString()) ?? "unknown"
        let body = bytes.count - 4
        let stored = bytes[body...].reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        // One pass: the sections' checksums, combined with those of the bytes
        // around them into the file's (a plain pass when the lengths do not fit).
        let payloads = payloadRanges(bytes, end: body)
        var sectionChecksums: [UInt32] = []
        let fileChecksum: UInt32
        if let payloads {
            // The file is the gaps (headers) and payloads in turn: gap 0,
            // payload 0, gap 1, …, payload n-1, gap n; all checked in parallel.
            var parts: [Range<Int>] = []
            var position = 0
            for range in payloads {
                parts.append(position ..< range.lowerBound)
                parts.append(range)
                position = range.upperBound
            }
            parts.append(position ..< body)
            let sums = CRC32.checksums(of: parts, in: bytes, threads: Parallel.availableCores)
            sectionChecksums = stride(from: 1, to: sums.count, by: 2).map { sums[$0] }
            var crc: UInt32 = 0
            for (part, sum) in zip(parts, sums) { crc = CRC32.combine(crc, sum, lengthB: part.count) }
            fileChecksum = crc
        } else {
            fileChecksum = CRC32.checksum(bytes[0 ..< body])
        }
        if fileChecksum != stored {
            if version > formatVersion { throw .newerFormat(path: path, version: version, writtenBy: writtenBy) }
            // A file cut short fails its checksum too; say which it is when we can.
            if payloads == nil { throw .truncated(path: path) }
            throw .checksumMismatch(path: path, section: "file")
        }
        guard version <= formatVersion else { throw .newerFormat(path: path, version: version, writtenBy: writtenBy) }
        guard version >= 1 else { throw .invalidValue("header", "format version 0") }
        var reader = BinaryReader(bytes, range: header.position ..< body, section: "header")
        let count = try reader.readUInt32()
        var sections: [String: Range<Int>] = [:]
        for index in 0 ..< Int(count) {
            let tagBytes = try reader.readRaw(4)
            guard let tag = String(validating: tagBytes, as: UTF8.self), tag.utf8.count == 4 else {
                throw .invalidValue("header", "section tag is not text")
            }
            let length = try reader.readUInt64()
            let crc = try reader.readUInt32()
            guard length <= UInt64(reader.remaining) else { throw .truncatedSection(tag) }
            let range = try reader.skip(Int(length))
            let checksum = index < sectionChecksums.count ? sectionChecksums[index] : CRC32.checksum(bytes[range])
            guard checksum == crc else { throw .checksumMismatch(path: path, section: tag) }
            sections[tag] = range
        }
        guard reader.isAtEnd else { throw .invalidValue("header", "bytes after the last section") }
        return (version, writtenBy, sections)
    }

    /// The sections' payload ranges, read naively (no checksums), or `nil`
    /// when the header or a length runs past `end`.
    private static func payloadRanges(_ bytes: [UInt8], end: Int) -> [Range<Int>]? {
        var reader = BinaryReader(bytes, range: magic.count ..< end, section: "header")
        guard (try? reader.readUInt32()) != nil, (try? reader.readString()) != nil,
              let count = try? reader.readUInt32() else { return nil }
        var ranges: [Range<Int>] = []
        for _ in 0 ..< count {
            guard (try? reader.skip(4)) != nil, let length = try? reader.readUInt64(), (try? reader.readUInt32()) != nil,
                  length <= UInt64(reader.remaining), let range = try? reader.skip(Int(length)) else { return nil }
            ranges.append(range)
        }
        return ranges
    }

    /// Writes `bytes` to `path` atomically: a temporary file in the same
    /// folder, flushed to disk, then renamed over the target. A crash midway
    /// leaves any previous file intact.
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws(ModelFileError) {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)").path
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw .io(path: path, reason: String(cString: strerror(errno))) }
        var written = 0
        let ok: Bool = bytes.withUnsafeBytes { raw in
            while written < raw.count {
                let n = Foundation.write(fd, raw.baseAddress! + written, raw.count - written)
                if n <= 0 { return false }
                written += n
            }
            return fsync(fd) == 0
        }
        let failure = ok ? nil : String(cString: strerror(errno))
        close(fd)
        if let failure {
            unlink(temporary)
            throw .io(path: path, reason: failure)
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw .io(path: path, reason: reason)
        }
        let directory = open(folder.isEmpty ? "." : folder, O_RDONLY)
        if directory >= 0 { fsync(directory); close(directory) }
    }

    /// Reads a whole file.
    static func read(_ path: String) throws(ModelFileError) -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw .io(path: path, reason: exists ? "not readable" : "no such file")
        }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { throw .io(path: path, reason: "not a regular file") }
        let size = Int(status.st_size)
        var failure: String?
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            initialized = 0
            while initialized < size {
                let n = Foundation.read(fd, buffer.baseAddress! + initialized, size - initialized)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 {
                    failure = n < 0 ? String(cString: strerror(errno)) : "the file shrank while being read"
                    return
                }
                initialized += n
            }
        }
        if let failure { throw .io(path: path, reason: failure) }
        return bytes
    }
}
