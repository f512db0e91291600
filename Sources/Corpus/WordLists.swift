/// Small closed-class word lists used by the line classifier, looked up by a
/// packed key: up to 8 bytes of an ASCII-lower-cased word in a `UInt64`.
///
/// These are grammatical words, not furniture strings: they let the stripper
/// tell running prose (many function words) from menus, tag soup and headlines.
/// All lists live in one `WordTable`, so classifying a word costs one lookup.
enum WordLists {
    /// Packs up to 8 bytes into a key; `nil` for longer or empty words. Bytes are lower-cased (ASCII).
    static func key(_ word: some Collection<UInt8>) -> UInt64? {
        guard word.count <= 8, !word.isEmpty else { return nil }
        var k: UInt64 = 0
        for b in word { k = (k << 8) | UInt64(UTF8Scanning.lowercased(b)) }
        return k
    }

    /// Function words of English and a few other languages written in Latin script
    /// (articles, pronouns, auxiliaries, prepositions, conjunctions).
    static let function: UInt8 = 1
    /// Words that cannot end a sentence, so a line ending in one continues on the next line.
    static let continuation: UInt8 = 2
    /// Second-person pronouns: a line using them outside quotation marks addresses the reader.
    static let secondPerson: UInt8 = 4
    /// Reporting verbs: a line with one reports speech.
    static let reporting: UInt8 = 8
    /// Ordinal suffixes after a day number (`25th`).
    static let ordinalSuffix: UInt8 = 16
    /// Common top-level domains, for telling `rt.com` from sentences glued together (`region.Spokesperson`).
    static let topLevelDomain: UInt8 = 32

    /// The classes of every listed word.
    static let table: WordTable = {
        var table = WordTable()
        func add(_ words: String, _ flag: UInt8) {
            for w in words.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
                if let k = key(Array(w.utf8)) { table.insert(k, flag) }
            }
        }
        add("""
            a an the and or but nor so yet if then than that this these those there here it its it's
            is are was were be been being am has have had do does did will would shall should can could
            may might must not no of in on at by for with from to into onto upon about over under after
            before between through during against among within without as he she they we i you him her
            them us me my our your his their who whom whose which what when where why how all any some
            each every both either neither such only also very just more most other another up out off
            again once same too don't can't won't isn't aren't wasn't didn't doesn't i'm we're they're
            he's she's there's that's while because although though since until unless whether
            le la les un une des du de et est en que qui dans pour pas sur au aux par avec ce il elle ne se sont
            el los las y es por con para del lo como su al
            der die das und ist nicht ein eine zu den von mit sich des auf im dem
            di che non per una do da em os um uma
            """, function)
        add("""
            a an the and or but nor of to in on at by for with from into onto than that as about
            between after before over under through during against among within without whose which
            """, continuation)
        add("you your yours yourself you'll you're you've you'd", secondPerson)
        add("""
            said says say told tells stated added adds noted stressed urged warned
            according insisted claimed declared asserted remarked
            """, reporting)
        add("st nd rd th", ordinalSuffix)
        add("""
            com org net gov edu int mil info biz news io co uk cn ru de fr jp in pk tv me us ca au eu
            asia online site live today press media world ly be nl it es pl ch se no fi dk at ie nz za
            br mx ar kr tw hk sg my id ph vn th tr ir il ae sa qa eg ng ke ua by kz az am ge gr pt ro
            hu cz sk bg rs hr si lt lv ee
            """, topLevelDomain)
        return table
    }()

    /// The classes of the word with packed key `key` (0 when unlisted).
    @inline(__always)
    static func classes(_ key: UInt64) -> UInt8 { table.lookup(key) }
}
