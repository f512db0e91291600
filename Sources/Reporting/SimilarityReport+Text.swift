import Foundation
import Refrain

extension SimilarityReport {
    /// Each document with its neighbours and scores.
    public func renderText(style: TextStyle = TextStyle(color: false)) -> String {
        var lines = [style.bold("Most similar documents") + style.dim(" (\(space) space, \(path) search)")]
        if let pairs {
            lines[0] = style.bold("\(pairs.count) pairs at or above the threshold") + style.dim(" (\(space) space, \(path) search)")
            var rows: [[String]] = []
            for p in pairs { rows.append([String(format: "%.4f", p.similarity), p.first, p.second]) }
            lines.append(contentsOf: TextStyle.table(rows))
        } else {
            for entry in neighbors {
                lines.append("")
                lines.append(style.accent(entry.document))
                var rows: [[String]] = []
                for n in entry.neighbors { rows.append(["  ", String(format: "%.4f", n.similarity), n.document]) }
                lines.append(contentsOf: TextStyle.table(rows))
            }
        }
        for warning in warnings { lines.append(style.dim("warning: \(warning)")) }
        return lines.joined(separator: "\n") + "\n"
    }
}
