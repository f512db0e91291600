/// Removes web-page furniture from a scraped article by general rules about line
/// shape and position, never by listing literal strings; takes the headline, date
/// and outlet from the furniture on the way.
///
/// The text is split into logical lines (see `TextUnits`: physical lines, with
/// hard-wrapped paragraphs rejoined) and each is measured (`LineFeatures`):
/// word count, share of function words, terminal punctuation, quotation marks,
/// speaker labels, second-person words outside quotes, links, timestamps.
///
/// **Sentence-like**: ends like a sentence (`.` `!` `?` `…` `。`, or `:`/`;`/a
/// closing quote after 4+/6+ words) with at least two words; or 16+ words of which
/// 15%+ are function words; or a list item (`- `, `• `, `1. `) of 5+ words; or, for
/// scripts the word lists cannot judge, 120+ bytes.
///
/// **Title** (`TitlePolicy`): a *meaningful* line before the first prose paragraph
/// (one ending like a sentence with 8+ words) — skipping date and timestamp lines,
/// token soup, lone words, corpus boilerplate, calls to action, links and captions
/// — that is headline-sized (2...30 words, ≤ 300 bytes, not a 13+ word sentence
/// ending in `.`). Of several, the first that shares content words with the
/// opening paragraphs wins (a headline restates its lede; a menu or "Skip to main
/// content" does not), else the first; a later line competes only when short and
/// not sentence-like, so a standfirst never displaces the headline. The title
/// leaves the body, and so does any line equal to it (compared ignoring case,
/// spacing, curly quotes). If nothing else is left, the line stays as the body and
/// there is no title.
///
/// **Date**: the first date in the first 12 non-blank lines and 1500 bytes (with
/// the time of a later same-day date there when it has none), in any form
/// `DateFinder` reads (`2021-01-14 22:29`, `Updated 22:42, 31-Oct-2021`,
/// `28 Oct, 2021 12:43`, a dateline `(… - 25th November, 2021)`, `October 31, 2021`).
///
/// **Head and tail zones**: an *anchor* is a sentence-like line of 8+ words that
/// is not a call to action, link, caption, date, title or boilerplate. Lines
/// before the first anchor form the head zone, lines after the last the tail zone
/// (with no anchor, every line is in the zone).
///
/// Lines are removed, first matching rule wins (`FurnitureReason`):
/// 1. the title line, and lines repeating the title;
/// 2. media timestamps (`00:30`, `0:00 / 28:18`) anywhere;
/// 3. date lines (a date and time with at most three other words) anywhere;
/// 4. token soup — no punctuation, under 5% function words, and 12+ words or 9+
///    capitalised words (icon names, navigation menus) — anywhere;
/// 5. corpus boilerplate (`BoilerplateDetector`) in the first/last `zoneLines` lines;
/// 6. link lines: a URL or domain name in a line without terminal punctuation or of
///    12 words or fewer (`Also on rt.com …`), anywhere;
/// 7. in the zones, calls to action: a trailing `*` (`Required fields are marked *`),
///    or — unless the line reports speech (a verb such as *said*, or a speaker label
///    such as `CCTV:`) — second person outside quotes (≤ 30 words) or a short line
///    (≤ 12 words) ending in a bare `!` (`Like this story? Share it with a friend!`);
/// 8. in the zones, captions: wholly in parentheses or brackets;
/// 9. lines that are not sentence-like: in the zones (`Download`, `Podcasts`,
///    `Source link`) and between paragraphs (subheadings, inserted related-story
///    headlines);
/// 10. a line identical to an earlier kept line;
/// 11. a line of 6...80 words contained verbatim (ignoring case and its final
///     punctuation) in a longer kept line at most two kept lines away — a standfirst
///     repeated as the lede keeps only the lede.
///
/// A lone capitalised token in the head zone (`CGTN`) becomes `source`. Sentences
/// glued without spaces (`region.Spokesperson`) or without quotation marks are
/// left exactly as they are. The body keeps paragraphs (blocks between blank
/// lines) separated by `"\n\n"`, lines kept from one block by `"\n"`.
///
/// - Complexity: O(n) in the text's bytes, plus O(k·m) for the containment rule
///   over lines of at most 80 words (pairs ruled out first by a word Bloom mask).
public struct FurnitureStripper: Sendable, Hashable {
    /// Lines repeated across the corpus; empty when stripping a single article.
    public var boilerplate: BoilerplateLines

