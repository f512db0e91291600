import Foundation
import LinearAlgebra
import Tokenization

/// Counts, document by document, only the features a fitted vocabulary
/// knows (for `transform`), handing each document back as its distinct
/// terms in ascending column order with their ids and counts, so rows need
/// no sorting afterwards.
///
/// One counter per thread: it reuses its feature extractor, the id buffers
/// of the batched lookups (`ByteStringTable.findAll`: the hot table first,
/// then the full table for what it missed) and a dense `TermTally`.
/// - Complexity: O(bytes + features + vocabulary / 4096) per document,
///   expected: the tally hands terms back in column order without a sort.
final class KnownTermCounter {
    private let extractor: FeatureExtractor
    private let lookup: TermLookup
    private let tally: TermTally
    @exclusivity(unchecked) private var found: [Int32] = []
    @exclusivity(unchecked) private var missStarts: [Int32] = []
    @exclusivity(unchecked) private var missLengths: [Int32] = []
    @exclusivity(unchecked) private var missFound: [Int32] = []
    /// Per-document entry columns, `entryCapacity` entries each (at least
    /// the last document's features, which bound its distinct terms):
    /// written through pointers, one store per entry.
    private var entries = EntryColumns(capacity: 0)
    /// The number of distinct known terms of the last document.
    @exclusivity(unchecked) private(set) var termCount = 0
    /// The distinct known terms of the last document: columns, ascending.
    var columns: UnsafeBufferPointer<Int32> { UnsafeBufferPointer(start: entries.columns, count: termCount) }
    /// `ids[i]` is the lookup's id of `columns[i]`.
    var ids: UnsafeBufferPointer<Int32> { UnsafeBufferPointer(start: entries.ids, count: termCount) }
    /// `counts[i]` is the number of occurrences of `columns[i]`.
    var counts: UnsafeBufferPointer<Int32> { UnsafeBufferPointer(start: entries.counts, count: termCount) }
    /// Feature occurrences of the last document that the vocabulary lacks.
    @exclusivity(unchecked) private(set) var unknownFeatures = 0
    /// All feature occurrences of the last document.
    @exclusivity(unchecked) private(set) var features = 0

    /// A counter for `analyzer`'s features under `lookup`.
    init(analyzer: AnalyzerConfiguration, lookup: TermLookup) {
        extractor = FeatureExtractor(analyzer)
        self.lookup = lookup
        tally = TermTally(terms: lookup.all.count, positions: lookup.columnOfID)
    }

    /// Counts `text`, replacing the previous document's terms and counts.
    func count(_ text: String) {
        extractor.extract(text)
        let n = extractor.featureCount
        features = n
        if found.count < n {
            let capacity = max(n, 2 * found.count)
            found = [Int32](repeating: 0, count: capacity)
            missStarts = found; missLengths = found; missFound = found
        }
        extractor.withFeatures { base, starts, lengths in
            found.withUnsafeMutableBufferPointer { found in
                guard let hot = lookup.hot else {
                    unknownFeatures = lookup.all.findAll(base, starts: starts, lengths: lengths, ids: found.baseAddress!)
                    for f in 0 ..< n where found[f] >= 0 { tally.add(Int(found[f])) }
                    return
                }
                hot.findAll(base, starts: starts, lengths: lengths, ids: found.baseAddress!)
                var m = 0
                missStarts.withUnsafeMutableBufferPointer { missStarts in
                    missLengths.withUnsafeMutableBufferPointer { missLengths in
                        for f in 0 ..< n {
                            if found[f] >= 0 {
                                tally.add(Int(found[f]))
                            } else {
                                missStarts[m] = starts[f]
                                missLengths[m] = lengths[f]
                                m += 1
                            }
                        }
                        missFound.withUnsafeMutableBufferPointer { missFound in
                            unknownFeatures = lookup.all.findAll(base, starts: UnsafeBufferPointer(rebasing: missStarts[..<m]),
                                                                 lengths: UnsafeBufferPointer(rebasing: missLengths[..<m]),
                                                                 ids: missFound.baseAddress!)
                            for i in 0 ..< m where missFound[i] >= 0 { tally.add(Int(missFound[i])) }
                        }
                    }
                }
            }
        }
        if entries.capacity < n { entries = EntryColumns(capacity: max(n, 2 * entries.capacity)) }
        // The tally hands the terms back in column order: no sort.
        termCount = tally.drain(into: entries.ids, counts: entries.counts, positions: entries.columns)
    }

