import Corpus
import Foundation
import LinearAlgebra

/// Options for `TalkingPointFinder`.
public struct TalkingPointConfiguration: Sendable, Hashable {
    /// How passages are matched.
    public var nearDuplicates: NearDuplicateConfiguration
    /// Average-linkage threshold for grouping passages (0...1). Default 0.3.
    public var groupThreshold: Double
    /// Fewest distinct named speakers for a cross-speaker talking point. Default 2.
    public var minimumSpeakers: Int
    /// Fewest documents for a talking point. Default 2.
    public var minimumDocuments: Int
    /// Use only quotations and reported speech, no narration. Default `false`.
    public var quotedOnly: Bool

    /// Creates a configuration.
    public init(nearDuplicates: NearDuplicateConfiguration = NearDuplicateConfiguration(), groupThreshold: Double = 0.3,
                minimumSpeakers: Int = 2, minimumDocuments: Int = 2, quotedOnly: Bool = false) {
        self.nearDuplicates = nearDuplicates
        self.groupThreshold = groupThreshold
        self.minimumSpeakers = minimumSpeakers
        self.minimumDocuments = minimumDocuments
        self.quotedOnly = quotedOnly
    }
}

/// The talking points of a corpus.
public struct TalkingPointAnalysis: Sendable, Hashable, Codable {
    /// Lines repeated by at least `minimumSpeakers` named speakers in at least
    /// `minimumDocuments` documents, ranked by speakers, then outlets, then documents.
    public var talkingPoints: [TalkingPoint]
    /// Other repeated lines with a named speaker: one speaker repeating
    /// themselves, or repeats inside one article.
    public var repeats: [TalkingPoint]
}

/// Finds talking points: passages that several statements share, grouped
/// without chaining, with who said them, where and when.
///
/// 1. `NearDuplicateFinder` matches passages between statements (candidate
///    shingles, local alignment, similarity threshold).
/// 2. Matched passages of one statement that overlap by half or more become
///    one passage; a statement can hold several talking points.
/// 3. Passages are grouped by average linkage over the match similarities
///    (a missing match counts 0): two groups merge only while their mean
///    pairwise similarity is at least `groupThreshold`, so a chain of
///    pairwise matches cannot glue unrelated lines into one megacluster.
/// 4. The canonical phrase is the part of the most central passage that at
///    least half of its matches cover.
///
/// Groups whose passages no one is said to have said are left out (they are
/// found by `RecurringPhraseFinder`).
public struct TalkingPointFinder: Sendable {
    /// The options.
    public var configuration: TalkingPointConfiguration

    /// Creates a finder.
    public init(configuration: TalkingPointConfiguration = TalkingPointConfiguration()) {
        self.configuration = configuration
    }

    /// Finds the talking points among `statements` (in input order).
    /// - Complexity: that of `NearDuplicateFinder.matches(in:)` over the
    ///   statements, plus the grouping of `analyze(_:matches:)`.
    public func analyze(_ allStatements: [Statement]) -> TalkingPointAnalysis {
        let statements = configuration.quotedOnly ? allStatements.filter(\.isAttributed) : allStatements
        let matches = NearDuplicateFinder(configuration: configuration.nearDuplicates).matches(in: statements.map(\.text))
        return analyze(statements, matches: matches)
    }

