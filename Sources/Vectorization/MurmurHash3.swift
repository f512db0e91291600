/// MurmurHash3, x86 32-bit variant (Austin Appleby's public-domain
/// algorithm), the hash scikit-learn's `HashingVectorizer` applies to each
/// feature's UTF-8 bytes.
public enum MurmurHash3 {
    /// The 32-bit hash of `bytes` with `seed`.
    /// - Complexity: O(n).
    public static func x86_32(_ bytes: UnsafeBufferPointer<UInt8>, seed: UInt32 = 0) -> UInt32 {
        let c1: UInt32 = 0xCC9E_2D51, c2: UInt32 = 0x1B87_3593
        var h = seed
        let blocks = bytes.count / 4
        let raw = UnsafeRawBufferPointer(bytes)
        for i in 0 ..< blocks {
            var k = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self))
            k &*= c1
            k = (k << 15) | (k >> 17)
            k &*= c2
            h ^= k
            h = (h << 13) | (h >> 19)
            h = h &* 5 &+ 0xE654_6B64
        }
        let tail = blocks * 4
        var k1: UInt32 = 0
        let remainder = bytes.count & 3
        if remainder >= 3 { k1 ^= UInt32(bytes[tail + 2]) << 16 }
        if remainder >= 2 { k1 ^= UInt32(bytes[tail + 1]) << 8 }
        if remainder >= 1 {
            k1 ^= UInt32(bytes[tail])
            k1 &*= c1
            k1 = (k1 << 15) | (k1 >> 17)
            k1 &*= c2
            h ^= k1
        }
        h ^= UInt32(truncatingIfNeeded: bytes.count)
        h ^= h >> 16
        h &*= 0x85EB_CA6B
        h ^= h >> 13
        h &*= 0xC2B2_AE35
        h ^= h >> 16
        return h
    }

    /// The hash of a string's UTF-8 bytes, as a signed 32-bit value (as scikit-learn uses it).
    public static func signed(_ string: String, seed: UInt32 = 0) -> Int32 {
        var string = string
        return string.withUTF8 { Int32(bitPattern: x86_32($0, seed: seed)) }
    }
}
