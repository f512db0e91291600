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
    /// radix sort over the eight bytes of the prefix. Stable.
    /// - Complexity: O(8 · n) time, O(n) extra memory.
    static func radixSort(prefixes: inout [UInt64], ids: inout [Int32]) {
        precondition(prefixes.count == ids.count, "SortKernels.radixSort: one id per prefix")
        prefixes.withUnsafeMutableBufferPointer { p in
            ids.withUnsafeMutableBufferPointer { d in radixSort(keys: p, payload: d) }
        }
    }

    /// Sorts `keys` ascending with `payload` permuted alongside: a stable LSD
    /// radix sort on bytes, one counting pass for all eight histograms, and
    /// no pass over a byte that is the same in every key.
    /// - Complexity: O(8 · n) time, O(n) extra memory.
    static func radixSort(keys: UnsafeMutableBufferPointer<UInt64>, payload: UnsafeMutableBufferPointer<Int32>) {
        let n = keys.count
        precondition(payload.count == n, "SortKernels.radixSort: one payload per key")
        guard n > 1, let keyBase = keys.baseAddress, let payloadBase = payload.baseAddress else { return }
        let histograms = UnsafeMutablePointer<Int>.allocate(capacity: 8 * 256)
        defer { histograms.deallocate() }
        histograms.initialize(repeating: 0, count: 8 * 256)
        for i in 0 ..< n {
            let k = keyBase[i]
            for pass in 0 ..< 8 { histograms[pass << 8 | Int((k >> UInt64(pass << 3)) & 0xFF)] += 1 }
        }
        let passes = (0 ..< 8).filter { pass in histograms[pass << 8 | Int((keyBase[0] >> UInt64(pass << 3)) & 0xFF)] != n }
        guard !passes.isEmpty else { return }
        let keyScratch = UnsafeMutablePointer<UInt64>.allocate(capacity: n)
        let payloadScratch = UnsafeMutablePointer<Int32>.allocate(capacity: n)
        defer { keyScratch.deallocate(); payloadScratch.deallocate() }
        var sourceKeys = keyBase, sourcePayload = payloadBase
        var targetKeys = keyScratch, targetPayload = payloadScratch
        for pass in passes {
            let shift = UInt64(pass << 3)
            let count = histograms + (pass << 8)
            var total = 0
            for b in 0 ..< 256 { let c = count[b]; count[b] = total; total += c }
            for i in 0 ..< n {
                let k = sourceKeys[i]
                let bucket = Int((k >> shift) & 0xFF)
                let position = count[bucket]
                targetKeys[position] = k
                targetPayload[position] = sourcePayload[i]
                count[bucket] = position + 1
            }
            Swift.swap(&sourceKeys, &targetKeys)
            Swift.swap(&sourcePayload, &targetPayload)
        }
        if sourceKeys != keyBase {
            keyBase.update(from: sourceKeys, count: n)
            payloadBase.update(from: sourcePayload, count: n)
        }
    }

    /// Sorts `values`, all below `2^bits`, ascending: insertion sort or
    /// quicksort when short, otherwise an LSD radix sort in passes of at most
    /// ten bits through `scratch` (at least `values.count` long).
    /// - Complexity: O(n · ⌈bits / 10⌉ + 2^10) for long inputs.
    static func sort(_ values: UnsafeMutableBufferPointer<UInt32>, bits: Int, scratch: UnsafeMutablePointer<UInt32>) {
        let n = values.count
        guard n > 1, let base = values.baseAddress else { return }
        if n < 96 {
            for k in 1 ..< n {
                let x = base[k]
                var m = k - 1
                while m >= 0 && base[m] > x { base[m + 1] = base[m]; m -= 1 }
                base[m + 1] = x
            }
            return
        }
        let passes = max(1, (bits + 9) / 10)
        let digitBits = (bits + passes - 1) / passes
        let buckets = 1 << digitBits
        let mask = UInt32(buckets - 1)
        let counts = UnsafeMutablePointer<Int32>.allocate(capacity: buckets)
        defer { counts.deallocate() }
        var source = base, target = scratch
        for pass in 0 ..< passes {
            let shift = UInt32(pass * digitBits)
            counts.initialize(repeating: 0, count: buckets)
            for i in 0 ..< n { counts[Int((source[i] >> shift) & mask)] += 1 }
            var total: Int32 = 0
            for b in 0 ..< buckets { let c = counts[b]; counts[b] = total; total += c }
            for i in 0 ..< n {
                let v = source[i]
                let bucket = Int((v >> shift) & mask)
                target[Int(counts[bucket])] = v
                counts[bucket] += 1
            }
            Swift.swap(&source, &target)
        }
        if source != base { base.update(from: source, count: n) }
    }
}
