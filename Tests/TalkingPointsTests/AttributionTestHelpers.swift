import Corpus
import Foundation
import TalkingPoints
import Tokenization
import Testing
import _TestSupport

/// The statements of `text` as one document.
func statements(_ text: String, id: String = "doc", attributor: SpeakerAttributor = SpeakerAttributor())
    -> [Statement] {
    attributor.statements(in: Document(id: id, text: text))
}

/// The statement whose text starts with `prefix`, failing the test when there
/// is not exactly one.
func statement(startingWith prefix: String, in statements: [Statement],
               sourceLocation: SourceLocation = #_sourceLocation) throws -> Statement {
    let matches = statements.filter { $0.text.hasPrefix(prefix) }
    try #require(matches.count == 1, "\(matches.count) statements start with \(prefix.debugDescription)",
                 sourceLocation: sourceLocation)
    return matches[0]
}

/// Checks one statement's speaker and kind.
func expectStatement(startingWith prefix: String, in statements: [Statement], speaker: String?,
                     kind: StatementKind, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let found = try statement(startingWith: prefix, in: statements, sourceLocation: sourceLocation)
    #expect(found.speaker == speaker, "speaker of \(prefix.debugDescription)", sourceLocation: sourceLocation)
    #expect(found.kind == kind, "kind of \(prefix.debugDescription)", sourceLocation: sourceLocation)
}

/// Checks that `statements` are the sentences of `document` once each, in
/// order, each slicing `document.text` exactly at its byte range.
func expectExactSlices(_ statements: [Statement], of document: Document,
                       sourceLocation: SourceLocation = #_sourceLocation) {
    let bytes = Array(document.text.utf8)
    let sentences = SentenceSplitter().sentenceByteRanges(in: document.text)
    #expect(statements.map(\.byteRange) == sentences, "one statement per sentence, in order",
            sourceLocation: sourceLocation)
    for statement in statements {
        #expect(statement.documentID == document.id, sourceLocation: sourceLocation)
        guard statement.byteRange.upperBound <= bytes.count else {
            Issue.record("range \(statement.byteRange) out of bounds", sourceLocation: sourceLocation)
            continue
        }
        #expect(String(decoding: bytes[statement.byteRange], as: UTF8.self) == statement.text,
                sourceLocation: sourceLocation)
    }
}

/// The seed articles as documents with ids `000` … `004` (the file name's
/// first three characters), built directly from the raw files.
func seedDocuments() throws -> [Document] {
    let files = PackagePaths.seedFiles()
    try #require(files.count == 5, "expected five seed articles, found \(files.count)")
    return try files.map { url in
        Document(id: String(url.lastPathComponent.prefix(3)), text: try String(contentsOf: url, encoding: .utf8))
    }
}
