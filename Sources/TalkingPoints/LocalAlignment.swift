/// Smith–Waterman local alignment of two token sequences: the highest-scoring
/// pair of contiguous passages, allowing substitutions and dropped words.
///
/// Scores: a matching content word +3, a matching function word +1, a
/// mismatch −2 (−1 between two function words), a gap (a word present on one
/// side only) −2 for a content word and −1 for a function word. A reporting
/// verb ("said", "told", …) on either side ends every path: passages never
/// span an attribution.
///
/// Two kernels give the same result. For texts of up to
/// `scoreMatrixLimit` cells, a forward pass fills a matrix of scores only
/// (an `Int32` per cell, no bookkeeping, two rows at a time so that two
/// chains of left neighbours overlap), and a traceback from the best cell
/// re-derives each step's choice to find the start and count what the path
/// matched. Longer texts use rows of cells that carry, for each path, where
/// it began and what it matched: O(n) memory, more work per cell.
/// - Complexity: O(m·n) time; O(m·n) or O(n) memory.
struct LocalAlignment: Equatable, Sendable {
    /// Word range in the first text (0 is the text's first word).
    var first: Range<Int>
    /// Word range in the second text.
    var second: Range<Int>
    /// The alignment score.
    var score: Int
    /// Content words matched exactly along the alignment path.
    var matchedContent: Int
    /// All words matched along the path.
    var matched: Int
    /// Content words matched that are not names or role words (see `PassageWordFlags.titleLike`).
    var matchedPlainContent: Int = 0
    /// The summed weights of the matched words (`weights[stem]`; 0 when no weights are given).
    var matchedWeight: Double = 0

    static let contentMatch: Int32 = 3, stopMatch: Int32 = 1, mismatch: Int32 = -2, stopMismatch: Int32 = -1, gap: Int32 = -2, stopGap: Int32 = -1

    /// One dynamic-programming cell: the best path ending here, where it began and what it matched.
    struct Cell {
        var score: Int32 = 0
        var startI: Int32 = 0
        var startJ: Int32 = 0
        var matched: Int32 = 0
        var content: Int32 = 0
        var plain: Int32 = 0
        var weight: Double = 0

        @inline(__always)
        init(score: Int32 = 0, startI: Int32 = 0, startJ: Int32 = 0) {
            self.score = score
            self.startI = startI
            self.startJ = startJ
        }
    }

    /// Buffers reused across alignments by one thread.
    struct Scratch {
        var rows: [Cell] = []
        var scores: [Int32] = []
        var pathWeights: [Double] = []
    }

    /// The most cells aligned with a score matrix and traceback; larger pairs use rows of cells.
    static let scoreMatrixLimit = 1 << 22

    /// The best local alignment of texts `x` and `y` of `tokens`, or `nil` when
    /// nothing matches; `weights` (by stem id) feed `matchedWeight`.
    /// `useScoreMatrix` forces one kernel (for tests); `nil` chooses by size.
    static func align(_ tokens: PassageTokens, _ x: Int, _ y: Int, weights: [Double] = [], useScoreMatrix: Bool? = nil,
                      scratch: inout Scratch) -> LocalAlignment? {
        let ra = tokens.words(of: x), rb = tokens.words(of: y)
        let m = ra.count, n = rb.count
        guard m > 0, n > 0 else { return nil }
        let matrix = useScoreMatrix ?? ((m + 1) * (n + 1) <= scoreMatrixLimit)
        if matrix {
            if scratch.scores.count < (m + 1) * (n + 1) { scratch.scores = [Int32](repeating: 0, count: (m + 1) * (n + 1)) }
        } else if scratch.rows.count < 2 * (n + 1) {
            scratch.rows = [Cell](repeating: Cell(), count: 2 * (n + 1))
        }
        return tokens.stems.withUnsafeBufferPointer { stems in
            tokens.flags.withUnsafeBufferPointer { flags in
                weights.withUnsafeBufferPointer { weights in
                    let a = UnsafeBufferPointer(rebasing: stems[ra]), aFlags = UnsafeBufferPointer(rebasing: flags[ra])
                    let b = UnsafeBufferPointer(rebasing: stems[rb]), bFlags = UnsafeBufferPointer(rebasing: flags[rb])
                    if matrix {
                        return scratch.scores.withUnsafeMutableBufferPointer { scores in
                            scoreMatrixKernel(a: a, aFlags: aFlags, b: b, bFlags: bFlags, weights: weights, scores: scores.baseAddress!,
                                              pathWeights: &scratch.pathWeights)
                        }
                    }
                    return scratch.rows.withUnsafeMutableBufferPointer { rows in
                        kernel(a: a, aFlags: aFlags, b: b, bFlags: bFlags, weights: weights, rows: rows.baseAddress!)
                    }
                }
            }
        }
    }

