import LinearAlgebra

/// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), as zlib and PNG
/// compute it; used to detect corrupted model sections.
///
/// Computed eight bytes at a time ("slicing-by-8": eight 256-entry tables,
/// 8 KB), several times faster than a byte at a time.
enum CRC32 {
    /// `tables[k][b]`: the CRC of byte `b` followed by `k` zero bytes.
    private static let tables: [UInt32] = {
        var table = [UInt32](repeating: 0, count: 8 * 256)
        for n in 0 ..< 256 {
            var c = UInt32(n)
            for _ in 0 ..< 8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
            table[n] = c
        }
        for k in 1 ..< 8 {
            for n in 0 ..< 256 {
                let previous = table[(k - 1) * 256 + n]
                table[k * 256 + n] = table[Int(previous & 0xFF)] ^ (previous >> 8)
            }
        }
        return table
    }()

    /// The checksum of `bytes`.
    /// - Complexity: O(n).
    static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        bytes.withUnsafeBufferPointer { checksum($0) }
    }

    /// The checksum of `bytes`.
    /// - Complexity: O(n).
    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBufferPointer { checksum($0) }
    }

    /// The checksum of `bytes`.
    /// - Complexity: O(n).
    static func checksum(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        tables.withUnsafeBufferPointer { t in
            var crc: UInt32 = 0xFFFF_FFFF
            guard let base = bytes.baseAddress else { return 0 }
            let raw = UnsafeRawPointer(base)
            var i = 0
            let n = bytes.count
            while i + 8 <= n {
                let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                let low = UInt32(truncatingIfNeeded: word) ^ crc
                let high = UInt32(truncatingIfNeeded: word >> 32)
                crc = t[7 * 256 + Int(low & 0xFF)] ^ t[6 * 256 + Int((low >> 8) & 0xFF)]
                    ^ t[5 * 256 + Int((low >> 16) & 0xFF)] ^ t[4 * 256 + Int(low >> 24)]
                    ^ t[3 * 256 + Int(high & 0xFF)] ^ t[2 * 256 + Int((high >> 8) & 0xFF)]
                    ^ t[256 + Int((high >> 16) & 0xFF)] ^ t[Int(high >> 24)]
                i += 8
            }
            while i < n {
                crc = t[Int((crc ^ UInt32(base[i])) & 0xFF)] ^ (crc >> 8)
                i += 1
            }
            return crc ^ 0xFFFF_FFFF
        }
    }

    /// The checksums of several ranges of `bytes`, computed on `threads`
    /// threads: every range is cut into pieces of at most `piece` bytes, the
    /// pieces are checked in parallel and their checksums combined in order,
    /// so the result equals `ranges.map { checksum(bytes[$0]) }`.
    /// - Complexity: O(total bytes / threads + pieces · log piece).
    static func checksums(of ranges: [Range<Int>], in bytes: [UInt8], threads: Int, piece: Int = 1 << 20) -> [UInt32] {
        precondition(piece >= 1, "CRC32.checksums: empty pieces")
        var pieces: [(range: Int, bytes: Range<Int>)] = []
        for (r, range) in ranges.enumerated() {
            var start = range.lowerBound
            repeat {
                let end = min(range.upperBound, start + piece)
                pieces.append((r, start ..< end))
                start = end
            } while start < range.upperBound
        }
        let sums = Parallel.map(pieces.count, threads: threads) { [pieces] k in checksum(bytes[pieces[k].bytes]) }
        var result = [UInt32](repeating: 0, count: ranges.count)
        var started = [Bool](repeating: false, count: ranges.count)
        for (k, piece) in pieces.enumerated() {
            result[piece.range] = started[piece.range] ? combine(result[piece.range], sums[k], lengthB: piece.bytes.count) : sums[k]
            started[piece.range] = true
        }
        return result
    }

    /// The checksum of `a` followed by `b`, from their checksums and the
    /// length of `b` in bytes (zlib's `crc32_combine`): lets a reader check a
    /// whole file from the checksums of its parts without a second pass.
    /// - Complexity: O(log lengthB).
    static func combine(_ checksumA: UInt32, _ checksumB: UInt32, lengthB: Int) -> UInt32 {
        precondition(lengthB >= 0, "CRC32.combine: negative length")
        // checksumA · x^(8 · lengthB) mod P, then add checksumB.
        var power: UInt32 = 1 << 31  // x^0
        var n = lengthB, k = 3  // x^(2^3) = x^8 per byte
        while n > 0 {
            if n & 1 == 1 { power = multiply(powersOfX[k & 31], power) }
            n >>= 1
            k += 1
        }
        return multiply(power, checksumA) ^ checksumB
    }

    /// `powersOfX[k]` is x^(2^k) modulo the polynomial (reflected).
    private static let powersOfX: [UInt32] = {
        var p: UInt32 = 1 << 30  // x^1
        var table = [p]
        for _ in 1 ..< 32 {
            p = multiply(p, p)
            table.append(p)
        }
        return table
    }()

    /// The product of two polynomials modulo the CRC polynomial (reflected bit order); `a` must not be 0.
    private static func multiply(_ a: UInt32, _ b: UInt32) -> UInt32 {
        var m: UInt32 = 1 << 31, product: UInt32 = 0, b = b
        while true {
            if a & m != 0 {
                product ^= b
                if a & (m - 1) == 0 { break }
            }
            m >>= 1
            b = b & 1 == 1 ? (b >> 1) ^ 0xEDB8_8320 : b >> 1
        }
        return product
    }
}
