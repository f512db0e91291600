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
/// times dense at several sizes on the loaded BLAS, timed as the median of
/// `repeats` runs after one warm-up run.
public struct VectorBenchmark: Sendable {
    /// Matrix sizes n for the n x n x n GEMMs.
    public var gemmSizes: [Int]
    /// Timed runs per kernel (after a warm-up).
    public var repeats: Int
    /// Threads for BLAS and Refrain's own kernels.
    public var threads: Int

    /// Creates a benchmark.
    public init(gemmSizes: [Int] = [512, 1024, 2048, 4096], repeats: Int = 3, threads: Int = Parallel.availableCores) {
        self.gemmSizes = gemmSizes
        self.repeats = max(1, repeats)
        self.threads = max(1, threads)
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
        var random = SplitMix(seed: 42)
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
        return BenchReport(provider: BLASRuntime.provider.description, library: BLASRuntime.libraryPath, threads: threads,
                           clockMHz: peak.clockMHz, peakGFLOPSFloat: peak.float, peakGFLOPSDouble: peak.double,
                           peakMethod: peak.method, results: results)
    }
}

/// A small seeded generator for benchmark data (SplitMix64).
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func nextFloat() -> Float { Float(next() >> 40) / Float(1 << 24) - 0.5 }
}
