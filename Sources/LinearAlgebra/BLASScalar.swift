/// A floating-point type the BLAS and LAPACK routines accept: `Float` (the `s`
/// routines) or `Double` (the `d` routines).
///
/// Generic code in Refrain is written once against this protocol; each
/// conforming type forwards to its precision's C routine in its own file
/// (`Float+BLASScalar.swift`, `Double+BLASScalar.swift`), and every C call
/// itself lives in `BLAS+Calls.swift`.
public protocol BLASScalar: BinaryFloatingPoint, Sendable, Codable
where Self.RawSignificand: FixedWidthInteger {
    /// The BLAS letter of this precision: `"s"` or `"d"`.
    static var blasPrefix: String { get }
}
