/// Smith–Waterman local alignment of two token sequences: the highest-scoring
/// pair of contiguous passages, allowing substitutions and dropped words.
///
/// Scores: a matching content word +3, a matching function word +1, a
/// mismatch −2 (−1 between two function words), a gap (a word present on one
/// side only) −2 for a content word and −1 for a function word. A reporting
/// verb ("said", "told", …) on either side ends every path: passages never
/// span an attribution. The best local score and
/// its end are found in O(m·n) time and O(n) memory per row; the start is
/// recovered by tracking, for each cell, where its path began (no full
/// traceback matrix).
struct LocalAlignment: Equatable, Sendable {
    /// Token range in the first sequence.
    var first: Range<Int>
    /// Token range in the second sequence.
    var second: Range<Int>
    /// The alignment score.
    var score: Int
    /// Content words matched exactly along the alignment path.
    var matchedContent: Int
    /// All words matched along the path.
    var matched: Int
    /// Content words matched that are not names or role words (see `PassageTokens.isTitleLike`).
    var matchedPlainContent: Int = 0

    static let contentMatch = 3, stopMatch = 1, mismatch = -2, stopMismatch = -1, gap = -2, stopGap = -1

    /// The best local alignment, or `nil` when nothing matches.
    static func align(_ a: PassageTokens, _ b: PassageTokens) -> LocalAlignment? {
        let m = a.count, n = b.count
        guard m > 0, n > 0 else { return nil }
        struct Cell { var score = 0; var startI = 0; var startJ = 0; var content = 0; var matched = 0; var plain = 0 }
        var previous = [Cell](repeating: Cell(), count: n + 1)
        var current = previous
        var best = Cell(), bestI = 0, bestJ = 0
        for i in 1 ... m {
            current[0] = Cell(score: 0, startI: i, startJ: 0)
            for j in 1 ... n {
                // Reporting verbs end any passage: restart after them.
                if a.isBarrier[i - 1] || b.isBarrier[j - 1] {
                    current[j] = Cell(score: 0, startI: i, startJ: j)
                    continue
                }
                let same = a.stems[i - 1] == b.stems[j - 1]
                let diagonalGain = same ? (a.isContent[i - 1] ? contentMatch : stopMatch)
                    : (a.isContent[i - 1] || b.isContent[j - 1] ? mismatch : stopMismatch)
                var cell = previous[j - 1]
                if cell.score == 0 { cell = Cell(score: 0, startI: i - 1, startJ: j - 1) }
                cell.score += diagonalGain
                if same {
                    cell.matched += 1
                    if a.isContent[i - 1] {
                        cell.content += 1
                        if !a.isTitleLike[i - 1] && !b.isTitleLike[j - 1] { cell.plain += 1 }
                    }
                }
                var up = previous[j]
                up.score += a.isContent[i - 1] ? gap : stopGap
                if up.score > cell.score { cell = up }
                var left = current[j - 1]
                left.score += b.isContent[j - 1] ? gap : stopGap
                if left.score > cell.score { cell = left }
                if cell.score <= 0 { cell = Cell(score: 0, startI: i, startJ: j) }
                current[j] = cell
                if cell.score > best.score { best = cell; bestI = i; bestJ = j }
            }
            swap(&previous, &current)
        }
        guard best.score > 0 else { return nil }
        return LocalAlignment(first: best.startI ..< bestI, second: best.startJ ..< bestJ, score: best.score,
                              matchedContent: best.content, matched: best.matched, matchedPlainContent: best.plain)
    }
}
