/// Stable least-significant-digit radix sort of 64-bit keys on chosen bytes.
///
/// Sorting on the bytes at `digitShifts` (in increasing order, each a
/// multiple of 8 or any bit offset of an 8-bit digit) orders the keys by
/// those bits alone; bits outside the digits keep their input order (the
/// sort is stable). When every key is below 2^b, the shifts `0, 8, …` below
/// b give a full sort.
/// - Complexity: O(d · (n + 256)) for n keys and d digits; n words of scratch.
enum RadixSort {
    /// Sorts `keys` by the 8-bit digits starting at `digitShifts`; `scratch` is resized as needed.
    static func sort(_ keys: inout [UInt64], digitShifts: [Int], scratch: inout [UInt64]) {
        keys.withUnsafeMutableBufferPointer { sort($0, digitShifts: digitShifts, scratch: &scratch) }
    }

    /// Sorts the buffer `keys` in place; see `sort(_:digitShifts:scratch:)`.
    static func sort(_ keys: UnsafeMutableBufferPointer<UInt64>, digitShifts: [Int], scratch: inout [UInt64]) {
        let n = keys.count
        guard n > 1 else { return }
        if n <= 64 {
            // Small inputs: insertion sort on the masked digits (stable).
            var mask: UInt64 = 0
            for shift in digitShifts { mask |= 0xFF << UInt64(shift) }
            for i in 1 ..< n {
                let key = keys[i], k = key & mask
                var j = i - 1
                while j >= 0 && keys[j] & mask > k {
                    keys[j + 1] = keys[j]
                    j -= 1
                }
                keys[j + 1] = key
            }
            return
        }
        if scratch.count < n { scratch = [UInt64](repeating: 0, count: max(n, 2 * scratch.count)) }
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 256) { counts in
            scratch.withUnsafeMutableBufferPointer { b in
                var source = keys.baseAddress!, target = b.baseAddress!
                var inScratch = false
                for shift in digitShifts {
                    let s = UInt64(shift)
                    for d in 0 ..< 256 { counts[d] = 0 }
                    for i in 0 ..< n { counts[Int((source[i] >> s) & 0xFF)] += 1 }
                    // A digit every key shares changes nothing.
                    if counts[Int((source[0] >> s) & 0xFF)] == n { continue }
                    var sum = 0
                    for d in 0 ..< 256 { let c = counts[d]; counts[d] = sum; sum += c }
                    for i in 0 ..< n {
                        let key = source[i], d = Int((key >> s) & 0xFF)
                        target[counts[d]] = key
                        counts[d] += 1
                    }
                    swap(&source, &target)
                    inScratch.toggle()
                }
                if inScratch { keys.baseAddress!.update(from: b.baseAddress!, count: n) }
            }
        }
    }

    /// The shifts of the 8-bit digits covering bits `bits` (e.g. `0 ..< 20` → 0, 8, 16).
    static func digits(_ bits: Range<Int>) -> [Int] {
        stride(from: bits.lowerBound, to: bits.upperBound, by: 8).map { $0 }
    }
}