    /// The forward pass over a score matrix (row-major, `n + 1` columns) and the traceback.
    private static func scoreMatrixKernel(a: UnsafeBufferPointer<UInt32>, aFlags: UnsafeBufferPointer<PassageWordFlags>,
                                          b: UnsafeBufferPointer<UInt32>, bFlags: UnsafeBufferPointer<PassageWordFlags>,
                                          weights: UnsafeBufferPointer<Double>, scores h: UnsafeMutablePointer<Int32>,
                                          pathWeights: inout [Double]) -> LocalAlignment? {
        let m = a.count, n = b.count, width = n + 1
        for j in 0 ... n { h[j] = 0 }
        // Per column: its content bit (0 or 1) and a mask that zeroes the cells of a reporting verb.
        var best: Int32 = 0, bestI = 0, bestJ = 0
        withUnsafeTemporaryAllocation(of: (content: Int32, mask: Int32).self, capacity: n) { columns in
            for j in 0 ..< n {
                columns[j] = (bFlags[j].contains(.content) ? 1 : 0, bFlags[j].contains(.barrier) ? 0 : -1)
            }
            // The first cell in row-major order with the best score wins.
            func noteBest(_ row: UnsafeMutablePointer<Int32>, _ rowBest: Int32, _ i: Int) {
                guard rowBest > best else { return }
                best = rowBest
                bestI = i
                bestJ = (1 ... n).first { row[$0] == rowBest }!
            }
            // Rows go two at a time: the second row's cell j needs the first row's
            // cells j - 1 and j, so the two chains of left neighbours run side by side.
            var i = 1
            while i <= m {
                // Gains as arithmetic on the content bits: a match +3 or +1; a mismatch −2,
                // or −1 between function words; a gap −2 for a content word, −1 otherwise.
                // A reporting verb's row is all zeros (its mask is 0).
                let rowA = h + i * width, above = rowA - width
                let ai = a[i - 1], af = aFlags[i - 1]
                let acA: Int32 = af.contains(.content) ? 1 : 0, maskA: Int32 = af.contains(.barrier) ? 0 : -1
                let matchA = 1 &+ 2 &* acA, upGapA = -1 &- acA
                rowA[0] = 0
                var leftA: Int32 = 0, bestA: Int32 = 0
                if i == m {
                    for j in 1 ... n {
                        let column = columns[j - 1]
                        var score = above[j - 1] &+ (ai == b[j - 1] ? matchA : -1 &- (acA | column.content))
                        score = max(score, above[j] &+ upGapA)
                        score = max(score, leftA &+ (-1 &- column.content))
                        score = max(score, 0) & column.mask & maskA
                        rowA[j] = score
                        leftA = score
                        bestA = max(bestA, score)
                    }
                    noteBest(rowA, bestA, i)
                    break
                }
                let rowB = rowA + width
                let bi = a[i], bf = aFlags[i]
                let acB: Int32 = bf.contains(.content) ? 1 : 0, maskB: Int32 = bf.contains(.barrier) ? 0 : -1
                let matchB = 1 &+ 2 &* acB, upGapB = -1 &- acB
                rowB[0] = 0
                var leftB: Int32 = 0, bestB: Int32 = 0
                for j in 1 ... n {
                    let column = columns[j - 1], word = b[j - 1], leftGap = -1 &- column.content
                    var scoreA = above[j - 1] &+ (ai == word ? matchA : -1 &- (acA | column.content))
                    scoreA = max(scoreA, above[j] &+ upGapA)
                    scoreA = max(scoreA, leftA &+ leftGap)
                    scoreA = max(scoreA, 0) & column.mask & maskA
                    // Row B's diagonal is row A's cell j - 1, still in leftA.
                    var scoreB = leftA &+ (bi == word ? matchB : -1 &- (acB | column.content))
                    scoreB = max(scoreB, scoreA &+ upGapB)
                    scoreB = max(scoreB, leftB &+ leftGap)
                    scoreB = max(scoreB, 0) & column.mask & maskB
                    rowA[j] = scoreA
                    rowB[j] = scoreB
                    leftA = scoreA
                    leftB = scoreB
                    bestA = max(bestA, scoreA)
                    bestB = max(bestB, scoreB)
                }
                noteBest(rowA, bestA, i)
                noteBest(rowB, bestB, i + 1)
                i += 2
            }
        }
        guard best > 0 else { return nil }
        // Traceback: repeat each cell's choice (diagonal first, then up, then
        // left, each only when strictly better) back to where the path began.
        var i = bestI, j = bestJ
        var matched = 0, content = 0, plain = 0
        pathWeights.removeAll(keepingCapacity: true)
        let weighted = !weights.isEmpty
        while true {
            let ai = a[i - 1], af = aFlags[i - 1], bf = bFlags[j - 1]
            let aContent = af.contains(.content), bContent = bf.contains(.content)
            let same = ai == b[j - 1]
            let diagonalFrom = h[(i - 1) * width + j - 1]
            let diagonal = diagonalFrom + (same ? (aContent ? contentMatch : stopMatch) : (aContent || bContent ? mismatch : stopMismatch))
            let up = h[(i - 1) * width + j] + (aContent ? gap : stopGap)
            let left = h[i * width + j - 1] + (bContent ? gap : stopGap)
            if up > diagonal && up >= left {
                i -= 1
            } else if left > diagonal && left > up {
                j -= 1
            } else {
                if same {
                    matched += 1
                    if weighted { pathWeights.append(weights[Int(ai)]) }
                    if aContent {
                        content += 1
                        if !af.contains(.titleLike) && !bf.contains(.titleLike) { plain += 1 }
                    }
                }
                i -= 1
                j -= 1
                if diagonalFrom == 0 { break }
            }
        }
        // Sum in path order, as the row kernel does.
        var weight = 0.0
        for w in pathWeights.reversed() { weight += w }
        return LocalAlignment(first: i ..< bestI, second: j ..< bestJ, score: Int(best), matchedContent: content, matched: matched,
                              matchedPlainContent: plain, matchedWeight: weight)
    }

