/// Finds the first calendar date in UTF-8 text, with the time of day written next to it.
///
/// Recognised forms (month names in English, full or abbreviated, any case):
/// - ISO: `2021-10-31`, `2021/10/31`, `2021-10-31T12:00:00Z`, `2021-01-14 22:29`
/// - day month year: `31 October 2021`, `28 Oct, 2021`, `31-Oct-2021`, `25th November, 2021`
/// - month day year: `October 31, 2021`, `Oct. 31st 2021`
///
/// A time `HH:MM` (optionally `:SS`, `am`/`pm`) directly before or after the date,
/// separated only by spaces, commas, `T`, `|`, `@`, `-` or `at`, becomes the
/// date's hour and minute (`Updated 22:42, 31-Oct-2021`, `28 Oct, 2021 12:43`).
/// Years outside 1900...2100 are ignored. No time zone is applied.
///
/// - Complexity: O(n) in the bytes searched.
enum DateFinder {
    /// A date found in text and the byte range it covers (time included).
    struct Match: Equatable {
        var date: ArticleDate
        var range: Range<Int>
    }

    private enum Kind: Equatable {
        case number(value: Int, digits: Int)
        case month(Int)
        case ordinal
        case word
    }

    private struct Token {
        var kind: Kind
        var start: Int
        var end: Int
    }

    /// The first date in `s`, or `nil`.
    static func firstDate(in s: ArraySlice<UInt8>) -> Match? {
        // Every form has a four-digit year: most lines have none and need no tokens.
        guard hasYear(s) else { return nil }
        let tokens = tokenize(s)
        guard tokens.count >= 3 else { return nil }
        for t in 0 ..< tokens.count - 2 {
            guard let (year, month, day, range) = match(tokens, at: t, in: s) else { continue }
            var date = ArticleDate(year: year, month: month, day: day)
            var covered = range
            if let (hour, minute, timeRange) = adjacentTime(in: s, around: range),
               let withTime = ArticleDate(year: year, month: month, day: day, hour: hour, minute: minute) {
                date = withTime
                covered = min(range.lowerBound, timeRange.lowerBound) ..< max(range.upperBound, timeRange.upperBound)
            }
            if let date { return Match(date: date, range: covered) }
        }
        return nil
    }

    /// Whether `s` holds a run of exactly four digits from 1900 to 2100, as `year` requires.
    /// - Complexity: O(n), no allocation.
    static func hasYear(_ s: ArraySlice<UInt8>) -> Bool {
        var i = ByteSearch.firstDigit(in: s, from: s.startIndex)
        while i < s.endIndex {
            guard UTF8Scanning.isDigit(s[i]) else { i = ByteSearch.firstDigit(in: s, from: i + 1); continue }
            var j = i, value = 0
            while j < s.endIndex, UTF8Scanning.isDigit(s[j]) {
                if j - i < 4 { value = value * 10 + Int(s[j] - 0x30) }
                j += 1
            }
            if j - i == 4 && (1900 ... 2100).contains(value) { return true }
            i = j
        }
        return false
    }

    // MARK: - Tokens

    private static func tokenize(_ s: ArraySlice<UInt8>) -> [Token] {
        var tokens: [Token] = []
        var i = s.startIndex
        while i < s.endIndex {
            let b = s[i]
            if UTF8Scanning.isDigit(b) {
                var j = i, value = 0
                while j < s.endIndex, UTF8Scanning.isDigit(s[j]) {
                    if j - i < 6 { value = value * 10 + Int(s[j] - 0x30) }
                    j += 1
                }
                tokens.append(Token(kind: .number(value: value, digits: j - i), start: i, end: j))
                i = j
            } else if UTF8Scanning.isASCIILetter(b) {
                var j = i
                while j < s.endIndex, UTF8Scanning.isASCIILetter(s[j]) { j += 1 }
                tokens.append(Token(kind: wordKind(s[i ..< j]), start: i, end: j))
                i = j
            } else {
                i += 1
            }
        }
        return tokens
    }

