extension ArticleDate {
    /// Parses the first date written in `text`, in any form `DateFinder` knows:
    /// ISO 8601 (`2021-10-31T12:00:00Z`), `31 October 2021`, `October 31, 2021`,
    /// `31-Oct-2021`, `25th November, 2021`, with an adjacent `HH:MM` as the time
    /// (`Updated 22:42, 31-Oct-2021`). Returns `nil` when there is none.
    ///
    /// - Complexity: O(n) in the UTF-8 length of `text`.
    public init?(parsing text: String) {
        let bytes = Array(text.utf8)
        guard let match = DateFinder.firstDate(in: bytes[...]) else { return nil }
        self = match.date
    }
}
