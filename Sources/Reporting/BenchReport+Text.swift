import Foundation
import Refrain

extension BenchReport {
    /// Header lines: provider, threads and peak.
    public func renderHeader(style: TextStyle = TextStyle(color: false)) -> String {
        var lines = [style.bold("BLAS: \(provider)") + "  \(library ?? "(library not found)"), \(threads) threads"]
        lines.append("peak: \(Int(peakGFLOPSFloat.rounded())) GFLOP/s Float, \(Int(peakGFLOPSDouble.rounded())) GFLOP/s Double")
        lines.append(style.dim("      \(peakMethod)"))
        return lines.joined(separator: "\n") + "\n"
    }

    /// The results as an aligned table.
    public func renderText(style: TextStyle = TextStyle(color: false)) -> String {
        var rows = [["kernel", "size", "median s", "GFLOP/s", "of peak", "quality"]]
        for r in results {
            rows.append([r.kernel, r.size, String(format: "%.4f", r.seconds), String(format: "%.1f", r.gflops),
                         String(format: "%.0f%%", r.peakShare * 100), r.quality ?? ""])
        }
        let table = TextStyle.table(rows)
        return renderHeader(style: style) + "\n" + ([style.bold(table[0])] + table.dropFirst()).joined(separator: "\n") + "\n"
    }
}
