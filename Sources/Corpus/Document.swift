/// One article: its identity, metadata and cleaned text.
///
/// `text` is the article body after web furniture has been removed (see
/// `FurnitureStripper`); every later stage (tokens, sentences, quotes) reports
/// UTF-8 byte ranges into this string, so it can be quoted exactly.
public struct Document: Sendable, Hashable, Codable {
    /// Stable identifier: the file name without extension for `.txt`/`.md`
    /// files, the `id` field (or `file:line`) for JSONL and CSV rows.
    public var id: String
    /// Headline, when known.
    public var title: String?
    /// Publication date, when one was given or found near the top of the text.
    public var date: ArticleDate?
    /// Outlet or publisher, when known.
    public var source: String?
    /// Address of the article, when known.
    public var url: String?
    /// A speaker given by the input (for example a JSONL `speaker` field).
    public var speaker: String?
    /// The cleaned article body.
    public var text: String
    /// Where the document was read from.
    public var origin: DocumentOrigin

    /// Creates a document.
    public init(id: String, title: String? = nil, date: ArticleDate? = nil, source: String? = nil,
                url: String? = nil, speaker: String? = nil, text: String,
                origin: DocumentOrigin = DocumentOrigin(path: "-")) {
        self.id = id
        self.title = title
        self.date = date
        self.source = source
        self.url = url
        self.speaker = speaker
        self.text = text
        self.origin = origin
    }

    /// The title (when any) and the body joined by a blank line: what the
    /// vectorizers see for this article.
    public var fullText: String {
        guard let title, !title.isEmpty else { return text }
        return title + "\n\n" + text
    }
}

/// Where a document came from: a file, and for JSONL/CSV the 1-based line.
public struct DocumentOrigin: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The path as given on the command line (or `-` for standard input).
    public var path: String
    /// The 1-based line of a JSONL or CSV record; `nil` for whole-file articles.
    public var line: Int?

    /// Creates an origin.
    public init(path: String, line: Int? = nil) {
        self.path = path
        self.line = line
    }

    /// `path` or `path:line`.
    public var description: String { line.map { "\(path):\($0)" } ?? path }
}

/// A calendar date with an optional time of day, as printed in an article.
/// No time zone is implied: the value is what the page said.
public struct ArticleDate: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// Four-digit year.
    public var year: Int
    /// Month, 1...12.
    public var month: Int
    /// Day of the month, 1...31.
    public var day: Int
    /// Hour, 0...23, when the article gave a time.
    public var hour: Int?
    /// Minute, 0...59, when the article gave a time.
    public var minute: Int?

    /// Creates a date; returns `nil` when a field is out of range.
    public init?(year: Int, month: Int, day: Int, hour: Int? = nil, minute: Int? = nil) {
        guard (1000 ... 9999).contains(year), (1 ... 12).contains(month),
              (1 ... ArticleDate.daysIn(month: month, year: year)).contains(day) else { return nil }
        if let hour, !(0 ... 23).contains(hour) { return nil }
        if let minute, !(0 ... 59).contains(minute) { return nil }
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
    }

    /// ISO 8601: `2021-01-14` or `2021-01-14T22:29`.
    public var description: String {
        let date = "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
        guard let hour else { return date }
        return date + "T\(pad(hour, 2)):\(pad(minute ?? 0, 2))"
    }

    /// Parses the ISO 8601 forms `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM` (seconds and
    /// a zone suffix are accepted and ignored), as written by `description`.
    public init?(iso8601 string: String) {
        let bytes = Array(string.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count else { return nil }
            var value = 0
            for b in bytes[range] {
                guard b >= 48 && b <= 57 else { return nil }
                value = value * 10 + Int(b - 48)
            }
            return value
        }
        guard bytes.count >= 10, bytes[4] == 45, bytes[7] == 45,
              let y = number(0 ..< 4), let m = number(5 ..< 7), let d = number(8 ..< 10) else { return nil }
        var hour: Int?, minute: Int?
        if bytes.count >= 16, bytes[10] == 84 || bytes[10] == 32, bytes[13] == 58 {
            hour = number(11 ..< 13)
            minute = number(14 ..< 16)
            if hour == nil || minute == nil { return nil }
        }
        self.init(year: y, month: m, day: d, hour: hour, minute: minute)
    }

    /// Chronological order; a date without a time of day sorts before the same date with one.
    public static func < (a: ArticleDate, b: ArticleDate) -> Bool {
        (a.year, a.month, a.day, a.hour ?? -1, a.minute ?? -1) < (b.year, b.month, b.day, b.hour ?? -1, b.minute ?? -1)
    }

    /// Encoded as its ISO 8601 string.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// Decoded from an ISO 8601 string.
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let string = try container.decode(String.self)
        guard let date = ArticleDate(iso8601: string) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an ISO 8601 date: \(string)")
        }
        self = date
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

private func pad(_ value: Int, _ width: Int) -> String {
    let s = String(value)
    return String(repeating: "0", count: max(0, width - s.count)) + s
}