    /// Month names (full, three-letter, `sept`) by packed key, searched in order:
    /// two dozen keys are found faster by comparison than by hashing.
    private static let months: [(key: UInt64, month: Int)] = {
        let names = ["january", "february", "march", "april", "may", "june", "july",
                     "august", "september", "october", "november", "december"]
        var table: [(key: UInt64, month: Int)] = []
        for (i, name) in names.enumerated() {
            for form in [Array(name.utf8), Array(name.utf8.prefix(3))] {
                if let k = WordLists.key(form), !table.contains(where: { $0.key == k }) { table.append((k, i + 1)) }
            }
        }
        if let k = WordLists.key(Array("sept".utf8)) { table.append((k, 9)) }
        return table
    }()

    /// The month whose name or abbreviation has packed key `key`.
    private static func month(_ key: UInt64) -> Int? {
        for entry in months where entry.key == key { return entry.month }
        return nil
    }

    private static func wordKind(_ w: ArraySlice<UInt8>) -> Kind {
        guard w.count >= 2, w.count <= 9 else { return .word }
        if w.count == 2 {
            if let k = WordLists.key(w), WordLists.classes(k) & WordLists.ordinalSuffix != 0 { return .ordinal }
            return .word
        }
        // Month names start with one of "adfjmnos".
        switch w[w.startIndex] | 0x20 {
        case 0x61, 0x64, 0x66, 0x6A, 0x6D, 0x6E, 0x6F, 0x73: break
        default: return .word
        }
        if let k = WordLists.key(w), let m = month(k) { return .month(m) }
        return .word
    }

    // MARK: - Patterns

    /// Separators allowed between the parts of a written date.
    private static func isDateSeparator(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x2C || b == 0x2E || b == 0x2D || b == 0x2F
    }

    private static func gapOK(_ s: ArraySlice<UInt8>, _ from: Int, _ to: Int) -> Bool {
        let n = to - from
        guard n >= 1 && n <= 3 else { return false }
        for i in from ..< to where !isDateSeparator(s[i]) { return false }
        return true
    }

    private static func day(_ tokens: [Token], _ t: Int) -> (day: Int, next: Int)? {
        guard t < tokens.count, case let .number(value, digits) = tokens[t].kind,
              digits <= 2, (1 ... 31).contains(value) else { return nil }
        if t + 1 < tokens.count, tokens[t + 1].kind == .ordinal, tokens[t + 1].start == tokens[t].end {
            return (value, t + 2)
        }
        return (value, t + 1)
    }

    private static func year(_ tokens: [Token], _ t: Int) -> Int? {
        guard t < tokens.count, case let .number(value, digits) = tokens[t].kind,
              digits == 4, (1900 ... 2100).contains(value) else { return nil }
        return value
    }

    private static func match(_ tokens: [Token], at t: Int, in s: ArraySlice<UInt8>)
        -> (Int, Int, Int, Range<Int>)? {
        switch tokens[t].kind {
        case let .number(value, digits) where digits == 4:
            // ISO: YYYY-MM-DD with one consistent separator.
            guard (1900 ... 2100).contains(value), t + 2 < tokens.count,
                  case let .number(m, md) = tokens[t + 1].kind, md <= 2,
                  case let .number(d, dd) = tokens[t + 2].kind, dd <= 2,
                  tokens[t + 1].start == tokens[t].end + 1, tokens[t + 2].start == tokens[t + 1].end + 1
            else { return nil }
            let sep = s[tokens[t].end]
            guard sep == 0x2D || sep == 0x2F || sep == 0x2E, s[tokens[t + 1].end] == sep else { return nil }
            if tokens[t].start > s.startIndex, UTF8Scanning.isDigit(s[tokens[t].start - 1]) { return nil }
            return (value, m, d, tokens[t].start ..< tokens[t + 2].end)
        case .number:
            // Day month year.
            guard let (d, next) = day(tokens, t), next + 1 < tokens.count,
                  case let .month(m) = tokens[next].kind, gapOK(s, tokens[next - 1].end, tokens[next].start),
                  let y = year(tokens, next + 1), gapOK(s, tokens[next].end, tokens[next + 1].start)
            else { return nil }
            return (y, m, d, tokens[t].start ..< tokens[next + 1].end)
        case let .month(m):
            // Month day year.
            guard let (d, next) = day(tokens, t + 1), gapOK(s, tokens[t].end, tokens[t + 1].start),
                  let y = year(tokens, next), gapOK(s, tokens[next - 1].end, tokens[next].start)
            else { return nil }
            return (y, m, d, tokens[t].start ..< tokens[next].end)
        default:
            return nil
        }
    }

