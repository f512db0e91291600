/// One file to read and how.
struct InputFile: Equatable {
    var path: String
    var format: CorpusFileFormat
}
