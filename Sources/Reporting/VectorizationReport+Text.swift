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
            // Wrap at 100 columns, measuring the plain text (colour codes take no room).
            var line = " ", width = 1
            for term in doc.terms {
                let plain = "\(term.term) \(format(term.weight))"
                let cellWidth = TextStyle.displayWidth(plain)
                if width + 1 + cellWidth > 100 && width > 1 {
                    lines.append(line)
                    line = " "
                    width = 1
                }
                line += " \(term.term) \(style.dim(format(term.weight)))"
                width += 1 + cellWidth
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
