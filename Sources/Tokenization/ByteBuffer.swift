/// A growable byte buffer with stable raw access, reused across documents by
/// the feature extractors. The unsafe storage stays inside this type.
package final class ByteBuffer: @unchecked Sendable {
    @exclusivity(unchecked) package private(set) var base: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) package private(set) var capacity: Int
    /// Bytes in use.
    @exclusivity(unchecked) package var count = 0

    package init(capacity: Int = 4096) {
        self.capacity = max(16, capacity)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// Makes room for `extra` more bytes.
    @inline(__always)
    package func reserve(_ extra: Int) {
        if count + extra > capacity { grow(to: count + extra) }
    }

    /// Appends one byte.
    @inline(__always)
    package func append(_ byte: UInt8) {
        if count == capacity { grow(to: count + 1) }
        base[count] = byte
        count += 1
    }

    /// Appends `length` bytes from `source` (which may point into this buffer).
    @inline(__always)
    package func append(_ source: UnsafePointer<UInt8>, count length: Int) {
        if count + length > capacity {
            // `source` may live in this buffer: remember its offset across the move.
            let inside = source >= UnsafePointer(base) && source < UnsafePointer(base + capacity)
            let offset = inside ? source - UnsafePointer(base) : 0
            grow(to: count + length)
            let from = inside ? UnsafePointer(base + offset) : source
            (base + count).update(from: from, count: length)
        } else {
            (base + count).update(from: source, count: length)
        }
        count += length
    }

    /// Appends the bytes `range` of this buffer.
    @inline(__always)
    package func appendCopy(of start: Int, count length: Int) {
        reserve(length)
        (base + count).update(from: base + start, count: length)
        count += length
    }

    /// Appends a byte array.
    package func append(contentsOf bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { if let b = $0.baseAddress { append(b, count: $0.count) } }
    }

    /// The bytes in use, valid until the next mutation.
    package var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    private func grow(to needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let new = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        new.update(from: base, count: count)
        base.deallocate()
        base = new
        capacity = newCapacity
    }
}
