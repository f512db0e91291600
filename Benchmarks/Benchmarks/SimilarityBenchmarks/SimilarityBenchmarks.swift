// Similarity search and LSA: dense top-k, exact sparse top-k and randomized truncated SVD.
//
// Inputs are deterministic and synthetic (SyntheticVectors.swift), made once before the
// first iteration that needs them, never inside a measurement:
//   - dense: 10 000 x 256 Float unit vectors around 500 centres; `DenseSearch.topK(within:)`,
//     k = 10, cosine, on all cores and on one;
//   - sparse: 5 000 TF-IDF-like rows (150 terms each over 30 000 columns, Zipf plus per-row
//     topics); `SparseSearch.topK(within:)`, k = 10, cosine;
//   - SVD: 10 000 x 30 000 TF-IDF-like rows; `TruncatedSVD(components: 100)` (10 oversamples,
//     5 LU-normalised power iterations), `fit`.
// Beside wall clock, throughput and peak memory, every iteration records a quality figure,
// computed outside the measured region:
//   - `recall@10 (x1000)`: the share of the exact top-10 neighbours found, for 100 sampled
//     rows checked by brute force (Double dot products over every other row), times 1 000
//     (1000 = every list exact, up to ties);
//   - `captured variance (x1e4)`: the sum of `explainedVarianceRatio`, times 10 000.
// (The benchmark tool prints values of 10 000 and more in thousands, "K".)
// For a side-by-side with faiss and scikit-learn on larger data, run scripts/compare-similarity.

import Benchmark
import Refrain

let denseRows = 10_000, dimension = 256, sparseRows = 5_000, svdRows = 10_000, vocabulary = 30_000, k = 10

let denseInput = SyntheticVectors.clusteredUnitRows(rows: denseRows, dimension: dimension, seed: 0xD0_5E)
let sparseInput = SyntheticVectors.tfidfRows(rows: sparseRows, columns: vocabulary, perRow: 150, seed: 0x5FA2)
let svdInput = SyntheticVectors.tfidfRows(rows: svdRows, columns: vocabulary, perRow: 150, seed: 0x5BD0)

let denseTruth: BruteForce = {
    denseInput.withUnsafeBufferPointer { x in
        BruteForce(rows: denseRows, samples: SyntheticVectors.sampleRows(of: denseRows, count: 100), k: k) { i, j in
            var dot = 0.0
            for t in 0 ..< dimension { dot += Double(x[i * dimension + t]) * Double(x[j * dimension + t]) }
            return dot
        }
    }
}()

let sparseTruth: BruteForce = {
    let x = sparseInput
    var dense = [Double](repeating: 0, count: x.columns)
    var current = -1
    return BruteForce(rows: x.rows, samples: SyntheticVectors.sampleRows(of: x.rows, count: 100), k: k) { i, j in
        if i != current {  // scatter row i once, then each score is a walk over row j
            if current >= 0 { for p in x.rowOffsets[current] ..< x.rowOffsets[current + 1] { dense[Int(x.columnIndices[p])] = 0 } }
            for p in x.rowOffsets[i] ..< x.rowOffsets[i + 1] { dense[Int(x.columnIndices[p])] = Double(x.values[p]) }
            current = i
        }
        var dot = 0.0
        for p in x.rowOffsets[j] ..< x.rowOffsets[j + 1] { dot += dense[Int(x.columnIndices[p])] * Double(x.values[p]) }
        return dot
    }
}()

let recallMetric = BenchmarkMetric.custom("recall@10 (x1000)", polarity: .prefersLarger, useScalingFactor: false)
let capturedMetric = BenchmarkMetric.custom("captured variance (x1e4)", polarity: .prefersLarger, useScalingFactor: false)

let benchmarks: @Sendable () -> Void = {
    func configuration(_ quality: BenchmarkMetric) -> Benchmark.Configuration {
        Benchmark.Configuration(
            metrics: [.wallClock, .throughput, .peakMemoryResident, quality],
            warmupIterations: 1,
            scalingFactor: .one,
            maxDuration: .seconds(30),
            maxIterations: 6
        )
    }

    let denseCases: [(name: String, threads: Int)] = [
        ("dense top-10 10000x256", Parallel.availableCores),
        ("dense top-10 10000x256, 1 thread", 1),
    ]
    for (name, threads) in denseCases {
        Benchmark(name, configuration: configuration(recallMetric)) { benchmark in
            let x = denseInput, search = SearchConfiguration(threads: threads)
            _ = denseTruth
            for _ in benchmark.scaledIterations {
                benchmark.startMeasurement()
                let lists = try DenseSearch.topK(within: x, k: k, measure: .cosine, configuration: search)
                benchmark.stopMeasurement()
                benchmark.measurement(recallMetric, Int((denseTruth.recall(lists) * 1_000).rounded()))
                blackHole(lists)
            }
        }
    }

    Benchmark("sparse top-10 5000 docs (150/row)", configuration: configuration(recallMetric)) { benchmark in
        let x = sparseInput
        _ = sparseTruth
        for _ in benchmark.scaledIterations {
            benchmark.startMeasurement()
            let lists = SparseSearch.topK(within: x, k: k)
            benchmark.stopMeasurement()
            benchmark.measurement(recallMetric, Int((sparseTruth.recall(lists) * 1_000).rounded()))
            blackHole(lists)
        }
    }

    Benchmark("randomized SVD 10000x30000 -> 100", configuration: configuration(capturedMetric)) { benchmark in
        let x = svdInput, svd = TruncatedSVD(components: 100)
        for _ in benchmark.scaledIterations {
            benchmark.startMeasurement()
            let model = try svd.fit(x)
            benchmark.stopMeasurement()
            let captured = model.explainedVarianceRatio.reduce(0.0) { $0 + Double($1) }
            benchmark.measurement(capturedMetric, Int((captured * 10_000).rounded()))
            blackHole(model)
        }
    }
}
