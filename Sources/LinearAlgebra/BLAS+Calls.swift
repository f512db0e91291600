internal import CBLAS

/// The single choke point for calls into CBLAS and LAPACKE. Every `cblas_*`
/// and `LAPACKE_*` call in Refrain lives in this file; sizes are narrowed to
/// `Int32` with a check (`BLASError.dimensionTooLarge`) rather than a trap.
///
/// Everything here is row-major (`CblasRowMajor`, `LAPACK_ROW_MAJOR`). The
/// functions take raw pointers and trust their callers (the generic layer in
/// `BLAS.swift` and `DenseMatrix+LAPACK.swift`) to have checked the shapes.
enum BLASCalls {
    /// Narrows a size or stride to the `Int32` the C interface takes.
    static func narrow(_ value: Int, _ name: String) throws(BLASError) -> Int32 {
        guard let narrowed = Int32(exactly: value) else {
            throw .dimensionTooLarge(name: name, value: value)
        }
        return narrowed
    }
}

// MARK: - Loaded-library introspection

extension BLASCalls {
    /// Where a symbol this module links against was loaded from.
    struct LoadedSymbol {
        /// Path of the shared object as the dynamic loader recorded it (may be a symlink).
        var objectPath: String
        /// The nearest exported symbol at or below the address, if any.
        var symbolName: String?
    }

    /// The address of `cblas_sgemm` as this module's code sees it.
    static var sgemmAddress: UnsafeRawPointer { refrain_address_of_cblas_sgemm() }

    /// The address of `LAPACKE_dgesdd` as this module's code sees it.
    static var dgesddAddress: UnsafeRawPointer { refrain_address_of_LAPACKE_dgesdd() }

    /// `dladdr`: the shared object that contains `address`, or `nil` if none does.
    static func loadedObject(containing address: UnsafeRawPointer) -> LoadedSymbol? {
        var info = refrain_dl_info()
        guard refrain_dladdr(address, &info) != 0, let file = info.dli_fname else { return nil }
        return LoadedSymbol(objectPath: String(cString: file), symbolName: info.dli_sname.map { String(cString: $0) })
    }
}
