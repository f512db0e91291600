import Corpus
import LinearAlgebra
import Tokenization

/// Finds who said each sentence of a news article: a direct quotation, reported
/// speech or the writer's narration, and the speaker's normalised full name.
///
/// Wire copy attributes statements in a handful of fixed forms; the attributor
/// recognises them with word lists and local patterns, sentence by sentence,
/// then resolves names, role nouns and pronouns in article order. The rules are
/// heuristics, general to English news copy (no article-specific strings).
///
/// ## Sentences and quotations
///
/// Sentences come from `SentenceSplitter` (glued sentences, abbreviations and
/// attributions after quotations handled there). Every sentence of the
/// document yields exactly one ``Statement``, in order, whose `text` is the
/// exact slice of `Document.text` at `byteRange`; furniture lines and the
/// title line are statements too (normally narration).
///
/// Quotation marks are straight or curly, double or single; apostrophes inside
/// words ("China’s") and plural possessives ("US’") are not quotation marks.
/// A quotation may run over several sentences of one paragraph (a line break
/// closes it).
///
/// ## Attribution clauses
///
/// Outside quotation marks, the first of these forms with a person-like
/// subject attributes the sentence:
///
/// - **Subject, then speech verb**: `X said`, `X told a briefing`,
///   `X stressed/noted/reiterated/added/warned/stated/urged/called/lodged/
///   criticized/confirmed …` (see ``defaultSpeechVerbs``; "made clear" too),
///   anywhere in the sentence: `"…," X said.`, `…, X said.` (no quotation
///   marks), `X said on Thursday that …`, `During the meeting, X lodged …`.
///   Between subject and verb may stand adverbs and auxiliaries ("also",
///   "further", "has"), "on Sunday (morning)", and a comma-delimited
///   parenthetical ("Blinken, *for his part,* reiterated").
/// - **Speech verb, then subject**, after a comma or closing quotation mark:
///   `"…," said Zhao.`, `"…," said a spokesperson for the ministry.`
/// - **According to**: `According to X, …` and `…, according to X.`
///
/// A clause inside a subordinate clause (after "after", "when", "because",
/// "who", …) does not attribute the sentence: "… after the island's leader
/// confirmed …" stays the writer's.
///
/// The subject is a person reference:
///
/// - **a name**: one to three capitalised words that are not function words,
///   role nouns or non-person words (``defaultNonPersonWords``: places used
///   for governments such as "Beijing", demonyms, institution words such as
///   "Ministry"), optionally after a title phrase ("Chinese State Councilor and
///   Foreign Minister Wang Yi", "US Secretary of State Antony Blinken") whose
///   role nouns (``defaultRoleNouns``) become the person's roles. A run of four
///   or more such words is not a name;
/// - **a role noun phrase**: "the spokesman", "the Chinese foreign minister",
///   "a foreign ministry spokesperson";
/// - **"he" or "she"** ("him"/"her" after "according to").
///
/// Institutions and places are never speakers: "Beijing has warned …" and
/// "The Chinese Foreign Ministry said …" are narration, with `speaker` `nil`.
/// Plural subjects ("officials said", "they agreed") are narration too.
///
/// ## Kinds
///
/// A sentence is a ``StatementKind/quote`` when it begins inside a quotation
/// opened by an earlier sentence, when it begins with a quotation that is its
/// statement (`"…," he said`, not a scare quote such as `"Taiwan
/// independence" forces …`), or when its speech verb is followed by a
/// quotation that runs to its end (`He added: "…"`). Otherwise it is
/// ``StatementKind/reported`` when it has an attribution clause (partial
/// quotations inside reported speech stay reported: `X told Y that America
/// should "show respect"`), and ``StatementKind/narration`` when it has none.
///
/// ## Who is the speaker
///
/// - Sentences of one multi-sentence quotation share its attribution, found in
///   whichever of its sentences carries it (first, last or middle).
/// - With ``continuesUnattributedQuotations``, a quotation without any
///   attribution goes to the speaker of the sentence right before it (wire
///   copy continues a speaker's quotation in the next paragraph). A quotation
///   with a speech verb whose subject is not a person (`"…," the ministry
///   said.`) is attributed, to no one, and does not inherit.
/// - With ``recoversStrippedQuotations``, in a document without any double
///   quotation mark (scraped copy that lost them), a narration sentence that
///   names no one and is directly followed, in the same paragraph, by a
///   sentence with a trailing attribution (`…, Zhao said.`) is reported speech
///   of that sentence's speaker: it was the first sentence of a lost
///   two-sentence quotation.
/// - With ``usesDocumentSpeaker``, the narration of a document that names its
///   own speaker (`Document.speaker`, e.g. a statement or transcript) is quoted
///   speech of that speaker.
///
/// References resolve within the article (see the person rules below) and,
/// for the corpus overload, across articles:
///
/// - a full name is normalised to one spelling per article and per corpus (the
///   longest, so "Tsai Ing-wen" wins over the stripped "Tsai Ingwen");
/// - a bare name word ("Zhao", "Blinken", "Wang") is the person most recently
///   mentioned in the article whose name starts or ends with it, else the first
///   such full name later in the article (a headline's "Qin"), else, across the
///   corpus, the only full name in the corpus that starts or ends with it; when
///   there are several ("Wang" → "Wang Yi" or "Wang Wenbin") the bare word is
///   kept, so different people are never merged;
/// - a definite role noun ("the spokesman", "the minister") is the person most
///   recently mentioned with that role (spokesman, spokeswoman and
///   spokesperson are one role), else one named with it within the next
///   ``forwardReferenceWindow`` sentences; an indefinite one ("a
///   spokesperson") only looks forward;
/// - "he"/"she" is the most recent speaker whose gender (learnt from
///   honorifics, "for his part" and earlier pronouns) does not contradict it,
///   else the most recently mentioned such person.
///
/// People are also *mentioned* without speaking: after a title or honorific
/// ("US Ambassador to the United Nations Kelly Craft", "Mr Zhao") or as a
/// hyphenated given name ("Tsai Ing-wen"). A mention makes a person available
/// to later references but never makes them the speaker of the sentence that
/// mentions them: "Tsai Ing-wen became the first president …" is narration.
///
/// When a reference cannot be resolved (an unnamed "diplomat", a pronoun with
/// no antecedent) the statement keeps its kind and has a `nil` speaker.
///
/// - Complexity: O(*n*) per document of *n* UTF-8 bytes: one sentence split,
///   one tokenising pass per sentence, pattern checks that look a bounded
///   number of tokens around each candidate word, and hash lookups (plus a
///   bounded history scan) per reference. The corpus overload adds O(1) per
///   statement.
public struct SpeakerAttributor: Sendable {
    /// Splits documents into sentences.
    public var splitter: SentenceSplitter
    /// Lowercase finite speech verbs ("said", "told", "stressed", …).
    public var speechVerbs: Set<String>
    /// Lowercase role nouns and the role each stands for ("spokesman" → "spokesperson").
    public var roleNouns: [String: String]
    /// Lowercase words that are never part of a person's name: places,
    /// demonyms, institution words.
    public var nonPersonWords: Set<String>
    /// How many sentences ahead a role noun may look for the person it names.
    /// Default 2.
    public var forwardReferenceWindow: Int
    /// Give an unattributed quotation the speaker of the sentence before it.
    /// Default `true`.
    public var continuesUnattributedQuotations: Bool
    /// In documents without double quotation marks, attribute a narration
    /// sentence to the trailing attribution of the next sentence. Default `true`.
    public var recoversStrippedQuotations: Bool
    /// Treat the narration of a document with a `speaker` as that speaker's
    /// quotation. Default `true`.
    public var usesDocumentSpeaker: Bool

