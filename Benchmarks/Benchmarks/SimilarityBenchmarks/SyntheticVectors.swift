import Foundation  // log, pow
import Refrain

/// Deterministic synthetic inputs for the similarity benchmarks, from Refrain's own
/// `SeededGenerator` (SplitMix64), so every machine measures the same numbers.
enum SyntheticVectors {
    /// `rows` unit vectors of dimension `dimension`, each a random one of `centres`
    /// Gaussian centres plus Gaussian noise of scale `noise`: clustered like sentence or
    /// LSA embeddings, so top-k lists are meaningful and the search's screening works as
    /// it would on real data.
    static func clusteredUnitRows(rows: Int, dimension: Int, centres: Int = 500, noise: Double = 0.8,
                                  seed: UInt64) -> DenseMatrix<Float> {
        var random = SeededGenerator(seed: seed)
        let centre = (0 ..< centres * dimension).map { _ in random.nextNormal() }
        var elements = [Float](repeating: 0, count: rows * dimension)
        var row = [Double](repeating: 0, count: dimension)
        for i in 0 ..< rows {
            let c = Int(random.next() % UInt64(centres))
            var norm = 0.0
            for j in 0 ..< dimension {
                row[j] = centre[c * dimension + j] + noise * random.nextNormal()
                norm += row[j] * row[j]
            }
            let scale = 1 / norm.squareRoot()
            for j in 0 ..< dimension { elements[i * dimension + j] = Float(row[j] * scale) }
        }
        return DenseMatrix(rows: rows, columns: dimension, elements: elements)
    }

    /// A TF-IDF-like sparse matrix: each row draws `perRow` distinct terms, most from a
    /// Zipf(1.05) law over the whole vocabulary and a quarter from a per-row "topic" of
    /// 40 terms (so documents share vocabulary unevenly, as news does); values are
    /// `(1 + log tf) * idf` with `idf = log((1 + rows) / (1 + df)) + 1` as scikit-learn
    /// computes it, then rows scaled to unit length.
    static func tfidfRows(rows: Int, columns: Int, perRow: Int, topics: Int = 200, seed: UInt64) -> CSRMatrix<Float> {
        var random = SeededGenerator(seed: seed)
        var cumulative = [Double](repeating: 0, count: columns)
        var total = 0.0
        for r in 0 ..< columns {
            total += 1 / pow(Double(r + 10), 1.05)
            cumulative[r] = total
        }
        func zipf(_ random: inout SeededGenerator) -> Int {
            let u = random.nextUniform() * total
            var low = 0, high = columns - 1
            while low < high {
                let mid = (low + high) / 2
                if cumulative[mid] < u { low = mid + 1 } else { high = mid }
            }
            return low
        }
        let topicTerms = (0 ..< topics).map { _ in (0 ..< 40).map { _ in Int(random.next() % UInt64(columns)) } }

        var counts: [[(column: Int, count: Int)]] = []
        counts.reserveCapacity(rows)
        var df = [Int](repeating: 0, count: columns)
        for _ in 0 ..< rows {
            let topic = topicTerms[Int(random.next() % UInt64(topics))]
            var row: [Int: Int] = [:]
            while row.count < perRow {
                let term = random.nextUniform() < 0.25 ? topic[Int(random.next() % 40)] : zipf(&random)
                row[term, default: 0] += 1
            }
            let sorted = row.sorted { $0.key < $1.key }.map { (column: $0.key, count: $0.value) }
            for entry in sorted { df[entry.column] += 1 }
            counts.append(sorted)
        }
        var offsets = [0], indices: [Int32] = [], values: [Float] = []
        offsets.reserveCapacity(rows + 1)
        indices.reserveCapacity(rows * perRow)
        values.reserveCapacity(rows * perRow)
        for row in counts {
            let weights = row.map { (1 + log(Double($0.count))) * (log(Double(1 + rows) / Double(1 + df[$0.column])) + 1) }
            let norm = weights.reduce(0) { $0 + $1 * $1 }.squareRoot()
            indices.append(contentsOf: row.map { Int32($0.column) })
            values.append(contentsOf: weights.map { Float($0 / norm) })
            offsets.append(indices.count)
        }
        return CSRMatrix(rows: rows, columns: columns, rowOffsets: offsets, columnIndices: indices, values: values)
    }

    /// Evenly spaced sample rows for the brute-force checks.
    static func sampleRows(of rows: Int, count: Int) -> [Int] {
        (0 ..< min(count, rows)).map { $0 * rows / min(count, rows) }
    }
}

/// Brute-force top-k lists of a few rows, the ground truth for recall.
struct BruteForce: Sendable {
    /// For each sampled row: its exact top-k other rows, and the k-th score.
    let truth: [(row: Int, neighbours: Set<Int>, floor: Double)]
    let k: Int

    /// Exact lists from `score(i, j)` over every other row `j`.
    init(rows: Int, samples: [Int], k: Int, score: (Int, Int) -> Double) {
        self.k = k
        truth = samples.map { i in
            var all: [(index: Int, score: Double)] = []
            all.reserveCapacity(rows)
            for j in 0 ..< rows where j != i { all.append((j, score(i, j))) }
            all.sort { $0.score > $1.score || ($0.score == $1.score && $0.index < $1.index) }
            let top = all.prefix(k)
            return (i, Set(top.map(\.index)), top.last?.score ?? -.infinity)
        }
    }

    /// The share of the sampled rows' true neighbours that `lists` found; a neighbour
    /// tied with the true k-th score (within `tolerance`) counts as found.
    func recall(_ lists: [[Neighbor]], tolerance: Double = 1e-6) -> Double {
        var found = 0, wanted = 0
        for (row, neighbours, floor) in truth {
            wanted += neighbours.count
            found += lists[row].prefix(k).filter { neighbours.contains($0.index) || $0.score >= floor - tolerance }.count
        }
        return wanted == 0 ? 1 : Double(found) / Double(wanted)
    }
}
