/// Text bytes ready for parsing: valid UTF-8, no byte-order mark, `\n` line endings.
struct DecodedText {
    var bytes: [UInt8]
    var warnings: [CorpusWarning]
}
