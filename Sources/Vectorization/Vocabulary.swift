/// The terms of a fitted vectorizer, in column order: sorted by Unicode code
/// point (UTF-8 byte order), as scikit-learn's `sorted(vocabulary_)`.
///
/// Terms are stored back to back in one byte array; lookups binary-search it.
/// - Complexity: `index(of:)` is O(log V · term length); `subscript` O(term length).
public struct Vocabulary: Sendable, Equatable, RandomAccessCollection {
    /// Concatenated UTF-8 bytes of all terms.
    let bytes: [UInt8]
    /// `count + 1` offsets into `bytes`.
    let offsets: [Int]

    /// Builds a vocabulary from terms already in sorted, duplicate-free order.
    package init(sortedBytes bytes: [UInt8], offsets: [Int]) {
        self.bytes = bytes
        self.offsets = offsets
    }

    /// Builds a vocabulary from any terms (sorted and de-duplicated here).
    public init<S: Sequence>(_ terms: S) where S.Element == String {
        var bytes: [UInt8] = []
        var offsets = [0]
        for term in Set(terms).sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }) {
            bytes.append(contentsOf: term.utf8)
            offsets.append(bytes.count)
        }
        self.init(sortedBytes: bytes, offsets: offsets)
    }

    /// The first column index, 0.
    public var startIndex: Int { 0 }
    /// One past the last column index: the number of terms.
    public var endIndex: Int { offsets.count - 1 }

    /// The term of column `index`.
    public subscript(index: Int) -> String {
        String(decoding: bytes[offsets[index] ..< offsets[index + 1]], as: UTF8.self)
    }

    /// The column of `term`, or `nil` when the term is not in the vocabulary.
    public func index(of term: String) -> Int? {
        let key = Array(term.utf8)
        return bytes.withUnsafeBufferPointer { all in
            key.withUnsafeBufferPointer { k in
                var low = 0, high = count
                while low < high {
                    let mid = (low + high) / 2
                    let start = offsets[mid], length = offsets[mid + 1] - start
                    if ByteStringTable.bytesPrecede(all.baseAddress! + start, length, k.baseAddress ?? all.baseAddress!, k.count) {
                        low = mid + 1
                    } else {
                        high = mid
                    }
                }
                guard low < count, offsets[low + 1] - offsets[low] == k.count else { return nil }
                return bytes[offsets[low] ..< offsets[low + 1]].elementsEqual(key) ? low : nil
            }
        }
    }

    /// Calls `body` with the bytes of every term, in column order.
    package func forEachTermBytes(_ body: (Int, UnsafeBufferPointer<UInt8>) -> Void) {
        bytes.withUnsafeBufferPointer { all in
            for i in 0 ..< count {
                body(i, UnsafeBufferPointer(rebasing: all[offsets[i] ..< offsets[i + 1]]))
            }
        }
    }
}
