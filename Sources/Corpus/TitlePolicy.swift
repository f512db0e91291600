/// How `FurnitureStripper` finds an article's headline.
public enum TitlePolicy: Sendable, Hashable {
    /// A whole page: the first meaningful line is the title when it is headline-sized
    /// (2...30 words, at most 300 bytes, not a long sentence ending in a period).
    case firstLine
    /// A record whose title is unknown: the first meaningful line is the title only
    /// when it looks like a headline (as above, and not ending in `.`, `!` or `?`)
    /// and more text follows it.
    case headlineOnly
    /// The title is known; lines repeating it are removed from the body.
    case given(String)
    /// No title is looked for.
    case none
}
