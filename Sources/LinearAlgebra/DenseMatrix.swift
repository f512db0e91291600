/// A dense matrix of `Float` or `Double` in row-major order: element `(i, j)`
/// lives at offset `i * columns + j` of one contiguous buffer, the layout the
/// BLAS calls here pass with `CblasRowMajor` and a leading dimension of `columns`.
///
/// ## Storage
/// A value type with copy-on-write over a class-backed buffer
/// (`DenseStorage`), not a `[Scalar]`: the buffer is 64-byte aligned, so rows
/// of a multiple of 16 floats start on cache lines and vector loads in the
/// BLAS never straddle them. Copies are O(1) until one of them is mutated.
/// Reach the elements with `withUnsafeBufferPointer` /
/// `withUnsafeMutableBufferPointer` (closure-scoped), `elements` (a copy) or the
/// subscript.
///
/// ## Invariants
/// `rows >= 0`, `columns >= 0`, and the buffer holds exactly `rows * columns`
/// elements; checked on creation (the product in release builds too) and
/// after mutation in debug builds.
public struct DenseMatrix<Scalar: BLASScalar>: Sendable {
    /// Number of rows.
    public let rows: Int
    /// Number of columns, which is also the leading dimension (row stride) of the storage.
    public let columns: Int
    /// The elements in row-major order.
    private(set) var storage: DenseStorage<Scalar>

    /// `rows * columns`.
    public var count: Int { storage.count }

    /// A `rows x columns` matrix with every element equal to `value`.
    /// - Complexity: O(rows * columns).
    public init(rows: Int, columns: Int, repeating value: Scalar = 0) {
        let count = Self.checkedCount(rows, columns)
        self.rows = rows
        self.columns = columns
        self.storage = DenseStorage(count: count, repeating: value)
        checkInvariants()
    }

    /// A matrix over a flat row-major array: element `(i, j)` is `elements[i * columns + j]`.
    /// - Precondition: `elements.count == rows * columns`.
    /// - Complexity: O(rows * columns).
    public init(rows: Int, columns: Int, elements: [Scalar]) {
        let count = Self.checkedCount(rows, columns)
        precondition(elements.count == count, "DenseMatrix: \(rows)x\(columns) needs \(count) elements, got \(elements.count)")
        self.rows = rows
        self.columns = columns
        self.storage = elements.withUnsafeBufferPointer { DenseStorage(copying: $0) }
        checkInvariants()
    }

    /// A matrix from its rows, e.g. `DenseMatrix([[1, 2], [3, 4]])`.
    /// An empty array gives a 0 x 0 matrix.
    /// - Precondition: every row has the same length.
    /// - Complexity: O(rows * columns).
    public init(_ rowArrays: [[Scalar]]) {
        let columns = rowArrays.first?.count ?? 0
        precondition(rowArrays.allSatisfy { $0.count == columns }, "DenseMatrix: rows of unequal length")
        self.init(rows: rowArrays.count, columns: columns, elements: rowArrays.flatMap { $0 })
    }

    /// A matrix whose element `(i, j)` is `element(i, j)`, evaluated in row-major order.
    /// - Complexity: O(rows * columns) calls of `element`.
    public init<E: Error>(rows: Int, columns: Int, _ element: (_ row: Int, _ column: Int) throws(E) -> Scalar) throws(E) {
        self.init(rows: rows, columns: columns)
        try withUnsafeMutableBufferPointer { (target) throws(E) in
            for i in 0 ..< rows {
                for j in 0 ..< columns { target[i * columns + j] = try element(i, j) }
            }
        }
    }

    /// The `n x n` identity matrix.
    /// - Complexity: O(n²).
    public static func identity(_ n: Int) -> DenseMatrix {
        var matrix = DenseMatrix(rows: n, columns: n)
        matrix.withUnsafeMutableBufferPointer { target in
            for i in 0 ..< n { target[i * n + i] = 1 }
        }
        return matrix
    }

    // MARK: - Elements

    /// The element at `(row, column)`.
    /// - Precondition: `0 <= row < rows` and `0 <= column < columns`.
    /// - Complexity: O(1), except that the first write to a shared buffer copies it.
    public subscript(row: Int, column: Int) -> Scalar {
        get {
            checkIndex(row, column)
            return storage.base[row * columns + column]
        }
        set {
            checkIndex(row, column)
            makeUnique()
            storage.base[row * columns + column] = newValue
        }
    }

