import LinearAlgebra
import Tokenization

/// Candidate pairs of texts from an inverted index over word shingles, with
/// document-frequency pruning (as passim does).
///
/// Every run of `shingleLength` stems holding at least one content word and
/// no reporting verb (no matched passage spans one) is a shingle, hashed
/// from the stem ids as the window rolls (`rollingBase`). A shingle in at most
/// `maximumFrequency` texts proposes every pair of them; a more common one
/// proposes only pairs at most `window` apart in its (input-ordered) posting
/// list, so a line repeated everywhere stays connected without a quadratic
/// number of pairs. A pair becomes a candidate when at least `minimumShared`
/// distinct shingles propose it.
///
/// The index is built without a hash map. A shingle's 64-bit hash gives its
/// partition (the top 8 bits) and its posting key
/// `(hash >> 24 & 0xFFFF_FFFF) << 32 | text`, so shingles are told apart by
/// 40 bits of hash; two that collide only propose extra pairs, which
/// verification then rejects. Postings are made per chunk of texts, then
/// moved into their partitions (chunk order keeps each partition in text order),
/// each partition, less the postings of shingles seen once in it
/// (`dropSingletons`), is radix-sorted in place by shingle, and the proposed
/// pairs go to the block of their first text, where they are radix-sorted
/// and counted. Every step runs in parallel over fixed chunks, and the
/// result (sorted pairs) does not depend on the thread count.
/// - Complexity: O(P) for P postings (about one per word) plus O(Q) for Q
///   proposed pairs (radix sorts).
struct ShingleIndex: Sendable {
    /// Words per shingle.
    var shingleLength: Int
    /// Texts a shingle may be in and still propose all its pairs.
    var maximumFrequency: Int
    /// Reach in the posting list of a more common shingle.
    var window: Int
    /// Distinct shared shingles a pair needs.
    var minimumShared: Int

    static let partitionBits = 8
    /// The base of the rolling shingle hash (odd, so every power is too): a
    /// shingle of stems s₀ … s₍ₖ₋₁₎ hashes to `Σ (sᵢ + 1) · base^(k-1-i)`
    /// modulo 2^64, finalised.
    static let rollingBase: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// Candidate pairs `(i << 32) | j`, i < j, sorted.
    func candidatePairs(_ tokens: PassageTokens, threads: Int) -> [UInt64] {
        let textCount = tokens.textCount
        guard textCount >= 2 else { return [] }
        let chunks = Parallel.chunks(of: textCount, into: max(1, min(8 * threads, textCount / 256, 1024)))
        let partitions = 1 << Self.partitionBits

        // 1. Postings of each chunk, with their partitions.
        let postings = Parallel.map(chunks.count, threads: threads) { c in ChunkPostings(self, tokens, chunks[c]) }
        var partitionStarts = [Int](repeating: 0, count: partitions + 1)
        var chunkCursors = [[Int]](repeating: [], count: chunks.count)
        for p in 0 ..< partitions { partitionStarts[p + 1] = partitionStarts[p] + postings.reduce(0) { $0 + $1.counts[p] } }
        var cursor = Array(partitionStarts.dropLast())
        for c in chunks.indices {
            chunkCursors[c] = cursor
            for p in 0 ..< partitions { cursor[p] += postings[c].counts[p] }
        }

        // 2. Postings moved into their partitions; chunk order keeps each partition in text order.
        let total = partitionStarts[partitions]
        var keys = [UInt64](unsafeUninitializedCapacity: total) { buffer, count in
            let keys = DisjointWriteBuffer(buffer)
            Parallel.forEach(chunks.count, threads: threads) { [chunkCursors] c in
                var next = chunkCursors[c]
                let chunk = postings[c]
                // The generic subscript is not specialised across modules: write through the pointer.
                for k in chunk.keys.indices {
                    let p = Int(chunk.partitions[k])
                    keys.base[next[p]] = chunk.keys[k]
                    next[p] += 1
                }
            }
            count = total
        }

        // 3. Each partition sorted by shingle in place (texts stay in order); its
        //    posting lists propose pairs, grouped by the block of their first text.
        let blockCount = chunks.count
        let blockOf = BlockMap(textCount: textCount, chunks: chunks)
        let groups = Parallel.chunks(of: partitions, into: 4 * threads)
        let starts = partitionStarts
        let proposals = keys.withUnsafeMutableBufferPointer { buffer in
            let shared = DisjointWriteBuffer(buffer)
            return Parallel.map(groups.count, threads: threads) { g -> [[UInt64]] in
                var byBlock = [[UInt64]](repeating: [], count: blockCount)
                var scratch: [UInt64] = [], tallies: [UInt8] = []
                for p in groups[g] {
                    let all = UnsafeMutableBufferPointer(start: shared.base + starts[p], count: starts[p + 1] - starts[p])
                    let postings = UnsafeMutableBufferPointer(rebasing: all[..<Self.dropSingletons(all, tallies: &tallies)])
                    RadixSort.sort(postings, digitShifts: RadixSort.digits(32 ..< 64), scratch: &scratch)
                    let distinct = Self.removeRepeats(postings)
                    proposePairs(UnsafeBufferPointer(rebasing: postings[..<distinct]), blockOf: blockOf, into: &byBlock)
                }
                return byBlock
            }
        }
        keys = []

        // 4. Each block's pairs radix-sorted and counted; the well-supported ones kept.
        var textBits = 1
        while 1 << textBits < textCount { textBits += 1 }
        let pairDigits = RadixSort.digits(0 ..< textBits) + RadixSort.digits(32 ..< 32 + textBits)
        let kept = Parallel.map(blockCount, threads: threads) { block -> [UInt64] in
            var pairs: [UInt64] = []
            pairs.reserveCapacity(proposals.reduce(0) { $0 + $1[block].count })
            for group in proposals { pairs.append(contentsOf: group[block]) }
            var scratch: [UInt64] = []
            RadixSort.sort(&pairs, digitShifts: pairDigits, scratch: &scratch)
            var out: [UInt64] = []
            var k = 0
            while k < pairs.count {
                var end = k + 1
                while end < pairs.count && pairs[end] == pairs[k] { end += 1 }
                if end - k >= minimumShared { out.append(pairs[k]) }
                k = end
            }
            return out
        }
        return kept.flatMap { $0 }
    }

