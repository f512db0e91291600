/// Why `FurnitureStripper` removed a line. The cases follow the order in which
/// the rules are tried.
public enum FurnitureReason: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// The line is the headline; it is returned as the title instead.
    case title
    /// The line repeats the headline.
    case repeatedTitle
    /// Only a media timestamp (`00:30`, `0:00 / 28:18`).
    case mediaTimestamp
    /// Only a date and time, maybe with a label (`Updated 22:42, 31-Oct-2021`).
    case dateLine
    /// A long run of words without function words or punctuation (icon names, menus).
    case tokenSoup
    /// Repeated at the head or tail of many documents of the corpus.
    case corpusBoilerplate
    /// A URL or domain name in a line that is not a full sentence (`Also on rt.com ...`).
    case linkLine
    /// At the head or tail, addressed to the reader (`Like this story? Share it with a friend!`, `... marked *`).
    case callToAction
    /// At the head or tail, wholly in parentheses or brackets (photo captions, credits).
    case caption
    /// At the head or tail, not sentence-like (`Download`, `Search Trends`, `Source link`).
    case notSentenceAtEdge
    /// Between paragraphs, not sentence-like (subheadings, related-story headlines).
    case interiorFragment
    /// The same text as an earlier kept line.
    case duplicate
    /// Contained verbatim in a nearby longer line (a standfirst repeated as the lede).
    case containedInAnother

    /// The raw value, for logs.
    public var description: String { rawValue }
}
