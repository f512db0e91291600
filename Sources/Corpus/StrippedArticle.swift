/// The result of stripping one page: the body and what was learned from the furniture.
public struct StrippedArticle: Sendable, Hashable {
    /// The headline (from the page, or the given one).
    public var title: String?
    /// The first date near the top of the page (first 12 lines and 1500 bytes; see `FurnitureStripper.dateNearTop(of:)`).
    public var date: ArticleDate?
    /// An outlet name found alone on a line near the top (`CGTN`).
    public var source: String?
    /// The cleaned body: paragraphs separated by `"\n\n"`, lines of one paragraph by `"\n"`
    /// (hard-wrapped lines rejoined with a space).
    public var body: String
    /// The lines removed, in text order, with the rule that removed each.
    public var removed: [RemovedLine]

    /// Creates a result.
    public init(title: String?, date: ArticleDate?, source: String?, body: String, removed: [RemovedLine]) {
        self.title = title
        self.date = date
        self.source = source
        self.body = body
        self.removed = removed
    }
}
