/// How `FurnitureStripper` finds an article's headline.
public enum TitlePolicy: Sendable, Hashable {
    /// A whole page: the title is the first meaningful line above the first prose
    /// paragraph that is headline-sized (2...30 words, at most 300 bytes, not a long
    /// sentence ending in a period), preferring one that shares words with the lede.
    case firstLine
    /// A record whose title is unknown: as `firstLine`, but only lines that look like
    /// headlines (at most 20 words, not ending in `.`, `!` or `?`) with more text after them.
    case headlineOnly
    /// The title is known; lines repeating it are removed from the body.
    case given(String)
    /// No title is looked for.
    case none
}
