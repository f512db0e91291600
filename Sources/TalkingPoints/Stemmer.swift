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

    /// The rules as bytes, for ASCII words.
    private static let byteRules: [(suffix: [UInt8], replacement: [UInt8])] = rules.map { (Array($0.suffix.utf8), Array($0.replacement.utf8)) }

    /// The stem of a lowercase word.
    /// - Complexity: O(length); ASCII words are handled as bytes.
    public static func stem(_ word: String) -> String {
        var word = word
        return word.withUTF8({ asciiStem($0) }) ?? characterStem(word)
    }

    /// The rules applied to `word` as characters (any script); `stem` takes
    /// this path for words that are not ASCII.
    static func characterStem(_ word: String) -> String {
        guard word.count > 3, word.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic }) else { return word }
        for (suffix, replacement) in rules where word.hasSuffix(suffix) {
            if suffix == "s" && (word.hasSuffix("ss") || word.hasSuffix("us") || word.hasSuffix("is")) { continue }
            let base = String(word.dropLast(suffix.count))
            guard base.count >= 3 else { continue }
            return base + replacement
        }
        return word
    }

    /// The stem of an ASCII word given as bytes, or `nil` when a byte is not
    /// ASCII. The same rules as `stem`, where a character is a byte.
    private static func asciiStem(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var letters = true
        for b in bytes {
            if b >= 0x80 { return nil }
            if (b | 0x20) &- 97 >= 26 { letters = false }
        }
        let n = bytes.count
        guard n > 3, letters else { return String(decoding: bytes, as: UTF8.self) }
        func hasSuffix(_ suffix: [UInt8]) -> Bool {
            suffix.count <= n && suffix.indices.allSatisfy { bytes[n - suffix.count + $0] == suffix[$0] }
        }
        for (suffix, replacement) in byteRules where hasSuffix(suffix) {
            if suffix.count == 1 && suffix[0] == UInt8(ascii: "s") {
                let before = bytes[n - 2]
                if before == UInt8(ascii: "s") || before == UInt8(ascii: "u") || before == UInt8(ascii: "i") { continue }
            }
            let base = n - suffix.count
            guard base >= 3 else { continue }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[0 ..< base]), as: UTF8.self)
                + String(decoding: replacement, as: UTF8.self)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
