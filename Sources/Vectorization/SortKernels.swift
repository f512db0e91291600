/// Small sorting kernels for the vectorizer's hot paths, where the standard
/// library's generic stable sort costs too much.
enum SortKernels {
    @inline(__always)
    private static func swap(_ a: UnsafeMutablePointer<UInt64>, _ i: Int, _ j: Int) {
        let t = a[i]; a[i] = a[j]; a[j] = t
    }

    /// Sorts `values` ascending in place: insertion sort for short ranges,
    /// otherwise quicksort with a median-of-three pivot.
    /// - Complexity: O(n log n) expected, O(n²) worst case.
    static func sort(_ values: UnsafeMutableBufferPointer<UInt64>) {
        guard let base = values.baseAddress, values.count > 1 else { return }
        quicksort(base, 0, values.count - 1)
    }

    private static func quicksort(_ a: UnsafeMutablePointer<UInt64>, _ low: Int, _ high: Int) {
        var low = low, high = high
        while high - low > 24 {
            let mid = low + (high - low) / 2
            if a[mid] < a[low] { swap(a, mid, low) }
            if a[high] < a[low] { swap(a, high, low) }
            if a[high] < a[mid] { swap(a, high, mid) }
            let pivot = a[mid]
            var i = low, j = high
            while i <= j {
                while a[i] < pivot { i += 1 }
                while a[j] > pivot { j -= 1 }
                if i <= j { swap(a, i, j); i += 1; j -= 1 }
            }
            // Recurse into the smaller side; loop on the larger.
            if j - low < high - i {
                quicksort(a, low, j)
                low = i
            } else {
                quicksort(a, i, high)
                high = j
            }
        }
        if high > low {
            for k in (low + 1) ... high {
                let x = a[k]
                var m = k - 1
                while m >= low && a[m] > x { a[m + 1] = a[m]; m -= 1 }
                a[m + 1] = x
            }
        }
    }

    /// Sorts `ids` by their `prefixes` (both permuted together) with an LSD
    /// radix sort over the eight bytes of the prefix.
    /// - Complexity: O(8 · n) time, O(n) extra memory.
    static func radixSort(prefixes: inout [UInt64], ids: inout [Int32]) {
        let n = prefixes.count
        guard n > 1 else { return }
        var prefixScratch = [UInt64](repeating: 0, count: n)
        var idScratch = [Int32](repeating: 0, count: n)
        var counts = [Int](repeating: 0, count: 256)
        for pass in 0 ..< 8 {
            let shift = UInt64(pass * 8)
            prefixes.withUnsafeMutableBufferPointer { p in
                ids.withUnsafeMutableBufferPointer { d in
                    prefixScratch.withUnsafeMutableBufferPointer { ps in
                        idScratch.withUnsafeMutableBufferPointer { ds in
                            counts.withUnsafeMutableBufferPointer { c in
                                for b in 0 ..< 256 { c[b] = 0 }
                                for i in 0 ..< n { c[Int((p[i] >> shift) & 0xFF)] += 1 }
                                if c[Int((p[0] >> shift) & 0xFF)] == n { return }  // every key has the same byte here
                                var total = 0
                                for b in 0 ..< 256 { let k = c[b]; c[b] = total; total += k }
                                for i in 0 ..< n {
                                    let bucket = Int((p[i] >> shift) & 0xFF)
                                    let position = c[bucket]
                                    ps[position] = p[i]
                                    ds[position] = d[i]
                                    c[bucket] = position + 1
                                }
                                for i in 0 ..< n { p[i] = ps[i]; d[i] = ds[i] }
                            }
                        }
                    }
                }
            }
        }
    }
}
