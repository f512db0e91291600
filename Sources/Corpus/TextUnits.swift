/// Splits text into `TextUnit`s.
///
/// Lines are split at `\n` and trimmed (ASCII and Unicode spaces); blank lines
/// separate blocks. Inside a block, a line that does not end like a sentence is
/// joined with the next when the text is clearly hard-wrapped: the next line
/// starts in lower case, or the line ends with a comma, dash or a word that cannot
/// end a sentence (`the`, `of`), or the line is long (50+ bytes, 60%+ of the
/// block's longest line) and not in title case. Date, timestamp and soup lines
/// are never joined, nor is a line opening with a list marker or a speaker label
/// joined to the line above; the first line of the text (the headline candidate)
/// is joined only with a lower-case continuation.
///
/// - Complexity: O(n) in the text's bytes.
enum TextUnits {
    private struct Line {
        var range: Range<Int>
        var number: Int
        var block: Int
        var features: LineFeatures
        var dateMatch: DateFinder.Match?
        var isDateLine: Bool
    }

    /// The non-blank lines of `bytes`, trimmed, as ranges (no joining). Used to learn boilerplate.
    static func lines(_ bytes: [UInt8]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var start = 0
        while start <= bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            let r = UTF8Scanning.trimmed(bytes[start ..< end])
            if !r.isEmpty { out.append(r) }
            start = end + 1
        }
        return out
    }

    static func units(_ bytes: [UInt8]) -> [TextUnit] {
        var lines: [Line] = []
        var block = 0
        var previousBlank = true
        var number = 0
        var start = 0
        while start <= bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            number += 1
            let r = UTF8Scanning.trimmed(bytes[start ..< end])
            if r.isEmpty {
                if !previousBlank { block += 1 }
                previousBlank = true
            } else {
                let features = LineFeatures(bytes[r])
                let (match, isDate) = dateLine(bytes[r], features)
                lines.append(Line(range: r, number: number, block: block, features: features,
                                  dateMatch: match, isDateLine: isDate))
                previousBlank = false
            }
            start = end + 1
        }

        var blockMax: [Int: Int] = [:]
        for line in lines { blockMax[line.block] = max(blockMax[line.block] ?? 0, line.range.count) }

        var units: [TextUnit] = []
        units.reserveCapacity(lines.count)
        var i = 0
        while i < lines.count {
            var j = i
            while j + 1 < lines.count, lines[j + 1].block == lines[i].block,
                  shouldJoin(lines[j], lines[j + 1], blockMax: blockMax[lines[i].block] ?? 0, isFirstLine: j == 0) {
                j += 1
            }
            let first = lines[i]
            if j == i {
                units.append(TextUnit(bytes: bytes[first.range], block: first.block, line: first.number,
                                      firstIndex: i, lastIndex: i, offset: first.range.lowerBound,
                                      features: first.features, dateMatch: first.dateMatch, isDateLine: first.isDateLine))
            } else {
                var joined: [UInt8] = []
                for k in i ... j {
                    if k > i { joined.append(0x20) }
                    joined.append(contentsOf: bytes[lines[k].range])
                }
                let features = LineFeatures(joined[...])
                let (match, isDate) = dateLine(joined[...], features)
                units.append(TextUnit(bytes: joined[...], block: first.block, line: first.number,
                                      firstIndex: i, lastIndex: j, offset: first.range.lowerBound,
                                      features: features, dateMatch: match, isDateLine: isDate))
            }
            i = j + 1
        }
        return units
    }

    private static func shouldJoin(_ a: Line, _ b: Line, blockMax: Int, isFirstLine: Bool) -> Bool {
        let f = a.features, g = b.features
        guard !f.endsTerminal, !a.isDateLine, !b.isDateLine, !f.isTimestampLine, !g.isTimestampLine,
              !f.isSoup, !g.isSoup, !g.startsWithListMarker, !g.startsWithSpeakerLabel,
              f.letterWords >= 3, g.letterWords >= 2 || g.endsTerminal else { return false }
        if g.startsLowercase { return true }
        if isFirstLine { return false }
        if f.endsWithContinuation { return true }
        return f.byteCount >= 50 && f.byteCount * 10 >= blockMax * 6 && !f.isTitleCase
    }

    /// The date in a short line, and whether the line is only a date: at most 10
    /// words, at most 3 of them outside the date and time.
    private static func dateLine(_ s: ArraySlice<UInt8>, _ f: LineFeatures) -> (DateFinder.Match?, Bool) {
        guard f.words <= 10, let match = DateFinder.firstDate(in: s) else { return (nil, false) }
        var outside = 0
        var i = s.startIndex
        while i < s.endIndex {
            let space = UTF8Scanning.spaceLength(s, at: i)
            if space > 0 { i += space; continue }
            var j = i
            while j < s.endIndex, UTF8Scanning.spaceLength(s, at: j) == 0 { j += 1 }
            if j <= match.range.lowerBound || i >= match.range.upperBound {
                var hasAlnum = false
                for b in s[i ..< j] where UTF8Scanning.isASCIILetter(b) || UTF8Scanning.isDigit(b) || b >= 0xC3 {
                    hasAlnum = true
                    break
                }
                if hasAlnum { outside += 1 }
            }
            i = j
        }
        return (match, outside <= 3)
    }
}
