/// The content words of a line — letter words of 3+ letters that are not function
/// words — as small keys (the first four letters, lower-cased), so that `warns`
/// and `warned`, `China` and `Chinese` meet. Used to tell a headline, which
/// restates the lede, from a menu or a sharing prompt above it.
///
/// - Complexity: O(n) in the line's bytes.
enum ContentWords {
    static func keys(_ s: ArraySlice<UInt8>) -> [UInt64] {
        var keys: [UInt64] = []
        var i = s.startIndex
        while i < s.endIndex {
            while i < s.endIndex, !isWordByte(s[i]) { i += 1 }
            let start = i
            while i < s.endIndex, isWordByte(s[i]) { i += 1 }
            guard i - start >= 3 else { continue }
            var word = s[start ..< i]
            // Possessive 's is not part of the word.
            if word.count > 3, word[word.endIndex - 2] == 0x27, word.last == 0x73 { word = word.dropLast(2) }
            if let whole = WordLists.key(word), WordLists.classes(whole) & WordLists.function != 0 { continue }
            var key: UInt64 = 0
            for b in word.prefix(4) { key = key << 8 | UInt64(UTF8Scanning.lowercased(b)) }
            keys.append(key)
        }
        return keys
    }

    /// Letters, digits, apostrophes and any non-ASCII byte except the general-punctuation block.
    private static func isWordByte(_ b: UInt8) -> Bool {
        UTF8Scanning.isASCIILetter(b) || UTF8Scanning.isDigit(b) || b == 0x27 || (b >= 0x80 && b != 0xE2)
    }
}
