import Foundation
import Testing
@testable import Corpus

@Suite("Furniture stripping rules")
struct FurnitureStripperTests {
    private let stripper = FurnitureStripper()

    /// A realistic clean article: short one-sentence paragraphs, a question and an
    /// exclamation inside quotes, "you" inside a quote, a dateline without a year.
    static let ordinaryBody = """
        LONDON, March 3 (Reuters) - Britain and Norway agreed on Tuesday to resume talks on fishing quotas after a two-month pause, officials from both governments said.

        The talks collapsed in January.

        "Who benefits from this deadlock?" the Norwegian fisheries minister asked reporters outside the conference hall. "Not our fishermen, and not yours."

        Negotiators will meet again in Oslo next week. Both sides said they hoped to reach a deal before the summer season begins.

        "We will never give up on our coastal communities!" the British minister told a crowd of trawlermen in Grimsby.

        Critics were unimpressed.

        Industry groups said the pause had cost the fleet millions of pounds in lost catches, and warned that another delay could force several small operators out of business.

        Why now? Officials gave no reason.

        "If you want a fair deal, you have to come to the table," one negotiator said.
        """
    static let ordinaryTitle = "Ministers agree to resume talks on fishing rights"

    private func reasons(_ result: StrippedArticle) -> [String: FurnitureReason] {
        Dictionary(result.removed.map { ($0.text, $0.reason) }, uniquingKeysWith: { a, _ in a })
    }

    @Test func ordinaryCleanArticleLosesNothing() {
        let result = stripper.strip(Self.ordinaryTitle + "\n\n" + Self.ordinaryBody)
        #expect(result.title == Self.ordinaryTitle)
        #expect(result.body == Self.ordinaryBody)
        #expect(result.removed.map(\.reason) == [.title])
        #expect(result.date == nil)
    }

    @Test func ordinaryArticleWithoutTitleLosesNothingAsARecord() {
        let result = stripper.strip(Self.ordinaryBody, title: .headlineOnly)
        #expect(result.title == nil)
        #expect(result.body == Self.ordinaryBody)
    }

    @Test func ordinaryArticleWithCRLFLineEndingsLosesNothing() {
        let crlf = (Self.ordinaryTitle + "\n\n" + Self.ordinaryBody).replacingOccurrences(of: "\n", with: "\r\n")
        #expect(stripper.strip(crlf).body == Self.ordinaryBody)
    }

    @Test func iconSoupLineIsRemoved() {
        let soup = "icon bookmark-bicon bookmarkicon cameraicon checkicon chevron downicon chevron lefticon "
            + "chevron righticon closeicon downloadicon editicon fbicon fileicon mailicon shareicon"
        let result = stripper.strip(soup + "\nTitle of the story here\n\n" + Self.ordinaryBody)
        #expect(reasons(result)[soup] == .tokenSoup)
        #expect(result.title == "Title of the story here")
        #expect(!result.body.contains("icon"))
    }

    @Test func mediaTimestampsAreRemoved() {
        let result = stripper.strip("Headline for a video story\n00:30\n\n" + Self.ordinaryBody + "\n\n0:00\n28:18\n0:00 / 29:16")
        #expect(result.removed.filter { $0.reason == .mediaTimestamp }.map(\.text) == ["00:30", "0:00", "28:18", "0:00 / 29:16"])
        #expect(result.body == Self.ordinaryBody)
    }

    @Test func dateLineIsRemovedAfterItsDateIsTaken() {
        let result = stripper.strip("A headline about the talks\nUpdated 22:42, 31-Oct-2021\n\n" + Self.ordinaryBody)
        #expect(result.date?.description == "2021-10-31T22:42")
        #expect(reasons(result)["Updated 22:42, 31-Oct-2021"] == .dateLine)
        #expect(result.body == Self.ordinaryBody)
    }

    @Test func dateBeyondTheHeadIsNotTheArticleDate() {
        let filler = (1 ... 13).map { "Paragraph number \($0) says something of note about the matter." }.joined(separator: "\n\n")
        let result = stripper.strip("A headline\n\n" + filler + "\n\nThe deal was signed on 31 October 2021 in Rome.")
        #expect(result.date == nil)
    }

    @Test func loneOutletNameBecomesSource() {
        let result = stripper.strip("Download\nA headline about the talks\nCGTN\n\n" + Self.ordinaryBody)
        #expect(result.source == "CGTN")
        #expect(reasons(result)["Download"] == .notSentenceAtEdge)
        #expect(reasons(result)["CGTN"] == .notSentenceAtEdge)
    }

