import Refrain

extension PhrasesReport {
    /// The report as an aligned table: rank, documents, phrase, and where it occurs.
    public func renderText(style: TextStyle = TextStyle(color: false)) -> String {
        var lines = [style.bold("\(phrases.count) recurring phrases of \(minimumLength)+ words in \(minimumDocuments)+ of \(documents) documents")]
        guard !phrases.isEmpty else { return (lines + warnings.map { "warning: \($0)" }).joined(separator: "\n") + "\n" }
        lines.append("")
        var rows = [["#", "docs", "phrase", "documents"]]
        for (rank, phrase) in phrases.enumerated() {
            rows.append([String(rank + 1), String(phrase.documentCount), TextStyle.truncate(phrase.phrase, to: 70),
                         TextStyle.truncate(phrase.documents.joined(separator: ", "), to: 60)])
        }
        let table = TextStyle.table(rows)
        lines.append(style.bold(table[0]))
        lines.append(contentsOf: table.dropFirst())
        for warning in warnings { lines.append(style.dim("warning: \(warning)")) }
        return lines.joined(separator: "\n") + "\n"
    }
}
