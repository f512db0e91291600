/// The suffix array and LCP array of an integer sequence.
///
/// `suffixes[r]` is the start of the r-th smallest suffix; `lcp[r]` is the
/// length of the longest common prefix of suffixes `r - 1` and `r`
/// (`lcp[0] = 0`). Built by prefix doubling with counting sorts
/// (O(n log n)) and Kasai's algorithm (O(n)).
///
/// Symbols must lie in `0 ..< alphabetSize`.
struct SuffixArray {
    let suffixes: [Int32]
    let lcp: [Int32]

    init(_ sequence: [Int32], alphabetSize: Int) {
        let n = sequence.count
        guard n > 0 else { suffixes = []; lcp = []; return }
        var rank = sequence.map { Int($0) }
        var order = [Int](repeating: 0, count: n)
        var scratch = [Int](repeating: 0, count: n)
        var buckets = [Int](repeating: 0, count: max(alphabetSize, n) + 2)
        // Initial order by first symbol.
        for s in rank { buckets[s + 1] += 1 }
        for i in 1 ..< buckets.count { buckets[i] += buckets[i - 1] }
        for i in 0 ..< n { order[buckets[rank[i]]] = i; buckets[rank[i]] += 1 }
        var classes = max(alphabetSize, n) + 1
        var step = 1
        var newRank = [Int](repeating: 0, count: n)
        while true {
            // Sort by (rank[i], rank[i + step]) with rank -1 past the end:
            // counting sort by the second key, then a stable one by the first.
            func second(_ i: Int) -> Int { i + step < n ? rank[i + step] + 1 : 0 }
            for b in 0 ... classes { buckets[b] = 0 }
            for i in 0 ..< n { buckets[second(i)] += 1 }
            var total = 0
            for b in 0 ... classes { let c = buckets[b]; buckets[b] = total; total += c }
            for i in 0 ..< n { let k = second(i); scratch[buckets[k]] = i; buckets[k] += 1 }
            for b in 0 ... classes { buckets[b] = 0 }
            for i in 0 ..< n { buckets[rank[i]] += 1 }
            total = 0
            for b in 0 ... classes { let c = buckets[b]; buckets[b] = total; total += c }
            for i in scratch { order[buckets[rank[i]]] = i; buckets[rank[i]] += 1 }
            // New ranks.
            newRank[order[0]] = 0
            var r = 0
            for k in 1 ..< n {
                let a = order[k - 1], b = order[k]
                if rank[a] != rank[b] || second(a) != second(b) { r += 1 }
                newRank[b] = r
            }
            swap(&rank, &newRank)
            classes = r + 1
            if r == n - 1 { break }
            step *= 2
        }
        suffixes = order.map { Int32($0) }
        // Kasai: LCP from ranks.
        var lcp = [Int32](repeating: 0, count: n)
        var h = 0
        for i in 0 ..< n {
            let r = rank[i]
            if r > 0 {
                let j = order[r - 1]
                while i + h < n && j + h < n && sequence[i + h] == sequence[j + h] { h += 1 }
                lcp[r] = Int32(h)
                if h > 0 { h -= 1 }
            } else {
                h = 0
            }
        }
        self.lcp = lcp
    }
}
