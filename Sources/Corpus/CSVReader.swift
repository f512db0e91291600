/// Reads articles from CSV: a header row, then one article per record.
///
/// Columns are matched by header name ignoring case, spaces, `_` and `-`; a
/// column named in `CorpusLoadOptions` must exist, the others are auto-detected.
/// The text column is required. Ids default to `<file name>:<line>`, the line
/// being where the record starts. A record with the wrong number of fields is an
/// error naming its line.
///
/// - Complexity: O(n) in the input size.
enum CSVReader {
    /// Header names tried, in order, for each role when no column is named.
    static let candidates: [String: [String]] = [
        "text": ["text", "body", "content", "article", "fulltext", "articletext", "articlebody", "story",
                 "transcript", "maintext"],
        "id": ["id", "docid", "documentid", "articleid", "uid", "key"],
        "title": ["title", "headline", "heading"],
        "date": ["date", "published", "publishedat", "publishdate", "publicationdate", "pubdate", "datetime",
                 "timestamp", "createdat"],
        "source": ["source", "outlet", "publisher", "site", "media"],
        "url": ["url", "link", "href", "permalink"],
        "speaker": ["speaker", "spokesperson", "official"],
    ]

    static func normalizedHeader(_ name: String) -> String {
        var out = ""
        for ch in name.lowercased() where ch != " " && ch != "_" && ch != "-" && ch != "\u{FEFF}" { out.append(ch) }
        return out
    }

    static func records(_ bytes: [UInt8], path: String, options: CorpusLoadOptions,
                        warnings: inout [CorpusWarning]) throws(CorpusError) -> [RawRecord] {
        let rows = try CSVParser.records(bytes, path: path, warnings: &warnings)
        guard let header = rows.first else { throw .emptyFile(path: path) }
        let columns = header.fields.map { RecordFields.nonEmpty($0) ?? "" }
        let normalized = columns.map(normalizedHeader)

        func column(_ role: String, _ requested: String?, required: Bool) throws(CorpusError) -> Int? {
            if let requested {
                if let index = normalized.firstIndex(of: normalizedHeader(requested)) { return index }
                throw .missingCSVColumn(path: path, role: role, requested: requested, columns: columns)
            }
            for name in candidates[role] ?? [] {
                if let index = normalized.firstIndex(of: name) { return index }
            }
            if required { throw .missingCSVColumn(path: path, role: role, requested: nil, columns: columns) }
            return nil
        }

        let textIndex = try column("text", options.textColumn, required: true)!
        let idIndex = try column("id", options.idColumn, required: false)
        let titleIndex = try column("title", options.titleColumn, required: false)
        let dateIndex = try column("date", options.dateColumn, required: false)
        let sourceIndex = try column("source", options.sourceColumn, required: false)
        let urlIndex = try column("url", options.urlColumn, required: false)
        let speakerIndex = try column("speaker", options.speakerColumn, required: false)

        let name = RecordFields.fileName(path)
        var records: [RawRecord] = []
        records.reserveCapacity(rows.count - 1)
        for row in rows.dropFirst() {
            if row.fields.count != columns.count {
                if row.fields.count == 1, UTF8Scanning.isBlank(Array(row.fields[0].utf8)[...]) { continue }
                throw .csvFieldCount(path: path, line: row.line, expected: columns.count, found: row.fields.count)
            }
            func field(_ index: Int?) -> String? { index.flatMap { RecordFields.nonEmpty(row.fields[$0]) } }
            let title = field(titleIndex)
            records.append(RawRecord(
                id: field(idIndex) ?? "\(name):\(row.line)",
                title: title.map { .given($0) } ?? .headlineOnly,
                date: RecordFields.date(field(dateIndex), path: path, line: row.line, warnings: &warnings),
                source: field(sourceIndex), url: field(urlIndex), speaker: field(speakerIndex),
                text: Array(row.fields[textIndex].utf8), origin: DocumentOrigin(path: path, line: row.line)))
        }
        if records.isEmpty { throw .csvWithoutRows(path: path) }
        return records
    }
}