    /// Creates an attributor.
    ///
    /// - Precondition: `forwardReferenceWindow >= 0`.
    /// - Complexity: O(1); the word lists are stored as given.
    public init(splitter: SentenceSplitter = SentenceSplitter(),
                speechVerbs: Set<String> = SpeakerAttributor.defaultSpeechVerbs,
                roleNouns: [String: String] = SpeakerAttributor.defaultRoleNouns,
                nonPersonWords: Set<String> = SpeakerAttributor.defaultNonPersonWords,
                forwardReferenceWindow: Int = 2,
                continuesUnattributedQuotations: Bool = true,
                recoversStrippedQuotations: Bool = true,
                usesDocumentSpeaker: Bool = true) {
        precondition(forwardReferenceWindow >= 0, "forwardReferenceWindow must not be negative")
        self.splitter = splitter
        self.speechVerbs = speechVerbs
        self.roleNouns = roleNouns
        self.nonPersonWords = nonPersonWords
        self.forwardReferenceWindow = forwardReferenceWindow
        self.continuesUnattributedQuotations = continuesUnattributedQuotations
        self.recoversStrippedQuotations = recoversStrippedQuotations
        self.usesDocumentSpeaker = usesDocumentSpeaker
    }

    /// Every sentence of `document`, once and in order, with its speaker and
    /// kind. Speakers are normalised within the document only; use
    /// ``statements(in:)-([Document])`` to normalise across a corpus.
    ///
    /// - Complexity: O(*n*) in the UTF-8 length of `document.text`.
    public func statements(in document: Document) -> [Statement] {
        var run = AttributedRun()
        attribute(document, patterns: patterns, into: &run, tokens: ClauseTokenBuffer())
        return [Statement](unsafeUninitializedCapacity: run.sentences.count) { buffer, initialized in
            run.emit([document], into: buffer.baseAddress!) { $0 }
            initialized = run.sentences.count
        }
    }

