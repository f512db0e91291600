/// The word lists behind ``SpeakerAttributor``'s rules. All entries are
/// lowercase; lookups lowercase the word first.
///
/// The public lists (``SpeakerAttributor/defaultSpeechVerbs``,
/// ``SpeakerAttributor/defaultRoleNouns`` and
/// ``SpeakerAttributor/defaultNonPersonWords``) can be replaced or extended
/// through ``SpeakerAttributor``'s properties; the small closed-class lists here
/// (pronouns, determiners, adverbs that may sit between a subject and its
/// verb) are fixed.
enum AttributionLexicon {
    /// Words that may stand between a subject and its speech verb:
    /// "Wang *also* said", "Qin Gang *has* told", "the minister *further* said".
    static let interveningAdverbs: Set<String> = [
        "has", "have", "had", "also", "further", "again", "then", "later", "once", "repeatedly",
        "firmly", "strongly", "publicly", "previously", "earlier", "recently", "reportedly",
        "separately", "specifically", "particularly", "additionally", "clearly", "explicitly",
        "openly", "formally", "officially", "directly", "privately", "personally", "quickly",
        "immediately", "subsequently", "flatly", "sharply", "bluntly", "angrily",
        "solemnly", "emphatically", "categorically", "simply", "twice", "first", "himself", "herself",
    ]

    /// Time words that, after "on", may sit between a subject and its verb:
    /// "Wang Yi *on Sunday* called for …".
    static let dayWords: Set<String> = [
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "today", "tonight", "yesterday", "tomorrow", "weekend",
    ]

    /// Parts of the day after a day word ("on Wednesday *morning*").
    static let partsOfDay: Set<String> = ["morning", "afternoon", "evening", "night"]

    /// Words that open a subordinate clause: a speech verb after one of these
    /// reports what someone else said inside the writer's sentence, so it does
    /// not make the sentence that person's ("… *after* the island's leader
    /// confirmed …").
    static let subordinators: Set<String> = [
        "after", "before", "when", "whenever", "while", "as", "because", "since", "although", "though",
        "if", "unless", "until", "once", "whereas", "whether", "who", "which", "whom", "whose", "where",
    ]

    /// Determiners that make a role noun definite ("*the* spokesman").
    static let definiteDeterminers: Set<String> = ["the", "this", "that"]

    /// Determiners that make a role noun indefinite ("*a* foreign ministry spokesperson").
    static let indefiniteDeterminers: Set<String> = ["a", "an", "one", "another"]

    /// Lowercase words that may modify a role noun inside a title phrase
    /// ("Chinese *defense ministry* spokesman", "*top* Chinese diplomat").
    static let titleModifiers: Set<String> = [
        "foreign", "defense", "defence", "ministry", "national", "security", "state", "top", "senior",
        "deputy", "vice", "former", "chief", "press", "government", "military", "trade", "finance",
        "affairs", "health", "army", "party", "general", "assistant", "acting", "special", "prime",
        "first", "executive", "interim", "permanent", "and", "of", "to", "for", "the", "white", "house",
        "department", "office", "council", "commerce", "justice", "interior", "home", "energy", "economic",
        "economy", "presidential", "regional", "provincial", "local", "municipal", "federal", "embassy",
        "consulate", "cabinet", "communist", "central", "committee", "island",
        "de", "facto", "then", "current", "new", "incoming", "outgoing", "veteran",
    ]

    /// Honorifics before a name, with the gender they imply (when they do).
    static let honorifics: [String: Gender] = [
        "mr": .male, "mrs": .female, "ms": .female, "miss": .female, "madam": .female, "madame": .female,
        "sir": .male, "dame": .female, "dr": .unknown, "prof": .unknown, "professor": .unknown,
    ]