    @Test func readerAddressedLinesInTheTailAreRemoved() {
        let tail = "\n\nLike this story? Share it with a friend!\n\nLeave a Reply\n\nYour email address will not be published. Required fields are marked *\n\nSource link\n\nPodcasts\n\nSearch Trends"
        let result = stripper.strip("Headline\n\n" + Self.ordinaryBody + tail)
        #expect(result.body == Self.ordinaryBody)
        let r = reasons(result)
        #expect(r["Like this story? Share it with a friend!"] == .callToAction)
        #expect(r["Your email address will not be published. Required fields are marked *"] == .callToAction)
        #expect(r["Leave a Reply"] == .notSentenceAtEdge)
        #expect(r["Source link"] == .notSentenceAtEdge)
        #expect(r["Podcasts"] == .notSentenceAtEdge)
    }

    @Test func secondPersonInReportedSpeechIsNotACallToAction() {
        let body = "China firmly opposes the visit, a spokesperson said on Thursday, adding that the US must stop interfering.\n\nWe urge you to stop this wrong behaviour at once, Zhao said."
        #expect(stripper.strip(body, title: .none).body == body)
    }

    @Test func linkLineBetweenParagraphsIsRemoved() {
        let link = "Also on rt.com Taiwanese leader has ‘faith’ US will defend them from China, says some American troops are on island"
        var parts = Self.ordinaryBody.components(separatedBy: "\n\n")
        parts.insert(link, at: 3)
        parts.insert(Self.ordinaryTitle, at: 0)
        let text = parts.joined(separator: "\n\n")
        let result = stripper.strip(text)
        #expect(reasons(result)[link] == .linkLine)
        #expect(result.body == Self.ordinaryBody)
    }

    @Test func sentenceMentioningAWebsiteIsKept() {
        let body = "The ministry posted the full statement on its website, mfa.gov.cn, late on Thursday evening."
        #expect(stripper.strip(body, title: .none).body == body)
    }

    @Test func gluedSentencesAreNotMistakenForLinks() {
        #expect(!LineFeatures.isLink(Array("region.Spokesperson".utf8)[...]))
        #expect(!LineFeatures.isLink(Array("U.S.".utf8)[...]))
        #expect(LineFeatures.isLink(Array("rt.com".utf8)[...]))
        #expect(LineFeatures.isLink(Array("(https://example.org/a)".utf8)[...]))
        #expect(LineFeatures.isLink(Array("www.xinhuanet.com".utf8)[...]))
    }

    @Test func interiorSubheadingsAndRelatedHeadlinesAreRemoved() {
        var parts = Self.ordinaryBody.components(separatedBy: "\n\n")
        parts.insert("Thaw in ties", at: 5)
        parts.insert("China’s stimulus efforts fail to boost market confidence", at: 2)
        parts.insert(Self.ordinaryTitle, at: 0)
        let text = parts.joined(separator: "\n\n")
        let result = stripper.strip(text)
        #expect(result.body == Self.ordinaryBody)
        #expect(reasons(result)["Thaw in ties"] == .interiorFragment)
        #expect(reasons(result)["China’s stimulus efforts fail to boost market confidence"] == .interiorFragment)
    }

    @Test func photoCaptionAtTheTailIsRemoved() {
        let caption = "(Cover: The minister meets reporters in Rome, Italy, October 31, 2021. /Foreign Ministry)"
        let result = stripper.strip("Headline\n\n" + Self.ordinaryBody + "\n\n" + caption)
        #expect(reasons(result)[caption] == .caption)
        #expect(result.body == Self.ordinaryBody)
    }

    @Test func titleRepeatedWithDifferentCaseIsRemovedOnce() {
        let result = stripper.strip("China Rules Out Compromises On Taiwan\n\nChina Rules Out Compromises on Taiwan\n\n" + Self.ordinaryBody)
        #expect(result.title == "China Rules Out Compromises On Taiwan")
        #expect(result.removed.map(\.reason) == [.title, .repeatedTitle])
        #expect(result.body == Self.ordinaryBody)
    }

    @Test func standfirstRepeatedAsLedeIsKeptOnce() {
        let standfirst = "Britain and Norway agreed on Tuesday to resume talks on fishing quotas after a two-month pause"
        let lede = "LONDON (Reuters) - " + standfirst + ", officials said."
        let result = stripper.strip("Headline here\n\n" + standfirst + "\n\n" + lede + "\n\nThe talks collapsed in January.")
        #expect(result.body == lede + "\n\nThe talks collapsed in January.")
        #expect(reasons(result)[standfirst] == .containedInAnother)
    }

    @Test func duplicateParagraphIsKeptOnce() {
        let p = "The ministry repeated its position in a statement on Friday."
        let result = stripper.strip("Headline here\n\n" + p + "\n\nA different paragraph follows it here.\n\n" + p)
        #expect(result.body == p + "\n\nA different paragraph follows it here.")
    }

    @Test func givenTitleIsRemovedFromTheBody() {
        let result = stripper.strip("Talks resume in Oslo\n\n" + Self.ordinaryBody, title: .given("Talks Resume in Oslo"))
        #expect(result.title == "Talks Resume in Oslo")
        #expect(result.body == Self.ordinaryBody)
    }

