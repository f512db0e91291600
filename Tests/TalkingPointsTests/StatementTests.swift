import Corpus
import Foundation
import TalkingPoints
import Testing

/// The `Statement` and `StatementKind` models.
@Suite struct StatementTests {
    @Test func kindsEncodeAsTheirRawValues() throws {
        #expect(StatementKind.allCases.map(\.rawValue) == ["quote", "reported", "narration"])
        let data = try JSONEncoder().encode(StatementKind.allCases)
        #expect(String(decoding: data, as: UTF8.self) == #"["quote","reported","narration"]"#)
        #expect(try JSONDecoder().decode(StatementKind.self, from: Data(#""reported""#.utf8)) == .reported)
    }

    @Test func statementRoundTripsThroughJSON() throws {
        let statement = Statement(documentID: "000", speaker: "Zhao Lijian", text: "China opposes this, Zhao said.",
                                  byteRange: 773 ..< 810, date: ArticleDate(year: 2021, month: 1, day: 14),
                                  source: "Xinhua", kind: .reported)
        let data = try JSONEncoder().encode(statement)
        #expect(try JSONDecoder().decode(Statement.self, from: data) == statement)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["kind"] as? String == "reported")
        #expect(object["date"] as? String == "2021-01-14")
    }

    @Test func onlyNarrationIsUnattributed() {
        func make(_ kind: StatementKind) -> Statement {
            Statement(documentID: "d", speaker: nil, text: "x", byteRange: 0 ..< 1, kind: kind)
        }
        #expect(make(.quote).isAttributed)
        #expect(make(.reported).isAttributed)
        #expect(!make(.narration).isAttributed)
    }

    @Test func statementsCarryTheDocumentsDateAndSource() throws {
        let date = try #require(ArticleDate(year: 2023, month: 6, day: 14))
        let document = Document(id: "a", date: date, source: "Wire", text: "Minister Anna Kovacs said talks went well.")
        let found = SpeakerAttributor().statements(in: document)
        #expect(found.count == 1)
        #expect(found.first?.date == date)
        #expect(found.first?.source == "Wire")
        #expect(found.first?.documentID == "a")
    }
}
