// ClusteringPeerRunner: Refrain's side of scripts/compare-clustering.
//
// Reads a matrix that the script wrote with scikit-learn (so both tools cluster the very
// same numbers), times Refrain's clustering on it --repeats times in one process, writes
// the labels of the last run to a file and prints one JSON line on standard output.
//
//   ClusteringPeerRunner kmeans --input X.csr --k 20 [--n-init 4] [--max-iter 300]
//       [--tol 1e-4] [--seed 0] [--threads N] [--repeats 3] [--labels out.txt]
//   ClusteringPeerRunner agglomerative --input X.dense --k 20 [--linkage average]
//       [--threads N] [--repeats 3] [--labels out.txt]
//
// k-means reads a CSR or a dense file (by its magic); agglomerative reads either as well.
// Loading is not timed. All values are Double, as in Refrain's own pipeline.
//
// ## File formats (little-endian; written by scripts/compare-clustering)
//
// CSR, `.csr`:
//   8 bytes  magic "RFCSR64\n"
//   int64    rows, columns, nnz
//   int64    row offsets [rows + 1]   (scipy's indptr; 0 ... nnz)
//   int32    column indices [nnz]     (increasing within a row)
//   float64  values [nnz]
//
// Dense, `.dense`:
//   8 bytes  magic "RFDNS64\n"
//   int64    rows, columns
//   float64  values [rows * columns], row-major
//
// Labels, `--labels`: one label per line, in document order.
//
// Output JSON keys: `seconds` (wall time of each fit), `cpuSeconds` (process CPU time, all
// threads, of each fit), `loadSeconds`, `rows`, `columns`, `nonZeros`,
// `threads`; for k-means also `objective`, `inertia`, `iterations`, `converged`,
// `bestRestart`, `restartObjectives`; for agglomerative `clusters` and `topHeight`.

import Foundation
import Refrain

struct Failure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

enum LoadedMatrix {
    case sparse(CSRMatrix<Double>)
    case dense(DenseMatrix<Double>)

    var rows: Int {
        switch self {
        case .sparse(let m): m.rows
        case .dense(let m): m.rows
        }
    }

    var columns: Int {
        switch self {
        case .sparse(let m): m.columns
        case .dense(let m): m.columns
        }
    }

    var storedValues: Int {
        switch self {
        case .sparse(let m): m.nonZeroCount
        case .dense(let m): m.count
        }
    }
}

/// Reads a `.csr` or `.dense` file (see the formats above), straight into the arrays
/// (no second copy of the file in memory, so peak RSS stays that of the matrix).
func loadMatrix(_ path: String) throws -> LoadedMatrix {
    guard let file = fopen(path, "rb") else { throw Failure("cannot open \(path)") }
    defer { fclose(file) }
    func read<T>(_ count: Int, _ type: T.Type) throws -> [T] {
        guard count >= 0 else { throw Failure("\(path): negative size") }
        return try [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            if count > 0, fread(buffer.baseAddress!, MemoryLayout<T>.stride, count, file) != count {
                throw Failure("\(path): truncated")
            }
            initialized = count
        }
    }
    func int64() throws -> Int { Int(Int64(littleEndian: try read(1, Int64.self)[0])) }
    let magic = String(decoding: try read(8, UInt8.self), as: UTF8.self)
    switch magic {
    case "RFCSR64\n":
        let rows = try int64(), columns = try int64(), nnz = try int64()
        let offsets = try read(rows + 1, Int64.self).map { Int(Int64(littleEndian: $0)) }
        let indices = try read(nnz, Int32.self)
        let values = try read(nnz, Double.self)
        guard offsets.first == 0, offsets.last == nnz else { throw Failure("\(path): bad row offsets") }
        return .sparse(CSRMatrix(rows: rows, columns: columns, rowOffsets: offsets, columnIndices: indices, values: values))
    case "RFDNS64\n":
        let rows = try int64(), columns = try int64()
        let values = try read(rows * columns, Double.self)
        return .dense(DenseMatrix(rows: rows, columns: columns, elements: values))
    default:
        throw Failure("\(path): not a RFCSR64 or RFDNS64 file")
    }
}

func writeLabels(_ labels: [Int], to path: String) throws {
    var text = ""
    text.reserveCapacity(labels.count * 3)
    for label in labels {
        text += String(label)
        text += "\n"
    }
    guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
        throw Failure("cannot write \(path)")
    }
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
}

