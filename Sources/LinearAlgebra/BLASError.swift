/// Errors from the BLAS/LAPACK layer.
///
/// Sizes that do not fit the C interface and LAPACK's `info` codes surface as
/// cases of this enum; misuse (mismatched shapes, negative sizes) is a
/// `precondition` failure instead, because it is a bug in the caller.
public enum BLASError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A size or stride does not fit the 32-bit integers of the C interface.
    case dimensionTooLarge(name: String, value: Int)
    /// A LAPACK routine reported an illegal argument (`info < 0`).
    case illegalArgument(routine: String, position: Int)
    /// A LAPACK routine failed to converge (`info > 0`).
    case noConvergence(routine: String, info: Int)
    /// The input to a LAPACK routine held NaN or an infinity; checked before the call.
    case nonFiniteInput(routine: String)
    /// LAPACKE could not allocate its workspace or a transposed copy of an argument.
    case outOfMemory(routine: String)

    /// A message a user can act on.
    public var description: String {
        switch self {
        case let .dimensionTooLarge(name, value):
            return "\(name) = \(value) exceeds the 32-bit sizes the BLAS interface accepts; split the problem into smaller blocks"
        case let .illegalArgument(routine, position):
            return "\(routine): argument \(position) had an illegal value (a bug in Refrain; please report it)"
        case let .noConvergence(routine, info):
            return "\(routine) did not converge (info = \(info)); the input may be badly scaled or nearly degenerate"
        case let .nonFiniteInput(routine):
            return "\(routine): the input contains NaN or infinite values; check the data (e.g. empty documents normalised by a zero norm)"
        case let .outOfMemory(routine):
            return "\(routine) could not allocate its workspace; reduce the matrix size or the number of components"
        }
    }
}