    /// Every sentence of every document, document by document and in order,
    /// with speakers normalised across the corpus: one spelling per full name,
    /// and bare surnames resolved to the corpus's only full name with that
    /// surname, when there is exactly one.
    ///
    /// Documents are attributed on up to `threads` threads, in contiguous
    /// runs of about equal UTF-8 length merged in order, so the result does
    /// not depend on `threads`. Each statement is built once, in place.
    ///
    /// - Complexity: O(*N*) in the total UTF-8 length of the documents.
    public func statements(in documents: [Document], threads: Int = 1) -> [Statement] {
        let runs = Self.runs(of: documents, count: threads > 1 ? threads * 8 : 1)
        let patterns = self.patterns
        let attributed = Parallel.map(runs.count, threads: threads) { r in
            var run = AttributedRun()
            let tokens = ClauseTokenBuffer()
            for d in runs[r] { attribute(documents[d], patterns: patterns, into: &run, tokens: tokens) }
            return run
        }
        var names = SpeakerNameIndex()
        for run in attributed {
            for full in run.fullNames { names.add(fullName: full.display, words: full.name) }
        }
        let index = names
        var starts = [0]
        for run in attributed { starts.append(starts.last! + run.sentences.count) }
        let offsets = starts, total = starts.last!
        return [Statement](unsafeUninitializedCapacity: total) { buffer, initialized in
            let output = DisjointWriteBuffer(buffer)
            Parallel.forEach(attributed.count, threads: threads) { r in
                attributed[r].emit(documents[runs[r]], into: output.base + offsets[r], normalise: index.normalised)
            }
            initialized = total
        }
    }

    // MARK: - One document

    private var patterns: AttributionPatterns {
        AttributionPatterns(speechVerbs: speechVerbs, roleNouns: roleNouns, nonPersonWords: nonPersonWords)
    }

    /// Contiguous runs of `documents`, about `count` of them, of about equal
    /// UTF-8 length (each document also counts a few bytes, so runs of empty
    /// documents are bounded too).
    static func runs(of documents: [Document], count: Int) -> [Range<Int>] {
        let overhead = 64
        let total = documents.reduce(0) { $0 + $1.text.utf8.count + overhead }
        var runs: [Range<Int>] = []
        var start = 0, sum = 0
        for (d, document) in documents.enumerated() {
            sum += document.text.utf8.count + overhead
            if sum * count >= total * (runs.count + 1) {
                runs.append(start ..< d + 1)
                start = d + 1
            }
        }
        if start < documents.count { runs.append(start ..< documents.count) }
        return runs
    }