    /// The rows of a chunk, with each document's unknown and total features.
    struct Part: Sendable {
        var rows: RowSource
        var unknown: [Int]
        var features: [Int]
    }

    /// Counts `texts[range]` into one `RowSource` (identity columns, rows sorted).
    static func count(_ texts: [String], range: Range<Int>, analyzer: AnalyzerConfiguration, lookup: TermLookup) -> Part {
        precondition(lookup.columnOfID == nil, "KnownTermCounter.count: rows need a lookup numbered by column")
        let counter = KnownTermCounter(analyzer: analyzer, lookup: lookup)
        var offsets = [0], ids: [Int32] = [], counts: [Int32] = [], unknown: [Int] = [], features: [Int] = []
        offsets.reserveCapacity(range.count + 1)
        unknown.reserveCapacity(range.count)
        features.reserveCapacity(range.count)
        for d in range {
            counter.count(texts[d])
            ids.append(contentsOf: counter.ids)
            counts.append(contentsOf: counter.counts)
            offsets.append(ids.count)
            unknown.append(counter.unknownFeatures)
            features.append(counter.features)
        }
        let identity = (0 ..< Int32(lookup.all.count)).map { $0 }
        return Part(rows: RowSource(offsets: offsets, ids: ids, counts: counts, column: identity, rowsSorted: true),
                    unknown: unknown, features: features)
    }

    /// Contiguous ranges of `texts`, at most `count` of them, holding about
    /// equal numbers of UTF-8 bytes (at least one text each), so chunks of
    /// long and short articles take about equal time.
    /// - Complexity: O(texts).
    static func byteBalancedChunks(_ texts: [String], count: Int) -> [Range<Int>] {
        let n = min(max(1, count), max(1, texts.count))
        guard texts.count > n else { return Parallel.chunks(of: texts.count, into: n) }
        let total = texts.reduce(0) { $0 + $1.utf8.count + 1 }
        var ranges: [Range<Int>] = []
        var start = 0, seen = 0
        for (d, text) in texts.enumerated() {
            seen += text.utf8.count + 1
            let remainingChunks = n - ranges.count - 1
            // Close the chunk at its share of bytes, leaving a text for every later chunk.
            let left = texts.count - (d + 1)
            if remainingChunks > 0 && left >= remainingChunks && (seen * n >= total * (ranges.count + 1) || left == remainingChunks) {
                ranges.append(start ..< d + 1)
                start = d + 1
            }
        }
        ranges.append(start ..< texts.count)
        return ranges
    }
}

/// Occurrence counts of term ids `0 ..< terms` for one document at a time:
/// a dense count per id and a two-level bit set of the ids seen, so the
/// distinct ids come back in ascending order without sorting and only the
/// touched entries are cleared.
///
/// With `positions` (a permutation of the ids) the bit set is kept by
/// position instead, and ids come back in ascending order of their
/// positions: a lookup whose ids rank terms by frequency hands its terms
/// back in column order, still without sorting.
/// - Complexity: `add` O(1); `drain` O(distinct ids + terms / 4096).
final class TermTally {
    private let terms: Int
    private let tallies: UnsafeMutablePointer<Int32>
    /// Per id its position, and per position its id; `nil` when positions are ids.
    private let positionOfID: UnsafeMutablePointer<Int32>?
    private let idAtPosition: UnsafeMutablePointer<Int32>?
    /// Bit `p % 64` of word `p / 64`: the id at position `p` seen.
    private let seen: UnsafeMutablePointer<UInt64>
    /// Bit `w % 64` of word `w / 64`: word `w` of `seen` is not zero.
    private let summary: UnsafeMutablePointer<UInt64>
    private let summaryCount: Int

