/// Approximate equality for floating-point test results.

/// The largest `|a[i] - b[i]|`; `.infinity` when the counts differ.
public func maxAbsoluteDifference<T: BinaryFloatingPoint>(_ a: [T], _ b: [T]) -> T {
    guard a.count == b.count else { return .infinity }
    return zip(a, b).reduce(T(0)) { max($0, abs($1.0 - $1.1)) }
}

/// `‖a − b‖₂ / max(‖b‖₂, tiny)`: the relative error of `a` against the reference
/// `b`, computed in `Double`; `.infinity` when the counts differ.
public func relativeError<T: BinaryFloatingPoint>(_ a: [T], reference b: [T]) -> Double {
    guard a.count == b.count else { return .infinity }
    var difference = 0.0, norm = 0.0
    for (x, y) in zip(a, b) {
        let d = Double(x) - Double(y)
        difference += d * d
        norm += Double(y) * Double(y)
    }
    return difference.squareRoot() / max(norm.squareRoot(), Double.leastNormalMagnitude)
}

/// Whether every pair satisfies `|a − b| <= absolute + relative * max(|a|, |b|)`.
/// Counts must match.
public func isApproximatelyEqual<T: BinaryFloatingPoint>(
    _ a: [T], _ b: [T], relative: T = T(1e-5), absolute: T = T(1e-6)
) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { x, y in
        abs(x - y) <= absolute + relative * max(abs(x), abs(y))
    }
}

/// Whether two scalars satisfy `|a − b| <= absolute + relative * max(|a|, |b|)`.
public func isApproximatelyEqual<T: BinaryFloatingPoint>(
    _ a: T, _ b: T, relative: T = T(1e-5), absolute: T = T(1e-6)
) -> Bool {
    abs(a - b) <= absolute + relative * max(abs(a), abs(b))
}

/// A tolerance suited to a precision: `factor` units in the last place of 1
/// (`ulpOfOne` is about 1.2e-7 for `Float`, 2.2e-16 for `Double`).
public func tolerance<T: BinaryFloatingPoint>(_: T.Type, ulps factor: Double) -> Double {
    Double(T.ulpOfOne) * factor
}
