import Tokenization

/// A statement's words prepared for matching: stems, whether each is a
/// content word, and UTF-8 byte ranges into the statement's text.
///
/// Normalisations that make wire copy comparable: Refrain's tokenizer (so
/// "one-China" = "oneChina", "China's" = "Chinas", "U.S." = "US"), then
/// "United States" → `us`, then light stemming (`Stemmer`).
struct PassageTokens: Sendable {
    var stems: [String]
    var isContent: [Bool]
    /// Written with a capital, or a role word: part of a name or title.
    var isTitleLike: [Bool]
    /// A reporting verb ("said", "told", …): it separates a line from its
    /// attribution, so no matched passage spans it.
    var isBarrier: [Bool]
    var ranges: [Range<Int>]

    var count: Int { stems.count }

    init(_ text: String, stopWords: StopWordList) {
        let tokens = RefrainTokenizer(minimumLength: 1).tokens(in: text)
        var stems: [String] = [], content: [Bool] = [], titleLike: [Bool] = [], barrier: [Bool] = [], ranges: [Range<Int>] = []
        let bytes = Array(text.utf8)
        var i = 0
        while i < tokens.count {
            let token = tokens[i]
            if token.text == "united", i + 1 < tokens.count, tokens[i + 1].text == "states" {
                stems.append("us"); content.append(true); titleLike.append(true); barrier.append(false)
                ranges.append(token.byteRange.lowerBound ..< tokens[i + 1].byteRange.upperBound)
                i += 2
                continue
            }
            let isStop = stopWords.contains(token.text) && !token.isAcronym
            stems.append(isStop ? token.text : Stemmer.stem(token.text))
            content.append(!isStop && !token.text.allSatisfy(\.isNumber))
            let first = bytes[token.byteRange.lowerBound]
            titleLike.append((first >= 65 && first <= 90) || MatchingLexicon.roleWords.contains(token.text))
            barrier.append(MatchingLexicon.reportingVerbs.contains(token.text))
            ranges.append(token.byteRange)
            i += 1
        }
        self.stems = stems
        self.isContent = content
        self.isTitleLike = titleLike
        self.isBarrier = barrier
        self.ranges = ranges
    }
}
