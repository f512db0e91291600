import ArgumentParser
import Refrain
import Reporting

/// `refrain info`: the version, the BLAS/LAPACK actually loaded, threads and CPU features.
struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Show the version, the BLAS/LAPACK library in use, its threads and the CPU's vector features.",
        discussion: "Example:\n  refrain info\n  refrain info --format json"
    )

    @OptionGroup var output: OutputOptions

    struct Info: Codable {
        var version: String
        var blas: BLAS
        var cpu: CPU
        struct BLAS: Codable {
            var provider: String
            var library: String?
            var lapack: String?
            var configuration: String?
            var threads: Int
        }
        struct CPU: Codable {
            var model: String
            var logicalCores: Int
            var usableCores: Int
            var vectorFeatures: [String]
            var widestVectorBits: Int
            var clockMHz: Double?
            var peakGFLOPSFloat: Double?
            var peakGFLOPSDouble: Double?
        }
    }

    func run() throws {
        let cpu = CPUFeatures.current
        let info = Info(
            version: refrainVersion,
            blas: .init(provider: BLASRuntime.provider.description, library: BLASRuntime.libraryPath, lapack: BLASRuntime.lapackPath,
                        configuration: BLASRuntime.configuration, threads: BLASRuntime.threads),
            cpu: .init(model: cpu.modelName, logicalCores: cpu.logicalCores, usableCores: Parallel.availableCores,
                       vectorFeatures: cpu.vectorFeatures, widestVectorBits: cpu.widestVectorBits, clockMHz: cpu.clockMHz,
                       peakGFLOPSFloat: cpu.peakGFLOPS(for: Float.self), peakGFLOPSDouble: cpu.peakGFLOPS(for: Double.self)))
        switch output.format {
        case .csv: try output.requireTextOrJSON("refrain info")
        case .json:
            Terminal.standardOutput(try JSONRendering.render(info))
        case .text:
            let style = TextStyle(color: Terminal.colorEnabled)
            var rows: [[String]] = [
                ["refrain", info.version],
                ["BLAS", "\(info.blas.provider)  \(info.blas.library ?? "(not found)")"],
                ["LAPACK", info.blas.lapack ?? "(not found)"],
            ]
            if let config = info.blas.configuration { rows.append(["BLAS build", config]) }
            rows.append(["BLAS threads", String(info.blas.threads)])
            rows.append(["CPU", "\(info.cpu.model), \(info.cpu.usableCores) of \(info.cpu.logicalCores) cores usable"])
            rows.append(["vector features", info.cpu.vectorFeatures.joined(separator: " ")])
            if let mhz = info.cpu.clockMHz { rows.append(["clock", "\(Int(mhz.rounded())) MHz"]) }
            if let f = info.cpu.peakGFLOPSFloat, let d = info.cpu.peakGFLOPSDouble {
                rows.append(["estimated peak", "\(Int(f.rounded())) GFLOP/s Float, \(Int(d.rounded())) GFLOP/s Double (all cores, FMA)"])
            }
            Terminal.standardOutput(TextStyle.table(rows.map { [style.bold($0[0]), $0[1]] }).joined(separator: "\n") + "\n")
        }
    }
}
