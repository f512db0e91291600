// SimilarityPeerRunner: Refrain's side of scripts/compare-similarity.
//
// Not a user-facing tool. It reads matrices that the script wrote with numpy/scipy (so
// Refrain and the Python peers work on the very same numbers), runs one Refrain kernel
// --repeats times in one process, optionally writes the last result to a file, and prints
// one JSON line on standard output. Loading is not timed.
//
//   SimilarityPeerRunner gemm --a A.f32 --b B.f32 [--repeats 3] [--output C.f32]
//   SimilarityPeerRunner dense-topk --input X.f32 --k 10 [--measure inner-product|cosine]
//       [--exclude-self] [--repeats 3] [--threads N] [--output neighbours.knn]
//   SimilarityPeerRunner sparse-topk --input X.csr --k 10 [--measure cosine|inner-product]
//       [--include-self] [--repeats 3] [--threads N] [--output neighbours.knn]
//   SimilarityPeerRunner svd --input X.csr --components 256 [--iterations 5]
//       [--oversamples 10] [--normalizer lu|qr] [--seed 0] [--repeats 3] [--threads N]
//
// Build: swift build -c release --package-path Benchmarks --product SimilarityPeerRunner
//
// `gemm` times `DenseMatrix.multiply` (Refrain's wrapper) and, interleaved with it, the
// same `cblas_sgemm` called directly through a function pointer from `dlsym`, one warm-up
// each; both run on whatever BLAS the process loaded, with its default thread count.
// `dense-topk` is `DenseSearch.topK(within:)` (inner product, self included by default, as
// faiss's IndexFlatIP searched with the corpus itself); `sparse-topk` is
// `SparseSearch.topK(within:)` (cosine, self excluded by default); `svd` is
// `TruncatedSVD(...).fit` (LU-normalised power iterations unless `--normalizer qr`). All
// work in Float, like the files.
//
// ## File formats (little-endian; written by scripts/compare-similarity)
//
// Dense, `.f32`:
//   8 bytes  magic "RFDNS32\n"
//   int64    rows, columns
//   float32  values [rows * columns], row-major
//
// CSR, `.csr`:
//   8 bytes  magic "RFCSR32\n"
//   int64    rows, columns, nnz
//   int64    row offsets [rows + 1]   (scipy's indptr, 0 ... nnz)
//   int32    column indices [nnz]     (strictly increasing within a row)
//   float32  values [nnz]
//
// Neighbours, `.knn` (written by dense-topk and sparse-topk with --output):
//   8 bytes  magic "RFKNN64\n"
//   int64    rows, k
//   int64    indices [rows * k]       (-1 where a row has fewer than k neighbours)
//   float64  scores [rows * k]        (NaN there), each row in result order
//
// Output JSON keys: `kernel`, `seconds` (each timed run), `cpuSeconds` (process CPU time
// of each run, all threads), `loadSeconds`, `threads`, `blas` (BLASRuntime.summary); for
// gemm also `rawSeconds`/`rawCpuSeconds` (direct cblas_sgemm) and `n`; for svd
// `singularValues`, `explainedVarianceRatio`.

import Dispatch
import Foundation
import Refrain

struct Failure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

// MARK: - Arguments

struct Arguments {
    let command: String
    private var values: [String: String] = [:]
    private var flags: Set<String> = []

    init(_ raw: [String]) throws {
        guard let first = raw.first else { throw Failure("missing command (gemm, dense-topk, sparse-topk, svd)") }
        command = first
        var i = 1
        while i < raw.count {
            let word = raw[i]
            guard word.hasPrefix("--") else { throw Failure("unexpected argument \(word)") }
            let name = String(word.dropFirst(2))
            if ["exclude-self", "include-self"].contains(name) {
                flags.insert(name)
                i += 1
            } else {
                guard i + 1 < raw.count else { throw Failure("\(word) needs a value") }
                values[name] = raw[i + 1]
                i += 2
            }
        }
    }

    func string(_ name: String) throws -> String {
        guard let value = values[name] else { throw Failure("--\(name) is required") }
        return value
    }

    func optionalString(_ name: String) -> String? { values[name] }

    func int(_ name: String, default fallback: Int? = nil) throws -> Int {
        guard let text = values[name] else {
            if let fallback { return fallback }
            throw Failure("--\(name) is required")
        }
        guard let value = Int(text) else { throw Failure("--\(name) takes a whole number, got \(text)") }
        return value
    }

    func flag(_ name: String) -> Bool { flags.contains(name) }