    /// A tally for ids below `terms`, handed back in the order of their
    /// `positions` (a permutation of `0 ..< terms`; ids themselves without).
    init(terms: Int, positions: [Int32]? = nil) {
        self.terms = terms
        let words = (terms + 63) / 64
        summaryCount = (words + 63) / 64
        tallies = .allocate(capacity: max(1, terms))
        tallies.initialize(repeating: 0, count: max(1, terms))
        if let positions {
            precondition(positions.count == terms, "TermTally: \(positions.count) positions for \(terms) terms")
            let positionOfID = UnsafeMutablePointer<Int32>.allocate(capacity: max(1, terms))
            let idAtPosition = UnsafeMutablePointer<Int32>.allocate(capacity: max(1, terms))
            idAtPosition.initialize(repeating: -1, count: max(1, terms))
            for (id, position) in positions.enumerated() {
                precondition(position >= 0 && Int(position) < terms && idAtPosition[Int(position)] < 0,
                             "TermTally: positions must be a permutation of 0..<\(terms)")
                positionOfID[id] = position
                idAtPosition[Int(position)] = Int32(id)
            }
            self.positionOfID = positionOfID
            self.idAtPosition = idAtPosition
        } else {
            positionOfID = nil
            idAtPosition = nil
        }
        seen = .allocate(capacity: max(1, words))
        seen.initialize(repeating: 0, count: max(1, words))
        summary = .allocate(capacity: max(1, summaryCount))
        summary.initialize(repeating: 0, count: max(1, summaryCount))
    }

    deinit {
        tallies.deallocate(); seen.deallocate(); summary.deallocate()
        positionOfID?.deallocate(); idAtPosition?.deallocate()
    }

    /// Counts one occurrence of `id` (`0 ..< terms`).
    @inline(__always)
    func add(_ id: Int) {
        precondition(id >= 0 && id < terms, "TermTally: id \(id) out of range 0..<\(terms)")
        if tallies[id] == 0 {
            let p = positionOfID.map { Int($0[id]) } ?? id
            seen[p >> 6] |= 1 << UInt64(p & 63)
            summary[p >> 12] |= 1 << UInt64((p >> 6) & 63)
        }
        tallies[id] &+= 1
    }

    /// Writes the ids counted since the last drain, in ascending order of
    /// position, to `ids`, their counts to `counts` and their positions to
    /// `positions` (each with room for every distinct id counted), resets
    /// the tally and returns how many there were.
    func drain(into ids: UnsafeMutablePointer<Int32>, counts: UnsafeMutablePointer<Int32>,
               positions: UnsafeMutablePointer<Int32>? = nil) -> Int {
        var n = 0
        for s in 0 ..< summaryCount {
            var words = summary[s]
            summary[s] = 0
            while words != 0 {
                let w = s << 6 | words.trailingZeroBitCount
                words &= words - 1
                var bits = seen[w]
                seen[w] = 0
                while bits != 0 {
                    let p = w << 6 | bits.trailingZeroBitCount
                    bits &= bits - 1
                    let id = idAtPosition.map { Int($0[p]) } ?? p
                    ids[n] = Int32(truncatingIfNeeded: id)
                    counts[n] = tallies[id]
                    positions?[n] = Int32(truncatingIfNeeded: p)
                    n += 1
                    tallies[id] = 0
                }
            }
        }
        return n
    }
}

/// The per-document entry columns of a `KnownTermCounter`, `capacity`
/// entries each, owned and freed by it.
private final class EntryColumns {
    let capacity: Int
    /// The entries in column order: column, lookup id, count.
    let columns: UnsafeMutablePointer<Int32>, ids: UnsafeMutablePointer<Int32>, counts: UnsafeMutablePointer<Int32>

    init(capacity: Int) {
        self.capacity = capacity
        let room = max(1, capacity)
        columns = .allocate(capacity: room); ids = .allocate(capacity: room); counts = .allocate(capacity: room)
    }

    deinit { columns.deallocate(); ids.deallocate(); counts.deallocate() }
}
