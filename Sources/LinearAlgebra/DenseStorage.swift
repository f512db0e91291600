#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The heap buffer behind `DenseMatrix`: `count` initialised scalars, 64-byte
/// aligned (a cache line, and the width of an AVX-512 register), never resized.
///
/// Reference semantics; `DenseMatrix` adds copy-on-write on top. It is
/// `@unchecked Sendable` because a buffer reachable from more than one value is
/// only ever read: every write goes through `DenseMatrix.makeUnique()`.
final class DenseStorage<Scalar: BLASScalar>: @unchecked Sendable {
    /// The number of scalars.
    let count: Int
    /// The first scalar; `count` initialised scalars follow.
    let base: UnsafeMutablePointer<Scalar>

    /// The alignment of every buffer, in bytes.
    static var alignment: Int { 64 }

    /// A buffer of `count` copies of `value`.
    ///
    /// Zero, the common case, is written by `memset` (`Float` and `Double`
    /// zero is all zero bits): this class is not specialised, and the typed
    /// fill would copy each element through the generic value witness.
    /// - Complexity: O(count).
    init(count: Int, repeating value: Scalar) {
        self.count = count
        self.base = Self.allocate(count)
        if value == 0 && value.sign == .plus {
            _ = memset(base, 0, count * MemoryLayout<Scalar>.stride)
        } else {
            base.initialize(repeating: value, count: count)
        }
    }

    /// A buffer holding a copy of `elements`.
    /// - Complexity: O(count).
    init(copying elements: UnsafeBufferPointer<Scalar>) {
        self.count = elements.count
        self.base = Self.allocate(elements.count)
        if let source = elements.baseAddress { base.initialize(from: source, count: elements.count) }
    }

    deinit {
        base.deinitialize(count: count)
        UnsafeMutableRawPointer(base).deallocate()
    }

    /// A new buffer with the same contents.
    /// - Complexity: O(count).
    func copy() -> DenseStorage {
        DenseStorage(copying: UnsafeBufferPointer(start: base, count: count))
    }

    private static func allocate(_ count: Int) -> UnsafeMutablePointer<Scalar> {
        let (bytes, overflow) = max(count, 1).multipliedReportingOverflow(by: MemoryLayout<Scalar>.stride)
        precondition(!overflow, "DenseMatrix: \(count) elements overflow the address space")
        let raw = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: alignment)
        return raw.bindMemory(to: Scalar.self, capacity: max(count, 1))
    }
}