    /// Capitalised words that open sentences or are otherwise never part of a
    /// person's name: pronouns, determiners, conjunctions, prepositions,
    /// common adverbials, months and days.
    static let functionWords: Set<String> = [
        "a", "an", "the", "he", "she", "it", "we", "they", "i", "you", "his", "her", "its", "their", "our",
        "my", "your", "this", "that", "these", "those", "there", "here", "then", "thus", "but", "and", "or",
        "so", "yet", "nor", "in", "on", "at", "as", "by", "for", "from", "to", "with", "without", "of", "if",
        "when", "while", "after", "before", "since", "although", "though", "because", "however",
        "meanwhile", "moreover", "furthermore", "also", "still", "now", "today", "yesterday", "tomorrow",
        "earlier", "later", "last", "next", "some", "many", "most", "all", "both", "each", "every", "other",
        "others", "such", "no", "not", "what", "who", "whom", "whose", "why", "how", "where", "which",
        "according", "during", "under", "despite", "given", "regarding", "like", "share", "leave", "search",
        "download", "updated", "cover", "source", "read", "more", "watch", "listen", "photo", "video",
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
        "nov", "dec", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "officials", "analysts", "experts", "sources", "critics", "observers", "residents", "authorities",
        "reports", "media", "police", "people", "diplomats", "lawmakers", "ministers", "spokesmen",
    ]
}

/// What is known of a person's grammatical gender, from honorifics,
/// possessives ("for *his* part") and resolved pronouns.
enum Gender: Sendable, Hashable {
    case unknown, male, female

    /// Whether a pronoun of gender `pronoun` may refer to a person of this gender.
    func admits(_ pronoun: Gender) -> Bool {
        self == .unknown || pronoun == .unknown || self == pronoun
    }
}

extension SpeakerAttributor {
    /// The default speech verbs: finite forms (`said`, `says`, `told`, …) of
    /// verbs that report what someone said, wrote or declared, including the
    /// diplomatic-readout verbs wire copy uses (`lodged`, `urged`, `called`,
    /// `reiterated`, `hoped`, `agreed`). "made clear" is recognised as a phrase.
    public static let defaultSpeechVerbs: Set<String> = [
        "said", "says", "told", "tells", "stressed", "stresses", "noted", "notes", "reiterated", "reiterates",
        "added", "adds", "warned", "warns", "stated", "states", "urged", "urges", "called", "calls",
        "lodged", "lodges", "criticized", "criticised", "criticizes", "criticises", "confirmed", "confirms",
        "emphasized", "emphasised", "emphasizes", "emphasises", "reaffirmed", "reaffirms", "affirmed",
        "asked", "asks", "announced", "announces", "insisted", "insists", "declared", "declares",
        "explained", "explains", "argued", "argues", "claimed", "claims", "denied", "denies",
        "condemned", "condemns", "rejected", "rejects", "replied", "replies", "responded", "responds",
        "remarked", "wrote", "writes", "tweeted", "accused", "accuses", "demanded", "demands", "vowed",
        "vows", "pledged", "pledges", "hoped", "hopes", "agreed", "agrees", "expressed", "expresses",
        "voiced", "underlined", "underscored", "acknowledged", "admitted", "cautioned", "countered",
        "suggested", "proposed", "praised", "welcomed", "slammed", "blasted", "assured", "promised",
        "maintained", "observed", "commented", "highlighted", "recalled", "revealed", "disclosed",
        "predicted", "protested", "opposed", "objected", "dismissed", "conceded", "contended",
        "concluded", "continued", "answered", "briefed", "informed", "reminded", "signalled", "signaled",
    ]

