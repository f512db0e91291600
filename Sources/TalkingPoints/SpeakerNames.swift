/// Comparison keys for person names and the corpus-wide name index.
///
/// Two spellings are the same name when their keys are equal: each word is
/// lowercased and stripped of everything but letters and digits, so
/// "Tsai Ing-wen" and "Tsai Ingwen" (scraped copy that lost its hyphens) match,
/// while "Wang Yi" and "Wang Wenbin" do not.
enum SpeakerNames {
    /// The key of one name word: lowercase letters and digits only.
    static func key(_ word: Substring) -> String {
        let utf8 = word.utf8
        guard utf8.allSatisfy({ $0 < 0x80 }) else {
            return String(String.UnicodeScalarView(word.lowercased().unicodeScalars.filter(ClauseTokenizer.isWordScalar)))
        }
        // ASCII: the same without Unicode tables.
        return String(unsafeUninitializedCapacity: utf8.count) { out in
            var n = 0
            for b in utf8 {
                let lower = b >= 0x41 && b <= 0x5A ? b | 0x20 : b
                if (lower >= 0x30 && lower <= 0x39) || (lower >= 0x61 && lower <= 0x7A) {
                    out[n] = lower
                    n += 1
                }
            }
            return n
        }
    }

    /// The key of one name word.
    static func key(_ word: String) -> String { key(word[...]) }

    /// The key of a whole name: its word keys joined by single spaces.
    static func key(words: [String]) -> String { words.map { key($0) }.joined(separator: " ") }

    /// The words of a name as stored in a ``Statement``.
    static func words(_ name: String) -> [String] {
        name.split(whereSeparator: { $0 == " " }).map(String.init)
    }

    /// Which of two spellings of the same name to show: the one with more
    /// UTF-8 bytes, since scraped copy loses hyphens and apostrophes but never
    /// adds them; on a tie, the one seen first.
    static func preferred(_ current: String, _ candidate: String) -> String {
        candidate.utf8.count > current.utf8.count ? candidate : current
    }
}

/// A name as written, with the comparison key of each word and of the whole
/// name (see ``SpeakerNames``), computed once.
struct NameWords: Sendable, Hashable {
    /// The words as written, one or more.
    let words: [String]
    /// `SpeakerNames.key` of each word.
    let keys: [String]
    /// `SpeakerNames.key(words:)`: the word keys joined by single spaces.
    let key: String

    init(_ words: [String]) {
        self.words = words
        keys = words.map { SpeakerNames.key($0) }
        key = keys.count == 1 ? keys[0] : keys.joined(separator: " ")
    }
}

/// The full names (two or more words) seen across a corpus, used to settle
/// speakers between documents: spellings of one name become one spelling, and
/// a bare surname that its own article never expanded becomes the full name
/// if exactly one full name in the corpus starts or ends with it.
///
/// - Complexity: `add` and `normalised` are O(1) per name (hash lookups on a
///   few words).
struct SpeakerNameIndex {
    private var display: [String: String] = [:]
    private var fullKeysByWord: [String: Set<String>] = [:]

    /// Records a full name: `words` are the words of `name`.
    mutating func add(fullName name: String, words: NameWords) {
        guard words.words.count >= 2 else { return }
        let key = words.key
        display[key] = display[key].map { SpeakerNames.preferred($0, name) } ?? name
        fullKeysByWord[words.keys.first!, default: []].insert(key)
        fullKeysByWord[words.keys.last!, default: []].insert(key)
    }

    /// The corpus-wide spelling of `name`: the preferred spelling of a full
    /// name; for a single word, the unique full name that starts or ends with
    /// it, or the word itself when there is none or more than one.
    func normalised(_ name: String) -> String {
        let words = SpeakerNames.words(name)
        if words.count >= 2 { return display[SpeakerNames.key(words: words)] ?? name }
        guard words.count == 1, let keys = fullKeysByWord[SpeakerNames.key(words[0])], keys.count == 1,
              let full = display[keys.first!] else { return name }
        return full
    }
}
