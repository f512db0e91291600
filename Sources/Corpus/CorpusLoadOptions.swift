/// How `CorpusLoader` reads its inputs.
///
/// CSV columns are matched by header name, ignoring case, spaces, `_` and `-`.
/// A column left `nil` is auto-detected from common header names (for the text:
/// `text`, `body`, `content`, `article`, `full_text`, `story`, `transcript`, ...);
/// a column named here must exist, or loading fails with
/// `CorpusError.missingCSVColumn`. JSONL always uses the fixed keys `text`, `id`,
/// `title`, `date`, `source`, `url` and `speaker`.
public struct CorpusLoadOptions: Sendable, Hashable {
    /// CSV column holding the article text; `nil` auto-detects.
    public var textColumn: String?
    /// CSV column holding the document id; `nil` auto-detects (`id`, `doc_id`, ...), else ids are `file:line`.
    public var idColumn: String?
    /// CSV column holding the headline; `nil` auto-detects (`title`, `headline`).
    public var titleColumn: String?
    /// CSV column holding the date; `nil` auto-detects (`date`, `published`, ...).
    public var dateColumn: String?
    /// CSV column holding the outlet; `nil` auto-detects (`source`, `outlet`, `publisher`).
    public var sourceColumn: String?
    /// CSV column holding the address; `nil` auto-detects (`url`, `link`).
    public var urlColumn: String?
    /// CSV column holding the speaker; `nil` auto-detects (`speaker`, `spokesperson`).
    public var speakerColumn: String?
    /// Remove web furniture (see `FurnitureStripper`) and take titles, dates and
    /// outlets from the page. When `false` the text is kept as decoded (line
    /// endings normalised to `\n`, outer whitespace trimmed), the title comes only
    /// from a field, and the date from a field or from the top of the text.
    public var clean: Bool
    /// Descend into subfolders of folders given as inputs. When `false`, subfolders are skipped with a warning.
    public var recursive: Bool
    /// How lines repeated across documents are found (used only when `clean` is on).
    public var boilerplate: BoilerplateDetector

    /// Creates options; every column defaults to auto-detection.
    public init(textColumn: String? = nil, idColumn: String? = nil, titleColumn: String? = nil,
                dateColumn: String? = nil, sourceColumn: String? = nil, urlColumn: String? = nil,
                speakerColumn: String? = nil, clean: Bool = true, recursive: Bool = true,
                boilerplate: BoilerplateDetector = BoilerplateDetector()) {
        self.textColumn = textColumn
        self.idColumn = idColumn
        self.titleColumn = titleColumn
        self.dateColumn = dateColumn
        self.sourceColumn = sourceColumn
        self.urlColumn = urlColumn
        self.speakerColumn = speakerColumn
        self.clean = clean
        self.recursive = recursive
        self.boilerplate = boilerplate
    }
}
