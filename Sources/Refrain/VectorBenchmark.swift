import Dispatch
import Foundation

/// What `refrain bench` reports: the BLAS in use, the estimated peak, and for
/// each kernel its median time, GFLOP/s and share of the peak. A report model.
public struct BenchReport: Sendable, Codable, Equatable {
    /// BLAS provider ("OpenBLAS", ...).
    public var provider: String
    /// The shared object providing `cblas_sgemm`.
    public var library: String?
    /// BLAS threads used.
    public var threads: Int
    /// Measured core clock, MHz.
    public var clockMHz: Double
    /// Estimated peak for Float and Double, GFLOP/s, on `threads` cores.
    public var peakGFLOPSFloat: Double
    /// See `peakGFLOPSFloat`.
    public var peakGFLOPSDouble: Double
    /// How the peak was estimated, in words.
    public var peakMethod: String
    /// One entry per kernel and size.
    public var results: [Result]

    /// One measurement.
    public struct Result: Sendable, Codable, Equatable {
        /// Kernel name: sgemm, dgemm, ssyrk, spmm, topk, svd, ...
        public var kernel: String
        /// Problem size in words (e.g. "n=4096").
        public var size: String
        /// Median wall-clock seconds over the repeats.
        public var seconds: Double
        /// Floating-point operations per second, in 10⁹, from the kernel's
        /// nominal operation count.
        public var gflops: Double
        /// `gflops` over the estimated peak of the kernel's precision.
        public var peakShare: Double
        /// A quality figure where one applies (e.g. recall), else absent.
        public var quality: String?
    }
}

/// The vector-math benchmark behind `refrain bench`: GEMM, SYRK and sparse
/// times dense at several sizes on the loaded BLAS, then the similarity
/// kernels built on them (dense top-k by blocked GEMM, randomized truncated
/// SVD of a sparse matrix), each timed as the median of `repeats` runs after
/// one warm-up run.
///
/// The two similarity kernels carry a quality figure: `topk` the recall@k of
/// its lists against a brute-force check on a sample of queries (1.000 when
/// every sampled list is exact, up to ties), `svd` the captured variance
/// (the sum of `explainedVarianceRatio`).
public struct VectorBenchmark: Sendable {
    /// Matrix sizes n for the n x n x n GEMMs.
    public var gemmSizes: [Int]
    /// Timed runs per kernel (after a warm-up).
    public var repeats: Int
    /// Threads for BLAS and Refrain's own kernels.
    public var threads: Int
    /// Small similarity problems (`topk` on 4,000 rows, `svd` of 5,000 rows)
    /// instead of the full ones (20,000 and 20,000). Defaults to `true` when
    /// no GEMM size exceeds 1024, which is what `refrain bench --quick` asks for.
    public var smallSimilarityProblems: Bool

    /// Creates a benchmark.
    public init(gemmSizes: [Int] = [512, 1024, 2048, 4096], repeats: Int = 3, threads: Int = Parallel.availableCores,
                smallSimilarityProblems: Bool? = nil) {
        self.gemmSizes = gemmSizes
        self.repeats = max(1, repeats)
        self.threads = max(1, threads)
        self.smallSimilarityProblems = smallSimilarityProblems ?? ((gemmSizes.max() ?? 0) <= 1024)
    }

    /// The estimated peak: cores × measured clock × FMA lanes × 2 × FMA units.
    public static func peak(threads: Int) -> (clockMHz: Double, float: Double, double: Double, method: String) {
        let cpu = CPUFeatures.current
        let mhz = CPUClock.measureMHz()
        var measured = cpu
        measured.clockMHz = mhz
        let f = measured.peakGFLOPS(for: Float.self, threads: threads) ?? 0
        let d = measured.peakGFLOPS(for: Double.self, threads: threads) ?? 0
        let cores = min(threads, max(1, cpu.physicalCores))
        let method = "\(cores) cores × \(Int(mhz.rounded())) MHz (measured with a dependent 1-cycle chain) × "
            + "\(cpu.fmaWidthBits)-bit FMA × \(cpu.fmaUnitsPerCore) FMA units × 2 flops"
        return (mhz, f, d, method)
    }

