#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the processor offers for dense linear algebra, read from the text of
/// Linux's `/proc/cpuinfo`, and a peak-throughput estimate to judge measured
/// GEMM speed against.
///
/// Parsing takes a string (`init(cpuinfo:)`), so it is testable with saved
/// samples; `current` reads the running machine. On systems without
/// `/proc/cpuinfo` the fields fall back to empty names and the process's core
/// count.
public struct CPUFeatures: Sendable, Equatable {
    /// `vendor_id`, e.g. `"GenuineIntel"` or `"AuthenticAMD"`; empty when absent.
    public var vendor: String
    /// `model name`, e.g. `"AMD EPYC 7B13"`; empty when absent.
    public var modelName: String
    /// `cpu family` as a number, when present (AMD: 23 = Zen 1/2, 25 = Zen 3/4, 26 = Zen 5).
    public var family: Int?
    /// `model` as a number, when present.
    public var model: Int?
    /// Logical processors (hardware threads): the number of `processor` entries.
    public var logicalCores: Int
    /// Physical cores: distinct (`physical id`, `core id`) pairs, or
    /// `logicalCores` when the text does not say. Hyperthreads share a core's
    /// vector units, so peak estimates count these.
    public var physicalCores: Int
    /// Every flag of the first processor (`flags` on x86, `Features` on ARM).
    public var flags: Set<String>
    /// The SIMD features relevant to BLAS that are present, in `/proc/cpuinfo`
    /// spelling (`sse4_2`, `avx2`, `fma`, `avx512f`, `avx512_bf16`, ...), oldest first.
    public var vectorFeatures: [String]
    /// The widest vector register in bits: 512 (AVX-512F), 256 (AVX),
    /// 128 (SSE or ARM ASIMD), or 64 when no vector unit is known.
    public var widestVectorBits: Int
    /// The width in bits one FMA unit processes per cycle. Equal to
    /// `widestVectorBits` except where a core splits wide vectors: AMD Zen 1
    /// executes 256-bit AVX as two 128-bit halves, Zen 3/4 run AVX-512 as two
    /// 256-bit halves. A heuristic from `vendor` and `family`.
    public var fmaWidthBits: Int
    /// Vector FMA (or add + multiply pair) units per core, an assumption: 2 when
    /// the core has FMA (Intel Haswell and later client and server cores, AMD
    /// Zen), else 1. Some AVX-512 client and Atom-class cores have only one, so
    /// estimates from this value are upper bounds.
    public var fmaUnitsPerCore: Int
    /// The mean of the `cpu MHz` lines: the current clock, which varies with
    /// load and turbo; `nil` when absent (many ARM kernels omit it).
    public var clockMHz: Double?

    /// The SIMD flags reported in `vectorFeatures`, oldest first.
    public static let knownVectorFeatures = [
        "sse", "sse2", "pni", "ssse3", "sse4_1", "sse4_2", "avx", "f16c", "fma", "avx2",
        "avx512f", "avx512dq", "avx512cd", "avx512bw", "avx512vl", "avx512ifma", "avx512vbmi",
        "avx512_vnni", "avx512_bf16", "avx512_vbmi2", "avx512_fp16", "avx_vnni",
        "amx_tile", "amx_bf16", "amx_int8", "asimd", "asimdhp", "sve", "sve2",
    ]

