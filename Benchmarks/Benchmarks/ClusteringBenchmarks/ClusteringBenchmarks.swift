// Clustering: spherical k-means on sparse TF-IDF-like rows, agglomerative linkage on dense
// LSA-like vectors, both on deterministic synthetic data with planted clusters
// (PlantedClusters.swift). Beside wall clock, throughput and peak resident memory, every
// iteration records quality figures, which stay constant unless the algorithms change:
//   - k-means: `objective (x1000)`, the spherical objective Σ(1 − cos) of the best restart,
//     times 1000; `inertia (x1000)`, scikit-learn's inertia_ of the same partition, times 1000;
//     `iterations` of the winning restart; `ARI vs planted (x1000)`;
//   - agglomerative: `ARI vs planted (x1000)` of the tree cut at the planted cluster count.
// For a side-by-side with scikit-learn on a news corpus, use scripts/compare-clustering.

import Benchmark
import Refrain

/// Generated once, before any benchmark runs; not part of any measurement.
/// 10,000 rows x 20,000 terms, 20 topics, about 75 distinct terms a row (~750k stored values).
let sparseData = PlantedClusters.sparse(rows: 10_000, columns: 20_000, clusters: 20)
/// 3,000 points in 64 dimensions around 20 centres (a 36 MB condensed distance matrix).
let denseData = PlantedClusters.dense(rows: 3_000, dimension: 64, clusters: 20)

let objectiveMetric = BenchmarkMetric.custom("objective (x1000)", polarity: .prefersSmaller, useScalingFactor: false)
let inertiaMetric = BenchmarkMetric.custom("inertia (x1000)", polarity: .prefersSmaller, useScalingFactor: false)
let iterationsMetric = BenchmarkMetric.custom("iterations", polarity: .prefersSmaller, useScalingFactor: false)
let ariMetric = BenchmarkMetric.custom("ARI vs planted (x1000)", polarity: .prefersLarger, useScalingFactor: false)

let benchmarks: @Sendable () -> Void = {
    let kMeansConfiguration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .peakMemoryResident, .mallocCountTotal,
                  objectiveMetric, inertiaMetric, iterationsMetric, ariMetric],
        warmupIterations: 1,
        scalingFactor: .one,
        maxDuration: .seconds(30),
        maxIterations: 10
    )
    let linkageConfiguration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .peakMemoryResident, .mallocCountTotal, ariMetric],
        warmupIterations: 1,
        scalingFactor: .one,
        maxDuration: .seconds(30),
        maxIterations: 10
    )

    // MARK: k-means (k = 20 planted topics, 4 restarts, scikit-learn's max_iter and tol)

    let kMeansCases: [(name: String, threads: Int?)] = [
        ("spherical k-means sparse 10k x 20k, k=20, nInit=4", nil),
        ("spherical k-means sparse 10k x 20k, k=20, nInit=4, 1 thread", 1),
    ]
    for (name, threads) in kMeansCases {
        Benchmark(name, configuration: kMeansConfiguration) { benchmark in
            let kmeans = SphericalKMeans(KMeansConfiguration(
                k: 20, nInit: 4, maxIterations: 300, tolerance: 1e-4, seed: 0,
                threads: threads ?? Parallel.availableCores))
            let (matrix, truth) = sparseData
            for _ in benchmark.scaledIterations {
                let result = try kmeans.fit(matrix)
                benchmark.measurement(objectiveMetric, Int((result.objective * 1000).rounded()))
                benchmark.measurement(inertiaMetric, Int((result.inertia * 1000).rounded()))
                benchmark.measurement(iterationsMetric, result.iterations)
                benchmark.measurement(ariMetric, Int((adjustedRandIndex(result.labels, truth) * 1000).rounded()))
                blackHole(result)
            }
        }
    }

    // MARK: agglomerative (cosine distances, tree, cut at the 20 planted clusters)

    let linkageCases: [(name: String, linkage: Linkage, threads: Int?)] = [
        ("agglomerative average dense 3000 x 64, k=20", .average, nil),
        ("agglomerative average dense 3000 x 64, k=20, 1 thread", .average, 1),
        ("agglomerative single dense 3000 x 64, k=20", .single, nil),
    ]
    for (name, linkage, threads) in linkageCases {
        Benchmark(name, configuration: linkageConfiguration) { benchmark in
            let clusterer = threads.map { AgglomerativeClustering(linkage: linkage, threads: $0) }
                ?? AgglomerativeClustering(linkage: linkage)
            let (matrix, truth) = denseData
            for _ in benchmark.scaledIterations {
                let tree = try clusterer.fit(matrix)
                let labels = try tree.labels(clusterCount: 20)
                benchmark.measurement(ariMetric, Int((adjustedRandIndex(labels, truth) * 1000).rounded()))
                blackHole(tree)
            }
        }
    }
}
