// Deterministic synthetic data with planted clusters, generated in memory.
//
// - `PlantedClusters.sparse`: TF-IDF-like rows. Each of `clusters` topics owns a block of
//   `topicTerms` consecutive columns; a row draws most of its distinct terms from its own
//   topic's block and the rest from the whole vocabulary with a Zipf-like skew (so the
//   topics overlap in the frequent terms, as news stories do). Values are positive weights
//   (1 + ln count) times an IDF-like factor that grows with the column index.
// - `PlantedClusters.dense`: points around random unit centres in `dimension` dimensions,
//   Gaussian noise of standard deviation `spread` per coordinate (the regime of LSA vectors:
//   well separated but not trivially so).
//
// The generator is Refrain's `SeededGenerator` with fixed seeds, so every run sees the same numbers.

import Refrain

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum PlantedClusters {
    /// `rows` sparse rows in `clusters` planted topics over `columns` terms; row i belongs
    /// to topic `i % clusters` (interleaved, so no ordering hints the answer).
    static func sparse(rows: Int, columns: Int, clusters: Int, termsPerRow: Int = 80, topicTerms: Int = 400,
                       topicShare: Double = 0.5, seed: UInt64 = 42) -> (matrix: CSRMatrix<Double>, truth: [Int]) {
        precondition(clusters * topicTerms <= columns, "topics need \(clusters * topicTerms) columns")
        var random = SeededGenerator(seed: seed)
        var offsets = [0], indices: [Int32] = [], values: [Double] = []
        offsets.reserveCapacity(rows + 1)
        indices.reserveCapacity(rows * termsPerRow)
        values.reserveCapacity(rows * termsPerRow)
        var truth: [Int] = []
        truth.reserveCapacity(rows)
        var counts: [Int32: Int] = [:]
        for i in 0 ..< rows {
            let topic = i % clusters
            truth.append(topic)
            counts.removeAll(keepingCapacity: true)
            let length = termsPerRow / 2 + Int.random(in: 0 ..< termsPerRow, using: &random)
            for _ in 0 ..< length {
                let column: Int
                if random.nextUniform() < topicShare {
                    // Within the topic's block, skewed towards its first terms.
                    let u = random.nextUniform()
                    column = topic * topicTerms + Int(Double(topicTerms) * u * u)
                } else {
                    // Background: Zipf-like over the whole vocabulary (u³ piles up at 0).
                    let u = random.nextUniform()
                    column = min(columns - 1, Int(Double(columns) * u * u * u))
                }
                counts[Int32(column), default: 0] += 1
            }
            for (column, count) in counts.sorted(by: { $0.key < $1.key }) {
                let idf = 1 + log(1 + Double(column) / 50)
                indices.append(column)
                values.append((1 + log(Double(count))) * idf)
            }
            offsets.append(indices.count)
        }
        let matrix = CSRMatrix(rows: rows, columns: columns, rowOffsets: offsets, columnIndices: indices, values: values)
        return (matrix, truth)
    }

    /// `rows` dense points around `clusters` random unit centres; row i belongs to centre
    /// `i % clusters`.
    static func dense(rows: Int, dimension: Int, clusters: Int, spread: Double = 0.06,
                      seed: UInt64 = 7) -> (matrix: DenseMatrix<Double>, truth: [Int]) {
        var random = SeededGenerator(seed: seed)
        var centres = [[Double]]()
        for _ in 0 ..< clusters {
            var centre = (0 ..< dimension).map { _ in random.nextNormal() }
            let norm = centre.reduce(0) { $0 + $1 * $1 }.squareRoot()
            centre = centre.map { $0 / norm }
            centres.append(centre)
        }
        var elements = [Double]()
        elements.reserveCapacity(rows * dimension)
        var truth: [Int] = []
        truth.reserveCapacity(rows)
        for i in 0 ..< rows {
            let cluster = i % clusters
            truth.append(cluster)
            for j in 0 ..< dimension { elements.append(centres[cluster][j] + spread * random.nextNormal()) }
        }
        return (DenseMatrix(rows: rows, columns: dimension, elements: elements), truth)
    }
}
