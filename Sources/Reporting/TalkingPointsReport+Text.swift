import Refrain

extension TalkingPointsReport {
    /// The report for a terminal: each talking point with its phrase, speakers,
    /// first use and every instance.
    public func renderText(style: TextStyle = TextStyle(color: false), showRepeats: Bool = true) -> String {
        var lines: [String] = []
        lines.append(style.bold("\(talkingPoints.count) talking points repeated across speakers")
            + " (\(documents) documents, \(statements) sentences, \(speakers.count) speakers)")
        func render(_ point: TalkingPoint, _ label: String) {
            lines.append("")
            lines.append(style.bold("\(label) “\(point.phrase)”"))
            let who = point.speakers.isEmpty ? "no named speaker" : point.speakers.joined(separator: ", ")
            lines.append("  " + style.dim("said by ") + who + style.dim(" in \(point.documents.count) documents"))
            let first = point.firstSeen
            lines.append("  " + style.dim("first: ") + [first.date, first.speaker, first.document].compactMap { $0 }.joined(separator: ", "))
            var rows: [[String]] = []
            for instance in point.instances {
                rows.append(["  ", instance.date.map { String($0.prefix(10)) } ?? "-", instance.speaker ?? "-",
                             instance.kind.rawValue, style.accent(String(instance.document.prefix(12))),
                             TextStyle.truncate(instance.passage, to: 70)])
            }
            lines.append(contentsOf: TextStyle.table(rows))
        }
        for point in talkingPoints { render(point, "#\(point.id + 1)") }
        if showRepeats && !repeats.isEmpty {
            lines.append("")
            lines.append(style.bold("\(repeats.count) lines repeated by one speaker or within one article"))
            for point in repeats { render(point, "r\(point.id + 1)") }
        }
        for warning in warnings { lines.append(style.dim("warning: \(warning)")) }
        return lines.joined(separator: "\n") + "\n"
    }
}
