/// One article as read from its file, before cleaning.
struct RawRecord: Sendable {
    var id: String
    /// How the stripper finds the title; `.given` when a field holds it.
    var title: TitlePolicy
    /// The date from a field, already parsed.
    var date: ArticleDate?
    var source: String?
    var url: String?
    var speaker: String?
    /// The text's UTF-8 bytes (valid UTF-8, any line endings).
    var text: [UInt8]
    var origin: DocumentOrigin

    /// The given title, if any.
    var givenTitle: String? {
        if case let .given(t) = title { return t }
        return nil
    }
}
