/// The adjusted Rand index of two partitions of the same items (Hubert and
/// Arabie 1985), as scikit-learn's `adjusted_rand_score`.
///
/// With `n_ij` the number of items in cluster i of `a` and cluster j of `b`,
/// row sums `a_i`, column sums `b_j`, and `C(m) = m(m − 1)/2`:
///
///     index    = Σ_ij C(n_ij)
///     expected = Σ_i C(a_i) · Σ_j C(b_j) / C(n)
///     maximum  = (Σ_i C(a_i) + Σ_j C(b_j)) / 2
///     ARI      = (index − expected) / (maximum − expected)
///
/// 1 for identical partitions whatever the label numbers, about 0 for
/// independent ones, negative when worse than chance. Symmetric. As in
/// scikit-learn, two partitions that are both a single cluster, or both all
/// singletons, score 1, and so does an empty pair.
///
/// - Precondition: `a.count == b.count`.
/// - Complexity: O(n) expected time (hashing), O(number of label pairs) memory.
public func adjustedRandIndex(_ a: [Int], _ b: [Int]) -> Double {
    precondition(a.count == b.count, "adjustedRandIndex: \(a.count) and \(b.count) labels")
    let n = a.count
    var pairs: [Pair: Int] = [:], rows: [Int: Int] = [:], columns: [Int: Int] = [:]
    for (x, y) in zip(a, b) {
        pairs[Pair(x, y), default: 0] += 1
        rows[x, default: 0] += 1
        columns[y, default: 0] += 1
    }
    if rows.count == columns.count && (rows.count <= 1 || rows.count == n) { return 1 }
    func choose2(_ m: Int) -> Double { Double(m) * Double(m - 1) / 2 }
    let index = pairs.values.reduce(0.0) { $0 + choose2($1) }
    let sumRows = rows.values.reduce(0.0) { $0 + choose2($1) }
    let sumColumns = columns.values.reduce(0.0) { $0 + choose2($1) }
    let expected = sumRows * sumColumns / choose2(n)
    let maximum = (sumRows + sumColumns) / 2
    guard maximum != expected else { return 1 }
    return (index - expected) / (maximum - expected)
}

private struct Pair: Hashable {
    let x: Int, y: Int
    init(_ x: Int, _ y: Int) { self.x = x; self.y = y }
}