    /// Groups already found near-duplicate pairs into talking points (steps
    /// 2–4 above), for callers that ran `NearDuplicateFinder` themselves, for
    /// example over these statements and other texts at once.
    ///
    /// `matches` index into `statements`, sorted by (first, second) as
    /// `NearDuplicateFinder.matches(in:)` returns them; `quotedOnly` is not
    /// applied here (filter the statements before matching).
    /// - Complexity: O(M log M) for M matches, plus average linkage over the
    ///   matched passages.
    public func analyze(_ statements: [Statement], matches: [PassageMatch]) -> TalkingPointAnalysis {
        // Passages: overlapping matched spans within one statement are one passage.
        var spansByStatement: [Int: [Range<Int>]] = [:]
        for m in matches {
            spansByStatement[m.first, default: []].append(m.firstSpan)
            spansByStatement[m.second, default: []].append(m.secondSpan)
        }
        var passages: [(statement: Int, span: Range<Int>)] = []
        var passageOf: [Int: [(span: Range<Int>, passage: Int)]] = [:]
        for statement in spansByStatement.keys.sorted() {
            var merged: [Range<Int>] = []
            for span in spansByStatement[statement]!.sorted(by: { $0.lowerBound < $1.lowerBound }) {
                if let last = merged.last, TalkingPointFinder.overlapsByHalf(last, span) {
                    merged[merged.count - 1] = min(last.lowerBound, span.lowerBound) ..< max(last.upperBound, span.upperBound)
                } else {
                    merged.append(span)
                }
            }
            for span in merged {
                passageOf[statement, default: []].append((span, passages.count))
                passages.append((statement, span))
            }
        }
        func passage(_ statement: Int, _ span: Range<Int>) -> Int {
            passageOf[statement]!.first { $0.span.overlaps(span) || $0.span == span }!.passage
        }
        // Edges between passages (best similarity per pair) and, for the
        // canonical phrase, the span each edge covers on each side.
        var weights: [UInt64: Double] = [:]
        var covered: [Int: [(other: Int, span: Range<Int>)]] = [:]
        for m in matches {
            let a = passage(m.first, m.firstSpan), b = passage(m.second, m.secondSpan)
            guard a != b else { continue }
            let key = UInt64(min(a, b)) << 32 | UInt64(max(a, b))
            weights[key] = max(weights[key] ?? 0, m.similarity)
            covered[a, default: []].append((b, m.firstSpan))
            covered[b, default: []].append((a, m.secondSpan))
        }
        let groups = AverageLinkage.groups(count: passages.count, weights: weights, threshold: configuration.groupThreshold)

        var cross: [TalkingPoint] = [], repeats: [TalkingPoint] = []
        for group in groups where group.count >= 2 {
            let point = makeTalkingPoint(group, passages: passages, statements: statements, weights: weights, covered: covered)
            let named = point.speakers.count
            if named >= configuration.minimumSpeakers && point.documents.count >= configuration.minimumDocuments {
                cross.append(point)
            } else if named >= 1 {
                repeats.append(point)
            }
        }
        func rank(_ points: [TalkingPoint]) -> [TalkingPoint] {
            points.sorted { a, b in
                if a.speakers.count != b.speakers.count { return a.speakers.count > b.speakers.count }
                if a.sources.count != b.sources.count { return a.sources.count > b.sources.count }
                if a.documents.count != b.documents.count { return a.documents.count > b.documents.count }
                if a.instances.count != b.instances.count { return a.instances.count > b.instances.count }
                return a.phrase < b.phrase
            }.enumerated().map { var p = $0.element; p.id = $0.offset; return p }
        }
        return TalkingPointAnalysis(talkingPoints: rank(cross), repeats: rank(repeats))
    }