    /// The best local alignment of two texts of one `PassageTokens` (for tests and small inputs).
    static func align(_ tokens: PassageTokens, _ x: Int, _ y: Int) -> LocalAlignment? {
        var scratch = Scratch()
        return align(tokens, x, y, scratch: &scratch)
    }

    /// The dynamic programme over two rows of `n + 1` cells at `rows`, each
    /// carrying where its path began and what it matched.
    private static func kernel(a: UnsafeBufferPointer<UInt32>, aFlags: UnsafeBufferPointer<PassageWordFlags>,
                               b: UnsafeBufferPointer<UInt32>, bFlags: UnsafeBufferPointer<PassageWordFlags>,
                               weights: UnsafeBufferPointer<Double>, rows: UnsafeMutablePointer<Cell>) -> LocalAlignment? {
        let m = a.count, n = b.count
        var previous = rows, current = rows + (n + 1)
        for j in 0 ... n { previous[j] = Cell(score: 0, startI: 0, startJ: Int32(j)) }
        var best = Cell(), bestI = 0, bestJ = 0
        let weighted = !weights.isEmpty
        for i in 1 ... m {
            let ai = a[i - 1], af = aFlags[i - 1]
            let aContent = af.contains(.content), aBarrier = af.contains(.barrier), aTitle = af.contains(.titleLike)
            let upGap = aContent ? gap : stopGap
            current[0] = Cell(score: 0, startI: Int32(i), startJ: 0)
            for j in 1 ... n {
                let bf = bFlags[j - 1]
                // Reporting verbs end any passage: restart after them.
                if aBarrier || bf.contains(.barrier) {
                    current[j] = Cell(score: 0, startI: Int32(i), startJ: Int32(j))
                    continue
                }
                let bContent = bf.contains(.content)
                let same = ai == b[j - 1]
                let diagonalGain = same ? (aContent ? contentMatch : stopMatch) : (aContent || bContent ? mismatch : stopMismatch)
                var cell = previous[j - 1]
                if cell.score == 0 { cell = Cell(score: 0, startI: Int32(i - 1), startJ: Int32(j - 1)) }
                cell.score += diagonalGain
                if same {
                    cell.matched += 1
                    if weighted { cell.weight += weights[Int(ai)] }
                    if aContent {
                        cell.content += 1
                        if !aTitle && !bf.contains(.titleLike) { cell.plain += 1 }
                    }
                }
                let upScore = previous[j].score + upGap
                if upScore > cell.score {
                    cell = previous[j]
                    cell.score = upScore
                }
                let leftScore = current[j - 1].score + (bContent ? gap : stopGap)
                if leftScore > cell.score {
                    cell = current[j - 1]
                    cell.score = leftScore
                }
                if cell.score <= 0 { cell = Cell(score: 0, startI: Int32(i), startJ: Int32(j)) }
                current[j] = cell
                if cell.score > best.score { best = cell; bestI = i; bestJ = j }
            }
            swap(&previous, &current)
        }
        guard best.score > 0 else { return nil }
        return LocalAlignment(first: Int(best.startI) ..< bestI, second: Int(best.startJ) ..< bestJ, score: Int(best.score),
                              matchedContent: Int(best.content), matched: Int(best.matched), matchedPlainContent: Int(best.plain),
                              matchedWeight: best.weight)
    }
}
