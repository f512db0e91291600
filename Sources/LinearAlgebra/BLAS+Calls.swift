internal import CBLAS

/// The single choke point for calls into CBLAS and LAPACKE. Every `cblas_*`
/// and `LAPACKE_*` call in Refrain lives in this file; sizes are narrowed to
/// `Int32` with a check (`BLASError.dimensionTooLarge`) rather than a trap.
enum BLASCalls {
    /// Narrows a size or stride to the `Int32` the C interface takes.
    static func narrow(_ value: Int, _ name: String) throws(BLASError) -> Int32 {
        guard let narrowed = Int32(exactly: value) else {
            throw .dimensionTooLarge(name: name, value: value)
        }
        return narrowed
    }

    /// `cblas_ddot`: the inner product of two equal-length vectors.
    static func dot(_ x: UnsafeBufferPointer<Double>, _ y: UnsafeBufferPointer<Double>) throws(BLASError) -> Double {
        let n = try narrow(x.count, "n")
        return cblas_ddot(n, x.baseAddress, 1, y.baseAddress, 1)
    }
}

/// Errors from the BLAS/LAPACK layer.
public enum BLASError: Error, Equatable, CustomStringConvertible {
    /// A size or stride does not fit the 32-bit integers of the C interface.
    case dimensionTooLarge(name: String, value: Int)
    /// A LAPACK routine reported an illegal argument (`info < 0`).
    case illegalArgument(routine: String, position: Int)
    /// A LAPACK routine failed to converge (`info > 0`).
    case noConvergence(routine: String, info: Int)

    public var description: String {
        switch self {
        case let .dimensionTooLarge(name, value):
            return "\(name) = \(value) exceeds the 32-bit sizes the BLAS interface accepts; split the problem into smaller blocks"
        case let .illegalArgument(routine, position):
            return "\(routine): argument \(position) had an illegal value (a bug in Refrain; please report it)"
        case let .noConvergence(routine, info):
            return "\(routine) did not converge (info = \(info)); the input may contain NaN or infinite values"
        }
    }
}
