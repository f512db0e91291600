extension Float: BLASScalar {
    /// `"s"`: single precision routines (`cblas_sgemm`, ...).
    public static var blasPrefix: String { "s" }
}