    /// Lines of the head searched for a date.
    public static let dateSearchLines = 12
    /// Bytes of the head searched for a date.
    public static let dateSearchBytes = 1500

    /// Creates a stripper; pass the result of `BoilerplateDetector.boilerplate(in:)` to use corpus-level rules.
    public init(boilerplate: BoilerplateLines = .none) {
        self.boilerplate = boilerplate
    }

    /// Strips `text`. See the type's documentation for the rules.
    /// - Complexity: O(n) in the UTF-8 length of `text` (see the type).
    public func strip(_ text: String, title policy: TitlePolicy = .firstLine) -> StrippedArticle {
        var bytes = Array(text.utf8)
        UTF8Scanning.normalizeLineEndings(&bytes)
        return strip(normalized: bytes, title: policy)
    }

    /// The first date near the top of `text`: in its first 12 non-blank lines and 1500 bytes.
    /// When that date has no time of day and a later date of the same day there has one,
    /// the time is taken from it.
    /// - Complexity: O(min(n, 1500)).
    public static func dateNearTop(of text: String) -> ArticleDate? {
        var bytes = Array(text.utf8.prefix(dateSearchBytes))
        UTF8Scanning.normalizeLineEndings(&bytes)
        return dateNearTop(bytes)
    }

    /// The first date in the head; when it has no time of day and a later date of
    /// the same day in the head does, that time is added.
    static func dateNearTop(_ bytes: [UInt8]) -> ArticleDate? {
        var seen = 0
        var start = 0
        var found: ArticleDate?
        while start < bytes.count, start < dateSearchBytes, seen < dateSearchLines {
            let end = ByteSearch.firstIndex(of: 0x0A, in: bytes[...], from: start)
            let r = UTF8Scanning.trimmed(bytes[start ..< min(end, dateSearchBytes)])
            if !r.isEmpty {
                seen += 1
                if let date = DateFinder.firstDate(in: bytes[r])?.date {
                    guard let first = found else {
                        if date.hour != nil { return date }
                        found = date
                        start = end + 1
                        continue
                    }
                    if date.hour != nil, (date.year, date.month, date.day) == (first.year, first.month, first.day) {
                        return date
                    }
                }
            }
            start = end + 1
        }
        return found
    }