    /// Parses the text of `/proc/cpuinfo`.
    ///
    /// Only lines of the form `key : value` are read; blank lines separate
    /// processors. Unknown keys are ignored.
    /// - Complexity: O(length of `cpuinfo`).
    public init(cpuinfo: String) {
        var vendor = "", modelName = "", family: Int?, model: Int?
        var processors = 0
        var flags: Set<String>?
        var cores = Set<String>()
        var physicalID = "", megahertz: [Double] = []
        for line in cpuinfo.split(separator: "\n", omittingEmptySubsequences: false) {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingSpaces()
            let value = line[line.index(after: colon)...].trimmingSpaces()
            switch key {
            case "processor": processors += 1
            case "vendor_id" where vendor.isEmpty: vendor = value
            case "model name" where modelName.isEmpty: modelName = value
            case "cpu family" where family == nil: family = Int(value)
            case "model" where model == nil: model = Int(value)
            case "flags", "Features":
                if flags == nil { flags = Set(value.split(separator: " ").map(String.init)) }
            case "physical id": physicalID = value
            case "core id": cores.insert(physicalID + "/" + value)
            case "cpu MHz": if let mhz = Double(value) { megahertz.append(mhz) }
            default: break
            }
        }
        let flagSet = flags ?? []
        self.vendor = vendor
        self.modelName = modelName
        self.family = family
        self.model = model
        self.logicalCores = processors
        self.physicalCores = cores.isEmpty ? processors : min(cores.count, processors)
        self.flags = flagSet
        self.vectorFeatures = Self.knownVectorFeatures.filter(flagSet.contains)
        let widest: Int
        if flagSet.contains("avx512f") { widest = 512 }
        else if flagSet.contains("avx") { widest = 256 }
        else if flagSet.contains("sse") || flagSet.contains("sse2") || flagSet.contains("asimd") { widest = 128 }
        else { widest = 64 }
        self.widestVectorBits = widest
        var fmaWidth = widest
        if vendor == "AuthenticAMD", let family {
            if family == 23 { fmaWidth = min(widest, (model ?? 0) < 0x30 ? 128 : 256) }
            if family == 25 { fmaWidth = min(widest, 256) }
        }
        self.fmaWidthBits = fmaWidth
        self.fmaUnitsPerCore = flagSet.contains("fma") || flagSet.contains("avx512f") ? 2 : 1
        self.clockMHz = megahertz.isEmpty ? nil : megahertz.reduce(0, +) / Double(megahertz.count)
    }

    /// The running machine, read from `/proc/cpuinfo` now (so `clockMHz` is
    /// current). Core counts fall back to the process's processor count when
    /// the file is missing.
    public static var current: CPUFeatures {
        var features = CPUFeatures(cpuinfo: readText(atPath: "/proc/cpuinfo") ?? "")
        if features.logicalCores == 0 {
            features.logicalCores = Parallel.availableCores
            features.physicalCores = Parallel.availableCores
        }
        return features
    }

    /// An estimate of peak floating-point throughput in GFLOP/s, for judging a
    /// measured GEMM rate (OpenBLAS typically reaches 70-90 % of it):
    ///
    ///     cores * GHz * (fmaWidthBits / scalar bits) * 2 (an FMA is two flops) * fmaUnitsPerCore
    ///
    /// where `cores = min(threads, physicalCores)`. For example, 8 cores at
    /// 3 GHz with AVX2 and two FMA units: 8 * 3 * (256 / 32) * 2 * 2 = 768
    /// GFLOP/s in `Float`, 384 in `Double`.
    ///
    /// - Parameters:
    ///   - scalar: `Float.self` (32-bit lanes) or `Double.self` (64-bit lanes).
    ///   - threads: the number of threads doing the work; defaults to all physical cores.
    /// - Returns: GFLOP/s, or `nil` when the clock is unknown.
    public func peakGFLOPS<Scalar: BLASScalar>(for scalar: Scalar.Type, threads: Int? = nil) -> Double? {
        guard let clockMHz, physicalCores > 0 else { return nil }
        let cores = min(max(1, threads ?? physicalCores), physicalCores)
        let scalarBits = MemoryLayout<Scalar>.size * 8
        let lanes = Double(max(fmaWidthBits, scalarBits) / scalarBits)
        return Double(cores) * (clockMHz / 1000) * lanes * 2 * Double(fmaUnitsPerCore)
    }
}

extension Substring {
    /// The substring without leading and trailing spaces and tabs.
    fileprivate func trimmingSpaces() -> String {
        var slice = self[...]
        while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        return String(slice)
    }
}

/// Reads a whole text file with POSIX calls (works for `/proc` files, whose
/// reported size is 0). Returns `nil` if it cannot be opened.
private func readText(atPath path: String) -> String? {
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        if count <= 0 { break }
        bytes.append(contentsOf: chunk[..<count])
    }
    return String(decoding: bytes, as: UTF8.self)
}
