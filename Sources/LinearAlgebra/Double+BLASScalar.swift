extension Double: BLASScalar {
    /// `"d"`: double precision routines (`cblas_dgemm`, ...).
    public static var blasPrefix: String { "d" }
}
