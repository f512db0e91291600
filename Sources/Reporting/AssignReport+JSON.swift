import Foundation
import Refrain

extension AssignReport {
    /// The report as JSON, byte for byte what `JSONRendering.render(self)`
    /// returns (pretty-printed, keys sorted, slashes unescaped, a final
    /// newline). The assignments, one per article, are written straight into
    /// bytes; the new talking points go through `JSONEncoder`.
    /// - Complexity: O(total length of the output).
    public func renderJSON() throws -> String {
        var json = JSONBytes()
        json.bytes.reserveCapacity(1024 + assignments.reduce(0) { total, a in
            total + 250 + a.document.utf8.count + a.label.utf8.count
                + a.talkingPoints.reduce(0) { $0 + 150 + $1.phrase.utf8.count + $1.sentence.utf8.count }
        })
        json.append("{\n  \"assignments\" : [")
        for (k, a) in assignments.enumerated() {
            json.append(k == 0 ? "\n    {\n      \"cluster\" : " : ",\n    {\n      \"cluster\" : ")
            json.append(a.cluster.map(String.init) ?? "null")
            json.append(",\n      \"document\" : ")
            json.append(string: a.document)
            json.append(",\n      \"label\" : ")
            json.append(string: a.label)
            json.append(a.novel ? ",\n      \"novel\" : true,\n      \"similarity\" : " : ",\n      \"novel\" : false,\n      \"similarity\" : ")
            json.append(number: a.similarity)
            json.append(",\n      \"talkingPoints\" : [")
            for (m, match) in a.talkingPoints.enumerated() {
                json.append(m == 0 ? "\n        {\n          \"id\" : " : ",\n        {\n          \"id\" : ")
                json.append(String(match.id))
                json.append(",\n          \"phrase\" : ")
                json.append(string: match.phrase)
                json.append(",\n          \"sentence\" : ")
                json.append(string: match.sentence)
                json.append(",\n          \"similarity\" : ")
                json.append(number: match.similarity)
                json.append(",\n          \"speaker\" : ")
                if let speaker = match.speaker { json.append(string: speaker) } else { json.append("null") }
                json.append("\n        }")
            }
            json.append(a.talkingPoints.isEmpty ? "\n\n      ],\n      \"unknownTerms\" : " : "\n      ],\n      \"unknownTerms\" : ")
            json.append(String(a.unknownTerms))
            json.append("\n    }")
        }
        json.append(assignments.isEmpty ? "\n\n  ],\n  \"newTalkingPoints\" : " : "\n  ],\n  \"newTalkingPoints\" : ")
        if newTalkingPoints.isEmpty {
            json.append("[\n\n  ]")
        } else {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            json.append(nested: String(decoding: try encoder.encode(newTalkingPoints), as: UTF8.self), levels: 1)
        }
        json.append(",\n  \"unknownTermShare\" : ")
        json.append(number: unknownTermShare)
        json.appendWarningsAndClose(warnings)
        return String(decoding: json.bytes, as: UTF8.self)
    }
}
