// TF-IDF end to end: tokenize, count, build the vocabulary, weight and normalise.
//
// Each iteration vectorizes the same deterministic ~5 MB synthetic news corpus with
// scikit-learn's default configuration (word analyzer, lowercase, l2 rows), once with
// unigrams and once with (1,2)-grams, on all cores and on one. Beside wall clock,
// throughput (iterations/s) and peak resident memory, every iteration records:
//   - text throughput (KB/s): corpus bytes over the iteration's own wall time;
//   - vocabulary (terms) and nnz: the size and quality figure, which must not change
//     unless tokenization changes (compare with scripts/compare-tfidf for scikit-learn's).

import Benchmark
import Refrain

/// Generated once, before any benchmark runs; not part of any measurement.
let corpus = SyntheticNews(targetBytes: 5_000_000)

let vocabularyMetric = BenchmarkMetric.custom("vocabulary (terms)", polarity: .prefersLarger, useScalingFactor: false)
let nonZerosMetric = BenchmarkMetric.custom("nnz", polarity: .prefersLarger, useScalingFactor: false)
let textThroughputMetric = BenchmarkMetric.custom("text throughput (KB/s)", polarity: .prefersLarger, useScalingFactor: false)

let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .peakMemoryResident, .mallocCountTotal,
                  textThroughputMetric, vocabularyMetric, nonZerosMetric],
        warmupIterations: 1,
        scalingFactor: .one,
        maxDuration: .seconds(30),
        maxIterations: 8
    )

    let cases: [(name: String, ngrams: ClosedRange<Int>, threads: Int?)] = [
        ("tokenize+count+tfidf unigrams", 1 ... 1, nil),
        ("tokenize+count+tfidf (1,2)", 1 ... 2, nil),
        ("tokenize+count+tfidf unigrams, 1 thread", 1 ... 1, 1),
        ("tokenize+count+tfidf (1,2), 1 thread", 1 ... 2, 1),
    ]
    for (name, ngrams, threads) in cases {
        Benchmark(name, configuration: configuration) { benchmark in
            var tfidf = TfidfConfiguration()  // scikit-learn's defaults
            tfidf.ngramRange = ngrams
            let vectorizer = threads.map { TfidfVectorizer(configuration: tfidf, threads: $0) }
                ?? TfidfVectorizer(configuration: tfidf)
            let texts = corpus.texts
            for _ in benchmark.scaledIterations {
                let clock = ContinuousClock()
                let start = clock.now
                let result = try vectorizer.fitTransform(texts, as: Double.self)
                let elapsed = start.duration(to: clock.now)
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
                benchmark.measurement(textThroughputMetric, Int(Double(corpus.bytes) / 1_000 / seconds))
                benchmark.measurement(vocabularyMetric, result.vocabulary.count)
                benchmark.measurement(nonZerosMetric, result.matrix.nonZeroCount)
                blackHole(result)
            }
        }
    }
}