    /// Appends the pairs `(i << 32) | j` that the posting lists in `postings`
    /// (sorted by shingle, then text) propose to `byBlock[block of i]`.
    private func proposePairs(_ postings: UnsafeBufferPointer<UInt64>, blockOf: BlockMap, into byBlock: inout [[UInt64]]) {
        var start = 0
        while start < postings.count {
            let shingle = postings[start] >> 32
            var end = start + 1
            while end < postings.count && postings[end] >> 32 == shingle { end += 1 }
            let frequency = end - start
            if frequency >= 2 {
                let reach = frequency <= maximumFrequency ? frequency : window
                for a in start ..< end {
                    let i = postings[a] & 0xFFFF_FFFF
                    let block = blockOf[Int(i)]
                    for b in (a + 1) ..< min(end, a + 1 + reach) { byBlock[block].append(i << 32 | postings[b] & 0xFFFF_FFFF) }
                }
            }
            start = end
        }
    }

    /// Moves to the front of `postings`, in order, those whose shingle may
    /// occur more than once in them, and returns their number: a shingle
    /// seen once proposes no pair, and most shingles are seen once, so the
    /// sort that follows has far less to do. A shingle's postings are
    /// counted (up to 2) in `tallies`, a table indexed by the shingle's low
    /// bits (hash bits): two shingles that share a slot are only kept in
    /// vain, never dropped. `tallies` is cleared again before returning.
    /// - Complexity: O(n) for n postings, plus O(table) to size it.
    static func dropSingletons(_ postings: UnsafeMutableBufferPointer<UInt64>, tallies: inout [UInt8]) -> Int {
        let n = postings.count
        guard n > 1 else { return n }
        var bits = 10
        while 1 << bits < 4 * n && bits < 20 { bits += 1 }
        if tallies.count < 1 << bits { tallies = [UInt8](repeating: 0, count: 1 << bits) }
        let mask = (1 << bits) - 1
        return tallies.withUnsafeMutableBufferPointer { tallies in
            for k in 0 ..< n {
                let slot = Int(truncatingIfNeeded: postings[k] >> 32) & mask
                tallies[slot] = tallies[slot] == 0 ? 1 : 2
            }
            var kept = 0
            for k in 0 ..< n {
                let posting = postings[k], slot = Int(truncatingIfNeeded: posting >> 32) & mask
                if tallies[slot] == 2 {
                    postings[kept] = posting
                    kept += 1
                } else {
                    tallies[slot] = 0  // its only posting
                }
            }
            for k in 0 ..< kept { tallies[Int(truncatingIfNeeded: postings[k] >> 32) & mask] = 0 }
            return kept
        }
    }

