/// Turns the raw bytes of an input file into valid UTF-8.
///
/// - A UTF-8 byte-order mark is dropped; UTF-16 with a byte-order mark (either
///   endianness) is transcoded, unpaired surrogates becoming U+FFFD with a warning.
/// - Empty or whitespace-only input is `CorpusError.emptyFile`.
/// - NUL bytes, or more than 10% control bytes in the first 64 KiB, are `CorpusError.binaryFile`.
/// - Invalid UTF-8 is replaced by U+FFFD (one per maximal invalid subpart) with a warning
///   naming the line and byte offset of the first bad byte and how many were replaced.
/// - `\r\n` and lone `\r` become `\n`.
///
/// - Complexity: O(n) in the input size.
enum TextDecoding {
    /// The decoded text; large inputs are scanned in parallel on up to `threads` threads.
    static func decode(_ raw: [UInt8], path: String, threads: Int = 1) throws(CorpusError) -> DecodedText {
        var warnings: [CorpusWarning] = []
        var bytes: [UInt8]
        if raw.count >= 3, raw[0] == 0xEF, raw[1] == 0xBB, raw[2] == 0xBF {
            bytes = Array(raw[3...])
        } else if raw.count >= 2, (raw[0] == 0xFF && raw[1] == 0xFE) || (raw[0] == 0xFE && raw[1] == 0xFF) {
            bytes = decodeUTF16(raw, bigEndian: raw[0] == 0xFE, path: path, warnings: &warnings)
        } else {
            bytes = raw
        }
        if UTF8Scanning.isBlank(bytes[...]) { throw .emptyFile(path: path) }
        let census = ByteCensus(bytes, threads: threads)
        if census.hasNUL || mostlyControl(bytes) { throw .binaryFile(path: path) }
        if let (offset, count) = census.invalid {
            let line = UTF8Scanning.lineNumber(of: offset, in: bytes)
            let more = count == 1 ? "it was" : "\(count) invalid sequences were"
            warnings.append(CorpusWarning(
                kind: .invalidUTF8, path: path, line: line,
                message: "invalid UTF-8 at byte \(offset); \(more) replaced by U+FFFD (\u{FFFD}); "
                    + "re-save the file as UTF-8 to keep the original characters"))
            bytes = Array(String(decoding: bytes, as: UTF8.self).utf8)
        }
        // Repairing keeps every ASCII byte, so the census still knows whether a CR is left.
        if census.hasCR { UTF8Scanning.normalizeLineEndings(&bytes) }
        if UTF8Scanning.isBlank(bytes[...]) { throw .emptyFile(path: path) }
        return DecodedText(bytes: bytes, warnings: warnings)
    }

    /// More than 10% control bytes in the first 64 KiB.
    private static func mostlyControl(_ bytes: [UInt8]) -> Bool {
        let sample = bytes.prefix(65_536)
        var control = 0
        for b in sample where (b < 0x20 && !(b >= 0x09 && b <= 0x0D)) || b == 0x7F { control += 1 }
        return control * 10 > sample.count
    }

    /// The offset of the first invalid UTF-8 byte and the number of invalid
    /// subparts (Unicode Table 3-7 well-formedness), or `nil` when valid.
    static func invalidUTF8(_ bytes: [UInt8]) -> (offset: Int, count: Int)? {
        invalidUTF8(bytes[...])
    }

    /// `invalidUTF8` of a slice, with offsets into the whole array.
    static func invalidUTF8(_ bytes: ArraySlice<UInt8>) -> (offset: Int, count: Int)? {
        var first: Int?
        var count = 0
        var i = bytes.startIndex
        let n = bytes.endIndex
        outer: while i < n {
            let b = bytes[i]
            if b < 0x80 { i = ByteSearch.firstNonASCII(in: bytes, from: i + 1); continue }
            var length = 0
            var low: UInt8 = 0x80, high: UInt8 = 0xBF
            switch b {
            case 0xC2 ... 0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1 ... 0xEC, 0xEE ... 0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1 ... 0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default:
                if first == nil { first = i }
                count += 1
                i += 1
                continue outer
            }
            guard i + 1 < n, bytes[i + 1] >= low, bytes[i + 1] <= high else {
                if first == nil { first = i }
                count += 1
                i += 1
                continue outer
            }
            var k = 2
            while k < length {
                guard i + k < n, bytes[i + k] >= 0x80, bytes[i + k] <= 0xBF else {
                    if first == nil { first = i }
                    count += 1
                    i += k
                    continue outer
                }
                k += 1
            }
            i += length
        }
        return first.map { ($0, count) }
    }