    func measure(default fallback: SimilarityMeasure) throws -> SimilarityMeasure {
        switch values["measure"] {
        case nil: return fallback
        case "inner-product": return .innerProduct
        case "cosine": return .cosine
        case let other?: throw Failure("--measure takes inner-product or cosine, got \(other)")
        }
    }
}

// MARK: - Files

/// Reads exactly `count` elements of `T` from `file` into a new array.
func readArray<T>(_ file: UnsafeMutablePointer<FILE>, _ count: Int, as _: T.Type, path: String) throws -> [T] {
    var failed = false
    let array = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
        let read = count == 0 ? 0 : fread(buffer.baseAddress, MemoryLayout<T>.stride, count, file)
        failed = read != count
        initialized = failed ? 0 : count
    }
    if failed { throw Failure("\(path): file ends early") }
    return array
}

func openFile(_ path: String, magic: String) throws -> UnsafeMutablePointer<FILE> {
    guard let file = fopen(path, "rb") else { throw Failure("cannot open \(path)") }
    var bytes = [UInt8](repeating: 0, count: 8)
    guard fread(&bytes, 1, 8, file) == 8, bytes == Array(magic.utf8) else {
        fclose(file)
        throw Failure("\(path): not a \(magic.debugDescription) file")
    }
    return file
}

func readDense(_ path: String) throws -> DenseMatrix<Float> {
    let file = try openFile(path, magic: "RFDNS32\n")
    defer { fclose(file) }
    let header = try readArray(file, 2, as: Int64.self, path: path)
    let rows = Int(header[0]), columns = Int(header[1])
    guard rows >= 0, columns >= 0 else { throw Failure("\(path): bad shape \(rows)x\(columns)") }
    var matrix = DenseMatrix<Float>(rows: rows, columns: columns)
    let count = rows * columns
    let read = matrix.withUnsafeMutableBufferPointer { fread($0.baseAddress, 4, count, file) }
    guard read == count else { throw Failure("\(path): file ends early") }
    return matrix
}

func readCSR(_ path: String) throws -> CSRMatrix<Float> {
    let file = try openFile(path, magic: "RFCSR32\n")
    defer { fclose(file) }
    let header = try readArray(file, 3, as: Int64.self, path: path)
    let rows = Int(header[0]), columns = Int(header[1]), nnz = Int(header[2])
    let offsets = try readArray(file, rows + 1, as: Int64.self, path: path).map { Int($0) }
    let indices = try readArray(file, nnz, as: Int32.self, path: path)
    let values = try readArray(file, nnz, as: Float.self, path: path)
    guard offsets.first == 0, offsets.last == nnz else { throw Failure("\(path): row offsets do not run from 0 to nnz") }
    guard CSRMatrix<Float>.validLayout(rows: rows, columns: columns, offsets: offsets, indices: indices) else {
        throw Failure("\(path): column indices must increase within each row and lie in 0..<\(columns)")
    }
    return CSRMatrix(rows: rows, columns: columns, rowOffsets: offsets, columnIndices: indices, values: values)
}

extension CSRMatrix {
    /// The layout check of `CSRMatrix.init`, done here in release builds too, because the
    /// file comes from outside.
    static func validLayout(rows: Int, columns: Int, offsets: [Int], indices: [Int32]) -> Bool {
        for r in 0 ..< rows {
            guard offsets[r] <= offsets[r + 1] else { return false }
            var previous: Int32 = -1
            for p in offsets[r] ..< offsets[r + 1] {
                guard indices[p] > previous, Int(indices[p]) < columns else { return false }
                previous = indices[p]
            }
        }
        return true
    }
}

func writeFile(_ path: String, _ body: (UnsafeMutablePointer<FILE>) throws -> Void) throws {
    guard let file = fopen(path, "wb") else { throw Failure("cannot write \(path)") }
    defer { fclose(file) }
    try body(file)
}

func write<T>(_ array: [T], to file: UnsafeMutablePointer<FILE>) throws {
    let written = array.withUnsafeBufferPointer { fwrite($0.baseAddress, MemoryLayout<T>.stride, $0.count, file) }
    guard written == array.count else { throw Failure("short write") }
}