    @Test func headlineOnlyPolicyLeavesAFirstSentenceInTheBody() {
        let text = "Officials met in Oslo on Tuesday.\n\nThey agreed to talk again next week."
        let result = stripper.strip(text, title: .headlineOnly)
        #expect(result.title == nil)
        #expect(result.body == text)
    }

    @Test func loneHeadlineStaysAsTheBody() {
        let result = stripper.strip("Hello world\n")
        #expect(result.title == nil)
        #expect(result.body == "Hello world")
    }

    @Test func hardWrappedParagraphsAreRejoined() {
        let text = """
            Officials meet to discuss trade

            The meeting between the two delegations took place on Tuesday in the
            capital, where officials from both countries discussed tariffs on steel
            and aluminium. Neither side released a statement after the talks ended
            late in the evening.

            A spokesman said the discussions had been
            constructive.
            """
        let result = stripper.strip(text)
        #expect(result.title == "Officials meet to discuss trade")
        #expect(result.body == "The meeting between the two delegations took place on Tuesday in the capital, where officials from both countries discussed tariffs on steel and aluminium. Neither side released a statement after the talks ended late in the evening.\n\nA spokesman said the discussions had been constructive.")
    }

    @Test func markdownHeadingIsTheTitle() {
        let result = stripper.strip("# Talks resume in Oslo\n\n" + Self.ordinaryBody)
        #expect(result.title == "Talks resume in Oslo")
        #expect(result.body == Self.ordinaryBody)
    }

    @Test func nonLatinArticleIsKept() {
        let body = "中国外交部发言人赵立坚在例行记者会上表示，中方坚决反对美台官方往来。\n\n他说，世界上只有一个中国。"
        let result = stripper.strip("中方坚决反对美台官方往来\n\n" + body)
        #expect(result.title == "中方坚决反对美台官方往来")
        #expect(result.body == body)
    }

    @Test func otherLatinLanguageIsKept() {
        let body = "La Chine s'oppose fermement à tout échange officiel entre les États-Unis et Taïwan, a déclaré jeudi un porte-parole.\n\nIl n'y a qu'une seule Chine dans le monde."
        #expect(stripper.strip(body, title: .none).body == body)
    }

    @Test func menuAndSkipLinkAboveTheHeadlineAreNotTheTitle() {
        let page = """
            Home News World Business Sport Opinion Culture Travel Video Podcasts Newsletters
            Skip to main content
            China warns US over Taiwan arms sale
            By Jane Doe, Staff Reporter
            Published: Monday, 14 March 2022, 08:15 GMT

            China on Monday warned the United States that it would take "resolute and forceful measures" if Washington went ahead with a planned arms sale to Taiwan.

            "The US side should stop arms sales to Taiwan," foreign ministry spokesman Wang Wenbin said.
            """
        let result = stripper.strip(page)
        #expect(result.title == "China warns US over Taiwan arms sale")
        #expect(result.date?.description == "2022-03-14T08:15")
        #expect(result.body.hasPrefix("China on Monday warned"))
        #expect(result.removed.first?.reason == .tokenSoup)
    }

    @Test func headlineWithoutSharedWordsIsStillTheTitle() {
        let text = "Thaw in ties\n\nBritain and Norway agreed on Tuesday to resume talks on fishing quotas after a pause\n\n"
            + "Negotiators will meet again in Oslo next week, officials said."
        let result = stripper.strip(text)
        #expect(result.title == "Thaw in ties")
    }

    @Test func pressConferenceQuestionsAreKept() {
        let transcript = """
            Foreign Ministry Spokesperson Zhao Lijian's Regular Press Conference on January 14, 2021
            2021-01-14 15:30
            CCTV: The US Ambassador to the UN Kelly Craft held talks with Tsai Ing-wen via video link today. What's your comment?
            Zhao Lijian: China firmly opposes any form of official exchanges between the US and Taiwan. There is only one China in the world.
            Reuters: Can you confirm the report?
            Zhao Lijian: I'm not aware of that.
            Share:
            Print
            """
        let result = stripper.strip(transcript)
        #expect(result.title == "Foreign Ministry Spokesperson Zhao Lijian's Regular Press Conference on January 14, 2021")
        #expect(result.date?.description == "2021-01-14T15:30")
        #expect(result.body.hasPrefix("CCTV: The US Ambassador"))
        #expect(result.body.hasSuffix("Zhao Lijian: I'm not aware of that."))
        #expect(result.body.contains("Reuters: Can you confirm the report?"))
    }

    @Test func listItemsInTheBodyAreKept() {
        let body = """
            The agreement sets out three steps that both governments will take this year.

            - Reduce tariffs on steel imports by ten percent
            - Open a joint office for fisheries inspections in Bergen
            • Hold ministerial talks every six months

            Officials said the steps would be reviewed in December.
            """
        #expect(stripper.strip("Talks yield a plan\n\n" + body).body == body)
    }

    @Test func emptyTextStaysEmpty() {
        let result = stripper.strip("")
        #expect(result.body.isEmpty)
        #expect(result.title == nil)
    }
}
