import LinearAlgebra

/// Stateless vectorizer: each feature goes to column
/// `|murmurhash3_32(feature)| mod nFeatures` with no stored vocabulary,
/// numerically equal to scikit-learn's `HashingVectorizer`.
///
/// With `alternateSign` a feature whose signed hash is negative adds −1
/// instead of +1, so colliding features tend to cancel. Entries of a row are
/// summed per column (cancellations stay as stored zeros, as in SciPy), then
/// `binary` sets every stored value to 1, then rows are normalised.
///
/// - Complexity: O(B) for B input bytes; no vocabulary memory.
public struct HashingVectorizer: Sendable {
    /// How texts become features.
    public var analyzer: AnalyzerConfiguration
    /// Number of columns. Default 2^20.
    public var nFeatures: Int
    /// Sign features by their hash. Default `true`.
    public var alternateSign: Bool
    /// Store 1 for every non-empty column. Default `false`.
    public var binary: Bool
    /// Row normalisation. Default `.l2`.
    public var norm: RowNorm?
    /// Threads. Default: all cores.
    public var threads: Int

    /// Creates a hashing vectorizer; defaults are scikit-learn's.
    public init(analyzer: AnalyzerConfiguration = AnalyzerConfiguration(), nFeatures: Int = 1 << 20, alternateSign: Bool = true,
                binary: Bool = false, norm: RowNorm? = .l2, threads: Int = Parallel.availableCores) {
        self.analyzer = analyzer
        self.nFeatures = nFeatures
        self.alternateSign = alternateSign
        self.binary = binary
        self.norm = norm
        self.threads = max(1, threads)
    }

    /// The column a feature hash lands in (scikit-learn's rule, including its
    /// special case for -2^31, whose absolute value does not fit in 32 bits).
    static func column(_ h: Int32, _ n: Int) -> Int {
        h == Int32.min ? (Int(Int32.max) - (n - 1)) % n : Int(h.magnitude) % n
    }

    /// The hashed matrix of `texts`.
    public func transform<Scalar: BLASScalar>(_ texts: [String], as _: Scalar.Type = Double.self) throws(VectorizationError) -> CSRMatrix<Scalar> {
        do { try analyzer.validate() } catch { throw .invalidConfiguration(error.description) }
        guard nFeatures >= 1, nFeatures <= Int(Int32.max) else {
            throw .invalidConfiguration("nFeatures = \(nFeatures) must be in 1...\(Int32.max)")
        }
        let chunkRanges = Parallel.chunks(of: texts.count, into: threads)
        let me = self
        let parts = Parallel.map(chunkRanges.count, threads: threads) { c -> (offsets: [Int], columns: [Int32], values: [Double]) in
            let extractor = FeatureExtractor(me.analyzer)
            var offsets = [0], columns: [Int32] = [], values: [Double] = []
            var entries: [(Int, Double)] = []
            for d in chunkRanges[c] {
                extractor.extract(texts[d])
                entries.removeAll(keepingCapacity: true)
                extractor.withFeatures { base, starts, lengths in
                    for f in 0 ..< starts.count {
                        let h = Int32(bitPattern: MurmurHash3.x86_32(UnsafeBufferPointer(start: base + Int(starts[f]), count: Int(lengths[f]))))
                        let sign = me.alternateSign && h < 0 ? -1.0 : 1.0
                        entries.append((HashingVectorizer.column(h, me.nFeatures), sign))
                    }
                }
                entries.sort { $0.0 < $1.0 }
                var row: [Double] = []
                var i = 0
                while i < entries.count {
                    let col = entries[i].0
                    var sum = 0.0
                    while i < entries.count && entries[i].0 == col { sum += entries[i].1; i += 1 }
                    columns.append(Int32(col))
                    row.append(me.binary ? 1 : sum)
                }
                RowNormalization.normalize(&row, me.norm)
                values.append(contentsOf: row)
                offsets.append(values.count)
            }
            return (offsets, columns, values)
        }
        var rowOffsets = [0], columns: [Int32] = [], values: [Scalar] = []
        for part in parts {
            let base = rowOffsets.last!
            rowOffsets.append(contentsOf: part.offsets.dropFirst().map { $0 + base })
            columns.append(contentsOf: part.columns)
            values.append(contentsOf: part.values.map { Scalar($0) })
        }
        return CSRMatrix(rows: texts.count, columns: nFeatures, rowOffsets: rowOffsets, columnIndices: columns, values: values)
    }
}