func writeNeighbours(_ lists: [[Neighbor]], k: Int, to path: String) throws {
    var indices = [Int64](repeating: -1, count: lists.count * k)
    var scores = [Double](repeating: .nan, count: lists.count * k)
    for (row, list) in lists.enumerated() {
        for (slot, neighbour) in list.prefix(k).enumerated() {
            indices[row * k + slot] = Int64(neighbour.index)
            scores[row * k + slot] = neighbour.score
        }
    }
    try writeFile(path) { file in
        try write(Array("RFKNN64\n".utf8), to: file)
        try write([Int64(lists.count), Int64(k)], to: file)
        try write(indices, to: file)
        try write(scores, to: file)
    }
}

func writeDense(_ matrix: DenseMatrix<Float>, to path: String) throws {
    try writeFile(path) { file in
        try write(Array("RFDNS32\n".utf8), to: file)
        try write([Int64(matrix.rows), Int64(matrix.columns)], to: file)
        let count = matrix.count
        let written = matrix.withUnsafeBufferPointer { fwrite($0.baseAddress, 4, count, file) }
        guard written == count else { throw Failure("short write to \(path)") }
    }
}

// MARK: - Timing

struct Timing {
    var seconds: [Double] = []
    var cpuSeconds: [Double] = []

    /// Process CPU time (all threads), seconds.
    static func cpuNow() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) * 1e-9
    }

    @discardableResult
    mutating func measure<R>(_ body: () throws -> R) rethrows -> R {
        let cpu = Timing.cpuNow()
        let start = DispatchTime.now().uptimeNanoseconds
        let result = try body()
        seconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        cpuSeconds.append(Timing.cpuNow() - cpu)
        return result
    }
}

func seconds(since start: UInt64) -> Double {
    Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func emit(_ object: [String: Any]) throws {
    let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    FileHandle.standardOutput.write(data)
    FileHandle.standardOutput.write(Data("\n".utf8))
}

func common(_ kernel: String, _ timing: Timing, load: Double, threads: Int) -> [String: Any] {
    ["kernel": kernel, "seconds": timing.seconds, "cpuSeconds": timing.cpuSeconds, "loadSeconds": load,
     "threads": threads, "blas": BLASRuntime.summary]
}

// MARK: - Kernels

/// `cblas_sgemm` looked up at run time: the same symbol Refrain's CBLAS module binds to.
typealias SgemmFunction = @convention(c) (
    Int32, Int32, Int32, Int32, Int32, Int32, Float, UnsafePointer<Float>?, Int32,
    UnsafePointer<Float>?, Int32, Float, UnsafeMutablePointer<Float>?, Int32
) -> Void

func runGemm(_ arguments: Arguments) throws {
    let repeats = max(1, try arguments.int("repeats", default: 3))
    let loadStart = DispatchTime.now().uptimeNanoseconds
    let a = try readDense(try arguments.string("a"))
    let b = try readDense(try arguments.string("b"))
    let load = seconds(since: loadStart)
    guard a.columns == b.rows else { throw Failure("gemm: A is \(a.rows)x\(a.columns), B is \(b.rows)x\(b.columns)") }
    guard let address = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "cblas_sgemm") else {
        throw Failure("gemm: cblas_sgemm not found in the process")
    }
    let sgemm = unsafeBitCast(address, to: SgemmFunction.self)
    let m = a.rows, n = b.columns, k = a.columns
    var c = DenseMatrix<Float>(rows: m, columns: n)
    var raw = DenseMatrix<Float>(rows: m, columns: n)
    func direct() {
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                raw.withUnsafeMutableBufferPointer { pc in
                    // CblasRowMajor = 101, CblasNoTrans = 111.
                    sgemm(101, 111, 111, Int32(m), Int32(n), Int32(k), 1, pa.baseAddress, Int32(k),
                          pb.baseAddress, Int32(n), 0, pc.baseAddress, Int32(n))
                }
            }
        }
    }
    try DenseMatrix.multiply(a, b, into: &c)  // warm-ups: BLAS threads started, pages touched
    direct()
    var wrapper = Timing(), plain = Timing()
    for _ in 0 ..< repeats {  // interleaved, so load from other processes hits both alike
        plain.measure { direct() }
        try wrapper.measure { try DenseMatrix.multiply(a, b, into: &c) }
    }
    let same = c.withUnsafeBufferPointer { x in raw.withUnsafeBufferPointer { y in x.elementsEqual(y) } }
    if let output = arguments.optionalString("output") { try writeDense(c, to: output) }
    var object = common("gemm", wrapper, load: load, threads: BLASRuntime.threads)
    object["rawSeconds"] = plain.seconds
    object["rawCpuSeconds"] = plain.cpuSeconds
    object["n"] = m
    object["flops"] = 2.0 * Double(m) * Double(n) * Double(k)
    object["wrapperEqualsRaw"] = same
    try emit(object)
}

