#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import LinearAlgebra

@Suite("BLASRuntime")
struct BLASRuntimeTests {
    @Test func reportsAnExistingBLASLibraryPath() throws {
        let path = try #require(BLASRuntime.libraryPath)
        #expect(!path.isEmpty)
        #expect(access(path, F_OK) == 0, "\(path) does not exist")
    }

    @Test func reportsAnExistingLAPACKPath() throws {
        let path = try #require(BLASRuntime.lapackPath)
        #expect(!path.isEmpty)
        #expect(access(path, F_OK) == 0, "\(path) does not exist")
    }

    @Test func detectsOpenBLASWithAConfigurationOnThisMachine() throws {
        #expect(BLASRuntime.provider == .openBLAS)
        let configuration = try #require(BLASRuntime.configuration)
        #expect(!configuration.isEmpty)
        #expect(BLASRuntime.summary.contains("OpenBLAS"))
    }

    @Test func threadCountIsPositiveAndSettingItReadsBack() {
        let before = BLASRuntime.threads
        #expect(before >= 1)
        // Re-set the current value: other suites may be inside BLAS calls.
        #expect(BLASRuntime.setThreads(before))
        #expect(BLASRuntime.threads == before)
    }

    /// Path fragments in the shapes Debian and vendors install (roots omitted).
    @Test func deducesProvidersFromPathsWhenNoProviderSymbolIsExported() {
        let none: (String) -> Bool = { _ in false }
        #expect(BLASProvider.deduce(libraryPath: "lib/openblas-pthread/libblas.so.3", isExported: none) == .openBLAS)
        #expect(BLASProvider.deduce(libraryPath: "lib/blas/libblas.so.3", isExported: none) == .reference)
        #expect(BLASProvider.deduce(libraryPath: "mkl/lib/libmkl_rt.so.2", isExported: none) == .mkl)
        #expect(BLASProvider.deduce(libraryPath: "lib/blis-openmp/libblas.so.3", isExported: none) == .blis)
        #expect(BLASProvider.deduce(libraryPath: "vendor/libfastmath.so", isExported: none) == .unknown)
        #expect(BLASProvider.deduce(libraryPath: nil, isExported: none) == .unknown)
    }

    @Test func exportedOpenBLASSymbolOutranksTheLibraryPath() {
        let provider = BLASProvider.deduce(libraryPath: "lib/libblas.so.3") { $0 == "openblas_get_config" }
        #expect(provider == .openBLAS)
    }
}
