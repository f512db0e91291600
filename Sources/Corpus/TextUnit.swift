/// A logical line of an article: one physical line, or several lines of a
/// hard-wrapped paragraph joined with single spaces.
struct TextUnit {
    /// The unit's trimmed text.
    var bytes: ArraySlice<UInt8>
    /// Index of the paragraph block (lines between blank lines) it belongs to.
    var block: Int
    /// 1-based line number of its first line in the text.
    var line: Int
    /// Index of its first and last physical line among the non-blank lines.
    var firstIndex: Int
    var lastIndex: Int
    /// Byte offset of its first line in the text.
    var offset: Int
    var features: LineFeatures
    /// A date in a short unit (10 words or fewer), when there is one.
    var dateMatch: DateFinder.Match?
    /// A short unit that is only a date and time, maybe with a word or three (`Updated 22:42, 31-Oct-2021`).
    var isDateLine: Bool
}
