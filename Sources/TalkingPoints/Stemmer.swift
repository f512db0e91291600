/// A light English suffix stripper, so that inflected forms of one word meet
/// in candidate generation and alignment: "interfere", "interfering",
/// "interference" → `interfer`; "opposes", "oppose", "opposed" → `oppos`.
///
/// Rules, applied once, longest suffix first, only when at least three
/// letters remain: -ations, -ation, -ences, -ence, -ances, -ance, -ments,
/// -ment, -ings, -ing, -ies (→ y), -ied (→ y), -edly, -ed, -es, -ly, -e, -s
/// (not -ss, -us, -is). Numbers and words of four letters or fewer other than
/// plurals are left alone. Not a linguistic stemmer; it errs towards
/// conflating forms, which the alignment's verification step then checks.
public enum Stemmer {
    private static let rules: [(suffix: String, replacement: String)] = [
        ("ations", ""), ("ation", ""), ("ences", ""), ("ence", ""), ("ances", ""), ("ance", ""),
        ("ments", ""), ("ment", ""), ("ings", ""), ("ing", ""), ("ies", "y"), ("ied", "y"),
        ("edly", ""), ("ed", ""), ("es", ""), ("ly", ""), ("e", ""), ("s", ""),
    ]

    /// The stem of a lowercase word.
    /// - Complexity: O(length).
    public static func stem(_ word: String) -> String {
        guard word.count > 3, word.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic }) else { return word }
        for (suffix, replacement) in rules where word.hasSuffix(suffix) {
            if suffix == "s" && (word.hasSuffix("ss") || word.hasSuffix("us") || word.hasSuffix("is")) { continue }
            let base = String(word.dropLast(suffix.count))
            guard base.count >= 3 else { continue }
            return base + replacement
        }
        return word
    }
}
