#if canImport(Glibc)
import Glibc
#endif

// Small building blocks for the kernels: owned raw buffers, pointers that
// parallel tasks may share, and the seeded generator behind k-means++.

/// A heap buffer of `count` initialised elements with a stable address, so
/// kernels can hold raw pointers without closure nesting or ARC traffic.
///
/// `@unchecked Sendable`: tasks share it only under the `Parallel` contract
/// (each task writes its own elements; reads happen after writes complete).
final class Buffer<Element>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Element>
    let count: Int

    /// `count` copies of `value`. With `hugePages`, a large buffer asks the
    /// kernel for transparent huge pages first (Linux), which spares the TLB
    /// misses of kernels that read it at random.
    init(repeating value: Element, count: Int, hugePages: Bool = false) {
        precondition(count >= 0, "Buffer: negative count \(count)")
        self.count = count
        base = UnsafeMutablePointer<Element>.allocate(capacity: max(count, 1))
        #if os(Linux)
        if hugePages { adviseHugePages(UnsafeMutableRawPointer(base), bytes: count * MemoryLayout<Element>.stride) }
        #endif
        base.initialize(repeating: value, count: count)
    }

    /// A copy of `elements`.
    init(copying elements: some Collection<Element>) {
        count = elements.count
        base = UnsafeMutablePointer<Element>.allocate(capacity: max(count, 1))
        var target = base
        for element in elements {
            target.initialize(to: element)
            target += 1
        }
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    @inline(__always) subscript(index: Int) -> Element {
        get { base[index] }
        set { base[index] = newValue }
    }

    /// The elements as an array (a copy).
    var array: [Element] { Array(UnsafeBufferPointer(start: base, count: count)) }

    /// A pointer parallel tasks may capture.
    var shared: SharedPointer<Element> { SharedPointer(base) }
}

/// A raw pointer that `@Sendable` task closures may capture. The tasks must
/// write disjoint elements, and the memory must outlive them.
struct SharedPointer<Element>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Element>
    init(_ base: UnsafeMutablePointer<Element>) { self.base = base }
    @inline(__always) subscript(index: Int) -> Element {
        get { base[index] }
        nonmutating set { base[index] = newValue }
    }
    @inline(__always) static func + (pointer: SharedPointer, offset: Int) -> UnsafeMutablePointer<Element> {
        pointer.base + offset
    }
}

/// SplitMix64 (Steele, Lea and Flood 2014): a tiny generator whose whole
/// stream is fixed by its seed, on every platform and Swift version, which
/// `SystemRandomNumberGenerator` is not.
struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform `Double` in `0 ..< 1` with 53 random bits.
    mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// A uniform integer in `0 ..< bound` (the high word of a 64 x 64-bit
    /// product, Lemire's method without the rejection step: bias below 2⁻³²
    /// for any bound under 2³²).
    mutating func index(below bound: Int) -> Int {
        precondition(bound > 0, "SplitMix64.index: bound must be positive")
        return Int(UInt64(bound).multipliedFullWidth(by: next()).high)
    }
}

/// `max(1, n)` row chunks of `rowChunkSize` rows: the unit of parallel work
/// for row-wise kernels. Boundaries depend only on `count`.
let rowChunkSize = 256

@inline(__always) func rowChunkCount(_ count: Int) -> Int { max(1, (count + rowChunkSize - 1) / rowChunkSize) }

@inline(__always) func rowChunk(_ chunk: Int, of count: Int) -> Range<Int> {
    chunk * rowChunkSize ..< min(count, (chunk + 1) * rowChunkSize)
}

extension Range<Int> {
    /// The range moved up by `offset`.
    @inline(__always) func shifted(by offset: Int) -> Range<Int> { lowerBound + offset ..< upperBound + offset }
}

#if os(Linux)
/// Marks the 2 MiB-aligned part of `bytes` bytes at `start` for transparent
/// huge pages (`madvise(MADV_HUGEPAGE)`); a hint the kernel may ignore.
private func adviseHugePages(_ start: UnsafeMutableRawPointer, bytes: Int) {
    let huge = 2 << 20
    let first = (Int(bitPattern: start) + huge - 1) / huge * huge
    let end = (Int(bitPattern: start) + bytes) / huge * huge
    guard end > first, let aligned = UnsafeMutableRawPointer(bitPattern: first) else { return }
    _ = madvise(aligned, end - first, MADV_HUGEPAGE)
}
#endif
