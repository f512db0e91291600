/// Cosine similarity of the character 3-gram count vectors of two passages,
/// each read as its stems joined by single spaces with a space added at
/// both ends (" stem stem … ").
///
/// A 3-gram of Unicode scalars is packed into one 63-bit code (21 bits per
/// scalar), and both passages' codes are counted in one small open-addressing
/// table reused across pairs: no dictionary and no strings. Counts are small
/// integers, so the dot product and the norms are exact and the result does
/// not depend on the order of the table.
/// - Complexity: O(L) expected for passages of L scalars.
enum CharacterTrigrams {
    /// Buffers reused across pairs by one thread.
    struct Scratch {
        var scalars: [UInt32] = []
        var codes: [UInt64] = []
        var slots: [UInt64] = []
        var counts: [(first: Int32, second: Int32)] = []
        var used: [Int] = []
    }

    static let empty = UInt64.max

    /// The cosine of the 3-gram profiles of words `a` and `b` of `tokens`.
    static func cosine(_ tokens: PassageTokens, _ a: Range<Int>, _ b: Range<Int>, scratch: inout Scratch) -> Double {
        var dot = 0, normA = 0, normB = 0
        scratch.codes.removeAll(keepingCapacity: true)
        codes(tokens, a, &scratch.scalars, into: &scratch.codes)
        let countA = scratch.codes.count
        codes(tokens, b, &scratch.scalars, into: &scratch.codes)
        let total = scratch.codes.count
        guard countA > 0 && total > countA else { return 0 }
        var size = 64
        while size < 2 * total { size <<= 1 }
        if scratch.slots.count < size {
            scratch.slots = [UInt64](repeating: empty, count: size)
            scratch.counts = [(Int32, Int32)](repeating: (0, 0), count: size)
        }
        let mask = size - 1
        scratch.used.removeAll(keepingCapacity: true)
        for (k, code) in scratch.codes.enumerated() {
            var slot = Int(truncatingIfNeeded: ShingleIndex.mix(code)) & mask
            while scratch.slots[slot] != empty && scratch.slots[slot] != code { slot = (slot + 1) & mask }
            if scratch.slots[slot] == empty {
                scratch.slots[slot] = code
                scratch.used.append(slot)
            }
            if k < countA { scratch.counts[slot].first += 1 } else { scratch.counts[slot].second += 1 }
        }
        for slot in scratch.used {
            let (ca, cb) = (Int(scratch.counts[slot].first), Int(scratch.counts[slot].second))
            dot += ca * cb
            normA += ca * ca
            normB += cb * cb
            scratch.slots[slot] = empty
            scratch.counts[slot] = (0, 0)
        }
        return Double(dot) / (Double(normA).squareRoot() * Double(normB).squareRoot())
    }

    /// Appends to `codes` the 3-gram codes of " " + stems of `words` joined by " " + " ".
    static func codes(_ tokens: PassageTokens, _ words: Range<Int>, _ scalars: inout [UInt32], into codes: inout [UInt64]) {
        scalars.removeAll(keepingCapacity: true)
        scalars.append(32)
        for (k, w) in words.enumerated() {
            if k > 0 { scalars.append(32) }
            let stem = Int(tokens.stems[w])
            scalars.append(contentsOf: tokens.stemScalars[tokens.stemScalarOffsets[stem] ..< tokens.stemScalarOffsets[stem + 1]])
        }
        scalars.append(32)
        guard scalars.count >= 3 else { return }
        for i in 0 ... (scalars.count - 3) {
            codes.append(UInt64(scalars[i]) << 42 | UInt64(scalars[i + 1]) << 21 | UInt64(scalars[i + 2]))
        }
    }
}