    private func makeTalkingPoint(_ group: [Int], passages: [(statement: Int, span: Range<Int>)], statements: [Statement],
                                  weights: [UInt64: Double], covered: [Int: [(other: Int, span: Range<Int>)]]) -> TalkingPoint {
        let members = group.sorted { (passages[$0].statement, passages[$0].span.lowerBound) < (passages[$1].statement, passages[$1].span.lowerBound) }
        let memberSet = Set(members)
        func weight(_ a: Int, _ b: Int) -> Double { weights[UInt64(min(a, b)) << 32 | UInt64(max(a, b))] ?? 0 }
        // The most central passage, and the part of it most of its matches cover.
        let central = members.max { a, b in
            let wa = members.reduce(0.0) { $0 + weight(a, $1) }, wb = members.reduce(0.0) { $0 + weight(b, $1) }
            return wa != wb ? wa < wb : a > b
        }!
        let centralStatement = statements[passages[central].statement]
        let spans = (covered[central] ?? []).filter { memberSet.contains($0.other) }.map(\.span)
        let phraseSpan = TalkingPointFinder.majorityRange(spans) ?? passages[central].span
        let phrase = TalkingPointFinder.trimmed(TalkingPointFinder.slice(centralStatement.text, phraseSpan))

        var instances: [TalkingPoint.Instance] = []
        var variants: [String] = []
        for m in members {
            let s = statements[passages[m].statement]
            let span = passages[m].span
            let text = TalkingPointFinder.trimmed(TalkingPointFinder.slice(s.text, span))
            let normalized = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            if !variants.contains(normalized) { variants.append(normalized) }
            let others = members.filter { $0 != m }
            let similarity = others.isEmpty ? 0 : others.reduce(0.0) { $0 + weight(m, $1) } / Double(others.count)
            instances.append(TalkingPoint.Instance(
                document: s.documentID, speaker: s.speaker, sentence: s.text,
                span: [s.byteRange.lowerBound + span.lowerBound, s.byteRange.lowerBound + span.upperBound],
                sentenceSpan: [s.byteRange.lowerBound, s.byteRange.upperBound], passage: text,
                date: s.date?.description, source: s.source, kind: s.kind, similarity: similarity))
        }
        // Chronological order for first use: dated instances by date, then input order.
        let chronological = members.indices.sorted { a, b in
            let da = statements[passages[members[a]].statement].date, db = statements[passages[members[b]].statement].date
            switch (da, db) {
            case let (x?, y?) where x != y: return x < y
            case (.some, nil): return true
            case (nil, .some): return false
            default: return a < b
            }
        }
        var speakers: [String] = [], documents: [String] = [], sources: [String] = []
        for i in chronological {
            let s = statements[passages[members[i]].statement]
            if let speaker = s.speaker, !speakers.contains(speaker) { speakers.append(speaker) }
            if let source = s.source, !sources.contains(source) { sources.append(source) }
        }
        for m in members {
            let id = statements[passages[m].statement].documentID
            if !documents.contains(id) { documents.append(id) }
        }
        let first = statements[passages[members[chronological[0]]].statement]
        let firstNamed = chronological.lazy.map { statements[passages[members[$0]].statement] }.first { $0.speaker != nil } ?? first
        let firstUse = first.date == nil ? firstNamed : first
        return TalkingPoint(id: 0, phrase: phrase, variants: variants, speakers: speakers, documents: documents, sources: sources,
                            firstSeen: .init(date: firstUse.date?.description, speaker: firstUse.speaker, document: firstUse.documentID),
                            instances: instances)
    }

    static func overlapsByHalf(_ a: Range<Int>, _ b: Range<Int>) -> Bool {
        let overlap = min(a.upperBound, b.upperBound) - max(a.lowerBound, b.lowerBound)
        return overlap > 0 && Double(overlap) >= 0.5 * Double(min(a.count, b.count))
    }

    /// The longest stretch covered by at least half of `spans`.
    static func majorityRange(_ spans: [Range<Int>]) -> Range<Int>? {
        guard !spans.isEmpty else { return nil }
        let needed = (spans.count + 1) / 2
        let points = Set(spans.flatMap { [$0.lowerBound, $0.upperBound] }).sorted()
        var best: Range<Int>?
        var runStart: Int?
        for (k, p) in points.enumerated() {
            let next = k + 1 < points.count ? points[k + 1] : p
            let coverage = spans.filter { $0.lowerBound <= p && $0.upperBound >= next && next > p }.count
            if coverage >= needed {
                if runStart == nil { runStart = p }
                if let start = runStart, best == nil || next - start > best!.count { best = start ..< next }
            } else {
                runStart = nil
            }
        }
        return best
    }

