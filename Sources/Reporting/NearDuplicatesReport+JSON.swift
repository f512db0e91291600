import Refrain

extension NearDuplicatesReport {
    /// The report as JSON, byte for byte what `JSONRendering.render(self)`
    /// returns (pretty-printed, keys sorted, slashes unescaped, a final
    /// newline), written straight into bytes: a report of a hundred thousand
    /// pairs renders in milliseconds instead of going through `JSONEncoder`.
    /// - Complexity: O(total length of the output).
    public func renderJSON() -> String {
        var json = JSONBytes()
        json.bytes.reserveCapacity(256 + pairs.reduce(0) { $0 + 200 + $1.firstPassage.utf8.count + $1.secondPassage.utf8.count })
        json.append("{\n  \"documents\" : \(documents),\n  \"pairs\" : [")
        for (k, pair) in pairs.enumerated() {
            json.append(k == 0 ? "\n    {\n" : ",\n    {\n")
            json.field("first", string: pair.first)
            json.field("firstPassage", string: pair.firstPassage)
            json.field("firstSpan", integers: pair.firstSpan)
            json.field("second", string: pair.second)
            json.field("secondPassage", string: pair.secondPassage)
            json.field("secondSpan", integers: pair.secondSpan)
            json.append("      \"similarity\" : ")
            json.append(number: pair.similarity)
            json.append("\n    }")
        }
        json.append(pairs.isEmpty ? "\n\n  ],\n  \"threshold\" : " : "\n  ],\n  \"threshold\" : ")
        json.append(number: threshold)
        json.appendWarningsAndClose(warnings)
        return String(decoding: json.bytes, as: UTF8.self)
    }
}