    /// Strips text whose line endings are already `\n`.
    func strip(normalized bytes: [UInt8], title policy: TitlePolicy) -> StrippedArticle {
        var given: String?
        if case let .given(t) = policy { given = t }
        let units = TextUnits.units(bytes)
        let n = units.count
        let date = Self.dateNearTop(bytes)
        guard n > 0 else { return StrippedArticle(title: given, date: date, source: nil, body: "", removed: []) }
        var keys = UnitKeys(units: units)
        let isBoilerplate = boilerplateFlags(units, &keys)

        // Title.
        var titleUnit: Int?
        var titleText = given
        var titleKey: [UInt8]?
        switch policy {
        case let .given(t):
            let b = Array(t.utf8)
            titleKey = UTF8Scanning.comparisonKey(b[UTF8Scanning.trimmed(b[...])])
        case .none:
            break
        case .firstLine, .headlineOnly:
            if let u = Self.headline(units, policy: policy, boilerplate: isBoilerplate) {
                titleUnit = u
                titleText = Self.headlineText(units[u].bytes)
                titleKey = keys.key(u)
            }
        }
        if let key = titleKey, key.isEmpty { titleKey = nil }
        var repeatsTitle = [Bool](repeating: false, count: n)
        if let titleKey {
            let titleHash = UTF8Scanning.comparisonHash(titleKey[...])
            for u in 0 ..< n where u != titleUnit {
                // A key is never longer than its line, and spacing aside not much shorter.
                let length = units[u].bytes.count
                guard length >= titleKey.count, length <= 2 * titleKey.count + 32 else { continue }
                repeatsTitle[u] = keys.hash(u) == titleHash && keys.key(u) == titleKey
            }
        }

        // Anchors and zones.
        var firstAnchor = n, lastAnchor = -1
        for u in 0 ..< n where u != titleUnit && !repeatsTitle[u] {
            let unit = units[u], f = unit.features
            if f.isSentenceLike, f.letterWords >= 8, !f.isCallToAction, !f.isLinkLine, !f.isCaption,
               !unit.isDateLine, !isBoilerplate[u] {
                firstAnchor = min(firstAnchor, u)
                lastAnchor = max(lastAnchor, u)
            }
        }

        // Line rules.
        var reasons = [FurnitureReason?](repeating: nil, count: n)
        var kept: [Int] = []
        kept.reserveCapacity(n)
        var seen: [UInt64: Int] = [:]
        var source: String?
        for u in 0 ..< n {
            let unit = units[u], f = unit.features
            let inZone = u < firstAnchor || u > lastAnchor
            let reason: FurnitureReason?
            if u == titleUnit {
                reason = .title
            } else if repeatsTitle[u] {
                reason = .repeatedTitle
            } else if f.isTimestampLine {
                reason = .mediaTimestamp
            } else if unit.isDateLine {
                reason = .dateLine
            } else if f.isSoup {
                reason = .tokenSoup
            } else if isBoilerplate[u] {
                reason = .corpusBoilerplate
            } else if f.isLinkLine {
                reason = .linkLine
            } else if inZone && f.isCallToAction {
                reason = .callToAction
            } else if inZone && f.isCaption {
                reason = .caption
            } else if !f.isSentenceLike {
                reason = inZone ? .notSentenceAtEdge : .interiorFragment
            } else if let earlier = seen[keys.sample[u]], units[earlier].bytes == unit.bytes {
                reason = .duplicate
            } else {
                reason = nil
            }
            if reason == .notSentenceAtEdge, u < firstAnchor, source == nil, f.isShortCapitalToken {
                source = String(decoding: unit.bytes, as: UTF8.self)
            }
            reasons[u] = reason
            if reason == nil {
                kept.append(u)
                if seen[keys.sample[u]] == nil { seen[keys.sample[u]] = u }
            }
        }
        kept = removeContained(kept, units, &keys, &reasons)

        // A lone headline is the body, not a title.
        if kept.isEmpty, let t = titleUnit {
            kept = [t]
            reasons[t] = nil
            if given == nil { titleText = nil }
        }

        var body: [UInt8] = []
        body.reserveCapacity(bytes.count)
        var lastBlock = -1
        for u in kept {
            if !body.isEmpty {
                body.append(0x0A)
                if units[u].block != lastBlock { body.append(0x0A) }
            }
            body.append(contentsOf: units[u].bytes)
            lastBlock = units[u].block
        }
        var removed: [RemovedLine] = []
        for u in 0 ..< n {
            if let reason = reasons[u] {
                removed.append(RemovedLine(text: String(decoding: units[u].bytes, as: UTF8.self), line: units[u].line, reason: reason))
            }
        }
        return StrippedArticle(title: titleText, date: date, source: source,
                               body: String(decoding: body, as: UTF8.self), removed: removed)
    }

    // MARK: - Rules

    private func boilerplateFlags(_ units: [TextUnit], _ keys: inout UnitKeys) -> [Bool] {
        var flags = [Bool](repeating: false, count: units.count)
        guard !boilerplate.keys.isEmpty, let last = units.last else { return flags }
        let zone = boilerplate.zoneLines
        let total = last.lastIndex + 1
        for u in units.indices where units[u].firstIndex < zone || units[u].lastIndex >= total - zone {
            guard units[u].bytes.count <= BoilerplateDetector.maximumLineBytes,
                  BoilerplateDetector.mayBeFurniture(units[u].features),
                  boilerplate.hashes.contains(keys.hash(u)) else { continue }
            if boilerplate.keys.contains(String(decoding: keys.key(u), as: UTF8.self)) { flags[u] = true }
        }
        return flags
    }