    static func slice(_ text: String, _ span: Range<Int>) -> String {
        let bytes = Array(text.utf8)
        let clamped = max(0, span.lowerBound) ..< min(bytes.count, span.upperBound)
        return String(decoding: bytes[clamped], as: UTF8.self)
    }

    static func trimmed(_ s: String) -> String {
        s.trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: ",;:")))
    }
}

/// Average-linkage agglomeration over a sparse similarity graph.
enum AverageLinkage {
    /// Groups of node indices (each sorted; groups ordered by first member).
    /// Two groups merge while the mean similarity over all their cross pairs
    /// (missing edges count 0) is at least `threshold`; the best pair merges
    /// first, ties by lower group ids.
    ///
    /// Each group keeps the summed weights to its neighbouring groups; a merge
    /// folds the smaller neighbour map into the larger, and a priority queue
    /// (stale entries skipped) yields the next best pair.
    /// - Complexity: O(E log E) for E edges, plus the neighbour-map merges.
    static func groups(count: Int, weights: [UInt64: Double], threshold: Double) -> [[Int]] {
        var members = (0 ..< count).map { [$0] }
        var alive = [Bool](repeating: true, count: count)
        var neighbours = [[Int: Double]](repeating: [:], count: count)
        // Sums are always accumulated in key order, so the result does not
        // depend on dictionary iteration order.
        for key in weights.keys.sorted() {
            let a = Int(key >> 32), b = Int(key & 0xFFFF_FFFF)
            guard a != b else { continue }
            neighbours[a][b, default: 0] += weights[key]!
            neighbours[b][a] = neighbours[a][b]
        }
        var queue = PairQueue()
        func push(_ a: Int, _ b: Int) {
            guard let sum = neighbours[a][b] else { return }
            let average = sum / Double(members[a].count * members[b].count)
            if average >= threshold { queue.push(.init(average: average, first: min(a, b), second: max(a, b))) }
        }
        for a in 0 ..< count { for b in neighbours[a].keys.sorted() where b > a { push(a, b) } }
        while let best = queue.pop() {
            let a = best.first, b = best.second
            guard alive[a], alive[b], let sum = neighbours[a][b] else { continue }
            // Skip entries made stale by earlier merges.
            guard sum / Double(members[a].count * members[b].count) == best.average else { continue }
            // Merge b into a.
            members[a].append(contentsOf: members[b])
            members[b] = []
            alive[b] = false
            neighbours[a][b] = nil
            let moved = neighbours[b]
            neighbours[b] = [:]
            for c in moved.keys.sorted() where c != a {
                neighbours[a][c, default: 0] += moved[c]!
                neighbours[c][b] = nil
                neighbours[c][a] = neighbours[a][c]
            }
            for c in neighbours[a].keys.sorted() { push(a, c) }
        }
        return (0 ..< count).filter { alive[$0] }.map { members[$0].sorted() }.sorted { $0[0] < $1[0] }
    }
}

/// A max-priority queue of group pairs: highest average first, ties by the
/// lower first id, then the lower second id.
struct PairQueue {
    struct Entry { var average: Double; var first: Int; var second: Int }
    private var heap: [Entry] = []

    static func before(_ x: Entry, _ y: Entry) -> Bool {
        if x.average != y.average { return x.average > y.average }
        if x.first != y.first { return x.first < y.first }
        return x.second < y.second
    }

    mutating func push(_ entry: Entry) {
        heap.append(entry)
        var i = heap.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard PairQueue.before(heap[i], heap[parent]) else { break }
            heap.swapAt(i, parent)
            i = parent
        }
    }

    mutating func pop() -> Entry? {
        guard let top = heap.first else { return nil }
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            var i = 0
            while true {
                let left = 2 * i + 1, right = left + 1
                var best = i
                if left < heap.count && PairQueue.before(heap[left], heap[best]) { best = left }
                if right < heap.count && PairQueue.before(heap[right], heap[best]) { best = right }
                if best == i { break }
                heap.swapAt(i, best)
                i = best
            }
        }
        return top
    }
}
