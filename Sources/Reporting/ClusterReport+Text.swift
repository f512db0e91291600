import Foundation
import Refrain

extension ClusterReport {
    /// Clusters largest first, each with label, key terms and members.
    public func renderText(style: TextStyle = TextStyle(color: false)) -> String {
        var lines = [style.bold("\(clusters.count) stories among \(documents) articles")]
        var detail = method
        if let silhouette { detail += String(format: "; silhouette %.3f", silhouette) }
        lines.append(style.dim(detail))
        for c in clusters {
            lines.append("")
            lines.append(style.bold("\(c.id + 1). \(c.label)") + style.dim(String(format: "  (%d articles, cohesion %.3f)", c.size, c.cohesion)))
            lines.append("   " + style.dim("key terms: ") + c.keywords.prefix(8).joined(separator: ", "))
            if let phrase = c.phrase { lines.append("   " + style.dim("phrase: ") + "“\(phrase)”") }
            var rows: [[String]] = []
            for m in c.members {
                rows.append(["  ", String(format: "%.3f", m.similarity), m.date.map { String($0.prefix(10)) } ?? "-",
                             m.source ?? "-", TextStyle.truncate(m.title ?? m.document, to: 70) + (m.document == c.medoid ? " *" : "")])
            }
            lines.append(contentsOf: TextStyle.table(rows))
        }
        lines.append("")
        lines.append(style.dim("* the most central article of its story"))
        for warning in warnings { lines.append(style.dim("warning: \(warning)")) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One row per article: cluster, label, document, title, date, source, similarity (RFC 4180 CSV).
    public func renderCSV() -> String {
        var out = "cluster,label,document,title,date,source,similarity\n"
        for c in clusters {
            for m in c.members {
                let fields = [String(c.id), c.label, m.document, m.title ?? "", m.date ?? "", m.source ?? "", String(m.similarity)]
                out += fields.map(CSVField.escape).joined(separator: ",") + "\n"
            }
        }
        return out
    }
}

/// CSV quoting (RFC 4180): fields with commas, quotes or line breaks are quoted, quotes doubled.
public enum CSVField {
    /// The field as it must appear in a CSV line.
    public static func escape(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
