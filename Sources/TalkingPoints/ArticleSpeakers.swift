/// The people of one article, and how references to them resolve.
///
/// Fed the sentences in order, it keeps every person named so far, the most
/// recent person mentioned per name word (first and last) and per role, and
/// the history of speakers, so that:
///
/// - a full name ("Zhao Lijian") is one person whatever its spelling variant;
/// - a bare name word ("Zhao", "Blinken") is the most recently mentioned
///   person whose name starts or ends with it; failing that, the first full
///   name later in the article that does; failing that, a person known only by
///   that word;
/// - a definite role noun ("the spokesman") is the most recently mentioned
///   person with that role; failing that, one named with that role within the
///   next few sentences;
/// - an indefinite role noun ("a foreign ministry spokesperson") introduces
///   someone, so it looks only forward, to a person named with that role within
///   the next few sentences ("… a spokesperson said on Thursday. Spokesperson
///   Zhao Lijian made the remarks …");
/// - "he"/"she" is the most recent speaker whose known gender does not
///   contradict it, else the most recently mentioned such person.
///
/// - Complexity: O(1) per mention or reference (hash lookups, at most
///   ``historyLimit`` history entries, a bounded forward window), plus a
///   binary search over the article's full names for a bare name seen before
///   any full name it could stand for.
struct ArticleSpeakers {
    struct Person {
        var name: NameWords
        var display: String
        var roles = RoleSet()
        var gender = Gender.unknown
    }

    /// How far back pronouns look, in speakers and in mentions.
    static let historyLimit = 32

    private(set) var people: [Person] = []
    private var idByKey: [String: Int] = [:]
    private var recentByWord: [String: Int] = [:]
    private var recentByRole: [Int: Int] = [:]
    private var speakerHistory: [Int] = []
    private var mentionHistory: [Int] = []
    /// Full names by first and last word key: (sentence, name), in text order.
    private let fullNamesByWord: [String: [(sentence: Int, name: NameWords)]]
    private let analyses: [SentenceAnalysis]
    private let window: Int

    init(analyses: [SentenceAnalysis], forwardWindow: Int) {
        self.analyses = analyses
        self.window = forwardWindow
        var byWord: [String: [(sentence: Int, name: NameWords)]] = [:]
        func add(_ name: NameWords, _ s: Int) {
            guard name.words.count >= 2 else { return }
            byWord[name.keys.first!, default: []].append((s, name))
            if name.keys.last! != name.keys.first! { byWord[name.keys.last!, default: []].append((s, name)) }
        }
        for (s, analysis) in analyses.enumerated() {
            for m in analysis.mentions { add(m.tokens, s) }
            if case .name(let name)? = analysis.attribution?.reference { add(name, s) }
        }
        fullNamesByWord = byWord
    }

    /// The people with full names, in order of appearance: each one's
    /// display name and the words of their name.
    var fullNames: [(display: String, name: NameWords)] {
        people.filter { $0.name.words.count >= 2 }.map { ($0.display, $0.name) }
    }

    func name(of id: Int) -> String { people[id].display }

    /// Registers a named person.
    @discardableResult
    mutating func mention(_ m: NameMention, sentence: Int) -> Int {
        mention(m.tokens, roles: m.roles, gender: m.gender, sentence: sentence)
    }

    private mutating func mention(_ name: NameWords, roles: RoleSet, gender: Gender, sentence: Int) -> Int {
        let id = name.words.count >= 2 ? person(fullName: name) : person(word: name, sentence: sentence)
        people[id].roles.formUnion(roles)
        if people[id].gender == .unknown { people[id].gender = gender }
        touch(id)
        return id
    }

    /// Resolves an attribution's reference in sentence `sentence`; `nil` when
    /// no person fits.
    mutating func resolve(_ attribution: Attribution, sentence: Int) -> Int? {
        let id: Int?
        switch attribution.reference {
        case .name(let name):
            id = mention(name, roles: attribution.roles, gender: attribution.gender, sentence: sentence)
        case .role(let role, let definite):
            if definite, let recent = recentByRole[role] {
                touch(recent)
                id = recent
            } else {
                id = forward(role: role, from: sentence, after: attribution.position)
            }
        case .pronoun(let gender):
            id = pronoun(gender)
            if let id, people[id].gender == .unknown { people[id].gender = gender }
            if let id { touch(id) }
        }
        if let id, people[id].gender == .unknown { people[id].gender = attribution.gender }
        return id
    }

    /// Records that `id` spoke, for later pronouns.
    mutating func recordSpeaker(_ id: Int) { speakerHistory.append(id) }

    // MARK: Lookups

    private mutating func person(fullName name: NameWords) -> Int {
        let key = name.key
        if let id = idByKey[key] {
            // `SpeakerNames.preferred`, without joining a spelling that loses.
            let length = name.words.reduce(name.words.count - 1) { $0 + $1.utf8.count }
            if length > people[id].display.utf8.count { people[id].display = name.words.joined(separator: " ") }
            return id
        }
        let display = name.words.joined(separator: " ")
        people.append(Person(name: name, display: display))
        idByKey[key] = people.count - 1
        return people.count - 1
    }

    private mutating func person(word name: NameWords, sentence: Int) -> Int {
        let key = name.key
        if let id = recentByWord[key] { return id }
        if let later = fullNamesByWord[key], let index = firstIndex(in: later, atOrAfter: sentence) {
            return person(fullName: later[index].name)
        }
        if let id = idByKey[key] { return id }
        people.append(Person(name: name, display: name.words[0]))
        idByKey[key] = people.count - 1
        return people.count - 1
    }

    /// Binary search for the first entry in sentence `sentence` or later.
    private func firstIndex(in list: [(sentence: Int, name: NameWords)], atOrAfter sentence: Int) -> Int? {
        var low = 0, high = list.count
        while low < high {
            let mid = (low + high) / 2
            if list[mid].sentence < sentence { low = mid + 1 } else { high = mid }
        }
        return low < list.count ? low : nil
    }

    private mutating func forward(role: Int, from sentence: Int, after position: Int) -> Int? {
        guard window >= 0 else { return nil }
        for s in sentence ... min(sentence + window, analyses.count - 1) {
            for m in analyses[s].mentions where m.roles.contains(role) && (s > sentence || m.position > position) {
                return mention(m, sentence: s)
            }
        }
        return nil
    }

    private func pronoun(_ gender: Gender) -> Int? {
        for id in speakerHistory.reversed().prefix(Self.historyLimit) where people[id].gender.admits(gender) {
            return id
        }
        for id in mentionHistory.reversed().prefix(Self.historyLimit) where people[id].gender.admits(gender) {
            return id
        }
        return nil
    }

    private mutating func touch(_ id: Int) {
        let keys = people[id].name.keys
        recentByWord[keys.first!] = id
        recentByWord[keys.last!] = id
        people[id].roles.forEach { recentByRole[$0] = id }
        mentionHistory.append(id)
    }
}
