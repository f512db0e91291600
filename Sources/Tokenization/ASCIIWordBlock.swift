/// Eight ASCII bytes classified at once (SWAR, one 64-bit word): which of
/// them match `\w` (`[0-9A-Za-z_]`) and the word with `A`-`Z` lowercased.
/// The word tokenizer's fast path for runs of ASCII text.
///
/// - Complexity: O(1), about twenty integer operations for eight bytes.
package enum ASCIIWordBlock {
    /// The high bit of every byte.
    package static let highBits: UInt64 = 0x8080_8080_8080_8080
    private static let ones: UInt64 = 0x0101_0101_0101_0101

    /// Whether all eight bytes of `block` are ASCII.
    @inline(__always)
    package static func isASCII(_ block: UInt64) -> Bool { block & highBits == 0 }

    /// The high bit of each byte of `block` (all ASCII) that is at least
    /// `bound` (1 ... 128). No carry crosses a byte: x + (128 - bound) ≤ 255.
    @inline(__always)
    private static func atLeast(_ block: UInt64, _ bound: UInt64) -> UInt64 {
        (block &+ (128 - bound) &* ones) & highBits
    }

    /// For an all-ASCII `block` (byte `j` is the `j`-th byte in memory):
    /// bit `j` of `wordBits` is set when byte `j` matches `\w`, and `lowered`
    /// is the block with `A`-`Z` turned into `a`-`z`.
    @inline(__always)
    package static func classify(_ block: UInt64) -> (lowered: UInt64, wordBits: UInt64) {
        let folded = block | 0x2020_2020_2020_2020
        let digit = atLeast(block, 48) & ~atLeast(block, 58)
        let letter = atLeast(folded, 97) & ~atLeast(folded, 123)
        // A byte equal to `_` leaves zero, whose high bit stays clear after adding 127.
        let underscore = ~((block ^ 0x5F5F_5F5F_5F5F_5F5F) &+ 0x7F7F_7F7F_7F7F_7F7F) & highBits
        let upper = atLeast(block, 65) & ~atLeast(block, 91)
        let word = digit | letter | underscore
        // Gather the eight high bits into the low byte.
        let wordBits = ((word >> 7) &* 0x0102_0408_1020_4080) >> 56
        return (block | upper >> 2, wordBits)
    }
}