    /// The default role nouns and the role each stands for. A title phrase
    /// before a name ("Foreign Ministry spokesman Wang Wenbin") gives the person
    /// these roles, and a later role noun ("the spokesperson") refers back to
    /// the most recent person with the same role. Spokesman, spokeswoman and
    /// spokesperson share one role.
    public static let defaultRoleNouns: [String: String] = [
        "spokesman": "spokesperson", "spokeswoman": "spokesperson", "spokesperson": "spokesperson",
        "minister": "minister", "secretary": "secretary", "president": "president", "premier": "premier",
        "chancellor": "chancellor", "ambassador": "ambassador", "envoy": "envoy", "diplomat": "diplomat",
        "councilor": "councilor", "councillor": "councilor", "leader": "leader", "chairman": "chair",
        "chairwoman": "chair", "chairperson": "chair", "adviser": "adviser", "advisor": "adviser",
        "official": "official", "director": "director", "commander": "commander", "general": "general",
        "governor": "governor", "senator": "senator", "mayor": "mayor", "lawmaker": "lawmaker",
        "legislator": "legislator", "congressman": "lawmaker", "congresswoman": "lawmaker",
        "representative": "representative", "king": "king", "queen": "queen", "prince": "prince",
        "prosecutor": "prosecutor", "judge": "judge", "analyst": "analyst", "expert": "expert",
        "researcher": "researcher", "scholar": "scholar", "professor": "professor", "executive": "executive",
        "ceo": "executive", "negotiator": "negotiator", "vice-president": "vice-president",
        "vice-premier": "vice-premier", "deputy": "deputy", "attache": "attache", "consul": "consul",
    ]

    /// The default words that are never (part of) a person's name: common
    /// countries and capitals used metonymically ("Beijing has warned"),
    /// demonyms, and the words of institutions, places and outlets ("Foreign
    /// Ministry", "United Nations", "Taiwan Strait"). A subject made only of
    /// such words (or of all-capital acronyms such as "US", "WHO") is not a
    /// person, so its statements are narration.
    public static let defaultNonPersonWords: Set<String> = [
        // Countries, capitals and regions that stand for governments.
        "china", "taiwan", "beijing", "taipei", "washington", "moscow", "russia", "kremlin", "ukraine", "kyiv",
        "kiev", "japan", "tokyo", "korea", "seoul", "pyongyang", "india", "delhi", "pakistan", "islamabad",
        "iran", "tehran", "israel", "jerusalem", "gaza", "syria", "damascus", "turkey", "ankara", "britain",
        "london", "france", "paris", "germany", "berlin", "europe", "brussels", "america", "canada", "ottawa",
        "australia", "canberra", "philippines", "manila", "vietnam", "hanoi", "indonesia", "jakarta",
        "italy", "rome", "hong", "kong", "macau", "macao", "tibet", "xinjiang", "fujian", "myanmar",
        "afghanistan", "kabul", "iraq", "baghdad", "egypt", "cairo", "africa", "asia", "pentagon", "vienna",
        "geneva", "singapore", "thailand", "bangkok", "malaysia", "mexico", "brazil", "spain", "madrid",
        "poland", "warsaw", "nato", "anchorage", "tianjin", "zurich", "bali", "mainland", "hawaii",
        // Demonyms and adjectives of place.
        "chinese", "american", "taiwanese", "russian", "japanese", "korean", "british", "french", "german",
        "european", "indian", "iranian", "israeli", "ukrainian", "australian", "canadian", "western",
        "eastern", "asian", "african", "soviet", "sino", "italian", "pakistani", "vietnamese", "filipino",
        // Institutions, places and outlets.
        "ministry", "department", "office", "council", "committee", "commission", "assembly", "organization",
        "organisation", "nations", "states", "state", "united", "republic", "kingdom", "union", "party",
        "government", "administration", "house", "congress", "senate", "parliament", "court", "army", "navy",
        "force", "forces", "agency", "bureau", "news", "times", "post", "press", "service", "university",
        "institute", "bank", "fund", "group", "association", "federation", "corporation", "company",
        "television", "radio", "network", "daily", "herald", "journal", "xinhua", "reuters", "sputnik",
        "cgtn", "cnn", "bbc", "foreign", "affairs", "defense", "defence", "health", "security", "national",
        "central", "peoples", "people", "communist", "democratic", "liberation", "strait", "sea", "island",
        "islands", "peninsula", "province", "city", "region", "county", "district", "summit", "resolution",
        "regulations", "point", "world", "international", "global", "white", "embassy", "consulate",
        "cabinet", "police", "military", "authority", "authorities", "twitter", "facebook",
        "weibo", "kuomintang", "trends", "link", "reply",
    ]
}
