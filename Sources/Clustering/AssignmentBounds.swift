import LinearAlgebra

/// Per-row similarity bounds that let a k-means assignment skip the rows
/// whose label cannot change: Elkan's and Hamerly's bounds (Elkan 2003,
/// Hamerly 2010) in the cosine form used for spherical k-means (Schubert,
/// Lang and Feher 2021), with the clusters in `groupCount` groups as in
/// Yinyang k-means (Ding et al. 2015): one group is Hamerly's single bound,
/// one group per cluster is Elkan's.
///
/// For row i with label a, `own[i] ≤ x̂ᵢ · ĉ_a` and, for each group g,
/// `other[i, g] ≥ max_{c ∈ g, c ≠ a} x̂ᵢ · ĉ_c`. They are set from the row's
/// products whenever those are computed; when centroid c then moves by
/// `δ_c = ‖ĉ_c(new) − ĉ_c(old)‖`, every product `x̂ᵢ · ĉ_c` moves by at most
/// `‖x̂ᵢ‖ δ_c` (Cauchy–Schwarz), so `own[i] −= ρ δ_a` and
/// `other[i, g] += ρ max_{c ∈ g, c ≠ a} δ_c` (ρ the largest row norm) keep
/// them bounds. A row with `own[i] − max_g other[i, g] > margin`, where the
/// margin exceeds four times the rounding error of a computed product,
/// would get the same label from freshly computed products, so its products
/// are skipped: the labels are exactly those of plain Lloyd iterations, only
/// cheaper once the centroids settle.
///
/// `@unchecked Sendable`: tasks write only the entries of their own rows.
final class AssignmentBounds: @unchecked Sendable {
    /// Lower bounds on each row's similarity to its own centroid.
    let own: Buffer<Double>
    /// Upper bounds on each row's similarity to the other centroids of each
    /// group, `n x groupCount`.
    let other: Buffer<Double>
    /// Whether each row's products are computed at the next assignment.
    let active: Buffer<Bool>
    /// The group of each cluster: `c · groupCount / k`, so groups are runs
    /// of consecutive clusters.
    let groupOf: [Int]
    /// The number of groups of clusters, each with one `other` bound per row.
    let groupCount: Int
    /// The least gap `own − max other` that proves a label stays.
    let margin: Double
    /// An upper bound on every row's norm, `ρ`.
    let rowNorm: Double

    /// At most this many `other` bounds are kept (8 bytes each); fewer
    /// groups are used for more rows.
    static var budget: Int { 1 << 23 }

    /// Bounds for `n` rows and `k` clusters that start unknown (every row
    /// active), with as many groups as `budget` allows (at most `k`).
    /// - Parameters:
    ///   - terms: the most terms a row's product sums (`UnitRows.longestRow`).
    ///   - ulp: the scalar type's `ulpOfOne` (twice its unit roundoff u).
    ///   - largestSquaredNorm: the largest `‖x̂ᵢ‖²`.
    init(rows n: Int, clusters k: Int, terms: Int, ulp: Double, largestSquaredNorm: Double) {
        let groups = max(1, min(k, Self.budget / max(1, n)))
        groupCount = groups
        groupOf = (0 ..< k).map { $0 * groups / k }
        own = Buffer(repeating: -.infinity, count: n)
        other = Buffer(repeating: .infinity, count: n * groups)
        active = Buffer(repeating: true, count: n)
        // A product of m terms is off by at most about m·u·‖x̂‖‖ĉ‖ (u = ulp / 2);
        // four such errors, doubled for safety, plus slack for the Double
        // arithmetic of the bounds themselves.
        margin = 4 * Double(max(1, terms) + 2) * ulp + 1e-12
        rowNorm = max(1, largestSquaredNorm).squareRoot() * (1 + 1e-12)
    }

    /// Marks for computing the rows whose label might change.
    /// - Complexity: O(n · groupCount).
    func markActive() {
        for i in 0 ..< active.count {
            let bounds = other.base + i * groupCount
            var highest = bounds[0]
            for g in 1 ..< groupCount { highest = max(highest, bounds[g]) }
            let keep = own[i] - highest > margin
            active[i] = !keep
        }
    }

    /// Marks every row for computing.
    func activateAll() {
        active.base.update(repeating: true, count: active.count)
    }

    /// Records row `i`'s fresh products `products[0 ..< k]` with its label.
    @inline(__always)
    func record<Scalar: BLASScalar>(row i: Int, products: UnsafePointer<Scalar>, label: Int) {
        let bounds = other.base + i * groupCount
        bounds.update(repeating: -.infinity, count: groupCount)
        for c in groupOf.indices where c != label {
            bounds[groupOf[c]] = max(bounds[groupOf[c]], Double(products[c]))
        }
        own[i] = Double(products[label])
    }

    /// Makes row `i` unknown again (its label changed other than by its products).
    func invalidate(row i: Int) {
        own[i] = -.infinity
        (other.base + i * groupCount).update(repeating: .infinity, count: groupCount)
    }

    /// Loosens the bounds by the centroid movements `movements` (`δ_c`) for the
    /// current `labels`.
    /// - Complexity: O(n · groupCount + k).
    func widen(labels: Buffer<Int>, movements: [Double]) {
        // Per group, the largest movement, its cluster, and the second
        // largest (for the rows of that cluster, which exclude their own).
        var largest = [Double](repeating: 0, count: groupCount), second = largest
        var leader = [Int](repeating: -1, count: groupCount)
        for (c, delta) in movements.enumerated() {
            let g = groupOf[c]
            if delta > largest[g] {
                second[g] = largest[g]
                largest[g] = delta
                leader[g] = c
            } else if delta > second[g] {
                second[g] = delta
            }
        }
        let ownShift = movements.map { $0 * rowNorm }
        let groupShift = largest.map { $0 * rowNorm }, leaderShift = second.map { $0 * rowNorm }
        for i in 0 ..< own.count {
            let label = labels[i], g = groupOf[label]
            own[i] -= ownShift[label]
            let bounds = other.base + i * groupCount
            for h in 0 ..< groupCount { bounds[h] += h == g && leader[g] == label ? leaderShift[g] : groupShift[h] }
        }
    }
}