    // MARK: - Time of day

    /// Parses `H:MM`, `HH:MM`, `HH:MM:SS`, each optionally followed by `am`/`pm`, at `i`.
    private static func time(in s: ArraySlice<UInt8>, at i: Int) -> (hour: Int, minute: Int, end: Int)? {
        guard i < s.endIndex, UTF8Scanning.isDigit(s[i]) else { return nil }
        if i > s.startIndex, UTF8Scanning.isDigit(s[i - 1]) || s[i - 1] == 0x3A { return nil }
        var j = i, hour = 0
        while j < s.endIndex, UTF8Scanning.isDigit(s[j]), j - i < 3 { hour = hour * 10 + Int(s[j] - 0x30); j += 1 }
        guard j - i <= 2, j + 2 < s.endIndex, s[j] == 0x3A,
              UTF8Scanning.isDigit(s[j + 1]), UTF8Scanning.isDigit(s[j + 2]) else { return nil }
        let minute = Int(s[j + 1] - 0x30) * 10 + Int(s[j + 2] - 0x30)
        j += 3
        if j + 2 < s.endIndex, s[j] == 0x3A, UTF8Scanning.isDigit(s[j + 1]), UTF8Scanning.isDigit(s[j + 2]) { j += 3 }
        if j < s.endIndex, UTF8Scanning.isDigit(s[j]) { return nil }
        var k = j
        if k < s.endIndex, s[k] == 0x20 { k += 1 }
        if k + 1 < s.endIndex {
            let a = UTF8Scanning.lowercased(s[k]), m = UTF8Scanning.lowercased(s[k + 1])
            let after = k + 2 < s.endIndex ? s[k + 2] : 0x20
            if (a == 0x61 || a == 0x70) && m == 0x6D && !UTF8Scanning.isASCIILetter(after) {
                if a == 0x70 && hour < 12 { hour += 12 }
                if a == 0x61 && hour == 12 { hour = 0 }
                j = k + 2
            }
        }
        return (hour, minute, j)
    }

    private static func isTimeSeparator(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x2C || b == 0x7C || b == 0x40 || b == 0x2D || b == 0x54
    }

    private static func adjacentTime(in s: ArraySlice<UInt8>, around range: Range<Int>)
        -> (Int, Int, Range<Int>)? {
        // After the date: separators, optionally the word "at".
        var j = range.upperBound, skipped = 0
        while j < s.endIndex, skipped < 4, isTimeSeparator(s[j]) { j += 1; skipped += 1 }
        if j + 2 < s.endIndex, UTF8Scanning.lowercased(s[j]) == 0x61, UTF8Scanning.lowercased(s[j + 1]) == 0x74,
           s[j + 2] == 0x20 {
            j += 3
        }
        if skipped > 0 || j > range.upperBound, let (h, m, end) = time(in: s, at: j) {
            return (h, m, j ..< end)
        }
        // Before the date: separators, then a time ending there.
        var k = range.lowerBound
        skipped = 0
        while k > s.startIndex, skipped < 3, isTimeSeparator(s[k - 1]), s[k - 1] != 0x54 { k -= 1; skipped += 1 }
        guard skipped > 0 else { return nil }
        var start = k
        while start > s.startIndex, start > k - 8, UTF8Scanning.isDigit(s[start - 1]) || s[start - 1] == 0x3A {
            start -= 1
        }
        if start < k, let (h, m, end) = time(in: s, at: start), end == k {
            return (h, m, start ..< end)
        }
        return nil
    }
}
