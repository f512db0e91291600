import Testing
@testable import Corpus

@Suite("Dates in article text")
struct ArticleDateParsingTests {
    @Test func isoDateWithTimeOfDay() {
        #expect(ArticleDate(parsing: "2021-01-14 22:29")?.description == "2021-01-14T22:29")
    }

    @Test func isoTimestampWithSecondsAndZone() {
        #expect(ArticleDate(parsing: "2021-10-31T12:00:00Z")?.description == "2021-10-31T12:00")
        #expect(ArticleDate(parsing: "2021-10-31T12:00:00+08:00")?.description == "2021-10-31T12:00")
    }

    @Test func isoDateAlone() {
        #expect(ArticleDate(parsing: "2021-10-31")?.description == "2021-10-31")
        #expect(ArticleDate(parsing: "2021/10/31")?.description == "2021-10-31")
    }

    @Test func timeBeforeAbbreviatedDayMonthYear() {
        #expect(ArticleDate(parsing: "Updated 22:42, 31-Oct-2021")?.description == "2021-10-31T22:42")
    }

    @Test func dayMonthCommaYearThenTime() {
        #expect(ArticleDate(parsing: "28 Oct, 2021 12:43")?.description == "2021-10-28T12:43")
    }

    @Test func ordinalDayInsideADateline() {
        let line = "BEIJING (Pakistan Point News / Sputnik - 25th November, 2021) China's armed forces are ready"
        #expect(ArticleDate(parsing: line)?.description == "2021-11-25")
    }

    @Test func monthDayYear() {
        #expect(ArticleDate(parsing: "October 31, 2021")?.description == "2021-10-31")
        #expect(ArticleDate(parsing: "Sunday, Oct. 31st 2021")?.description == "2021-10-31")
        #expect(ArticleDate(parsing: "Sept 3, 2020")?.description == "2020-09-03")
    }

    @Test func dayMonthYear() {
        #expect(ArticleDate(parsing: "31 October 2021")?.description == "2021-10-31")
        #expect(ArticleDate(parsing: "published 1 march 2022")?.description == "2022-03-01")
    }

    @Test func twelveHourClockAfterTheDate() {
        #expect(ArticleDate(parsing: "October 31, 2021 at 10:05 pm")?.description == "2021-10-31T22:05")
        #expect(ArticleDate(parsing: "October 31, 2021 12:30 AM")?.description == "2021-10-31T00:30")
    }

    @Test func distantTimeIsNotTheDatesTime() {
        #expect(ArticleDate(parsing: "On 31 October 2021 the talks, which began at 10:00, ended")?.description
            == "2021-10-31")
    }

    @Test func monthWithoutYearIsNotADate() {
        #expect(ArticleDate(parsing: "during a Bali summit between Xi and Biden in November.") == nil)
        #expect(ArticleDate(parsing: "the spy balloon incident in February") == nil)
    }

    @Test func impossibleDatesAreRejected() {
        #expect(ArticleDate(parsing: "31 February 2021") == nil)
        #expect(ArticleDate(parsing: "2021-13-01") == nil)
        #expect(ArticleDate(parsing: "12 May 1066") == nil)
    }

    @Test func invalidTimeKeepsTheDate() {
        #expect(ArticleDate(parsing: "2021-10-31 25:61")?.description == "2021-10-31")
    }

    @Test func textWithoutDigitsHasNoDate() {
        #expect(ArticleDate(parsing: "yesterday afternoon") == nil)
        #expect(ArticleDate(parsing: "") == nil)
    }

    @Test func mediaTimestampIsNotADate() {
        #expect(ArticleDate(parsing: "0:00 28:18") == nil)
    }
}
