import Refrain

extension VectorizationReport {
    /// The report as terminal text: a summary line, then each document with
    /// its top terms and weights.
    public func renderText(style: TextStyle = TextStyle(color: false)) -> String {
        var lines: [String] = []
        lines.append(style.bold("\(documents) documents, \(vocabularySize) terms, \(nonZeros) non-zeros"))
        lines.append(style.dim(configuration))
        for doc in topTerms {
            lines.append("")
            var header = style.accent(doc.document)
            if let date = doc.date { header += "  " + date }
            if let title = doc.title { header += "  " + TextStyle.truncate(title, to: 80) }
            lines.append(header)
            if doc.terms.isEmpty {
                lines.append("  (no terms)")
                continue
            }
            let cells = doc.terms.map { "\($0.term) \(style.dim(format($0.weight)))" }
            var line = " "
            for cell in cells {
                if TextStyle.displayWidth(line) + TextStyle.displayWidth(cell) > 100 && line.count > 1 {
                    lines.append(line)
                    line = " "
                }
                line += " " + cell
            }
            lines.append(line)
        }
        for warning in warnings { lines.append(style.dim("warning: \(warning)")) }
        return lines.joined(separator: "\n") + "\n"
    }

    private func format(_ x: Double) -> String {
        let scaled = (x * 1000).rounded() / 1000
        var s = String(scaled)
        if let dot = s.firstIndex(of: ".") {
            let decimals = s.distance(from: dot, to: s.endIndex) - 1
            if decimals < 3 { s += String(repeating: "0", count: 3 - decimals) }
        }
        return s
    }
}