    /// The headline: among headline-sized lines before the first prose paragraph
    /// (terminal punctuation, 8+ words), the first sharing content words with the
    /// opening paragraphs (2+ words, or half its own), else the first of them.
    /// Lines after the first candidate compete only when short (≤ 20 words) and not
    /// sentence-like, so a standfirst never displaces the headline.
    private static func headline(_ units: [TextUnit], policy: TitlePolicy, boilerplate: [Bool]) -> Int? {
        let n = units.count
        var candidates: [Int] = []
        var prose: [Int] = []
        for u in 0 ..< n {
            let f = units[u].features
            if f.endsTerminal && f.letterWords >= 8 && !f.isCallToAction {
                prose.append(u)
                if prose.count == 3 { break }
                continue
            }
            guard prose.isEmpty, !skippedBeforeTitle(units[u], boilerplate: boilerplate[u]) else { continue }
            let headlineSized = (2 ... 30).contains(f.letterWords) || (f.isNonLatin && f.byteCount >= 6)
            guard headlineSized, f.byteCount <= 300, !(f.endsWithPeriod && f.letterWords > 12) else { continue }
            if policy == .headlineOnly, f.endsTerminal || f.letterWords > 20 || u + 1 >= n { continue }
            // Only the first candidate may be a long, sentence-like line (a standfirst is not a headline).
            if !candidates.isEmpty, f.isSentenceLike || f.letterWords > 20 { continue }
            candidates.append(u)
        }
        guard let first = candidates.first else { return nil }
        guard candidates.count > 1, !prose.isEmpty else { return first }
        var lede = Set<UInt64>()
        for u in prose { lede.formUnion(ContentWords.keys(units[u].bytes)) }
        for u in candidates {
            let words = Set(ContentWords.keys(units[u].bytes))
            let shared = words.intersection(lede).count
            if shared >= 2 || (!words.isEmpty && shared * 2 >= words.count) { return u }
        }
        return first
    }

    /// Lines passed over when looking for the headline.
    private static func skippedBeforeTitle(_ unit: TextUnit, boilerplate: Bool) -> Bool {
        let f = unit.features
        return unit.isDateLine || f.isTimestampLine || f.isSoup || boilerplate || f.isCallToAction
            || f.isLinkLine || f.isCaption || (f.letterWords < 2 && !(f.isNonLatin && f.byteCount >= 6))
    }

    /// The line without a Markdown heading marker.
    private static func headlineText(_ s: ArraySlice<UInt8>) -> String {
        var t = s
        if t.first == 0x23 {
            while t.first == 0x23 { t = t.dropFirst() }
            t = t[UTF8Scanning.trimmed(t)]
        }
        return String(decoding: t.isEmpty ? s : t, as: UTF8.self)
    }

    /// Drops kept lines of 6...80 words found verbatim (by comparison key, final
    /// punctuation aside) inside a longer kept line at most two kept lines away.
    /// A Bloom mask of words rules out most pairs before any search.
    private func removeContained(_ kept: [Int], _ units: [TextUnit], _ keys: inout UnitKeys,
                                 _ reasons: inout [FurnitureReason?]) -> [Int] {
        var dropped = Set<Int>()
        for (position, u) in kept.enumerated() {
            let f = units[u].features
            guard f.letterWords >= 6, f.letterWords <= 80 else { continue }
            for other in max(0, position - 2) ... min(kept.count - 1, position + 2) where other != position {
                let v = kept[other]
                guard !dropped.contains(v), units[v].bytes.count > units[u].bytes.count,
                      f.wordsMayBeIn(units[v].features) else { continue }
                var needle = keys.key(u)
                while let b = needle.last, b == 0x2E || b == 0x21 || b == 0x3F || b == 0x2C || b == 0x3B
                    || b == 0x3A || b == 0x22 || b == 0x27 || b == 0x20 {
                    needle.removeLast()
                }
                if !needle.isEmpty, UTF8Scanning.contains(keys.key(v), needle) {
                    dropped.insert(u)
                    reasons[u] = .containedInAnother
                    break
                }
            }
        }
        return dropped.isEmpty ? kept : kept.filter { !dropped.contains($0) }
    }
}