    /// Runs the kernels, calling `progress` with each finished result.
    public func run(progress: (BenchReport.Result) -> Void = { _ in }) throws -> BenchReport {
        BLASRuntime.setThreads(threads)
        let peak = VectorBenchmark.peak(threads: threads)
        var results: [BenchReport.Result] = []
        func record(_ kernel: String, _ size: String, flops: Double, isFloat: Bool, quality: String? = nil, _ body: () throws -> Void) rethrows {
            try body()  // warm-up
            var times: [Double] = []
            for _ in 0 ..< repeats {
                let start = DispatchTime.now().uptimeNanoseconds
                try body()
                times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            }
            let seconds = times.sorted()[times.count / 2]
            let gflops = flops / seconds / 1e9
            let result = BenchReport.Result(kernel: kernel, size: size, seconds: seconds, gflops: gflops,
                                            peakShare: gflops / (isFloat ? peak.float : peak.double), quality: quality)
            results.append(result)
            progress(result)
        }
        var random = SeededGenerator(seed: 42)
        for n in gemmSizes {
            let a = DenseMatrix<Float>(rows: n, columns: n, elements: (0 ..< n * n).map { _ in random.nextFloat() })
            let b = DenseMatrix<Float>(rows: n, columns: n, elements: (0 ..< n * n).map { _ in random.nextFloat() })
            var c = DenseMatrix<Float>(rows: n, columns: n)
            try record("sgemm", "n=\(n)", flops: 2 * pow(Double(n), 3), isFloat: true) {
                try DenseMatrix.multiply(a, b, into: &c)
            }
        }
        for n in gemmSizes.filter({ $0 <= 2048 }) {
            let a = DenseMatrix<Double>(rows: n, columns: n, elements: (0 ..< n * n).map { _ in Double(random.nextFloat()) })
            let b = DenseMatrix<Double>(rows: n, columns: n, elements: (0 ..< n * n).map { _ in Double(random.nextFloat()) })
            var c = DenseMatrix<Double>(rows: n, columns: n)
            try record("dgemm", "n=\(n)", flops: 2 * pow(Double(n), 3), isFloat: false) {
                try DenseMatrix.multiply(a, b, into: &c)
            }
        }
        do {
            let n = 2048, k = 1024
            let a = DenseMatrix<Float>(rows: n, columns: k, elements: (0 ..< n * k).map { _ in random.nextFloat() })
            try record("ssyrk", "n=\(n), k=\(k)", flops: Double(n) * Double(n) * Double(k), isFloat: true) {
                _ = try a.gram()
            }
        }
        do {
            // A TF-IDF-like sparse matrix (20,000 x 50,000, 150 non-zeros a row) times a dense 50,000 x 256.
            let rows = 20_000, columns = 50_000, perRow = 150, width = 256
            var offsets = [0], indices: [Int32] = [], values: [Float] = []
            for _ in 0 ..< rows {
                var row = Set<Int32>()
                while row.count < perRow { row.insert(Int32(random.next() % UInt64(columns))) }
                indices.append(contentsOf: row.sorted())
                values.append(contentsOf: (0 ..< perRow).map { _ in random.nextFloat() })
                offsets.append(indices.count)
            }
            let sparse = CSRMatrix(rows: rows, columns: columns, rowOffsets: offsets, columnIndices: indices, values: values)
            let dense = DenseMatrix<Float>(rows: columns, columns: width, elements: (0 ..< columns * width).map { _ in random.nextFloat() })
            let threads = self.threads
            record("spmm", "20000x50000 (150/row) x 256", flops: 2 * Double(sparse.nonZeroCount) * Double(width), isFloat: true) {
                _ = sparse.multiply(dense, threads: threads)
            }
        }
        try recordTopK(&random, record: record)
        try recordSVD(&random, record: record)
        return BenchReport(provider: BLASRuntime.provider.description, library: BLASRuntime.libraryPath, threads: threads,
                           clockMHz: peak.clockMHz, peakGFLOPSFloat: peak.float, peakGFLOPSDouble: peak.double,
                           peakMethod: peak.method, results: results)
    }

    /// `topk`: `DenseSearch.topK(within:)` of `n x 256` Float unit vectors drawn
    /// around 200 centres, k = 10, cosine; quality is recall@10 against brute
    /// force (plain `Double` dot products over all rows) on 200 sampled
    /// rows. GFLOP/s counts the `n² d` flops of the upper triangle it computes.
    private func recordTopK(
        _ random: inout SeededGenerator,
        record: (String, String, Double, Bool, String?, () throws -> Void) throws -> Void
    ) throws {
        let n = smallSimilarityProblems ? 4_000 : 20_000, d = 256, k = 10, centres = 200
        let centre = (0 ..< centres * d).map { _ in random.nextFloat() }
        var elements = [Float](repeating: 0, count: n * d)
        for i in 0 ..< n {
            let c = Int(random.next() % UInt64(centres))
            var norm: Float = 0
            for j in 0 ..< d {
                let value = centre[c * d + j] + 0.5 * random.nextFloat()
                elements[i * d + j] = value
                norm += value * value
            }
            let scale = 1 / norm.squareRoot()
            for j in 0 ..< d { elements[i * d + j] *= scale }
        }
        let x = DenseMatrix<Float>(rows: n, columns: d, elements: elements)
        let configuration = SearchConfiguration(threads: threads)
        var lists: [[Neighbor]] = []
        let search = { lists = try DenseSearch.topK(within: x, k: k, measure: .cosine, configuration: configuration) }
        try search()
        let recall = Self.sampledRecall(lists, elements: elements, n: n, d: d, k: k, samples: 200, random: &random)
        try record("topk", "n=\(n), d=\(d), k=\(k)", Double(n) * Double(n) * Double(d), true,
                   String(format: "recall@%d %.3f", k, recall), search)
    }

