/// Splits RFC 4180 CSV into records: comma-separated fields, fields quoted with
/// `"` may hold commas, line breaks and doubled quotes (`""`). Input must be
/// valid UTF-8 with `\n` line endings.
///
/// Lenient where RFC 4180 is silent: a quote inside an unquoted field is kept
/// as a character; text after a closing quote is kept (with a warning); blank
/// lines are skipped. A quoted field left open at the end is an error.
///
/// - Complexity: O(n) in the input size.
enum CSVParser {
    /// One record and the 1-based line it starts on.
    struct Record {
        var fields: [String]
        var line: Int
    }

    static func records(_ bytes: [UInt8], path: String, warnings: inout [CorpusWarning]) throws(CorpusError) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1
        var recordLine = 1
        var i = 0
        var inField = false
        let n = bytes.count

        func endRecord() {
            let blank = fields.isEmpty && field.isEmpty && !inField
            if !blank {
                fields.append(String(decoding: field, as: UTF8.self))
                records.append(Record(fields: fields, line: recordLine))
            }
            fields.removeAll(keepingCapacity: true)
            field.removeAll(keepingCapacity: true)
            inField = false
        }

        while i < n {
            let b = bytes[i]
            if b == 0x22 && !inField {
                // Quoted field.
                let openLine = line
                i += 1
                var closed = false
                while i < n {
                    let c = bytes[i]
                    if c == 0x22 {
                        if i + 1 < n, bytes[i + 1] == 0x22 {
                            field.append(0x22)
                            i += 2
                            continue
                        }
                        i += 1
                        closed = true
                        break
                    }
                    if c == 0x0A { line += 1 }
                    field.append(c)
                    i += 1
                }
                guard closed else { throw .unterminatedCSVQuote(path: path, line: openLine) }
                inField = true
                if i < n, bytes[i] != 0x2C, bytes[i] != 0x0A {
                    warnings.append(CorpusWarning(
                        kind: .strayCSVQuote, path: path, line: line,
                        message: "characters after a closing quote were kept as part of the field; "
                            + "quote the whole field and double the quotes inside it"))
                }
                continue
            }
            if b == 0x2C {
                fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
                inField = false
                i += 1
                continue
            }
            if b == 0x0A {
                endRecord()
                line += 1
                i += 1
                recordLine = line
                continue
            }
            // Unquoted run: copy up to the next comma, newline or (irrelevant) end.
            var j = i
            while j < n, bytes[j] != 0x2C, bytes[j] != 0x0A { j += 1 }
            field.append(contentsOf: bytes[i ..< j])
            inField = true
            i = j
        }
        endRecord()
        return records
    }
}
