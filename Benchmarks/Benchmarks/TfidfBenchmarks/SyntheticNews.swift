import Foundation  // pow

/// A deterministic, news-like English corpus generated in memory.
///
/// Same seed and size, same texts, on every machine: the generator uses its own
/// SplitMix64 stream and no system word list. Word frequencies follow a
/// Zipf-Mandelbrot law over a function-word list and a vocabulary of invented
/// words; each article favours a handful of topic words and names, so terms cluster
/// in documents as they do in real news, and sentences carry capitals, commas,
/// numbers and quotations for the tokenizer to deal with.
struct SyntheticNews: Sendable {
    /// The article texts.
    let texts: [String]
    /// Total UTF-8 bytes of `texts`.
    let bytes: Int

    /// Generates articles of 300 to 800 words until `targetBytes` is reached.
    ///
    /// - Complexity: O(`targetBytes` × log V) for a vocabulary of V words.
    init(targetBytes: Int, seed: UInt64 = 0x5EED_CAFE) {
        var random = SplitMix64(seed: seed)
        let content = Self.inventedWords(count: 60_000, random: &random)
        let function = Zipf(count: Self.functionWords.count, exponent: 1.0, shift: 1.5)
        let zipf = Zipf(count: content.count, exponent: 1.07, shift: 2.7)
        var texts: [String] = []
        var bytes = 0
        while bytes < targetBytes {
            let topic = (0 ..< 20).map { _ in content[100 + random.below(content.count - 100) / 4] }
            let names = (0 ..< 3).map { _ in Self.capitalised(content[random.below(content.count)]) }
            let wordTarget = 300 + random.below(501)
            var paragraphs: [String] = []
            var words = 0
            while words < wordTarget {
                var sentences: [String] = []
                for _ in 0 ..< 3 + random.below(4) {
                    let length = 6 + random.below(23)
                    var sentence: [String] = []
                    sentence.reserveCapacity(length)
                    for position in 0 ..< length {
                        let roll = random.unit()
                        var word: String
                        if roll < 0.42 {
                            word = Self.functionWords[function.draw(&random)]
                        } else if roll < 0.55 {
                            word = topic[random.below(topic.count)]
                        } else if roll < 0.57 {
                            word = String(1 + random.below(2025))
                        } else if roll < 0.59 {
                            word = names[random.below(names.count)]
                        } else {
                            word = content[zipf.draw(&random)]
                        }
                        if position == 0 { word = Self.capitalised(word) }
                        if position < length - 1 && random.unit() < 0.05 { word += "," }
                        sentence.append(word)
                    }
                    var text = sentence.joined(separator: " ") + "."
                    if random.unit() < 0.15 {
                        text = "\"" + text.dropLast() + ",\" \(names[0]) said."
                    }
                    sentences.append(text)
                    words += length
                }
                paragraphs.append(sentences.joined(separator: " "))
            }
            let article = paragraphs.joined(separator: "\n\n")
            bytes += article.utf8.count
            texts.append(article)
        }
        self.texts = texts
        self.bytes = bytes
    }

    static let functionWords: [String] = """
        the of to and a in that is for it on was with he as said be at by his have from \
        are this not but had they has an were which its will their been who would she more \
        her there we also one all or up about out when can if so after no than them two \
        other some into over only new could first what people year last like our time just
        """.split(separator: " ").map(String.init)

    static func capitalised(_ word: String) -> String {
        word.prefix(1).uppercased() + word.dropFirst()
    }

    /// `count` distinct lowercase words built from syllables; shorter ones first.
    static func inventedWords(count: Int, random: inout SplitMix64) -> [String] {
        let onsets = ["b", "br", "c", "ch", "d", "dr", "f", "g", "gr", "h", "j", "k", "l", "m",
                      "n", "p", "pr", "r", "s", "sh", "st", "t", "th", "tr", "v", "w", "z", ""]
        let vowels = ["a", "e", "i", "o", "u", "ai", "ea", "ou", "ia", "y", "ei", "oa"]
        let codas = ["", "", "", "n", "r", "s", "l", "th", "k", "m", "nd", "rt", "sk", "x"]
        var seen = Set<String>()
        var words: [String] = []
        words.reserveCapacity(count)
        while words.count < count {
            let syllables = 1 + min(3, words.count / 3_000 + random.below(2))
            var word = ""
            for _ in 0 ..< syllables {
                word += onsets[random.below(onsets.count)] + vowels[random.below(vowels.count)]
                    + codas[random.below(codas.count)]
            }
            if word.utf8.count >= 2, seen.insert(word).inserted { words.append(word) }
        }
        return words
    }
}

/// Draws ranks 0 ..< count with probability proportional to 1 / (rank + 1 + shift)^exponent.
struct Zipf: Sendable {
    private let cumulative: [Double]

    init(count: Int, exponent: Double, shift: Double) {
        var total = 0.0
        cumulative = (1 ... count).map { rank in
            total += 1 / pow(Double(rank) + shift, exponent)
            return total
        }
    }

    /// - Complexity: O(log count).
    func draw(_ random: inout SplitMix64) -> Int {
        let target = random.unit() * cumulative[cumulative.count - 1]
        var low = 0
        var high = cumulative.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulative[middle] < target { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

/// Steele, Lea and Flood's SplitMix64: small, fast, and the same on every platform.
struct SplitMix64: Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// Uniform in 0 ..< bound (bound > 0); the slight modulo bias is irrelevant here.
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