    /// The share of sampled rows' brute-force top-k neighbours found in
    /// `lists`, a neighbour tied (within 1e-6) with the brute-force k-th
    /// counting as found.
    static func sampledRecall(_ lists: [[Neighbor]], elements: [Float], n: Int, d: Int, k: Int, samples: Int,
                              random: inout SeededGenerator) -> Double {
        var found = 0, wanted = 0
        for _ in 0 ..< samples {
            let i = Int(random.next() % UInt64(n))
            var scores: [(index: Int, score: Double)] = []
            scores.reserveCapacity(n - 1)
            for j in 0 ..< n where j != i {
                var dot = 0.0
                for t in 0 ..< d { dot += Double(elements[i * d + t]) * Double(elements[j * d + t]) }
                scores.append((j, dot))
            }
            scores.sort { $0.score > $1.score || ($0.score == $1.score && $0.index < $1.index) }
            let exact = scores.prefix(k)
            let floor = exact.last?.score ?? -.infinity
            let truth = Set(exact.map(\.index))
            wanted += exact.count
            for neighbour in lists[i].prefix(k) where truth.contains(neighbour.index) || neighbour.score >= floor - 1e-6 {
                found += 1
            }
        }
        return wanted == 0 ? 1 : Double(found) / Double(wanted)
    }

    /// `svd`: `TruncatedSVD(components: 100)` (randomized, 5 power iterations)
    /// of an `m x 30,000` TF-IDF-like sparse matrix (Zipf-distributed columns,
    /// 150 entries a row, log-scaled counts, unit rows); quality is the
    /// captured variance. GFLOP/s counts the 12 sparse products (2 nnz l each,
    /// l = 110) and the 11 thin QR factorizations (about 4 rows l² each).
    private func recordSVD(
        _ random: inout SeededGenerator,
        record: (String, String, Double, Bool, String?, () throws -> Void) throws -> Void
    ) throws {
        let m = smallSimilarityProblems ? 5_000 : 20_000, columns = 30_000, perRow = 150, components = 100
        let x = Self.tfidfLike(rows: m, columns: columns, perRow: perRow, random: &random)
        let svd = TruncatedSVD(components: components, threads: threads)
        var captured = 0.0
        let fit = { captured = try svd.fit(x).explainedVarianceRatio.reduce(0.0) { $0 + Double($1) } }
        try fit()
        let l = Double(components + svd.oversamples), q = Double(svd.powerIterations)
        let products = 2 * Double(x.nonZeroCount) * l * (2 * q + 2)
        let factorizations = 4 * l * l * ((q + 1) * Double(m) + q * Double(columns))
        try record("svd", "\(m)x\(columns) (\(perRow)/row) -> \(components)", products + factorizations, true,
                   String(format: "explained variance %.3f", captured), fit)
    }

    /// A TF-IDF-like matrix: per row `perRow` distinct columns drawn from a
    /// Zipf(1.1) law over `columns`, values `1 + log(count)` weighted by a
    /// smooth inverse rank, rows scaled to unit length.
    static func tfidfLike(rows: Int, columns: Int, perRow: Int, random: inout SeededGenerator) -> CSRMatrix<Float> {
        var cumulative = [Double](repeating: 0, count: columns)
        var total = 0.0
        for r in 0 ..< columns {
            total += 1 / pow(Double(r + 1), 1.1)
            cumulative[r] = total
        }
        func draw(_ random: inout SeededGenerator) -> Int {
            let u = Double(random.next() >> 11) / Double(1 << 53) * total
            var low = 0, high = columns - 1
            while low < high {
                let mid = (low + high) / 2
                if cumulative[mid] < u { low = mid + 1 } else { high = mid }
            }
            return low
        }
        var offsets = [0], indices: [Int32] = [], values: [Float] = []
        offsets.reserveCapacity(rows + 1)
        indices.reserveCapacity(rows * perRow)
        values.reserveCapacity(rows * perRow)
        for _ in 0 ..< rows {
            var counts: [Int: Int] = [:]
            while counts.count < perRow { counts[draw(&random), default: 0] += 1 }
            let row = counts.keys.sorted()
            var weights = row.map { c in (1 + log(Double(counts[c]!))) * log(2 + Double(c)) }
            let norm = weights.reduce(0) { $0 + $1 * $1 }.squareRoot()
            for i in weights.indices { weights[i] /= norm }
            indices.append(contentsOf: row.map { Int32($0) })
            values.append(contentsOf: weights.map { Float($0) })
            offsets.append(indices.count)
        }
        return CSRMatrix(rows: rows, columns: columns, rowOffsets: offsets, columnIndices: indices, values: values)
    }
}

extension SeededGenerator {
    /// A benchmark value uniform in -0.5 ..< 0.5 (24 random bits).
    mutating func nextFloat() -> Float { Float(next() >> 40) / Float(1 << 24) - 0.5 }
}
