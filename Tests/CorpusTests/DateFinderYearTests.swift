import Testing
@testable import Corpus

/// The quick test `DateFinder` runs before tokenizing a line: every date it
/// recognises has a four-digit year from 1900 to 2100.
@Suite struct DateFinderYearTests {
    @Test func linesWithAYearAreSearched() {
        for line in ["31 October 2021", "2021-10-31T12:00:00Z", "Oct. 31st 2021", "(1900)", "year 2100."] {
            #expect(DateFinder.hasYear(Array(line.utf8)[...]), "\(line)")
        }
    }

    @Test func linesWithoutAYearAreSkipped() {
        for line in ["yesterday", "12 May 1066", "20212 units", "2101 and 1899", "0:00 28:18", "$125.78", ""] {
            #expect(!DateFinder.hasYear(Array(line.utf8)[...]), "\(line)")
            #expect(DateFinder.firstDate(in: Array(line.utf8)[...]) == nil)
        }
    }
}
