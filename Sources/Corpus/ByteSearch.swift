#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Fast byte searches over UTF-8 text, the kernels under the readers' hot loops.
///
/// Each kernel works on the contiguous storage of an `ArraySlice<UInt8>` and
/// returns absolute indices of that slice. Single bytes are found with the C
/// library's `memchr`; the other searches read eight bytes at a time.
enum ByteSearch {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// The index of the first `byte` in `s[from...]`, or `s.endIndex` when there is none.
    /// - Complexity: O(n), vectorised by `memchr`.
    static func firstIndex(of byte: UInt8, in s: ArraySlice<UInt8>, from: Int) -> Int {
        guard from < s.endIndex else { return s.endIndex }
        return s.withUnsafeBufferPointer { buffer -> Int in
            let base = buffer.baseAddress!
            let offset = from - s.startIndex
            guard let hit = memchr(base + offset, Int32(byte), buffer.count - offset) else { return s.endIndex }
            return s.startIndex + (UnsafeRawPointer(hit) - UnsafeRawPointer(base))
        }
    }

    /// True when `byte` occurs in `s`.
    /// - Complexity: O(n), vectorised by `memchr`.
    static func contains(_ byte: UInt8, in s: ArraySlice<UInt8>) -> Bool {
        firstIndex(of: byte, in: s, from: s.startIndex) < s.endIndex
    }

    /// The number of `byte`s in `s`.
    /// - Complexity: O(n), one `memchr` call per occurrence.
    static func count(of byte: UInt8, in s: ArraySlice<UInt8>) -> Int {
        var count = 0
        var i = firstIndex(of: byte, in: s, from: s.startIndex)
        while i < s.endIndex {
            count += 1
            i = firstIndex(of: byte, in: s, from: i + 1)
        }
        return count
    }

    /// The index of the first `"` or `\` in `s[from...]`, or `s.endIndex` when there is none:
    /// where a JSON string ends or has an escape.
    /// - Complexity: O(n), eight bytes per step.
    static func firstQuoteOrBackslash(in s: ArraySlice<UInt8>, from: Int) -> Int {
        firstFlagged(in: s, from: from,
                     flags: { zeroBytes($0 ^ (ones &* 0x22)) | zeroBytes($0 ^ (ones &* 0x5C)) },
                     matches: { $0 == 0x22 || $0 == 0x5C })
    }

    /// The index of the first byte of `s[from...]` that is not ASCII (`>= 0x80`), or `s.endIndex`.
    /// - Complexity: O(n), eight bytes per step.
    static func firstNonASCII(in s: ArraySlice<UInt8>, from: Int) -> Int {
        firstFlagged(in: s, from: from, flags: { $0 & highs }, matches: { $0 >= 0x80 })
    }

    /// The index of the first ASCII digit in `s[from...]`, or `s.endIndex`.
    /// - Complexity: O(n), eight bytes per step.
    static func firstDigit(in s: ArraySlice<UInt8>, from: Int) -> Int {
        firstFlagged(in: s, from: from, flags: { word in
            // Per byte, on its low seven bits (no carry crosses bytes): >= "0", <= "9", and ASCII.
            let low = word & ~highs
            return (low &+ ones &* 0x50) & ~(low &+ ones &* 0x46) & ~word & highs
        }, matches: UTF8Scanning.isDigit)
    }

    /// The first index whose byte `matches`, reading eight bytes at a time: `flags`
    /// maps a little-endian word to one whose lowest set high bit marks the first match.
    @inline(__always)
    private static func firstFlagged(in s: ArraySlice<UInt8>, from: Int, flags: (UInt64) -> UInt64,
                                     matches: (UInt8) -> Bool) -> Int {
        guard from < s.endIndex else { return s.endIndex }
        return s.withUnsafeBufferPointer { buffer -> Int in
            let raw = UnsafeRawBufferPointer(buffer)
            var i = from - s.startIndex
            while i + 8 <= raw.count {
                let found = flags(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)))
                if found != 0 { return s.startIndex + i + found.trailingZeroBitCount / 8 }
                i += 8
            }
            while i < raw.count {
                if matches(raw[i]) { return s.startIndex + i }
                i += 1
            }
            return s.endIndex
        }
    }

    /// The high bit of every zero byte of `word`; a byte above a zero byte may be
    /// flagged falsely (borrow), so only the lowest flag is exact: enough to find the first.
    @inline(__always)
    private static func zeroBytes(_ word: UInt64) -> UInt64 {
        (word &- ones) & ~word & highs
    }
}