    /// Attributes the sentences of one document and appends them, their
    /// speakers' names as resolved in the document, and the full names it
    /// mentions to `run`. `tokens` is scratch room.
    func attribute(_ document: Document, patterns: AttributionPatterns, into run: inout AttributedRun,
                   tokens: ClauseTokenBuffer) {
        var text = document.text  // `withUTF8` needs a mutable string; a native one is not copied
        text.withUTF8 { bytes in
            let sentences = splitter.sentenceByteRanges(in: bytes)
            let (analyses, quoted) = analyse(sentences, in: bytes, patterns: patterns, tokens: tokens)
            attribute(document, sentences: sentences, analyses: analyses, hasDoubleQuotationMark: quoted, into: &run)
        }
    }

    /// Resolves the speakers of the analysed sentences of one document and
    /// appends the result to `run`.
    private func attribute(_ document: Document, sentences: [Range<Int>], analyses: [SentenceAnalysis],
                           hasDoubleQuotationMark: Bool, into run: inout AttributedRun) {
        let n = analyses.count
        var people = ArticleSpeakers(analyses: analyses, forwardWindow: forwardReferenceWindow)
        var speakers = [Int?](repeating: nil, count: n)
        var kinds = [StatementKind](repeating: .narration, count: n)
        var attributed = [Bool](repeating: false, count: n)

        var blockStart = 0
        while blockStart < n {
            var blockEnd = blockStart + 1
            while blockEnd < n, analyses[blockEnd].startsInsideQuotation { blockEnd += 1 }
            for s in blockStart ..< blockEnd {
                let analysis = analyses[s]
                let attribution = analysis.attribution
                let subjectPosition = attribution?.position ?? Int.max
                for m in analysis.mentions where m.position < subjectPosition { people.mention(m, sentence: s) }
                if let attribution {
                    let id = people.resolve(attribution, sentence: s)
                    if let id { people.recordSpeaker(id) }
                    speakers[s] = id
                    attributed[s] = true
                }
                for m in analysis.mentions where m.position > subjectPosition { people.mention(m, sentence: s) }
                kinds[s] = analysis.isQuotation ? .quote : attribution != nil ? .reported : .narration
            }
            // One quotation over several sentences: one speaker.
            if let source = (blockStart ..< blockEnd).first(where: { attributed[$0] }) {
                for s in blockStart ..< blockEnd where !attributed[s] {
                    speakers[s] = speakers[source]
                    attributed[s] = true
                }
            } else if continuesUnattributedQuotations, kinds[blockStart] == .quote, blockStart > 0,
                      !analyses[blockStart ..< blockEnd].contains(where: \.hasSpeechClause),
                      let previous = speakers[blockStart - 1] {
                for s in blockStart ..< blockEnd {
                    speakers[s] = previous
                    attributed[s] = true
                }
                people.recordSpeaker(previous)
            }
            blockStart = blockEnd
        }

        if recoversStrippedQuotations, n > 1, !hasDoubleQuotationMark {
            for s in 0 ..< n - 1 where kinds[s] == .narration && analyses[s].mentions.isEmpty {
                let next = analyses[s + 1]
                guard !next.startsParagraph, next.attribution?.isTrailing == true, kinds[s + 1] == .reported,
                      let speaker = speakers[s + 1] else { continue }
                speakers[s] = speaker
                kinds[s] = .reported
            }
        }

        // Speaker names go to the run; sentences point at them by index.
        let base = run.speakers.count
        run.speakers.append(contentsOf: people.people.lazy.map(\.display))
        var declared: Int32 = -1
        if usesDocumentSpeaker, let name = document.speaker.flatMap(trimmedSpeaker) {
            declared = Int32(run.speakers.count)
            run.speakers.append(name)
        }
        run.sentences.append(contentsOf: sentences)
        for s in 0 ..< n {
            if kinds[s] == .narration {
                run.speakerIndices.append(declared)
                run.kinds.append(declared >= 0 ? .quote : .narration)
            } else {
                run.speakerIndices.append(speakers[s].map { Int32(base + $0) } ?? -1)
                run.kinds.append(kinds[s])
            }
        }
        run.documentEnds.append(run.sentences.count)
        run.fullNames.append(contentsOf: people.fullNames)
        if declared >= 0 {
            let name = run.speakers[Int(declared)]
            let words = SpeakerNames.words(name)
            if words.count >= 2 { run.fullNames.append((name, NameWords(words))) }
        }
    }

