/// An insert-only hash table that interns byte strings and numbers them
/// `0, 1, 2, ...` in first-insertion order.
///
/// Keys are copied into one growing arena; slots use open addressing with
/// linear probing at a load factor of at most 1/2. A slot is 16 bytes: the
/// key's first eight bytes and a word packing the id, the length and 16 bits
/// of the hash, so a key of up to eight bytes (most words) is found or ruled
/// out within one cache line, and longer keys only touch the arena to compare
/// their remaining bytes. Each entry keeps its 64-bit hash so growing never
/// rehashes key bytes. This is the vocabulary counter's hot loop, so storage
/// is manually managed; the unsafe code stays inside this type.
///
/// - Complexity: `insert` and `find` are O(key length) expected.
package final class ByteStringTable: @unchecked Sendable {
    @exclusivity(unchecked) private var arena: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) private var arenaCapacity: Int
    @exclusivity(unchecked) private var arenaCount = 0
    @exclusivity(unchecked) private var starts: UnsafeMutablePointer<Int>
    @exclusivity(unchecked) private var lengths: UnsafeMutablePointer<Int32>
    @exclusivity(unchecked) private var hashes: UnsafeMutablePointer<UInt64>
    @exclusivity(unchecked) private var entryCapacity: Int
    /// Two words per slot: the key prefix (`prefix(_:_:)`) and the meta word
    /// `tag << 48 | min(length, 0xFFFF) << 32 | (id + 1)`; meta 0 is empty.
    @exclusivity(unchecked) private var slots: UnsafeMutablePointer<UInt64>
    @exclusivity(unchecked) private var slotMask: Int
    /// Scratch of `insertAll`: per key its hash and prefix.
    @exclusivity(unchecked) private var batchHashes: UnsafeMutablePointer<UInt64> = .allocate(capacity: 1)
    @exclusivity(unchecked) private var batchPrefixes: UnsafeMutablePointer<UInt64> = .allocate(capacity: 1)
    @exclusivity(unchecked) private var batchCapacity = 1
    /// Where `insertAll` leaves the slot words it loads early, so the loads stay.
    @exclusivity(unchecked) private var prefetchSink: UInt64 = 0
    /// The number of distinct keys.
    @exclusivity(unchecked) package private(set) var count = 0

    /// Creates an empty table sized for about `expectedCount` keys.
    package init(expectedCount: Int = 1024) {
        var slotCount = 64
        while slotCount < expectedCount * 2 { slotCount <<= 1 }
        slotMask = slotCount - 1
        slots = .allocate(capacity: 2 * slotCount)
        slots.initialize(repeating: 0, count: 2 * slotCount)
        entryCapacity = max(16, expectedCount)
        starts = .allocate(capacity: entryCapacity)
        lengths = .allocate(capacity: entryCapacity)
        hashes = .allocate(capacity: entryCapacity)
        arenaCapacity = max(256, expectedCount * 8)
        arena = .allocate(capacity: arenaCapacity)
    }

    deinit {
        arena.deallocate(); starts.deallocate(); lengths.deallocate(); hashes.deallocate(); slots.deallocate()
        batchHashes.deallocate(); batchPrefixes.deallocate()
    }

    /// The meta word's bits above the id for a key of `length` bytes and `hash`.
    @inline(__always)
    private static func metaHigh(_ length: Int, _ hash: UInt64) -> UInt64 {
        (hash & 0xFFFF_0000_0000_0000) | UInt64(min(length, 0xFFFF)) << 32
    }

    /// The slot holding `key`, or the empty slot where it belongs.
    @inline(__always)
    private func probe(_ key: UnsafePointer<UInt8>, _ length: Int, _ first: UInt64, _ hash: UInt64) -> (slot: Int, id: Int?) {
        probe(key, length, first, hash, home: slots[2 * (Int(truncatingIfNeeded: hash) & slotMask) + 1])
    }

    /// `probe` given the meta word of the key's home slot, already loaded.
    @inline(__always)
    private func probe(_ key: UnsafePointer<UInt8>, _ length: Int, _ first: UInt64, _ hash: UInt64, home: UInt64) -> (slot: Int, id: Int?) {
        let high = ByteStringTable.metaHigh(length, hash)
        var slot = Int(truncatingIfNeeded: hash) & slotMask
        var meta = home
        while true {
            if meta == 0 { return (slot, nil) }
            if meta & 0xFFFF_FFFF_0000_0000 == high && slots[2 * slot] == first {
                let entry = Int(truncatingIfNeeded: meta & 0xFFFF_FFFF) - 1
                if length <= 8 { return (slot, entry) }
                if Int(lengths[entry]) == length && memoryEqual(arena + starts[entry] + 8, key + 8, length - 8) { return (slot, entry) }
            }
            slot = (slot + 1) & slotMask
            meta = slots[2 * slot + 1]
        }
    }

    /// Returns the id of `key`, inserting it with the next id when new.
    @inline(__always)
    package func insert(_ key: UnsafePointer<UInt8>, count length: Int) -> Int {
        let first = ByteStringTable.prefix(key, length)
        return insert(key, length, first, ByteStringTable.hash(key, length, first: first))
    }

    @inline(__always)
    private func insert(_ key: UnsafePointer<UInt8>, _ length: Int, _ first: UInt64, _ hash: UInt64) -> Int {
        let (slot, found) = probe(key, length, first, hash)
        if let found { return found }
        let id = count
        if id == entryCapacity { growEntries() }
        if arenaCount + length > arenaCapacity { growArena(atLeast: arenaCount + length) }
        (arena + arenaCount).update(from: key, count: length)
        starts[id] = arenaCount
        lengths[id] = Int32(length)
        hashes[id] = hash
        arenaCount += length
        slots[2 * slot] = first
        slots[2 * slot + 1] = ByteStringTable.metaHigh(length, hash) | UInt64(id + 1)
        count += 1
        if count * 2 > slotMask + 1 { growSlots() }
        return id
    }

    /// Inserts the keys `base[starts[i] ..< starts[i] + lengths[i]]` in
    /// order, writing their ids to `ids`; the same as calling `insert` on
    /// each, but hashes run ahead of the probes and the slot of a key a few
    /// places ahead is loaded early, so cache misses overlap.
    package func insertAll(_ base: UnsafePointer<UInt8>, starts: UnsafeBufferPointer<Int32>, lengths: UnsafeBufferPointer<Int32>,
                           ids: UnsafeMutablePointer<Int32>) {
        let n = starts.count
        guard n > 0 else { return }
        if batchCapacity < n {
            batchHashes.deallocate(); batchPrefixes.deallocate()
            batchCapacity = max(n, 2 * batchCapacity)
            batchHashes = .allocate(capacity: batchCapacity)
            batchPrefixes = .allocate(capacity: batchCapacity)
        }
        let hashes = batchHashes, prefixes = batchPrefixes
        for i in 0 ..< n {
            let key = base + Int(starts[i]), length = Int(lengths[i])
            let first = ByteStringTable.prefix(key, length)
            prefixes[i] = first
            hashes[i] = ByteStringTable.hash(key, length, first: first)
        }
        let ahead = 4
        // Early loads go to a ring, not into a dependency chain.
        var ring: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        for i in 0 ..< n {
            if i + ahead < n {
                let early = slots[2 * (Int(truncatingIfNeeded: hashes[i + ahead]) & slotMask) + 1]
                switch i & 3 {
                case 0: ring.0 = early
                case 1: ring.1 = early
                case 2: ring.2 = early
                default: ring.3 = early
                }
            }
            let key = base + Int(starts[i]), length = Int(lengths[i])
            ids[i] = Int32(truncatingIfNeeded: insert(key, length, prefixes[i], hashes[i]))
        }
        prefetchSink = ring.0 ^ ring.1 ^ ring.2 ^ ring.3
    }

    /// Looks up the keys `base[starts[i] ..< starts[i] + lengths[i]]`,
    /// writing each one's id, or -1 when absent, to `ids`, and returns how
    /// many were absent: the same as calling `find` on each. Keys go in
    /// blocks, each in passes whose loads do not depend on one another, so
    /// a block's cache misses overlap: hash every key; load every home
    /// slot; for a long key whose home slot holds a key like it, that key's
    /// arena offset, then its last eight bytes; then probe, mostly in cache.
    /// Like `find`, it only reads the table: threads may share one.
    /// - Complexity: O(total key bytes) expected.
    @discardableResult
    package func findAll(_ base: UnsafePointer<UInt8>, starts: UnsafeBufferPointer<Int32>, lengths: UnsafeBufferPointer<Int32>,
                         ids: UnsafeMutablePointer<Int32>) -> Int {
        let n = starts.count
        guard n > 0 else { return 0 }
        let block = 128
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 5 * block) { buffer in
            // Per key of the block: prefix, hash, home meta word, the home
            // entry's arena offset (or -1) and that entry's last eight bytes.
            let firsts = buffer.baseAddress!, hashes = firsts + block, metas = hashes + block
            let offsets = UnsafeMutableRawPointer(metas + block).bindMemory(to: Int.self, capacity: block)
            let tails = metas + 2 * block
            var missing = 0
            var begin = 0
            while begin < n {
                let count = min(block, n - begin)
                let keyStarts = starts.baseAddress! + begin, keyLengths = lengths.baseAddress! + begin
                for j in 0 ..< count {
                    let key = base + Int(keyStarts[j]), length = Int(keyLengths[j])
                    let first = ByteStringTable.prefix(key, length)
                    firsts[j] = first
                    hashes[j] = ByteStringTable.hash(key, length, first: first)
                }
                for j in 0 ..< count { metas[j] = slots[2 * (Int(truncatingIfNeeded: hashes[j]) & slotMask) + 1] }
                for j in 0 ..< count {
                    let length = Int(keyLengths[j]), meta = metas[j]
                    let alike = length > 8 && meta & 0xFFFF_FFFF_0000_0000 == ByteStringTable.metaHigh(length, hashes[j])
                    offsets[j] = alike ? self.starts[Int(truncatingIfNeeded: meta & 0xFFFF_FFFF) - 1] : -1
                }
                for j in 0 ..< count where offsets[j] >= 0 {
                    tails[j] = UnsafeRawPointer(arena).loadUnaligned(fromByteOffset: offsets[j] + Int(keyLengths[j]) - 8, as: UInt64.self)
                }
                for j in 0 ..< count {
                    let key = base + Int(keyStarts[j]), length = Int(keyLengths[j])
                    let first = firsts[j], hash = hashes[j], meta = metas[j]
                    // A key of 9 ... 16 bytes is its prefix and last eight bytes.
                    if offsets[j] >= 0 && length <= 16
                        && tails[j] == UnsafeRawPointer(key).loadUnaligned(fromByteOffset: length - 8, as: UInt64.self)
                        && slots[2 * (Int(truncatingIfNeeded: hash) & slotMask)] == first {
                        ids[begin + j] = Int32(truncatingIfNeeded: meta & 0xFFFF_FFFF) - 1
                    } else if let id = probe(key, length, first, hash, home: meta).id {
                        ids[begin + j] = Int32(truncatingIfNeeded: id)
                    } else {
                        ids[begin + j] = -1
                        missing += 1
                    }
                }
                begin += count
            }
            return missing
        }
    }

    /// Returns the id of `key`, or `nil` when absent.
    package func find(_ key: UnsafePointer<UInt8>, count length: Int) -> Int? {
        let first = ByteStringTable.prefix(key, length)
        return probe(key, length, first, ByteStringTable.hash(key, length, first: first)).id
    }

    /// Convenience: the id of `key`'s UTF-8 bytes, inserting when new.
    package func insert(_ key: String) -> Int {
        var key = key
        return key.withUTF8 { bytes in
            if let base = bytes.baseAddress { return insert(base, count: bytes.count) }
            var zero: UInt8 = 0
            return insert(&zero, count: 0)
        }
    }

    /// Convenience: the id of `key`'s UTF-8 bytes, or `nil`.
    package func find(_ key: String) -> Int? {
        var key = key
        return key.withUTF8 { bytes in
            if let base = bytes.baseAddress { return find(base, count: bytes.count) }
            var zero: UInt8 = 0
            return find(&zero, count: 0)
        }
    }

    /// Calls `body` with the bytes of key `id`.
    @inline(__always)
    package func withKey<R>(_ id: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        precondition(id >= 0 && id < count, "ByteStringTable: id \(id) out of range 0..<\(count)")
        return try body(UnsafeBufferPointer(start: arena + starts[id], count: Int(lengths[id])))
    }

    /// The total bytes of all keys.
    package var byteCount: Int { arenaCount }

    /// The bytes of key `id`, valid until the next insertion.
    @inline(__always)
    package func key(_ id: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: arena + starts[id], count: Int(lengths[id]))
    }

    /// The key `id` as a `String`.
    package func string(_ id: Int) -> String {
        withKey(id) { String(decoding: $0, as: UTF8.self) }
    }

    /// Compares keys `a` and `b` by their bytes (unsigned, then by length):
    /// for UTF-8 this is code point order, the order of Python's `sorted`.
    @inline(__always)
    package func keyPrecedes(_ a: Int, _ b: Int) -> Bool {
        ByteStringTable.bytesPrecede(arena + starts[a], Int(lengths[a]), arena + starts[b], Int(lengths[b]))
    }

    /// The first eight bytes of key `id`, big-endian and zero-padded: keys
    /// with smaller prefixes sort first.
    @inline(__always)
    package func sortPrefix(_ id: Int) -> UInt64 {
        let p = arena + starts[id]
        let n = min(8, Int(lengths[id]))
        var v: UInt64 = 0
        for i in 0 ..< 8 { v = v << 8 | (i < n ? UInt64(p[i]) : 0) }
        return v
    }

    /// Lexicographic byte comparison.
    @inline(__always)
    package static func bytesPrecede(_ a: UnsafePointer<UInt8>, _ na: Int, _ b: UnsafePointer<UInt8>, _ nb: Int) -> Bool {
        let n = min(na, nb)
        var i = 0
        while i < n {
            if a[i] != b[i] { return a[i] < b[i] }
            i += 1
        }
        return na < nb
    }

    /// A fast 64-bit hash of a byte string (8-byte words, multiply-xorshift mixing).
    @inline(__always)
    package static func hash(_ key: UnsafePointer<UInt8>, _ length: Int) -> UInt64 {
        hash(key, length, first: prefix(key, length))
    }

    /// The hash of a key whose `prefix` is `first`: the prefix, each further
    /// full word, and the last eight bytes (overlapping the previous word).
    @inline(__always)
    private static func hash(_ key: UnsafePointer<UInt8>, _ length: Int, first: UInt64) -> UInt64 {
        var h = mix((0x9E37_79B9_7F4A_7C15 &+ UInt64(truncatingIfNeeded: length)) ^ first)
        if length > 8 {
            let raw = UnsafeRawPointer(key)
            var i = 8
            while i + 8 <= length {
                h = mix(h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                i += 8
            }
            if i < length { h = mix(h ^ raw.loadUnaligned(fromByteOffset: length - 8, as: UInt64.self)) }
        }
        return mix(h)
    }

    /// The first `min(8, length)` bytes of `key` as a little-endian word,
    /// zero-padded; never reads past `key + length`.
    @inline(__always)
    package static func prefix(_ key: UnsafePointer<UInt8>, _ length: Int) -> UInt64 {
        let raw = UnsafeRawPointer(key)
        if length >= 8 { return raw.loadUnaligned(as: UInt64.self) }
        if length >= 4 {
            // Two overlapping 4-byte loads; the shared bytes agree.
            let low = UInt64(raw.loadUnaligned(as: UInt32.self))
            let high = UInt64(raw.loadUnaligned(fromByteOffset: length - 4, as: UInt32.self))
            return low | high << UInt64((length - 4) * 8)
        }
        if length >= 2 {
            let low = UInt64(raw.loadUnaligned(as: UInt16.self))
            let high = UInt64(raw.loadUnaligned(fromByteOffset: length - 2, as: UInt16.self))
            return low | high << UInt64((length - 2) * 8)
        }
        return length == 1 ? UInt64(key[0]) : 0
    }

    /// SplitMix64's finaliser: every input bit affects every output bit.
    @inlinable @inline(__always)
    package static func mix(_ x: UInt64) -> UInt64 {
        var z = x &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 31)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 29)
    }


    @inline(__always)
    private func memoryEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        var i = 0
        while i + 8 <= n {
            if UnsafeRawPointer(a).loadUnaligned(fromByteOffset: i, as: UInt64.self)
                != UnsafeRawPointer(b).loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
            i += 8
        }
        while i < n {
            if a[i] != b[i] { return false }
            i += 1
        }
        return true
    }

    private func growEntries() {
        let newCapacity = entryCapacity * 2
        starts = reallocate(starts, from: entryCapacity, to: newCapacity)
        lengths = reallocate(lengths, from: entryCapacity, to: newCapacity)
        hashes = reallocate(hashes, from: entryCapacity, to: newCapacity)
        entryCapacity = newCapacity
    }

    private func growArena(atLeast needed: Int) {
        var newCapacity = arenaCapacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        arena = reallocate(arena, from: arenaCount, to: newCapacity)
        arenaCapacity = newCapacity
    }

    private func growSlots() {
        let oldSlots = slots, oldCount = slotMask + 1
        let slotCount = oldCount * 2
        slots = .allocate(capacity: 2 * slotCount)
        slots.initialize(repeating: 0, count: 2 * slotCount)
        slotMask = slotCount - 1
        for old in 0 ..< oldCount {
            let meta = oldSlots[2 * old + 1]
            if meta == 0 { continue }
            let id = Int(truncatingIfNeeded: meta & 0xFFFF_FFFF) - 1
            var slot = Int(truncatingIfNeeded: hashes[id]) & slotMask
            while slots[2 * slot + 1] != 0 { slot = (slot + 1) & slotMask }
            slots[2 * slot] = oldSlots[2 * old]
            slots[2 * slot + 1] = meta
        }
        oldSlots.deallocate()
    }

    private func reallocate<T>(_ old: UnsafeMutablePointer<T>, from used: Int, to capacity: Int) -> UnsafeMutablePointer<T> {
        let new = UnsafeMutablePointer<T>.allocate(capacity: capacity)
        new.moveInitialize(from: old, count: used)
        old.deallocate()
        return new
    }
}
