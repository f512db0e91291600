#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The family of BLAS implementation loaded into the process.
public enum BLASProvider: String, Sendable, Equatable, CaseIterable, CustomStringConvertible {
    /// OpenBLAS (`openblas_get_config` is exported, or the library path names it).
    case openBLAS = "OpenBLAS"
    /// The Netlib reference BLAS: correct but unoptimised, often 10-100x slower for GEMM.
    case reference = "reference BLAS"
    /// Intel oneAPI Math Kernel Library.
    case mkl = "MKL"
    /// BLIS (the BLAS-like Library Instantiation Software), e.g. AMD AOCL.
    case blis = "BLIS"
    /// Something else, or nothing could be determined.
    case unknown = "unknown"

    /// The provider's display name.
    public var description: String { rawValue }

    /// Deduces the provider from the path of the shared object that provides
    /// `cblas_sgemm` and from which provider-specific symbols are exported.
    ///
    /// Exported symbols win over the path, because Debian installs every
    /// provider under the same `libblas.so.3` name and only the directory
    /// (`openblas-pthread/`, `blas/`, ...) tells them apart.
    ///
    /// - Parameters:
    ///   - libraryPath: the resolved path of the BLAS shared object, if known.
    ///   - isExported: whether a symbol name is visible in the process.
    static func deduce(libraryPath: String?, isExported: (String) -> Bool) -> BLASProvider {
        if isExported("openblas_get_config") { return .openBLAS }
        if isExported("MKL_Get_Version") || isExported("mkl_get_max_threads") { return .mkl }
        if isExported("bli_info_get_version_str") { return .blis }
        guard let path = libraryPath?.lowercased() else { return .unknown }
        let file = path.split(separator: "/").last.map(String.init) ?? path
        if path.contains("openblas") { return .openBLAS }
        if path.contains("mkl") { return .mkl }
        if path.contains("blis") { return .blis }
        if path.contains("/blas/") || path.contains("netlib") || file.hasPrefix("libblas") || file.hasPrefix("libcblas") {
            return .reference
        }
        return .unknown
    }
}

/// What BLAS and LAPACK the process actually loaded at run time, and how many
/// threads they use.
///
/// Refrain links the generic `libblas`/`liblapack`/`liblapacke`, so the
/// provider is whatever the system's alternatives point at when the program
/// starts (`update-alternatives --config libblas.so.3-x86_64-linux-gnu` on
/// Debian). The same binary therefore runs with the reference BLAS, OpenBLAS,
/// MKL or BLIS; everything provider-specific is looked up with `dlsym`, never
/// linked, so its absence is not an error.
///
/// Performance differs by one to two orders of magnitude between providers;
/// report `summary` next to any timing.
public enum BLASRuntime: Sendable {
    /// The resolved path (symlinks followed) of the shared object providing
    /// `cblas_sgemm`, or `nil` if the loader cannot say.
    public static let libraryPath: String? = resolvedPath(of: BLASCalls.sgemmAddress, symbol: "cblas_sgemm")

    /// The resolved path of the shared object providing `LAPACKE_dgesdd`, or `nil`.
    ///
    /// LAPACKE is the thin C layer; it calls the Fortran LAPACK of
    /// `liblapack.so.3`, which with OpenBLAS is OpenBLAS itself.
    public static let lapackPath: String? = resolvedPath(of: BLASCalls.dgesddAddress, symbol: "LAPACKE_dgesdd")

    /// The BLAS family in use, deduced from `libraryPath` and exported symbols.
    public static let provider: BLASProvider = BLASProvider.deduce(libraryPath: libraryPath) { symbol(named: $0) != nil }

    /// OpenBLAS's build configuration (`openblas_get_config()`, e.g.
    /// `"OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Zen MAX_THREADS=64"`), or
    /// `nil` when the provider is not OpenBLAS.
    public static var configuration: String? {
        guard let address = symbol(named: "openblas_get_config") else { return nil }
        let getConfig = unsafeBitCast(address, to: (@convention(c) () -> UnsafeMutablePointer<CChar>?).self)
        return getConfig().map { String(cString: $0) }
    }

    /// The number of threads the BLAS uses for one call
    /// (`openblas_get_num_threads()`); 1 when the provider offers no such query.
    public static var threads: Int {
        guard let address = symbol(named: "openblas_get_num_threads") else { return 1 }
        let getThreads = unsafeBitCast(address, to: (@convention(c) () -> Int32).self)
        return max(1, Int(getThreads()))
    }

    /// Sets the number of threads the BLAS uses for one call
    /// (`openblas_set_num_threads`). Does nothing when the provider offers no
    /// such control.
    ///
    /// Call it before starting work, not while other threads are inside BLAS
    /// calls. Refrain's own kernels (`Parallel`) take their thread count as an
    /// argument and are unaffected.
    ///
    /// - Precondition: `count >= 1`.
    /// - Returns: whether the provider accepted the setting.
    @discardableResult
    public static func setThreads(_ count: Int) -> Bool {
        precondition(count >= 1, "BLASRuntime.setThreads: need at least one thread, got \(count)")
        guard let address = symbol(named: "openblas_set_num_threads") else { return false }
        let setThreads = unsafeBitCast(address, to: (@convention(c) (Int32) -> Void).self)
        setThreads(Int32(clamping: count))
        return true
    }

    /// One line for logs and `--version`: provider, library, threads, configuration.
    public static var summary: String {
        var parts = ["\(provider)", "blas: \(libraryPath ?? "?")", "lapack: \(lapackPath ?? "?")", "threads: \(threads)"]
        if let configuration { parts.append("config: \(configuration)") }
        return parts.joined(separator: "; ")
    }

    // MARK: - Implementation

    /// `dlsym(RTLD_DEFAULT, name)`: the address of a symbol anywhere in the process.
    static func symbol(named name: String) -> UnsafeMutableRawPointer? {
        dlsym(UnsafeMutableRawPointer(bitPattern: 0), name)
    }

    /// The realpath of the shared object containing `address`.
    ///
    /// If the address is not inside the object that exports `symbol` (for
    /// example a PLT stub in the executable), the address `dlsym` resolves is
    /// used instead; the dynamic loader binds calls to that same definition.
    static func resolvedPath(of address: UnsafeRawPointer, symbol name: String) -> String? {
        var loaded = BLASCalls.loadedObject(containing: address)
        if loaded?.symbolName != name, let global = symbol(named: name) {
            loaded = BLASCalls.loadedObject(containing: UnsafeRawPointer(global))
        }
        guard let path = loaded?.objectPath, !path.isEmpty else { return nil }
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
