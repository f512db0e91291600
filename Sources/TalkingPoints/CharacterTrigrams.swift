import Tokenization

/// Cosine similarity of the character 3-gram count vectors of two passages,
/// each read as its stems joined by single spaces with a space added at
/// both ends (" stem stem … ").
///
/// A 3-gram of Unicode scalars is packed into one 63-bit code (21 bits per
/// scalar), and both passages' codes are counted in one small open-addressing
/// table reused across pairs: no dictionary, no strings, no allocation. Counts are small
/// integers, so the dot product and the norms are exact and the result does
/// not depend on the order of the table.
/// - Complexity: O(L) expected for passages of L scalars.
enum CharacterTrigrams {
    /// Buffers reused across pairs by one thread.
    struct Scratch {
        var scalars: [UInt32] = []
        /// Open-addressing table: a code (or `empty`) and its counts in the two passages.
        var slots: [(code: UInt64, first: Int32, second: Int32)] = []
        var used: [Int32] = []
    }

    static let empty = UInt64.max

    /// The cosine of the 3-gram profiles of words `a` and `b` of `tokens`;
    /// exactly 1 when the two passages have the same stems.
    static func cosine(_ tokens: PassageTokens, _ a: Range<Int>, _ b: Range<Int>, scratch: inout Scratch) -> Double {
        if !a.isEmpty && tokens.stems[a] == tokens.stems[b] { return 1 }
        scratch.scalars.removeAll(keepingCapacity: true)
        let lengthA = scalars(tokens, a, into: &scratch.scalars)
        let lengthB = scalars(tokens, b, into: &scratch.scalars)
        guard lengthA >= 3 && lengthB >= 3 else { return 0 }
        var size = 64
        while size < 2 * (lengthA + lengthB) { size <<= 1 }
        if scratch.slots.count < size { scratch.slots = .init(repeating: (empty, 0, 0), count: size) }
        if scratch.used.count < lengthA + lengthB { scratch.used = [Int32](repeating: 0, count: 2 * (lengthA + lengthB)) }
        let mask = size - 1
        var dot = 0, normA = 0, normB = 0
        scratch.scalars.withUnsafeBufferPointer { scalars in
            scratch.slots.withUnsafeMutableBufferPointer { slots in
                scratch.used.withUnsafeMutableBufferPointer { used in
                    var usedCount = 0
                    // Count the 3-grams of the first passage, then of the second (which starts at lengthA).
                    for passage in 0 ..< 2 {
                        let first = passage == 0
                        let start = first ? 0 : lengthA, end = first ? lengthA : lengthA + lengthB
                        for i in start ..< end - 2 {
                            let code = UInt64(scalars[i]) << 42 | UInt64(scalars[i + 1]) << 21 | UInt64(scalars[i + 2])
                            var slot = Int(truncatingIfNeeded: SplitMix.finalise(code)) & mask
                            while slots[slot].code != empty && slots[slot].code != code { slot = (slot + 1) & mask }
                            if slots[slot].code == empty {
                                slots[slot].code = code
                                used[usedCount] = Int32(slot)
                                usedCount += 1
                            }
                            if first { slots[slot].first += 1 } else { slots[slot].second += 1 }
                        }
                    }
                    for k in 0 ..< usedCount {
                        let slot = Int(used[k])
                        let ca = Int(slots[slot].first), cb = Int(slots[slot].second)
                        dot += ca * cb
                        normA += ca * ca
                        normB += cb * cb
                        slots[slot] = (empty, 0, 0)
                    }
                }
            }
        }
        guard normA > 0 && normB > 0 else { return 0 }
        return Double(dot) / (Double(normA).squareRoot() * Double(normB).squareRoot())
    }

    /// Appends the scalars of " " + stems of `words` joined by " " + " " to
    /// `scalars`; returns how many were appended.
    static func scalars(_ tokens: PassageTokens, _ words: Range<Int>, into scalars: inout [UInt32]) -> Int {
        let before = scalars.count
        scalars.append(32)
        tokens.stems.withUnsafeBufferPointer { stems in
            tokens.stemScalarOffsets.withUnsafeBufferPointer { offsets in
                tokens.stemScalars.withUnsafeBufferPointer { stemScalars in
                    for w in words {
                        let stem = Int(stems[w])
                        scalars.append(contentsOf: UnsafeBufferPointer(rebasing: stemScalars[offsets[stem] ..< offsets[stem + 1]]))
                        scalars.append(32)
                    }
                }
            }
        }
        return scalars.count - before
    }
}
