import Foundation
import Refrain

extension AssignReport {
    /// One block per article: story or novel, similarity, repeated talking points.
    public func renderText(style: TextStyle = TextStyle(color: false)) -> String {
        var lines = [style.bold("\(assignments.count) articles placed") + style.dim(String(format: " (%.1f%% of their terms unknown to the model)", unknownTermShare * 100))]
        for a in assignments {
            lines.append("")
            let place = a.novel ? style.bold("novel") + style.dim(" (nearest: \(a.label))") : "story \(a.cluster!): \(a.label)"
            lines.append("\(style.accent(a.document))  \(place)" + style.dim(String(format: "  similarity %.3f", a.similarity)))
            for m in a.talkingPoints {
                lines.append("   repeats #\(m.id) “\(TextStyle.truncate(m.phrase, to: 60))” " + style.dim(String(format: "%.2f", m.similarity))
                             + " — " + (m.speaker ?? "no named speaker"))
            }
        }
        if !newTalkingPoints.isEmpty {
            lines.append("")
            lines.append(style.bold("\(newTalkingPoints.count) new talking points"))
            for p in newTalkingPoints { lines.append("  “\(p.phrase)” — \(p.speakers.joined(separator: ", "))") }
        }
        for warning in warnings { lines.append(style.dim("warning: \(warning)")) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One row per article (RFC 4180 CSV).
    public func renderCSV() -> String {
        var out = "document,cluster,label,similarity,novel,unknownTerms,talkingPoints\n"
        for a in assignments {
            let fields = [a.document, a.cluster.map(String.init) ?? "", a.label, String(a.similarity), String(a.novel),
                          String(a.unknownTerms), a.talkingPoints.map { String($0.id) }.joined(separator: ";")]
            out += fields.map(CSVField.escape).joined(separator: ",") + "\n"
        }
        return out
    }
}
