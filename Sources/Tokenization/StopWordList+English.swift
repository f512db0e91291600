extension StopWordList {
    /// The English stop list of the Glasgow Information Retrieval Group, as
    /// distributed with scikit-learn (`sklearn.feature_extraction.text.ENGLISH_STOP_WORDS`,
    /// taken from scikit-learn 1.9.1): 318 lowercase words.
    ///
    /// Using it makes term counts comparable with scikit-learn's
    /// `TfidfVectorizer(stop_words="english")`. Like scikit-learn, which warns
    /// that the list has "several known issues", note its quirks before relying
    /// on it for news text:
    ///
    /// - It removes ordinary content words: `bill`, `fire`, `system`, `interest`,
    ///   `cry`, `mill`, `thick`, `thin`, `call`, `name`, `side`, `part`, `top`,
    ///   `bottom`, `front`, `back`, `full`, `empty`, `move`, `show`, `describe`,
    ///   `detail`, `serious`, `sincere`, `find`, `found`, `give`, `keep`, `take`,
    ///   `made`, `done`, `see`, `put`.
    ///   Plural and inflected forms are not there (`systems`, `interests`), so a
    ///   word and its plural are treated differently.
    /// - It removes some number words but not others: `one`–`six`, `eight`–`twelve`,
    ///   `fifteen`, `twenty`, `forty`, `fifty`, `sixty`, `hundred`, `first`, `third`
    ///   are in; `seven`, `thirteen`, `thirty`, `second`, `thousand`, `million`
    ///   are not (scikit-learn issue #11154). "one China" keeps only "china".
    /// - It contains `us`: once tokens are lowercased, "US" (the United States)
    ///   is dropped as a stop word. Use `english.subtracting(["us"])` to keep it.
    /// - It contains the fragments `co`, `con`, `de`, `eg`, `ie`, `inc`, `ltd`,
    ///   `etc`, `re`, `un`, and the misspelling `amoungst` next to `amongst`.
    /// - It contains no contractions or their pieces (`don`, `t`, `s`, `isn't`),
    ///   and misses common verbs such as `did`, `does`, `doing`, `just` and
    ///   `shall`; scikit-learn's default token pattern drops one-letter tokens,
    ///   which hides some of these gaps there.
    /// - It does not contain `computer` or the misspelling `fify`, which the
    ///   related spaCy and Gensim lists carry.
    ///
    /// scikit-learn issue #10735 ("Remove \"system\" from ENGLISH_STOP_WORDS")
    /// discusses these anomalies; the list is kept as it is here for parity.
    ///
    /// All entries are lowercase; ``contains(_:)`` expects lowercased tokens.
    public static let english = StopWordList(englishWords)

    /// The words of ``english``, sorted.
    static let englishWords: [String] = [
        "a", "about", "above", "across", "after", "afterwards", "again", "against", "all", "almost",
        "alone", "along", "already", "also", "although", "always", "am", "among", "amongst", "amoungst",
        "amount", "an", "and", "another", "any", "anyhow", "anyone", "anything", "anyway", "anywhere",
        "are", "around", "as", "at",
        "back", "be", "became", "because", "become", "becomes", "becoming", "been", "before", "beforehand",
        "behind", "being", "below", "beside", "besides", "between", "beyond", "bill", "both", "bottom",
        "but", "by",
        "call", "can", "cannot", "cant", "co", "con", "could", "couldnt", "cry",
        "de", "describe", "detail", "do", "done", "down", "due", "during",
        "each", "eg", "eight", "either", "eleven", "else", "elsewhere", "empty", "enough", "etc", "even",
        "ever", "every", "everyone", "everything", "everywhere", "except",
        "few", "fifteen", "fifty", "fill", "find", "fire", "first", "five", "for", "former", "formerly",
        "forty", "found", "four", "from", "front", "full", "further",
        "get", "give", "go",
        "had", "has", "hasnt", "have", "he", "hence", "her", "here", "hereafter", "hereby", "herein",
        "hereupon", "hers", "herself", "him", "himself", "his", "how", "however", "hundred",
        "i", "ie", "if", "in", "inc", "indeed", "interest", "into", "is", "it", "its", "itself",
        "keep",
        "last", "latter", "latterly", "least", "less", "ltd",
        "made", "many", "may", "me", "meanwhile", "might", "mill", "mine", "more", "moreover", "most",
        "mostly", "move", "much", "must", "my", "myself",
        "name", "namely", "neither", "never", "nevertheless", "next", "nine", "no", "nobody", "none",
        "noone", "nor", "not", "nothing", "now", "nowhere",
        "of", "off", "often", "on", "once", "one", "only", "onto", "or", "other", "others", "otherwise",
        "our", "ours", "ourselves", "out", "over", "own",
        "part", "per", "perhaps", "please", "put",
        "rather", "re",
        "same", "see", "seem", "seemed", "seeming", "seems", "serious", "several", "she", "should", "show",
        "side", "since", "sincere", "six", "sixty", "so", "some", "somehow", "someone", "something",
        "sometime", "sometimes", "somewhere", "still", "such", "system",
        "take", "ten", "than", "that", "the", "their", "them", "themselves", "then", "thence", "there",
        "thereafter", "thereby", "therefore", "therein", "thereupon", "these", "they", "thick", "thin",
        "third", "this", "those", "though", "three", "through", "throughout", "thru", "thus", "to",
        "together", "too", "top", "toward", "towards", "twelve", "twenty", "two",
        "un", "under", "until", "up", "upon", "us",
        "very", "via",
        "was", "we", "well", "were", "what", "whatever", "when", "whence", "whenever", "where",
        "whereafter", "whereas", "whereby", "wherein", "whereupon", "wherever", "whether", "which",
        "while", "whither", "who", "whoever", "whole", "whom", "whose", "why", "will", "with", "within",
        "without", "would",
        "yet", "you", "your", "yours", "yourself", "yourselves",
    ]
}
