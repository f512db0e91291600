import Foundation

/// Turns one document at a time into its features (terms, word n-grams or
/// character n-grams) as byte ranges, without allocating a `String` per
/// feature. One extractor per thread; buffers are reused across documents.
///
/// This is the hot loop under `TfidfVectorizer`. The scikit-learn analyzers
/// (`.word`, `.char`, `.charWB`) reproduce scikit-learn's `build_analyzer()`
/// feature for feature, in the same order; `.refrain` uses `RefrainTokenizer`.
///
/// - Complexity: O(n · k) for a document of n bytes and k n-gram lengths.
package final class FeatureExtractor: @unchecked Sendable {
    /// The configuration this extractor applies.
    package let configuration: AnalyzerConfiguration
    private let store = ByteBuffer(capacity: 1 << 16)
    private let scratch = ByteBuffer(capacity: 1 << 12)
    @exclusivity(unchecked) private var featureStarts: [Int32] = []
    @exclusivity(unchecked) private var featureLengths: [Int32] = []
    @exclusivity(unchecked) private var tokenStarts: [Int32] = []
    @exclusivity(unchecked) private var tokenLengths: [Int32] = []
    @exclusivity(unchecked) private var tokenIsAcronym: [Bool] = []
    /// Room the word-pattern tokenizer writes its tokens into before they
    /// are moved to `tokenStarts` / `tokenLengths` in one copy each (an
    /// array append per token costs a uniqueness check).
    @exclusivity(unchecked) private var scratchStarts = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
    @exclusivity(unchecked) private var scratchLengths = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
    @exclusivity(unchecked) private var scratchCapacity = 1
    @exclusivity(unchecked) private var scalarOffsets: [Int32] = []
    private let stopWords: ByteStringTable?
    private let minN: Int
    private let maxN: Int

    /// Creates an extractor for `configuration` (which must be valid).
    package init(_ configuration: AnalyzerConfiguration) {
        self.configuration = configuration
        minN = configuration.ngramRange.lowerBound
        maxN = configuration.ngramRange.upperBound
        if let list = configuration.stopWords, configuration.kind == .word || configuration.kind == .refrain {
            let table = ByteStringTable(expectedCount: list.words.count)
            for word in list.words.sorted() { _ = table.insert(word) }
            stopWords = table
        } else {
            stopWords = nil
        }
    }

    deinit {
        scratchStarts.deallocate()
        scratchLengths.deallocate()
    }

    /// The number of features of the last extracted document.
    package var featureCount: Int { featureStarts.count }

    /// Extracts the features of `text`, replacing the previous document's.
    package func extract(_ text: String) {
        var text = text
        text.withUTF8 { extract(utf8: $0) }
    }

    /// Extracts the features of a UTF-8 buffer (which must be valid UTF-8).
    package func extract(utf8 source: UnsafeBufferPointer<UInt8>) {
        precondition(source.count < Int(Int32.max) / 4, "FeatureExtractor: a single document of \(source.count) bytes is too large; split it")
        store.count = 0
        featureStarts.removeAll(keepingCapacity: true)
        featureLengths.removeAll(keepingCapacity: true)
        switch configuration.kind {
        case .word where configuration.stripAccents == nil:
            lowercaseAndTokenizeWordPattern(source)
            emitWordFeatures()
        case .word:
            preprocess(source)
            tokenizeWordPattern(length: store.count)
            emitWordFeatures()
        case .refrain:
            RefrainTokenizer.scan(source, lowercase: configuration.lowercase, into: store,
                                  starts: &tokenStarts, lengths: &tokenLengths, acronym: &tokenIsAcronym, originalRanges: nil)
            if let mode = configuration.stripAccents { stripAccentsOfTokens(mode) }
            emitWordFeatures()
        case .char:
            preprocess(source)
            collapseWhiteSpace()
            emitCharacterNgrams()
        case .charWB:
            preprocess(source)
            collapseWhiteSpace()
            emitWordBoundedCharacterNgrams()
        }
    }

    /// Extracts only the word tokens of a UTF-8 buffer (which must be valid
    /// UTF-8): preprocessing, tokenizing and stop-word removal exactly as
    /// `extract(utf8:)` does, but no n-grams are materialised. Read them with
    /// `withTokens`. Only for the word analyzers (`.word`, `.refrain`).
    package func extractTokens(utf8 source: UnsafeBufferPointer<UInt8>) {
        precondition(source.count < Int(Int32.max) / 4, "FeatureExtractor: a single document of \(source.count) bytes is too large; split it")
        store.count = 0
        switch configuration.kind {
        case .word where configuration.stripAccents == nil:
            lowercaseAndTokenizeWordPattern(source)
        case .word:
            preprocess(source)
            tokenizeWordPattern(length: store.count)
        case .refrain:
            RefrainTokenizer.scan(source, lowercase: configuration.lowercase, into: store,
                                  starts: &tokenStarts, lengths: &tokenLengths, acronym: &tokenIsAcronym, originalRanges: nil)
            if let mode = configuration.stripAccents { stripAccentsOfTokens(mode) }
        case .char, .charWB:
            preconditionFailure("FeatureExtractor.extractTokens: \(configuration.kind) is not a word analyzer")
        }
        removeStopWords()
    }

    /// Calls `body` with the store and the (start, length) of every token kept
    /// by the last `extractTokens(utf8:)`, in document order.
    package func withTokens<R>(_ body: (UnsafePointer<UInt8>, UnsafeBufferPointer<Int32>, UnsafeBufferPointer<Int32>) throws -> R) rethrows -> R {
        try tokenStarts.withUnsafeBufferPointer { starts in
            try tokenLengths.withUnsafeBufferPointer { lengths in
                try body(UnsafePointer(store.base), starts, lengths)
            }
        }
    }

    /// Calls `body` with the store and the (start, length) of every feature.
    package func withFeatures<R>(_ body: (UnsafePointer<UInt8>, UnsafeBufferPointer<Int32>, UnsafeBufferPointer<Int32>) throws -> R) rethrows -> R {
        try featureStarts.withUnsafeBufferPointer { starts in
            try featureLengths.withUnsafeBufferPointer { lengths in
                try body(UnsafePointer(store.base), starts, lengths)
            }
        }
    }

    /// The features of the last document as strings (for tests and display).
    package func features() -> [String] {
        withFeatures { base, starts, lengths in
            (0 ..< starts.count).map { i in
                String(decoding: UnsafeBufferPointer(start: base + Int(starts[i]), count: Int(lengths[i])), as: UTF8.self)
            }
        }
    }

    // MARK: - Preprocessing (scikit-learn: lowercase, then strip accents)

    private func preprocess(_ source: UnsafeBufferPointer<UInt8>) {
        if configuration.lowercase {
            PythonCharacterClasses.appendLowercased(source, to: store)
        } else if let base = source.baseAddress {
            store.append(base, count: source.count)
        }
        if let mode = configuration.stripAccents { stripAccentsInPlace(from: 0, mode) }
    }

    /// Replaces `store[from...]` by its accent-stripped form. ASCII is unchanged by both modes.
    private func stripAccentsInPlace(from start: Int, _ mode: AccentStripping) {
        let region = UnsafeBufferPointer(start: store.base + start, count: store.count - start)
        guard region.contains(where: { $0 >= 0x80 }) else { return }
        let stripped = FeatureExtractor.stripAccents(String(decoding: region, as: UTF8.self), mode)
        store.count = start
        var s = stripped
        s.withUTF8 { if let b = $0.baseAddress { store.append(b, count: $0.count) } }
    }

    /// scikit-learn's `strip_accents_ascii` / `strip_accents_unicode`.
    package static func stripAccents(_ text: String, _ mode: AccentStripping) -> String {
        let decomposed = text.decomposedStringWithCompatibilityMapping
        var scalars = String.UnicodeScalarView()
        switch mode {
        case .ascii:
            for s in decomposed.unicodeScalars where s.isASCII { scalars.append(s) }
        case .unicode:
            for s in decomposed.unicodeScalars where s.properties.canonicalCombiningClass == .notReordered { scalars.append(s) }
        }
        return String(scalars)
    }

    private func stripAccentsOfTokens(_ mode: AccentStripping) {
        // Rewrite each token in place at the end of the store, then compact.
        let originalCount = store.count
        for t in 0 ..< tokenStarts.count {
            let start = Int(tokenStarts[t]), length = Int(tokenLengths[t])
            let token = UnsafeBufferPointer(start: store.base + start, count: length)
            let newStart = store.count
            if token.contains(where: { $0 >= 0x80 }) {
                var s = FeatureExtractor.stripAccents(String(decoding: token, as: UTF8.self), mode)
                s.withUTF8 { if let b = $0.baseAddress { store.append(b, count: $0.count) } }
            } else {
                store.appendCopy(of: start, count: length)
            }
            tokenStarts[t] = Int32(newStart)
            tokenLengths[t] = Int32(store.count - newStart)
        }
        _ = originalCount
    }

    // MARK: - Word tokens: (?u)\b\w\w+\b

    private func tokenizeWordPattern(length n: Int) {
        tokenStarts.removeAll(keepingCapacity: true)
        tokenLengths.removeAll(keepingCapacity: true)
        let p = store.base
        var i = 0
        var runStart = -1
        var runScalars = 0
        while i < n {
            let b = p[i]
            var isWord: Bool
            var width = 1
            if b < 0x80 {
                isWord = (b &- 48) < 10 || ((b | 0x20) &- 97) < 26 || b == 95
            } else {
                let (scalar, length) = UTF8Decoding.decode(UnsafeBufferPointer(start: p, count: n), at: i)
                isWord = PythonCharacterClasses.isWord(scalar)
                width = length
            }
            if isWord {
                if runStart < 0 { runStart = i; runScalars = 0 }
                runScalars += 1
            } else if runStart >= 0 {
                if runScalars >= 2 { tokenStarts.append(Int32(runStart)); tokenLengths.append(Int32(i - runStart)) }
                runStart = -1
            }
            i += width
        }
        if runStart >= 0 && runScalars >= 2 {
            tokenStarts.append(Int32(runStart)); tokenLengths.append(Int32(n - runStart))
        }
    }

    /// `preprocess` (without accent stripping) and `tokenizeWordPattern` in
    /// one pass: each source scalar is lowercased into the store (if
    /// configured) and the scalars it became are fed to the same token state
    /// machine, so the tokens are those of the lowercased text. ASCII takes
    /// fast paths: eight bytes at a time (`ASCIIWordBlock`) when they are all
    /// ASCII, else one table-driven byte at a time.
    private func lowercaseAndTokenizeWordPattern(_ source: UnsafeBufferPointer<UInt8>) {
        tokenStarts.removeAll(keepingCapacity: true)
        tokenLengths.removeAll(keepingCapacity: true)
        let n = source.count
        guard n > 0, let src = source.baseAddress else { return }
        // A token is at least two word scalars of the lowercased text and
        // tokens are apart, while lowercasing turns one scalar into at most
        // three: n + 2 tokens at most.
        if scratchCapacity < n + 2 {
            scratchStarts.deallocate()
            scratchLengths.deallocate()
            scratchCapacity = max(n + 2, 2 * scratchCapacity)
            scratchStarts = .allocate(capacity: scratchCapacity)
            scratchLengths = .allocate(capacity: scratchCapacity)
        }
        let starts = scratchStarts, lengths = scratchLengths, capacity = scratchCapacity
        var tokenCount = 0
        @inline(__always) func emit(_ start: Int, _ length: Int) {
            precondition(tokenCount < capacity, "FeatureExtractor: more tokens than the text allows")
            starts[tokenCount] = Int32(truncatingIfNeeded: start)
            lengths[tokenCount] = Int32(truncatingIfNeeded: length)
            tokenCount += 1
        }
        defer {
            tokenStarts.append(contentsOf: UnsafeBufferPointer(start: starts, count: tokenCount))
            tokenLengths.append(contentsOf: UnsafeBufferPointer(start: lengths, count: tokenCount))
        }
        let lowercase = configuration.lowercase
        store.reserve(n)
        var base = store.base
        var out = 0
        var runStart = -1
        var runScalars = 0
        var i = 0
        PythonCharacterClasses.byteClass.withUnsafeBufferPointer { classes in
            while i < n {
                if i + 8 <= n {
                    let block = UnsafeRawPointer(src + i).loadUnaligned(as: UInt64.self)
                    if ASCIIWordBlock.isASCII(block) {
                        // Eight ASCII bytes: the store has room (it holds at least n - i more).
                        let (lowered, wordBits) = ASCIIWordBlock.classify(block)
                        UnsafeMutableRawPointer(base + out).storeBytes(of: lowercase ? lowered : block, as: UInt64.self)
                        var pending = wordBits
                        if runStart >= 0 {
                            let ends = ~wordBits & 0xFF
                            if ends == 0 {
                                runScalars += 8
                                out += 8
                                i += 8
                                continue
                            }
                            let end = ends.trailingZeroBitCount
                            runScalars += end
                            if runScalars >= 2 { emit(runStart, out + end - runStart) }
                            runStart = -1
                            pending &= ~((1 << UInt64(end)) - 1)
                        }
                        while pending != 0 {
                            let start = pending.trailingZeroBitCount
                            let ends = ~wordBits & 0xFF & ~((1 << UInt64(start)) - 1)
                            if ends == 0 {
                                runStart = out + start
                                runScalars = 8 - start
                                break
                            }
                            let end = ends.trailingZeroBitCount
                            if end - start >= 2 { emit(out + start, end - start) }
                            pending &= ~((1 << UInt64(end)) - 1)
                        }
                        out += 8
                        i += 8
                        continue
                    }
                }
                let b = src[i]
                let c = classes[Int(b)]
                if c < 2 {
                    base[out] = lowercase && b &- 65 < 26 ? b | 0x20 : b
                    if c == 1 {
                        if runStart < 0 { runStart = out; runScalars = 0 }
                        runScalars += 1
                    } else if runStart >= 0 {
                        if runScalars >= 2 { emit(runStart, out - runStart) }
                        runStart = -1
                    }
                    out += 1
                    i += 1
                    continue
                }
                // A multi-byte scalar: lowercase it, then classify what it became.
                store.count = out
                if lowercase {
                    i += PythonCharacterClasses.appendLowercasedScalar(source, at: i, to: store)
                } else {
                    let length = UTF8Decoding.length(leading: b)
                    store.append(src + i, count: length)
                    i += length
                }
                let appended = store.bytes
                var k = out
                while k < appended.count {
                    let (scalar, width) = UTF8Decoding.decode(appended, at: k)
                    if PythonCharacterClasses.isWord(scalar) {
                        if runStart < 0 { runStart = k; runScalars = 0 }
                        runScalars += 1
                    } else if runStart >= 0 {
                        if runScalars >= 2 { emit(runStart, k - runStart) }
                        runStart = -1
                    }
                    k += width
                }
                store.reserve(n - i)
                base = store.base
                out = store.count
            }
        }
        if runStart >= 0 && runScalars >= 2 {
            emit(runStart, out - runStart)
        }
        store.count = out
    }

    // MARK: - Stop words and word n-grams (scikit-learn's _word_ngrams)

    private func removeStopWords() {
        if let stopWords {
            var kept = 0
            let keepAcronyms = configuration.kind == .refrain
            for t in 0 ..< tokenStarts.count {
                let start = Int(tokenStarts[t]), length = Int(tokenLengths[t])
                let isStop = stopWords.find(store.base + start, count: length) != nil
                if !isStop || (keepAcronyms && tokenIsAcronym[t]) {
                    tokenStarts[kept] = tokenStarts[t]
                    tokenLengths[kept] = tokenLengths[t]
                    kept += 1
                }
            }
            tokenStarts.removeLast(tokenStarts.count - kept)
            tokenLengths.removeLast(tokenLengths.count - kept)
        }
    }

    private func emitWordFeatures() {
        removeStopWords()
        let tokenCount = tokenStarts.count
        var lowN = minN
        if lowN == 1 {
            featureStarts.append(contentsOf: tokenStarts)
            featureLengths.append(contentsOf: tokenLengths)
            lowN = 2
        }
        let highN = min(maxN, tokenCount)
        guard highN >= lowN else { return }
        for n in lowN ... highN {
            for i in 0 ... (tokenCount - n) {
                let start = store.count
                for j in i ..< i + n {
                    if j > i { store.append(0x20) }
                    store.appendCopy(of: Int(tokenStarts[j]), count: Int(tokenLengths[j]))
                }
                featureStarts.append(Int32(start))
                featureLengths.append(Int32(store.count - start))
            }
        }
    }

    // MARK: - Character n-grams

    /// scikit-learn's `re.sub(r"\s\s+", " ", text)`: runs of two or more
    /// white-space scalars become one space; a lone white-space scalar stays.
    private func collapseWhiteSpace() {
        let n = store.count
        let p = store.base
        var read = 0, write = 0
        let whole = UnsafeBufferPointer(start: p, count: n)
        while read < n {
            let (scalar, length) = UTF8Decoding.decode(whole, at: read)
            if PythonCharacterClasses.isSpace(scalar) {
                var end = read + length
                var runLength = 1
                while end < n {
                    let (next, nextLength) = UTF8Decoding.decode(whole, at: end)
                    guard PythonCharacterClasses.isSpace(next) else { break }
                    end += nextLength
                    runLength += 1
                }
                if runLength >= 2 {
                    p[write] = 0x20
                    write += 1
                } else {
                    for k in 0 ..< length { p[write + k] = p[read + k] }
                    write += length
                }
                read = end
            } else {
                for k in 0 ..< length { p[write + k] = p[read + k] }
                write += length
                read += length
            }
        }
        store.count = write
    }

    private func collectScalarOffsets(from start: Int, to end: Int) {
        scalarOffsets.removeAll(keepingCapacity: true)
        var i = start
        while i < end {
            scalarOffsets.append(Int32(i))
            i += UTF8Decoding.length(leading: store.base[i])
        }
        scalarOffsets.append(Int32(end))
    }

    private func emitCharacterNgrams() {
        collectScalarOffsets(from: 0, to: store.count)
        let length = scalarOffsets.count - 1
        for n in minN ... maxN where n <= length {
            for i in 0 ... (length - n) {
                let start = scalarOffsets[i]
                featureStarts.append(start)
                featureLengths.append(scalarOffsets[i + n] - start)
            }
        }
    }

    private func emitWordBoundedCharacterNgrams() {
        // Copy each white-space separated word as " word " after the text, then
        // take n-grams inside it exactly as scikit-learn's _char_wb_ngrams does.
        let textLength = store.count
        var i = 0
        while i < textLength {
            let (scalar, length) = UTF8Decoding.decode(UnsafeBufferPointer(start: store.base, count: textLength), at: i)
            if PythonCharacterClasses.isSpace(scalar) { i += length; continue }
            var end = i + length
            while end < textLength {
                let (next, nextLength) = UTF8Decoding.decode(UnsafeBufferPointer(start: store.base, count: textLength), at: end)
                if PythonCharacterClasses.isSpace(next) { break }
                end += nextLength
            }
            let padded = store.count
            store.append(0x20)
            store.appendCopy(of: i, count: end - i)
            store.append(0x20)
            emitPaddedWord(from: padded, to: store.count)
            i = end
        }
    }

    private func emitPaddedWord(from start: Int, to end: Int) {
        collectScalarOffsets(from: start, to: end)
        let wordLength = scalarOffsets.count - 1
        for n in minN ... maxN {
            var offset = 0
            let firstEnd = min(n, wordLength)
            featureStarts.append(scalarOffsets[0])
            featureLengths.append(scalarOffsets[firstEnd] - scalarOffsets[0])
            while offset + n < wordLength {
                offset += 1
                featureStarts.append(scalarOffsets[offset])
                featureLengths.append(scalarOffsets[offset + n] - scalarOffsets[offset])
            }
            if offset == 0 { break }
        }
    }
}
