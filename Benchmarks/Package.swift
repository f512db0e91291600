// swift-tools-version:6.1
//
// Refrain's benchmarks: a package of their own, nested inside the repository.
//
// Why a nested package: ordo-one/benchmark brings a build plugin, a malloc interposer
// and several more packages (argument parser, atomics, histograms, text tables). Because
// they are declared only here, the main package (../Package.swift) never resolves, fetches
// or builds any of them: `swift build` and `swift test` at the repository root do not read
// this manifest, and the root's `.build/` and Package.resolved know nothing of it. This
// package in turn depends on the parent by path, so it always measures the working tree.
// Its own build products live in Benchmarks/.build (git-ignored).
//
// Run from this directory:  swift package benchmark   (see README.md)

import PackageDescription

let package = Package(
    name: "RefrainBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        // The MallocInterposer trait (tools 6.1+ syntax) keeps malloc statistics; on Swift
        // 6.3+ it is ordo-one's malloc-interposer package, so no jemalloc (libjemalloc-dev)
        // or other system library is needed. Naming only this trait also turns off the
        // default RuntimeInterposer trait (ARC counters, unused here), so its package is not
        // fetched. On Linux with Swift 6.3 the plugin still prints a warning about "running
        // with the Swift runtime interposer"; it is harmless, as the plugin preloads only
        // libraries that were built.
        .package(
            url: "https://github.com/ordo-one/benchmark",
            .upToNextMinor(from: "1.38.1"),
            traits: ["MallocInterposer"]
        ),
        // The parent package. A path dependency's identity is its directory name, which
        // depends on where the repository was cloned; `name:` pins the name used below.
        .package(name: "Refrain", path: ".."),
    ],
    targets: [
        // MARK: - Benchmark executables (ordo-one/benchmark layout: Benchmarks/<Target>/)

        /// Tokenize, count and weight a deterministic ~5 MB synthetic news corpus.
        .executableTarget(
            name: "TfidfBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Refrain", package: "Refrain"),
            ],
            path: "Benchmarks/TfidfBenchmarks",
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark"),
            ]
        ),

        /// Spherical k-means on a synthetic sparse matrix and average linkage on synthetic
        /// dense vectors, both with planted clusters; records objective and ARI beside time.
        .executableTarget(
            name: "ClusteringBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Refrain", package: "Refrain"),
            ],
            path: "Benchmarks/ClusteringBenchmarks",
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark"),
            ]
        ),

        // MARK: - Peer runners (Refrain's side of the scripts/compare-* side-by-sides)

        /// Times Refrain's k-means and agglomerative clustering on a matrix written by
        /// scripts/compare-clustering; `swift build -c release --package-path Benchmarks
        /// --product ClusteringPeerRunner`. No benchmark plugin: a plain executable.
        .executableTarget(
            name: "ClusteringPeerRunner",
            dependencies: [
                .product(name: "Refrain", package: "Refrain"),
            ],
            path: "ClusteringPeerRunner"
        ),
        /// Dense top-k (blocked GEMM), exact sparse top-k (inverted index) and randomized
        /// truncated SVD on deterministic synthetic data; records recall against brute
        /// force and captured variance beside time.
        .executableTarget(
            name: "SimilarityBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Refrain", package: "Refrain"),
            ],
            path: "Benchmarks/SimilarityBenchmarks",
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark"),
            ]
        ),

        /// Runs Refrain's GEMM, dense and sparse top-k and truncated SVD on matrices written
        /// by scripts/compare-similarity and prints JSON timings; `swift build -c release
        /// --package-path Benchmarks --product SimilarityPeerRunner`. No benchmark plugin.
        .executableTarget(
            name: "SimilarityPeerRunner",
            dependencies: [
                .product(name: "Refrain", package: "Refrain"),
            ],
            path: "SimilarityPeerRunner"
        ),
    ],
    swiftLanguageModes: [.v6]
)

