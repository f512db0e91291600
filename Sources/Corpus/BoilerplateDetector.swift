/// Finds lines that a corpus repeats at the head or tail of many documents —
/// site names, sharing prompts, copyright and comment-form lines — so that
/// `FurnitureStripper` can drop them without a list of literal strings.
///
/// A line is boilerplate when its comparison key (lower-cased, quotes and dashes
/// folded, spaces collapsed) occurs among the first or last `zoneLines` non-blank
/// lines of at least `max(minimumDocuments, ceil(minimumShare × documents))`
/// documents, counting only documents whose longest lines differ (so that copies
/// of one article republished by several outlets do not make their own headline
/// or lede "boilerplate"). Only lines that could be furniture qualify: short
/// (under 12 words), not sentence-like, addressed to the reader, or holding a
/// link, and at most 500 bytes long; reported speech and quotations (quote
/// marks or a reporting verb such as *said*) never qualify, since repeated
/// statements are what the corpus is studied for.
///
/// - Complexity: O(total bytes) to learn; memory O(documents × zoneLines).
public struct BoilerplateDetector: Sendable, Hashable {
    /// Non-blank lines at each end of a document that are looked at. Default 10.
    public var zoneLines: Int
    /// Fewest documents a line must appear in. Default 3.
    public var minimumDocuments: Int
    /// Smallest share of documents a line must appear in, 0...1. Default 0.02.
    public var minimumShare: Double

    /// Creates a detector; the defaults follow the rule described on the type.
    public init(zoneLines: Int = 10, minimumDocuments: Int = 3, minimumShare: Double = 0.02) {
        precondition(zoneLines >= 0, "zoneLines must not be negative")
        precondition(minimumDocuments >= 1, "minimumDocuments must be at least 1")
        precondition((0 ... 1).contains(minimumShare), "minimumShare must be in 0...1")
        self.zoneLines = zoneLines
        self.minimumDocuments = minimumDocuments
        self.minimumShare = minimumShare
    }

    /// The documents needed for a line to count as boilerplate in a corpus of `count` documents.
    public func threshold(documents count: Int) -> Int {
        max(minimumDocuments, Int((minimumShare * Double(count)).rounded(.up)))
    }

    /// Zone lines longer than this (in bytes) are never boilerplate: they are prose.
    static let maximumLineBytes = 500

    /// The boilerplate lines of `texts` (raw, uncleaned article texts).
    /// - Complexity: O(total bytes + z log z) for z zone lines in all.
    public func boilerplate(in texts: [String]) -> BoilerplateLines {
        var documents: [[UInt8]] = []
        documents.reserveCapacity(texts.count)
        for text in texts {
            var bytes = Array(text.utf8)
            UTF8Scanning.normalizeLineEndings(&bytes)
            documents.append(bytes)
        }
        return boilerplate(normalized: documents)
    }

    /// The boilerplate lines of texts whose line endings are already `\n`.
    func boilerplate(normalized documents: [[UInt8]]) -> BoilerplateLines {
        let needed = threshold(documents: documents.count)
        guard zoneLines > 0, documents.count >= needed else { return BoilerplateLines(keys: [], zoneLines: zoneLines) }
        /// One zone line of one document: its key hash, the document's fingerprint, where it is.
        struct Sighting {
            var line: UInt64
            var fingerprint: UInt64
            var text: Int
            var range: Range<Int>
        }
        var sightings: [Sighting] = []
        for (index, bytes) in documents.enumerated() {
            let lines = TextUnits.lines(bytes)
            guard !lines.isEmpty else { continue }
            var longest = lines[0]
            for line in lines where line.count > longest.count { longest = line }
            let fingerprint = UTF8Scanning.sampleHash(bytes[longest])
            var hashes: [UInt64] = []
            for (position, range) in lines.enumerated()
                where (position < zoneLines || position >= lines.count - zoneLines) && range.count <= Self.maximumLineBytes {
                let hash = UTF8Scanning.comparisonHash(bytes[range])
                guard !hashes.contains(hash) else { continue }
                hashes.append(hash)
                sightings.append(Sighting(line: hash, fingerprint: fingerprint, text: index, range: range))
            }
        }
        sightings.sort { ($0.line, $0.fingerprint) < ($1.line, $1.fingerprint) }
        var result = Set<String>()
        var start = 0
        while start < sightings.count {
            var end = start + 1
            var distinct = 1
            while end < sightings.count, sightings[end].line == sightings[start].line {
                if sightings[end].fingerprint != sightings[end - 1].fingerprint { distinct += 1 }
                end += 1
            }
            if distinct >= needed {
                let sample = sightings[start]
                let line = documents[sample.text][sample.range]
                if Self.mayBeFurniture(LineFeatures(line)) {
                    result.insert(String(decoding: UTF8Scanning.comparisonKey(line), as: UTF8.self))
                }
            }
            start = end
        }
        return BoilerplateLines(keys: result, zoneLines: zoneLines)
    }

    /// Short, not prose, addressed to the reader or a link — and not reported speech.
    static func mayBeFurniture(_ f: LineFeatures) -> Bool {
        guard !f.isProtectedProse else { return false }
        return f.letterWords < 12 || !f.isSentenceLike || f.isCallToAction || f.hasLink
    }
}
