import Refrain

extension NearDuplicatesReport {
    /// One block per pair: ids, similarity, and the two passages.
    public func renderText(style: TextStyle = TextStyle(color: false)) -> String {
        var lines = [style.bold("\(pairs.count) near-duplicate pairs among \(documents) documents (similarity ≥ \(threshold))")]
        for pair in pairs {
            lines.append("")
            lines.append("\(style.accent(pair.first)) ~ \(style.accent(pair.second))  \(style.dim(String(format3(pair.similarity))))")
            lines.append("  " + TextStyle.truncate(pair.firstPassage, to: 110))
            lines.append("  " + TextStyle.truncate(pair.secondPassage, to: 110))
        }
        for warning in warnings { lines.append(style.dim("warning: \(warning)")) }
        return lines.joined(separator: "\n") + "\n"
    }

    private func format3(_ x: Double) -> String {
        let s = String((x * 1000).rounded() / 1000)
        return s
    }
}