/// CPU time of the whole process (all threads, user and system), in seconds.
func processCPUSeconds() -> Double {
    var value = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &value)
    return Double(value.tv_sec) + Double(value.tv_nsec) * 1e-9
}

/// `--name value` pairs after the subcommand.
func parseOptions(_ arguments: ArraySlice<String>) throws -> [String: String] {
    var options: [String: String] = [:]
    var iterator = arguments.makeIterator()
    while let name = iterator.next() {
        guard name.hasPrefix("--"), let value = iterator.next() else { throw Failure("expected --name value, got \(name)") }
        options[String(name.dropFirst(2))] = value
    }
    return options
}

func run() throws {
    let arguments = CommandLine.arguments
    guard arguments.count >= 2 else {
        throw Failure("usage: ClusteringPeerRunner kmeans|agglomerative --input FILE --k N [options]")
    }
    let command = arguments[1]
    let options = try parseOptions(arguments.dropFirst(2))
    func integer(_ name: String, _ fallback: Int? = nil) throws -> Int {
        if let text = options[name] {
            guard let value = Int(text) else { throw Failure("--\(name) \(text) is not an integer") }
            return value
        }
        guard let fallback else { throw Failure("--\(name) is required") }
        return fallback
    }
    guard let input = options["input"] else { throw Failure("--input is required") }
    let k = try integer("k")
    let repeats = try integer("repeats", 3)
    let threads = try integer("threads", Parallel.availableCores)
    guard repeats >= 1 else { throw Failure("--repeats must be at least 1") }

    let clock = ContinuousClock()
    let loadStart = clock.now
    let matrix = try loadMatrix(input)
    let loadSeconds = seconds(loadStart.duration(to: clock.now))

    var report: [String: Any] = [
        "loadSeconds": loadSeconds, "rows": matrix.rows, "columns": matrix.columns,
        "nonZeros": matrix.storedValues, "threads": threads,
    ]
    var times: [Double] = [], cpuTimes: [Double] = []
    var labels: [Int] = []

    switch command {
    case "kmeans":
        let configuration = KMeansConfiguration(
            k: k, nInit: try integer("n-init", 4), maxIterations: try integer("max-iter", 300),
            tolerance: Double(options["tol"] ?? "1e-4") ?? 1e-4, seed: UInt64(try integer("seed", 0)), threads: threads)
        let kmeans = SphericalKMeans(configuration)
        var last: KMeansResult<Double>?
        for _ in 0 ..< repeats {
            last = nil
            let start = clock.now, cpuStart = processCPUSeconds()
            let result: KMeansResult<Double>
            switch matrix {
            case .sparse(let m): result = try kmeans.fit(m)
            case .dense(let m): result = try kmeans.fit(m)
            }
            times.append(seconds(start.duration(to: clock.now)))
            cpuTimes.append(processCPUSeconds() - cpuStart)
            last = result
        }
        let result = last!
        labels = result.labels
        report["objective"] = result.objective
        report["inertia"] = result.inertia
        report["iterations"] = result.iterations
        report["converged"] = result.converged
        report["bestRestart"] = result.bestRestart
        report["restartObjectives"] = result.restartObjectives
        report["nInit"] = configuration.nInit
    case "agglomerative":
        guard let linkage = Linkage(rawValue: options["linkage"] ?? "average") else {
            throw Failure("--linkage must be average, complete or single")
        }
        let clusterer = AgglomerativeClustering(linkage: linkage, threads: threads)
        for _ in 0 ..< repeats {
            labels = []
            let start = clock.now, cpuStart = processCPUSeconds()
            let tree: Dendrogram
            switch matrix {
            case .sparse(let m): tree = try clusterer.fit(m)
            case .dense(let m): tree = try clusterer.fit(m)
            }
            labels = try tree.labels(clusterCount: k)
            times.append(seconds(start.duration(to: clock.now)))
            cpuTimes.append(processCPUSeconds() - cpuStart)
            report["topHeight"] = tree.merges.last?.height ?? 0
        }
        report["clusters"] = Set(labels).count
        report["linkage"] = linkage.rawValue
    default:
        throw Failure("unknown command \(command); use kmeans or agglomerative")
    }
    report["seconds"] = times
    report["cpuSeconds"] = cpuTimes
    if let path = options["labels"] { try writeLabels(labels, to: path) }
    let json = try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys])
    print(String(decoding: json, as: UTF8.self))
}

do {
    try run()
} catch {
    FileHandle.standardError.write(Data("ClusteringPeerRunner: \(error)\n".utf8))
    exit(1)
}
