// swift-tools-version:6.0
//
// Refrain: find what officials keep repeating.
//
// Data flows one way through the targets below; nothing depends upward:
//   CBLAS -> LinearAlgebra -> Similarity, Clustering (with its C loops, ClusteringKernels)
//   Corpus -> Tokenization -> Vectorization (emits LinearAlgebra.CSRMatrix)
//   Corpus, Tokenization, LinearAlgebra -> TalkingPoints
//   all of the above -> Refrain (umbrella, pipeline, model file) -> Reporting -> refrain (executable)
//
// The benchmark suite lives in the nested package `Benchmarks/`, so that this
// package's build and `swift test` carry no benchmark dependency.

import PackageDescription

let package = Package(
    name: "Refrain",
    products: [
        .library(name: "Refrain", targets: ["Refrain"]),
        .executable(name: "refrain", targets: ["refrain"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // MARK: - System libraries

        /// CBLAS and LAPACKE headers; links Debian's generic `blas`, `lapack` and
        /// `lapacke` so the alternatives system picks the provider (OpenBLAS when installed).
        .systemLibrary(
            name: "CBLAS",
            path: "Sources/CBLAS",
            providers: [.apt(["libblas-dev", "liblapack-dev", "liblapacke-dev"])]
        ),

        // MARK: - Numerics

        /// Dense and sparse matrices and the single choke point for BLAS/LAPACK calls.
        .target(name: "LinearAlgebra", dependencies: ["CBLAS"]),
        /// Top-k and threshold search, joins and truncated SVD; knows no text.
        .target(name: "Similarity", dependencies: ["LinearAlgebra"]),
        /// AVX2/FMA sparse-times-dense product loops (C, checked at run time) behind Clustering's kernels.
        .target(name: "ClusteringKernels"),
        /// Spherical k-means, agglomerative linkage, silhouettes and cluster labels; knows no text beyond strings.
        .target(name: "Clustering", dependencies: ["LinearAlgebra", "ClusteringKernels"]),

        // MARK: - Text

        /// Documents and their loaders (.txt/.md folders, JSONL, CSV), web-furniture stripping, dates.
        .target(name: "Corpus"),
        /// Normalisation, word tokens with UTF-8 byte ranges, sentences, n-grams, stop words.
        .target(name: "Tokenization"),
        /// Vocabulary, TF-IDF with scikit-learn's formulas, hashing; emits `CSRMatrix`.
        .target(name: "Vectorization", dependencies: ["Tokenization", "LinearAlgebra"]),
        /// Who said what (attribution), near-duplicate phrasing across speakers, recurring phrases.
        .target(name: "TalkingPoints", dependencies: ["Corpus", "Tokenization", "LinearAlgebra"]),

        // MARK: - Umbrella and presentation

        /// Re-exports the toolkit; the pipeline facade, report models and the model file format.
        .target(name: "Refrain", dependencies: [
            "Corpus", "Tokenization", "Vectorization", "LinearAlgebra", "Similarity", "Clustering", "TalkingPoints",
        ]),
        /// Text, JSON and HTML renderers of report models; no computation.
        .target(name: "Reporting", dependencies: ["Refrain"]),

        // MARK: - Executable

        .executableTarget(
            name: "refrain",
            dependencies: [
                "Refrain", "Reporting",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // MARK: - Tests

        /// Naive references, a seeded RNG, fixture loading, approximate equality. Not exported.
        .target(name: "_TestSupport", dependencies: ["LinearAlgebra"], path: "Tests/_TestSupport"),
        .testTarget(name: "LinearAlgebraTests", dependencies: ["LinearAlgebra", "_TestSupport"]),
        .testTarget(name: "SimilarityTests", dependencies: ["Similarity", "LinearAlgebra", "_TestSupport"]),
        .testTarget(
            name: "ClusteringTests",
            dependencies: ["Clustering", "LinearAlgebra", "_TestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "CorpusTests", dependencies: ["Corpus", "_TestSupport"]),
        .testTarget(name: "TokenizationTests", dependencies: ["Tokenization", "_TestSupport"]),
        .testTarget(
            name: "VectorizationTests",
            dependencies: ["Vectorization", "Tokenization", "Corpus", "_TestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "TalkingPointsTests", dependencies: ["TalkingPoints", "Corpus", "Tokenization", "_TestSupport"]),
        .testTarget(name: "RefrainTests", dependencies: ["Refrain", "_TestSupport"]),
        .testTarget(name: "RefrainCLITests", dependencies: ["refrain", "_TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
