import Foundation
import Testing
@testable import LinearAlgebra
import _TestSupport

@Suite("DenseMatrix")
struct DenseMatrixTests {
    @Test func storesElementsRowMajor() {
        let matrix = DenseMatrix<Double>(rows: 2, columns: 3, elements: [1, 2, 3, 4, 5, 6])
        #expect(matrix.rows == 2 && matrix.columns == 3 && matrix.count == 6)
        #expect(matrix[0, 2] == 3)
        #expect(matrix[1, 0] == 4)
        #expect(matrix.row(1) == [4, 5, 6])
        #expect(matrix.column(1) == [2, 5])
        #expect(matrix.elements == [1, 2, 3, 4, 5, 6])
        #expect(matrix == DenseMatrix([[1, 2, 3], [4, 5, 6]]))
    }

    @Test func repeatingAndGeneratorInitialisersFillEveryElement() {
        let sevens = DenseMatrix<Float>(rows: 3, columns: 2, repeating: 7)
        #expect(sevens.elements == [Float](repeating: 7, count: 6))
        let indexed = DenseMatrix<Float>(rows: 2, columns: 3) { i, j in Float(10 * i + j) }
        #expect(indexed.elements == [0, 1, 2, 10, 11, 12])
        #expect(DenseMatrix<Double>.identity(3).elements == [1, 0, 0, 0, 1, 0, 0, 0, 1])
    }

    @Test func emptyShapesAreAllowed() {
        let empty = DenseMatrix<Double>(rows: 0, columns: 5)
        #expect(empty.count == 0 && empty.elements.isEmpty)
        #expect(empty.transposed().rows == 5 && empty.transposed().columns == 0)
        #expect(DenseMatrix<Float>([]).rows == 0)
    }

    @Test func copiesAreIndependentAfterMutation() {
        let original = DenseMatrix<Double>([[1, 2], [3, 4]])
        var copy = original
        copy[0, 0] = 100
        copy.setRow(1, to: [30, 40])
        #expect(original.elements == [1, 2, 3, 4])
        #expect(copy.elements == [100, 2, 30, 40])
        var other = original
        other.withUnsafeMutableBufferPointer { $0[3] = -1 }
        #expect(original[1, 1] == 4 && other[1, 1] == -1)
    }

    @Test func bufferIsAlignedTo64Bytes() {
        for n in [1, 3, 17, 100] {
            let matrix = DenseMatrix<Float>(rows: n, columns: n)
            matrix.withUnsafeBufferPointer { buffer in
                #expect(Int(bitPattern: buffer.baseAddress) % 64 == 0)
            }
        }
    }

    @Test(arguments: [(1, 1), (3, 5), (33, 70), (64, 64)])
    func transposeMatchesNaiveTranspose(shape: (Int, Int)) {
        var random = SeededRandom(seed: 1)
        let (m, n) = shape
        let elements: [Double] = random.array(count: m * n)
        let matrix = DenseMatrix(rows: m, columns: n, elements: elements)
        let transposed = matrix.transposed()
        #expect(transposed.rows == n && transposed.columns == m)
        #expect(transposed.elements == naiveTranspose(elements, m: m, n: n))
        #expect(transposed.transposed() == matrix)
    }

    @Test func rowAndColumnRangesCopyTheRightBlocks() {
        let matrix = DenseMatrix<Double>(rows: 4, columns: 3) { i, j in Double(i * 3 + j) }
        #expect(matrix.rows(1 ..< 3).elements == [3, 4, 5, 6, 7, 8])
        #expect(matrix.columns(1 ..< 3).elements == [1, 2, 4, 5, 7, 8, 10, 11])
        #expect(matrix.rows(2 ..< 2).rows == 0)
    }

    @Test func convertsBetweenPrecisions() {
        let double = DenseMatrix<Double>([[0.5, -1.25], [3, 1e10]])
        let float = double.converted(to: Float.self)
        #expect(float.elements == [0.5, -1.25, 3, 1e10])
        #expect(float.converted(to: Double.self) == double)
    }

    @Test func codableRoundTripsAndRejectsWrongElementCounts() throws {
        let matrix = DenseMatrix<Float>([[1, 2, 3], [4, 5, 6]])
        let data = try JSONEncoder().encode(matrix)
        #expect(try JSONDecoder().decode(DenseMatrix<Float>.self, from: data) == matrix)
        let bad = Data(#"{"rows": 2, "columns": 2, "elements": [1, 2, 3]}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(DenseMatrix<Float>.self, from: bad) }
    }

    @Test func equalityComparesShapeAndElements() {
        let a = DenseMatrix<Double>(rows: 2, columns: 3, elements: [1, 2, 3, 4, 5, 6])
        let b = DenseMatrix<Double>(rows: 3, columns: 2, elements: [1, 2, 3, 4, 5, 6])
        #expect(a != b)
        let nan = DenseMatrix<Double>(rows: 1, columns: 1, elements: [.nan])
        #expect(nan != nan)
    }
}