    /// All elements in row-major order (a copy).
    /// - Complexity: O(rows * columns).
    public var elements: [Scalar] {
        withUnsafeBufferPointer { Array($0) }
    }

    /// Row `row` as an array (a copy).
    /// - Complexity: O(columns).
    public func row(_ row: Int) -> [Scalar] {
        withRow(row) { Array($0) }
    }

    /// Calls `body` with the `columns` contiguous elements of row `row`, without copying.
    /// The buffer must not escape `body`.
    public func withRow<R, E: Error>(_ row: Int, _ body: (UnsafeBufferPointer<Scalar>) throws(E) -> R) throws(E) -> R {
        precondition(row >= 0 && row < rows, "DenseMatrix: row \(row) out of 0..<\(rows)")
        return try body(UnsafeBufferPointer(start: storage.base + row * columns, count: columns))
    }

    /// Replaces row `row` with `values`.
    /// - Precondition: `values.count == columns`.
    /// - Complexity: O(columns), plus a copy of the buffer if it is shared.
    public mutating func setRow(_ row: Int, to values: some Collection<Scalar>) {
        precondition(row >= 0 && row < rows, "DenseMatrix: row \(row) out of 0..<\(rows)")
        precondition(values.count == columns, "DenseMatrix: row needs \(columns) values, got \(values.count)")
        makeUnique()
        var target = storage.base + row * columns
        for value in values {
            target.pointee = value
            target += 1
        }
    }

    /// Column `column` as an array (a copy, strided read).
    /// - Complexity: O(rows).
    public func column(_ column: Int) -> [Scalar] {
        precondition(column >= 0 && column < columns, "DenseMatrix: column \(column) out of 0..<\(columns)")
        return (0 ..< rows).map { storage.base[$0 * columns + column] }
    }

    /// The consecutive rows `range` as a new matrix.
    /// - Complexity: O(range.count * columns).
    public func rows(_ range: Range<Int>) -> DenseMatrix {
        precondition(range.lowerBound >= 0 && range.upperBound <= rows, "DenseMatrix: rows \(range) out of 0..<\(rows)")
        let block = UnsafeBufferPointer(start: storage.base + range.lowerBound * columns, count: range.count * columns)
        return DenseMatrix(rows: range.count, columns: columns, storage: DenseStorage(copying: block))
    }

    /// The consecutive columns `range` as a new matrix (for example the
    /// leading `k` singular vectors).
    /// - Complexity: O(rows * range.count).
    public func columns(_ range: Range<Int>) -> DenseMatrix {
        precondition(range.lowerBound >= 0 && range.upperBound <= columns, "DenseMatrix: columns \(range) out of 0..<\(columns)")
        var result = DenseMatrix(rows: rows, columns: range.count)
        let m = rows, n = columns, width = range.count
        withUnsafeBufferPointer { source in
            result.withUnsafeMutableBufferPointer { target in
                for i in 0 ..< m {
                    for j in 0 ..< width { target[i * width + j] = source[i * n + range.lowerBound + j] }
                }
            }
        }
        return result
    }

    /// The transpose as a new `columns x rows` matrix.
    ///
    /// Most BLAS wrappers take a transpose flag instead; materialise a transpose
    /// only when a row-major copy is really needed.
    /// - Complexity: O(rows * columns), in 32 x 32 tiles for cache locality.
    public func transposed() -> DenseMatrix {
        var result = DenseMatrix(rows: columns, columns: rows)
        let m = rows, n = columns, tile = 32
        withUnsafeBufferPointer { source in
            result.withUnsafeMutableBufferPointer { target in
                for i0 in stride(from: 0, to: m, by: tile) {
                    for j0 in stride(from: 0, to: n, by: tile) {
                        for i in i0 ..< min(i0 + tile, m) {
                            for j in j0 ..< min(j0 + tile, n) { target[j * m + i] = source[i * n + j] }
                        }
                    }
                }
            }
        }
        return result
    }

    /// The matrix with every element converted to another precision.
    /// - Complexity: O(rows * columns).
    public func converted<Other: BLASScalar>(to _: Other.Type = Other.self) -> DenseMatrix<Other> {
        var result = DenseMatrix<Other>(rows: rows, columns: columns)
        withUnsafeBufferPointer { source in
            result.withUnsafeMutableBufferPointer { target in
                for k in source.indices { target[k] = Other(source[k]) }
            }
        }
        return result
    }

