/// A fixed-size open-addressing hash table from packed words to class bits:
/// one multiplicative hash and a short linear probe per lookup.
struct WordTable: Sendable {
    private static let bits = 11
    private var keys = [UInt64](repeating: 0, count: 1 << bits)
    private var values = [UInt8](repeating: 0, count: 1 << bits)

    @inline(__always)
    private static func slot(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - bits))
    }

    /// Adds `flag` to the classes of `key` (which must be non-zero).
    mutating func insert(_ key: UInt64, _ flag: UInt8) {
        precondition(key != 0, "the empty word cannot be listed")
        let mask = keys.count - 1
        var i = Self.slot(key)
        while keys[i] != 0 && keys[i] != key { i = (i + 1) & mask }
        keys[i] = key
        values[i] |= flag
    }

    /// The classes of `key`, 0 when unlisted.
    @inline(__always)
    func lookup(_ key: UInt64) -> UInt8 {
        let mask = keys.count - 1
        var i = Self.slot(key)
        while true {
            let k = keys[i]
            if k == key { return values[i] }
            if k == 0 { return 0 }
            i = (i + 1) & mask
        }
    }
}