    /// Tokenises each sentence, carrying open quotations from one sentence to
    /// the next within a paragraph, and applies the per-sentence rules. Also
    /// says whether the text holds any double quotation mark (every
    /// non-whitespace byte lies in a sentence, so the tokenizer sees them all).
    private func analyse(_ sentences: [Range<Int>], in bytes: UnsafeBufferPointer<UInt8>, patterns: AttributionPatterns,
                         tokens: ClauseTokenBuffer) -> (analyses: [SentenceAnalysis], hasDoubleQuotationMark: Bool) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(1, patterns.longestListedWord)) { scratch in
            let tokenizer = ClauseTokenizer(bytes: bytes, patterns: patterns, scratch: scratch.baseAddress!)
            var analyses: [SentenceAnalysis] = []
            analyses.reserveCapacity(sentences.count)
            var quotation = QuotationState()
            var quoted = false
            var previousEnd = 0
            for sentence in sentences {
                let startsParagraph = analyses.isEmpty || containsLineBreak(bytes, previousEnd ..< sentence.lowerBound)
                if startsParagraph { quotation = QuotationState() }
                let startsInside = quotation.isInside
                if tokenizer.tokens(of: sentence, state: &quotation, into: tokens) { quoted = true }
                analyses.append(patterns.analyse(tokens.tokens, bytes: bytes, startsParagraph: startsParagraph,
                                                 startsInsideQuotation: startsInside))
                previousEnd = sentence.upperBound
            }
            return (analyses, quoted)
        }
    }
}

/// The attributed sentences of a run of consecutive documents, before
/// speakers are normalised across the corpus: per sentence its byte range,
/// kind and speaker (an index into `speakers`).
struct AttributedRun: Sendable {
    var sentences: [Range<Int>] = []
    var kinds: [StatementKind] = []
    /// Per sentence: the index of its speaker in `speakers`, or -1 for none.
    var speakerIndices: [Int32] = []
    /// The people of each document, by their names in that document (and
    /// each document's declared speaker).
    var speakers: [String] = []
    /// Per document: the end of its sentences in `sentences`.
    var documentEnds: [Int] = []
    /// The full names the documents mention, in order, with their words.
    var fullNames: [(display: String, name: NameWords)] = []

    /// Initialises `output[0 ..< sentences.count]` with the statements of
    /// `documents` (the run's documents, in order), each speaker's name
    /// passed through `normalise` once.
    func emit(_ documents: some Collection<Document>, into output: UnsafeMutablePointer<Statement>,
              normalise: (String) -> String) {
        var normalised = [String?](repeating: nil, count: speakers.count)
        // Documents of a run share speakers: normalise each distinct name once.
        var memo: [String: String] = [:]
        var s = 0
        for (document, end) in zip(documents, documentEnds) {
            var text = document.text
            text.withUTF8 { bytes in
                while s < end {
                    var speaker: String?
                    let index = Int(speakerIndices[s])
                    if index >= 0 {
                        if normalised[index] == nil {
                            let name = speakers[index]
                            if let known = memo[name] {
                                normalised[index] = known
                            } else {
                                let found = normalise(name)
                                memo[name] = found
                                normalised[index] = found
                            }
                        }
                        speaker = normalised[index]
                    }
                    let range = sentences[s]
                    let sentence = String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
                    (output + s).initialize(to: Statement(documentID: document.id, speaker: speaker, text: sentence,
                                                          byteRange: range, date: document.date,
                                                          source: document.source, kind: kinds[s]))
                    s += 1
                }
            }
        }
    }
}

/// Whether `bytes[range]` holds a line break (LF, CR, VT, FF, NEL, U+2028, U+2029).
private func containsLineBreak(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
    var previous: UInt8 = 0, beforePrevious: UInt8 = 0
    for i in range {
        let b = bytes[i]
        if (0x0A ... 0x0D).contains(b) { return true }
        if previous == 0xC2 && b == 0x85 { return true }
        if beforePrevious == 0xE2 && previous == 0x80 && (b == 0xA8 || b == 0xA9) { return true }
        beforePrevious = previous
        previous = b
    }
    return false
}

/// A declared speaker with surrounding whitespace removed; `nil` when empty.
private func trimmedSpeaker(_ name: String) -> String? {
    let words = name.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
    return words.isEmpty ? nil : words.joined(separator: " ")
}