    // MARK: - Closure-scoped buffer access

    /// Calls `body` with all elements in row-major order. The buffer must not escape `body`.
    public func withUnsafeBufferPointer<R, E: Error>(_ body: (UnsafeBufferPointer<Scalar>) throws(E) -> R) throws(E) -> R {
        try body(UnsafeBufferPointer(start: storage.base, count: count))
    }

    /// Calls `body` with all elements in row-major order for writing, first
    /// copying the buffer if it is shared. The buffer must not escape `body`.
    public mutating func withUnsafeMutableBufferPointer<R, E: Error>(
        _ body: (UnsafeMutableBufferPointer<Scalar>) throws(E) -> R
    ) throws(E) -> R {
        makeUnique()
        defer { checkInvariants() }
        return try body(UnsafeMutableBufferPointer(start: storage.base, count: count))
    }

    // MARK: - Implementation

    init(rows: Int, columns: Int, storage: DenseStorage<Scalar>) {
        self.rows = rows
        self.columns = columns
        self.storage = storage
        checkInvariants()
    }

    /// Copies the buffer if another value shares it, so that writes stay private.
    mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
    }

    private static func checkedCount(_ rows: Int, _ columns: Int) -> Int {
        precondition(rows >= 0 && columns >= 0, "DenseMatrix: negative shape \(rows)x\(columns)")
        let (count, overflow) = rows.multipliedReportingOverflow(by: columns)
        precondition(!overflow, "DenseMatrix: \(rows)x\(columns) overflows Int")
        return count
    }

    @inline(__always)
    private func checkIndex(_ row: Int, _ column: Int) {
        precondition(row >= 0 && row < rows && column >= 0 && column < columns,
                     "DenseMatrix: index (\(row), \(column)) out of \(rows)x\(columns)")
    }

    private func checkInvariants() {
        assert(rows >= 0 && columns >= 0 && storage.count == rows * columns,
               "DenseMatrix: \(rows)x\(columns) with \(storage.count) stored elements")
        assert(Int(bitPattern: storage.base) % DenseStorage<Scalar>.alignment == 0, "DenseMatrix: misaligned buffer")
    }
}

extension DenseMatrix: Equatable {
    /// Same shape and elementwise `==` (so a NaN makes matrices unequal).
    /// - Complexity: O(rows * columns).
    public static func == (lhs: DenseMatrix, rhs: DenseMatrix) -> Bool {
        guard lhs.rows == rhs.rows, lhs.columns == rhs.columns else { return false }
        if lhs.storage === rhs.storage { return !lhs.withUnsafeBufferPointer { $0.contains { $0.isNaN } } }
        return lhs.withUnsafeBufferPointer { l in rhs.withUnsafeBufferPointer { r in l.elementsEqual(r) } }
    }
}

extension DenseMatrix: Codable {
    private enum CodingKeys: String, CodingKey { case rows, columns, elements }

    /// Decodes `{"rows": m, "columns": n, "elements": [m * n row-major values]}`.
    /// - Throws: `DecodingError.dataCorrupted` if the shape and the element count disagree.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let rows = try container.decode(Int.self, forKey: .rows)
        let columns = try container.decode(Int.self, forKey: .columns)
        let elements = try container.decode([Scalar].self, forKey: .elements)
        let (count, overflow) = rows.multipliedReportingOverflow(by: columns)
        guard rows >= 0, columns >= 0, !overflow, count == elements.count else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                debugDescription: "a \(rows)x\(columns) matrix needs \(rows)*\(columns) elements, found \(elements.count)"))
        }
        self.init(rows: rows, columns: columns, elements: elements)
    }

    /// Encodes the shape and the row-major elements.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(rows, forKey: .rows)
        try container.encode(columns, forKey: .columns)
        try container.encode(elements, forKey: .elements)
    }
}

extension DenseMatrix: CustomStringConvertible {
    /// The shape, then up to 8 rows of up to 8 elements.
    public var description: String {
        var lines = ["DenseMatrix<\(Scalar.self)> \(rows)x\(columns)"]
        for i in 0 ..< min(rows, 8) {
            let shown = (0 ..< min(columns, 8)).map { "\(self[i, $0])" }.joined(separator: " ")
            lines.append("  " + shown + (columns > 8 ? " ..." : ""))
        }
        if rows > 8 { lines.append("  ...") }
        return lines.joined(separator: "\n")
    }
}
