import LinearAlgebra
import Similarity
import _TestSupport

// Fixtures and naive O(n²) references for the Similarity tests. References
// work on plain `[[Double]]` rows, accumulate in Double and share no code with
// the library.

/// Seeded random rows with entries uniform in `-1 ..< 1`; rows listed in
/// `duplicates` as (copy, original) are exact copies of earlier rows.
func randomRows(_ count: Int, _ d: Int, seed: UInt64, duplicates: [(Int, Int)] = []) -> [[Double]] {
    var random = SeededRandom(seed: seed)
    var rows: [[Double]] = (0 ..< count).map { _ in random.array(count: d) }
    for (copy, original) in duplicates { rows[copy] = rows[original] }
    return rows
}

/// Seeded rows of small integers in `-2 ... 2`: inner products are exact in
/// Float and Double alike, and many of them tie.
func integerRows(_ count: Int, _ d: Int, seed: UInt64) -> [[Double]] {
    var random = SeededRandom(seed: seed)
    return (0 ..< count).map { _ in (0 ..< d).map { _ in Double(Int(random.next() % 5) - 2) } }
}

/// Seeded sparse rows: each entry stored with probability `density`, values
/// uniform in `-1 ..< 1` (or in `0 ..< 1` when `nonNegative`, as TF-IDF).
func sparseRows(_ count: Int, _ d: Int, density: Double, seed: UInt64, nonNegative: Bool = false) -> [[Double]] {
    var random = SeededRandom(seed: seed)
    return (0 ..< count).map { _ in
        (0 ..< d).map { _ in
            let keep = random.uniform(in: 0 ..< 1) < density
            let value: Double = random.uniform(in: nonNegative ? 0.05 ..< 1 : -1 ..< 1)
            return keep ? value : 0
        }
    }
}

func dense<S: BLASScalar>(_ rows: [[Double]], as _: S.Type = S.self, columns: Int? = nil) -> DenseMatrix<S> {
    DenseMatrix(rows: rows.count, columns: columns ?? rows.first?.count ?? 0, elements: rows.flatMap { $0.map { S($0) } })
}

func sparse<S: BLASScalar>(_ rows: [[Double]], as _: S.Type = S.self, columns: Int? = nil) -> CSRMatrix<S> {
    CSRMatrix(dense(rows, as: S.self, columns: columns))
}

/// The rows as the library sees them in precision `S` (rounded), back in Double.
func rounded<S: BLASScalar>(_ rows: [[Double]], to _: S.Type) -> [[Double]] {
    rows.map { $0.map { Double(S($0)) } }
}

/// Every score `query · corpus` (or the cosine; 0 for a zero vector), in Double.
/// Cosines normalise each row first (as the library does), so vectors that
/// are positive multiples of each other get exactly equal scores.
func naiveScores(_ queries: [[Double]], _ corpus: [[Double]], _ measure: SimilarityMeasure) -> [[Double]] {
    func unit(_ x: [Double]) -> [Double] {
        let norm = x.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return norm > 0 ? x.map { $0 / norm } : x
    }
    let q = measure == .cosine ? queries.map(unit) : queries
    let c = measure == .cosine ? corpus.map(unit) : corpus
    return q.map { x in c.map { y in zip(x, y).reduce(0) { $0 + $1.0 * $1.1 } } }
}

/// The top `k` per query by the naive rule, in result order.
func naiveTopK(_ scores: [[Double]], k: Int, excludeSelf: Bool) -> [[Neighbor]] {
    scores.enumerated().map { i, row in
        var list = row.enumerated().filter { !(excludeSelf && $0.offset == i) }.map { Neighbor(index: $0.offset, score: $0.element) }
        list.sortInResultOrder()
        return Array(list.prefix(k))
    }
}

/// Every pair with score `>= threshold` per query, in result order.
func naiveThreshold(_ scores: [[Double]], threshold: Double, excludeSelf: Bool) -> [[Neighbor]] {
    scores.enumerated().map { i, row in
        var list = row.enumerated().filter { !(excludeSelf && $0.offset == i) && $0.element >= threshold }
            .map { Neighbor(index: $0.offset, score: $0.element) }
        list.sortInResultOrder()
        return list
    }
}

/// Whether two result lists name the same rows in the same order with scores
/// within `relative` (plus a small absolute slack for scores near 0).
func sameNeighbors(_ a: [[Neighbor]], _ b: [[Neighbor]], relative: Double, absolute: Double = 1e-9) -> Bool {
    guard a.count == b.count else { return false }
    for (x, y) in zip(a, b) {
        guard x.map(\.index) == y.map(\.index) else { return false }
        for (p, q) in zip(x, y) where abs(p.score - q.score) > absolute + relative * max(abs(p.score), abs(q.score)) {
            return false
        }
    }
    return true
}

/// The first row where two result lists differ, for failure messages.
func firstDifference(_ a: [[Neighbor]], _ b: [[Neighbor]]) -> String {
    for (i, (x, y)) in zip(a, b).enumerated() where x.map(\.index) != y.map(\.index) || x.count != y.count {
        return "row \(i): \(x.prefix(6)) vs \(y.prefix(6))"
    }
    return a.count == b.count ? "indices agree" : "counts \(a.count) vs \(b.count)"
}

/// Whether no score lies within `gap` of `threshold` (so rounding cannot move a pair across it).
func thresholdIsClear(_ scores: [[Double]], _ threshold: Double, gap: Double = 1e-5) -> Bool {
    scores.allSatisfy { $0.allSatisfy { abs($0 - threshold) > gap } }
}

/// Emitted join pairs as comparable values.
struct Pair: Equatable, CustomStringConvertible {
    var i: Int
    var j: Int
    var score: Double
    var description: String { "(\(i), \(j), \(score))" }
}