    private static func decodeUTF16(_ raw: [UInt8], bigEndian: Bool, path: String,
                                    warnings: inout [CorpusWarning]) -> [UInt8] {
        var units: [UInt16] = []
        units.reserveCapacity(raw.count / 2)
        var i = 2
        while i + 1 < raw.count {
            let a = UInt16(raw[i]), b = UInt16(raw[i + 1])
            units.append(bigEndian ? a << 8 | b : b << 8 | a)
            i += 2
        }
        var unpaired = 0
        var firstBad: Int?
        var u = 0
        while u < units.count {
            let unit = units[u]
            if unit >= 0xD800 && unit <= 0xDBFF {
                if u + 1 < units.count, units[u + 1] >= 0xDC00, units[u + 1] <= 0xDFFF {
                    u += 2
                    continue
                }
                unpaired += 1
                if firstBad == nil { firstBad = u }
            } else if unit >= 0xDC00 && unit <= 0xDFFF {
                unpaired += 1
                if firstBad == nil { firstBad = u }
            }
            u += 1
        }
        if let firstBad {
            warnings.append(CorpusWarning(
                kind: .invalidUTF16, path: path,
                message: "invalid UTF-16 at byte \(2 + firstBad * 2); \(unpaired) unpaired surrogate"
                    + "\(unpaired == 1 ? " was" : "s were") replaced by U+FFFD (\u{FFFD})"))
        }
        if raw.count % 2 == 1 {
            warnings.append(CorpusWarning(
                kind: .invalidUTF16, path: path,
                message: "the UTF-16 file has an odd number of bytes; the last byte was ignored"))
        }
        return Array(String(decoding: units, as: UTF16.self).utf8)
    }
}

/// What one pass over decoded bytes finds: NUL and CR bytes, and invalid UTF-8
/// (the first bad offset and the number of invalid subparts, as `TextDecoding.invalidUTF8`).
///
/// Large inputs are cut into chunks that start at ASCII bytes, where no UTF-8
/// sequence can be under way, so scanning the chunks in parallel finds exactly
/// what one scan of the whole finds.
struct ByteCensus {
    var hasNUL = false
    var hasCR = false
    var invalid: (offset: Int, count: Int)?

    /// Inputs smaller than this are scanned on one thread.
    static let parallelThreshold = 1 << 20

    init(_ bytes: [UInt8], threads: Int, pieces: Int? = nil) {
        let count = pieces ?? (bytes.count < Self.parallelThreshold || threads <= 1 ? 1 : 4 * threads)
        var bounds = [0]
        for nominal in ParallelChunks.ranges(of: bytes.count, into: count).dropFirst().map(\.lowerBound) {
            var at = max(nominal, bounds[bounds.count - 1])
            while at < bytes.count, bytes[at] >= 0x80 { at += 1 }
            bounds.append(at)
        }
        bounds.append(bytes.count)
        let cuts = bounds
        let parts = ParallelChunks.map(cuts.count - 1, threads: threads) { k in
            ByteCensus(chunk: bytes[cuts[k] ..< cuts[k + 1]])
        }
        for part in parts {
            hasNUL = hasNUL || part.hasNUL
            hasCR = hasCR || part.hasCR
            if let (offset, count) = part.invalid {
                invalid = (invalid?.offset ?? offset, (invalid?.count ?? 0) + count)
            }
        }
    }

    private init(chunk: ArraySlice<UInt8>) {
        hasNUL = ByteSearch.contains(0, in: chunk)
        hasCR = ByteSearch.contains(0x0D, in: chunk)
        invalid = TextDecoding.invalidUTF8(chunk)
    }
}