    /// Removes the repeats of each key from the sorted `postings` (a text
    /// holding a shingle twice), keeping the first; returns the number left.
    static func removeRepeats(_ postings: UnsafeMutableBufferPointer<UInt64>) -> Int {
        guard postings.count > 1 else { return postings.count }
        var kept = 1
        for k in 1 ..< postings.count where postings[k] != postings[kept - 1] {
            postings[kept] = postings[k]
            kept += 1
        }
        return kept
    }
}

/// The postings of a run of texts: for each shingle of each text (in text
/// order, repeats included) its key and partition, and the count per partition.
private struct ChunkPostings: Sendable {
    let keys: [UInt64]
    let partitions: [UInt8]
    let counts: [Int]

    init(_ index: ShingleIndex, _ tokens: PassageTokens, _ range: Range<Int>) {
        var counts = [Int](repeating: 0, count: 1 << ShingleIndex.partitionBits)
        let k = index.shingleLength
        // Shingles are hashed as they roll: a polynomial in the stems (plus
        // one) modulo 2^64, updated in O(1) per word, then finalised.
        let base = ShingleIndex.rollingBase
        var outgoing: UInt64 = 1  // base^k: the weight of the stem leaving the window
        for _ in 0 ..< k { outgoing = outgoing &* base }
        // At most one shingle per word.
        let room = tokens.wordOffsets[range.upperBound] - tokens.wordOffsets[range.lowerBound] + 1
        var written = 0
        var partitions: [UInt8] = []
        let keys = [UInt64](unsafeUninitializedCapacity: room) { keys, keyCount in
            partitions = [UInt8](unsafeUninitializedCapacity: room) { partitions, partitionCount in
                tokens.stems.withUnsafeBufferPointer { stems in
                    tokens.flags.withUnsafeBufferPointer { flags in
                        counts.withUnsafeMutableBufferPointer { counts in
                            for t in range {
                                let words = tokens.words(of: t)
                                guard words.count >= k else { continue }
                                var contentInWindow = 0, barriersInWindow = 0
                                var rolling: UInt64 = 0
                                for w in words.lowerBound ..< words.lowerBound + k - 1 {
                                    if flags[w].contains(.content) { contentInWindow += 1 }
                                    if flags[w].contains(.barrier) { barriersInWindow += 1 }
                                    rolling = rolling &* base &+ UInt64(stems[w]) &+ 1
                                }
                                for start in words.lowerBound ... (words.upperBound - k) {
                                    let last = flags[start + k - 1]
                                    if last.contains(.content) { contentInWindow += 1 }
                                    if last.contains(.barrier) { barriersInWindow += 1 }
                                    rolling = rolling &* base &+ UInt64(stems[start + k - 1]) &+ 1
                                    if start > words.lowerBound { rolling = rolling &- (UInt64(stems[start - 1]) &+ 1) &* outgoing }
                                    // A shingle must hold a content word and no reporting verb (no
                                    // passage spans one); 40 bits of its hash identify it.
                                    if contentInWindow > 0 && barriersInWindow == 0 {
                                        // A text's repeats of a shingle go too; the partition sort brings them together.
                                        let key = SplitMix.finalise(rolling) >> 24
                                        let partition = Int(key >> UInt64(40 - ShingleIndex.partitionBits))
                                        keys[written] = (key & 0xFFFF_FFFF) << 32 | UInt64(t)
                                        partitions[written] = UInt8(partition)
                                        written += 1
                                        counts[partition] += 1
                                    }
                                    if flags[start].contains(.content) { contentInWindow -= 1 }
                                    if flags[start].contains(.barrier) { barriersInWindow -= 1 }
                                }
                            }
                        }
                    }
                }
                partitionCount = written
            }
            keyCount = written
        }
        self.keys = keys
        self.partitions = partitions
        self.counts = counts
    }
}

/// The block (chunk) of each text.
private struct BlockMap: Sendable {
    private var block: [UInt16]
    init(textCount: Int, chunks: [Range<Int>]) {
        precondition(chunks.count <= Int(UInt16.max))
        block = [UInt16](repeating: 0, count: textCount)
        for (c, range) in chunks.enumerated() { for t in range { block[t] = UInt16(c) } }
    }
    subscript(text: Int) -> Int { Int(block[text]) }
}

/// SplitMix64's finaliser: every input bit affects every output bit. The same
/// function as `ByteStringTable.mix`, here so that the hashing loops of this
/// module inline it (package-level code is not inlined across modules).
enum SplitMix {
    @inline(__always)
    static func finalise(_ x: UInt64) -> UInt64 {
        var z = x &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 31)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 29)
    }
}
