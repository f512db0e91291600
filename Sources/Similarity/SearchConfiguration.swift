import LinearAlgebra

/// How a similarity search is cut into work: tile sizes and threads.
///
/// The dense path computes `queryTile x corpusTile` blocks of scores with one
/// `gemm` each into a per-task scratch tile, so its extra memory is
/// `threads * queryTile * corpusTile` scalars however large the problem. The
/// sparse path hands `queryTile` query rows to each task.
///
/// Results never depend on these settings: every reported score is recomputed
/// by one fixed-order kernel, and result order is total, so any tiling and any
/// thread count give bit-identical neighbours (see `DenseSearch`).
public struct SearchConfiguration: Sendable, Hashable, Codable {
    /// Query rows per tile (dense) or per task (sparse). Default 1024.
    public var queryTile: Int
    /// Corpus rows per tile (dense). Default 1024; with `queryTile` that is a
    /// 4 MiB `Float` scratch tile per thread, which keeps OpenBLAS's `sgemm`
    /// near its peak with `d` around 256.
    public var corpusTile: Int
    /// The most threads to use. Default: every core this process may use.
    public var threads: Int

    /// A configuration; every value must be at least 1.
    /// - Precondition: `queryTile >= 1`, `corpusTile >= 1`, `threads >= 1`.
    public init(queryTile: Int = 1024, corpusTile: Int = 1024, threads: Int = Parallel.availableCores) {
        precondition(queryTile >= 1, "SearchConfiguration: queryTile must be at least 1, got \(queryTile)")
        precondition(corpusTile >= 1, "SearchConfiguration: corpusTile must be at least 1, got \(corpusTile)")
        precondition(threads >= 1, "SearchConfiguration: threads must be at least 1, got \(threads)")
        self.queryTile = queryTile
        self.corpusTile = corpusTile
        self.threads = threads
    }

    /// 1024 x 1024 tiles on every available core.
    public static var `default`: SearchConfiguration { SearchConfiguration() }

    /// This configuration with a different thread count.
    /// - Precondition: `threads >= 1`.
    public func with(threads: Int) -> SearchConfiguration {
        SearchConfiguration(queryTile: queryTile, corpusTile: corpusTile, threads: threads)
    }

    func validate() {
        precondition(queryTile >= 1 && corpusTile >= 1 && threads >= 1,
                     "SearchConfiguration: tiles and threads must be at least 1 (\(queryTile), \(corpusTile), \(threads))")
    }
}
