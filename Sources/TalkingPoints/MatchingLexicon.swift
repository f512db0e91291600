import Tokenization

/// Word lists used when matching passages.
enum MatchingLexicon {
    /// Function words: articles, prepositions, conjunctions, pronouns and
    /// auxiliaries. Matching them counts little, skipping them costs little.
    /// Deliberately smaller than the English stop list, which also holds
    /// words that carry talking points ("only", "one", "part", "firm").
    static let functionWords: StopWordList = [
        "a", "an", "the", "and", "or", "but", "nor", "of", "in", "on", "at", "to", "for", "from", "by", "with",
        "about", "as", "into", "onto", "over", "under", "between", "against", "during", "without", "within",
        "through", "than", "that", "this", "these", "those", "it", "its", "is", "are", "was", "were", "be", "been",
        "being", "has", "have", "had", "do", "does", "did", "will", "would", "shall", "should", "can", "could",
        "may", "might", "must", "he", "she", "they", "we", "i", "you", "his", "her", "their", "our", "your", "him",
        "them", "me", "my", "who", "whom", "which", "what", "there", "here", "not", "so", "if", "then", "also",
        "very", "such", "said", "says", "say", "told", "added", "noted", "stressed", "stated",
    ]

    /// Reporting verbs: a matched passage never spans one, so the attribution
    /// formula ("…, the prime minister said …") is not taken for a repeated line.
    static let reportingVerbs: Set<String> = [
        "said", "says", "say", "told", "tells", "added", "adds", "noted", "notes", "stressed", "stresses", "stated",
        "states", "warned", "warns", "reiterated", "reiterates", "according",
    ]

    /// Role and office words: a passage made only of these and capitalised
    /// names ("Chinese Foreign Ministry spokesman", "Foreign Minister Qin
    /// Gang") describes who speaks, not what is said.
    static let roleWords: Set<String> = [
        "spokesman", "spokeswoman", "spokesperson", "spokespersons", "minister", "ministers", "ministry", "secretary",
        "president", "vice", "ambassador", "councilor", "councillor", "chancellor", "premier", "leader", "leaders",
        "official", "officials", "foreign", "defense", "defence", "state", "deputy", "chief", "general", "government",
        "department", "office", "spokesmen", "diplomat", "diplomats", "envoy", "representative", "senator", "governor",
        "executive", "executives", "chairman", "chairwoman", "chair", "director", "directors", "head", "analyst", "analysts",
        "economist", "economists", "professor", "founder", "manager", "officer", "lawyer", "researcher", "researchers",
        "commissioner", "mayor", "adviser", "advisor", "secretary-general", "lawmaker", "lawmakers", "member", "members",
        "board", "committee", "agency", "ministers", "presidents", "opposition", "party", "spokespeople", "source", "sources",
    ]
}