func runDenseTopK(_ arguments: Arguments) throws {
    let repeats = max(1, try arguments.int("repeats", default: 3))
    let k = try arguments.int("k", default: 10)
    let threads = try arguments.int("threads", default: Parallel.availableCores)
    let measure = try arguments.measure(default: .innerProduct)
    let excludeSelf = arguments.flag("exclude-self")
    let loadStart = DispatchTime.now().uptimeNanoseconds
    let x = try readDense(try arguments.string("input"))
    let load = seconds(since: loadStart)
    let configuration = SearchConfiguration(threads: threads)
    var timing = Timing()
    var lists: [[Neighbor]] = []
    for _ in 0 ..< repeats {
        lists = []  // free the previous result before the next run
        lists = try timing.measure {
            try DenseSearch.topK(within: x, k: k, measure: measure, excludeSelf: excludeSelf, configuration: configuration)
        }
    }
    if let output = arguments.optionalString("output") { try writeNeighbours(lists, k: k, to: output) }
    var object = common("dense-topk", timing, load: load, threads: threads)
    object["rows"] = x.rows
    object["columns"] = x.columns
    try emit(object)
}

func runSparseTopK(_ arguments: Arguments) throws {
    let repeats = max(1, try arguments.int("repeats", default: 3))
    let k = try arguments.int("k", default: 10)
    let threads = try arguments.int("threads", default: Parallel.availableCores)
    let measure = try arguments.measure(default: .cosine)
    let excludeSelf = !arguments.flag("include-self")
    let loadStart = DispatchTime.now().uptimeNanoseconds
    let x = try readCSR(try arguments.string("input"))
    let load = seconds(since: loadStart)
    let configuration = SearchConfiguration(threads: threads)
    var timing = Timing()
    var lists: [[Neighbor]] = []
    for _ in 0 ..< repeats {
        lists = []
        lists = timing.measure {
            SparseSearch.topK(within: x, k: k, measure: measure, excludeSelf: excludeSelf, configuration: configuration)
        }
    }
    if let output = arguments.optionalString("output") { try writeNeighbours(lists, k: k, to: output) }
    var object = common("sparse-topk", timing, load: load, threads: threads)
    object["rows"] = x.rows
    object["columns"] = x.columns
    object["nonZeros"] = x.nonZeroCount
    try emit(object)
}

func runSVD(_ arguments: Arguments) throws {
    let repeats = max(1, try arguments.int("repeats", default: 3))
    let threads = try arguments.int("threads", default: Parallel.availableCores)
    let name = arguments.optionalString("normalizer") ?? "lu"
    guard let normalizer = TruncatedSVD.Normalizer(rawValue: name) else { throw Failure("--normalizer: lu or qr, not \(name)") }
    let svd = TruncatedSVD(components: try arguments.int("components", default: 256),
                           oversamples: try arguments.int("oversamples", default: 10),
                           powerIterations: try arguments.int("iterations", default: 5), normalizer: normalizer,
                           seed: UInt64(try arguments.int("seed", default: 0)), threads: threads)
    let loadStart = DispatchTime.now().uptimeNanoseconds
    let x = try readCSR(try arguments.string("input"))
    let load = seconds(since: loadStart)
    var timing = Timing()
    var model: TruncatedSVDModel<Float>?
    for _ in 0 ..< repeats {
        model = nil
        model = try timing.measure { try svd.fit(x) }
    }
    var object = common("svd", timing, load: load, threads: threads)
    object["rows"] = x.rows
    object["columns"] = x.columns
    object["nonZeros"] = x.nonZeroCount
    object["singularValues"] = model!.singularValues.map { Double($0) }
    object["explainedVarianceRatio"] = model!.explainedVarianceRatio.map { Double($0) }
    object["normalizer"] = normalizer.rawValue
    try emit(object)
}

// MARK: - Main

do {
    let arguments = try Arguments(Array(CommandLine.arguments.dropFirst()))
    switch arguments.command {
    case "gemm": try runGemm(arguments)
    case "dense-topk": try runDenseTopK(arguments)
    case "sparse-topk": try runSparseTopK(arguments)
    case "svd": try runSVD(arguments)
    default: throw Failure("unknown command \(arguments.command) (gemm, dense-topk, sparse-topk, svd)")
    }
} catch {
    FileHandle.standardError.write(Data("SimilarityPeerRunner: \(error)\n".utf8))
    exit(1)
}
