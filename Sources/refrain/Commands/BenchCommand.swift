import Foundation
import ArgumentParser
import Refrain
import Reporting

/// `refrain bench`: the vector-math benchmark on this machine.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmark the vector math on this machine: GEMM, SYRK and sparse x dense, in GFLOP/s and share of peak.",
        discussion: """
        The peak is estimated from the measured clock (a chain of dependent one-cycle operations), the widest \
        FMA and the FMA units per core. Use a release build (scripts/setup builds one).

        Example:
          refrain bench --quick
          refrain bench --format json
        """
    )

    @OptionGroup var output: OutputOptions

    @Option(help: ArgumentHelp("GEMM sizes n, comma-separated.", valueName: "n,n,..."))
    var sizes: String = "512,1024,2048,4096"

    @Option(help: "Timed runs per kernel (median reported), after one warm-up.")
    var repeats: Int = 3

    @Option(help: "Threads (default: all cores).")
    var threads: Int?

    @Flag(help: "Small sizes only (512, 1024), one repeat: a quick check.")
    var quick = false

    func validate() throws {
        guard repeats >= 1 else { throw ValidationError("--repeats must be at least 1") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        guard parsedSizes != nil else { throw ValidationError("--sizes takes positive whole numbers separated by commas, e.g. 512,1024") }
    }

    var parsedSizes: [Int]? {
        let values = sizes.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.allSatisfy({ ($0 ?? 0) > 0 && ($0 ?? 0) <= 16384 }) else { return nil }
        return values.map { $0! }
    }

    func run() throws {
        let benchmark = VectorBenchmark(gemmSizes: quick ? [512, 1024] : parsedSizes ?? [],
                                        repeats: quick ? 1 : repeats, threads: threads ?? Parallel.availableCores)
        let style = TextStyle(color: Terminal.colorEnabled)
        let report = try benchmark.run { result in
            if output.format == .text {
                Terminal.standardError(style.dim("  \(result.kernel) \(result.size): \(String(format: "%.1f", result.gflops)) GFLOP/s\n"))
            }
        }
        switch output.format {
        case .csv: try output.requireTextOrJSON("refrain \(Self.configuration.commandName!)")
        case .text: Terminal.standardOutput(report.renderText(style: style))
        case .json: Terminal.standardOutput(try JSONRendering.render(report))
        }
    }
}
