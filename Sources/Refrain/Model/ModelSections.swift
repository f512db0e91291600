/// The `VOCB` section: the vocabulary, front-coded. A varint term count,
/// then per term (in column order) a varint of the bytes it shares with the
/// previous term, a varint of the remaining bytes, and those bytes.
enum VocabularySection {
    static func encode(_ vocabulary: Vocabulary) -> [UInt8] {
        var w = BinaryWriter()
        w.writeVarint(UInt64(vocabulary.count))
        var previous: [UInt8] = []
        vocabulary.forEachTermBytes { _, term in
            var shared = 0
            while shared < min(previous.count, term.count) && previous[shared] == term[shared] { shared += 1 }
            w.writeVarint(UInt64(shared))
            w.writeVarint(UInt64(term.count - shared))
            w.write(raw: Array(term[shared...]))
            previous = Array(term)
        }
        return w.bytes
    }

    /// Decodes and checks the vocabulary: terms strictly increasing in byte
    /// order, each valid UTF-8.
    /// - Complexity: O(total term bytes).
    static func decode(_ reader: inout BinaryReader) throws(ModelFileError) -> Vocabulary {
        let termCount = try reader.readVarint()
        guard termCount <= UInt64(reader.remaining / 2) else { throw .truncatedSection("VOCB") }
        var termBytes: [UInt8] = []
        termBytes.reserveCapacity(reader.remaining * 2)
        var offsets = [Int]()
        offsets.reserveCapacity(Int(termCount) + 1)
        offsets.append(0)
        var term: [UInt8] = []
        for t in 0 ..< Int(termCount) {
            let shared = try reader.readVarint(), rest = try reader.readVarint()
            guard shared <= UInt64(term.count), rest <= UInt64(reader.remaining) else { throw .truncatedSection("VOCB") }
            let suffix = reader.bytes[try reader.skip(Int(rest))]
            // The terms share their first `shared` bytes, so the previous one
            // precedes this one exactly when its remaining bytes precede the suffix.
            if t > 0 && !term[Int(shared)...].lexicographicallyPrecedes(suffix) { throw .invalidValue("VOCB", "terms out of order") }
            term.removeSubrange(Int(shared)...)
            term.append(contentsOf: suffix)
            termBytes.append(contentsOf: term)
            offsets.append(termBytes.count)
        }
        // Valid UTF-8 as a whole, and every term starts on a scalar boundary:
        // then every term is valid UTF-8 on its own.
        let valid = termBytes.withUnsafeBufferPointer { all in
            String(validating: all, as: UTF8.self) != nil && offsets.allSatisfy { $0 == all.count || all[$0] & 0xC0 != 0x80 }
        }
        guard valid else { throw .invalidValue("VOCB", "term is not UTF-8") }
        return Vocabulary(sortedBytes: termBytes, offsets: offsets)
    }
}

/// The `DOCS` section (format 2): the training documents' index. A varint
/// count, then per document its id, optional title, date and source (a marker
/// byte, then a varint length and UTF-8 bytes), the UInt64 content hash, the
/// cluster as a varint (0: none, else id + 1) and the optional text.
enum DocumentSection {
    static func encode(_ documents: [ModelDocument]) -> [UInt8] {
        var w = BinaryWriter()
        w.writeVarint(UInt64(documents.count))
        for d in documents {
            w.writeShort(d.id)
            w.writeShort(d.title)
            w.writeShort(d.date)
            w.writeShort(d.source)
            w.write(d.contentHash)
            w.writeVarint(d.cluster.map { UInt64($0) + 1 } ?? 0)
            w.writeShort(d.text)
        }
        return w.bytes
    }

    /// - Complexity: O(section bytes).
    static func decode(_ reader: inout BinaryReader) throws(ModelFileError) -> [ModelDocument] {
        let count = try reader.readVarint()
        // Every document takes at least 13 bytes (empty id, three markers, hash, cluster, marker).
        guard count <= UInt64(reader.remaining / 13) else { throw .truncatedSection("DOCS") }
        var documents: [ModelDocument] = []
        documents.reserveCapacity(Int(count))
        for _ in 0 ..< count {
            let id = try reader.readShortString()
            let title = try reader.readOptionalShortString()
            let date = try reader.readOptionalShortString()
            let source = try reader.readOptionalShortString()
            let hash = try reader.readUInt64()
            let cluster = try reader.readVarint()
            guard cluster <= UInt64(Int.max) else { throw .invalidValue("DOCS", "cluster id out of range") }
            let text = try reader.readOptionalShortString()
            documents.append(ModelDocument(id: id, title: title, date: date, source: source, contentHash: hash,
                                           cluster: cluster == 0 ? nil : Int(cluster - 1), text: text))
        }
        guard reader.isAtEnd else { throw .invalidValue("DOCS", "bytes after the last document") }
        return documents
    }
}

/// The `TVEC` section: compact training vectors. A varint count, then per
/// vector its Float32 scale, a varint entry count and per entry the varint gap
/// to the previous index (the first from -1) and the UInt16 weight.
enum TrainingVectorSection {
    static func encode(_ vectors: [CompactVector]) -> [UInt8] {
        var w = BinaryWriter()
        w.writeVarint(UInt64(vectors.count))
        for v in vectors {
            w.write(v.scale)
            w.writeVarint(UInt64(v.indices.count))
            var previous: Int32 = -1
            for (i, weight) in zip(v.indices, v.weights) {
                w.writeVarint(UInt64(i - previous))
                previous = i
                w.write(raw: [UInt8(weight & 0xFF), UInt8(weight >> 8)])
            }
        }
        return w.bytes
    }

    /// Vectors as read, before they are checked against the model: the
    /// largest index any of them uses (-1 when none).
    struct Decoded: Sendable {
        var vectors: [CompactVector]
        var largestIndex: Int64

        /// The vectors, when there is one per training document (or none) and every index stays below `dimension`.
        func checked(documents: Int, dimension: Int) throws(ModelFileError) -> [CompactVector] {
            guard vectors.isEmpty || vectors.count == documents else { throw .invalidValue("TVEC", "one vector per training document expected") }
            guard largestIndex < Int64(dimension) else { throw .invalidValue("TVEC", "index out of range") }
            return vectors
        }
    }

    /// Decodes the vectors; `Decoded.checked` then checks them against the model.
    /// - Complexity: O(section bytes).
    static func decode(_ reader: inout BinaryReader) throws(ModelFileError) -> Decoded {
        let count = try reader.readVarint()
        // Every vector takes at least five bytes (scale and entry count).
        guard count <= UInt64(reader.remaining / 5) else { throw .truncatedSection("TVEC") }
        var vectors: [CompactVector] = []
        vectors.reserveCapacity(Int(count))
        var largest: Int64 = -1
        for _ in 0 ..< count {
            let scale = try reader.readFloat()
            let n = try reader.readVarint()
            guard n <= 4096, n <= UInt64(reader.remaining) else { throw .truncatedSection("TVEC") }
            var indices: [Int32] = [], weights: [UInt16] = []
            indices.reserveCapacity(Int(n))
            weights.reserveCapacity(Int(n))
            var previous: Int64 = -1
            for _ in 0 ..< n {
                let delta = try reader.readVarint()
                guard delta >= 1, delta <= UInt64(Int32.max) else { throw .invalidValue("TVEC", "index out of range") }
                previous += Int64(delta)
                guard previous <= Int64(Int32.max) else { throw .invalidValue("TVEC", "index out of range") }
                indices.append(Int32(previous))
                weights.append(try reader.readUInt16())
            }
            largest = max(largest, previous)
            vectors.append(CompactVector(indices: indices, weights: weights, scale: scale))
        }
        return Decoded(vectors: vectors, largestIndex: largest)
    }
}

/// The `TPTS` section (format 2): the talking points. A varint count, then
/// per point its varint id, phrase, variants, speakers and documents (each
/// list a varint count of strings), the first use (optional date, optional
/// speaker, document), the passages and the varint instance count. Strings
/// are varint lengths and UTF-8 bytes.
enum TalkingPointSection {
    static func encode(_ points: [ModelTalkingPoint]) -> [UInt8] {
        var w = BinaryWriter()
        func list(_ strings: [String]) {
            w.writeVarint(UInt64(strings.count))
            for s in strings { w.writeShort(s) }
        }
        w.writeVarint(UInt64(points.count))
        for p in points {
            w.writeVarint(UInt64(p.id))
            w.writeShort(p.phrase)
            list(p.variants)
            list(p.speakers)
            list(p.documents)
            w.writeShort(p.firstSeen.date)
            w.writeShort(p.firstSeen.speaker)
            w.writeShort(p.firstSeen.document)
            list(p.passages)
            w.writeVarint(UInt64(p.instanceCount))
        }
        return w.bytes
    }

    /// - Complexity: O(section bytes).
    static func decode(_ reader: inout BinaryReader) throws(ModelFileError) -> [ModelTalkingPoint] {
        func list(_ reader: inout BinaryReader) throws(ModelFileError) -> [String] {
            let count = try reader.readVarint()
            guard count <= UInt64(reader.remaining) else { throw .truncatedSection("TPTS") }
            var strings: [String] = []
            strings.reserveCapacity(Int(count))
            for _ in 0 ..< count { strings.append(try reader.readShortString()) }
            return strings
        }
        func integer(_ reader: inout BinaryReader) throws(ModelFileError) -> Int {
            let value = try reader.readVarint()
            guard value <= UInt64(Int.max) else { throw .invalidValue("TPTS", "number out of range") }
            return Int(value)
        }
        let count = try reader.readVarint()
        // Every point takes at least 11 bytes (id, phrase, three lists, first use, passages, count).
        guard count <= UInt64(reader.remaining / 11) else { throw .truncatedSection("TPTS") }
        var points: [ModelTalkingPoint] = []
        points.reserveCapacity(Int(count))
        for _ in 0 ..< count {
            let id = try integer(&reader)
            let phrase = try reader.readShortString()
            let variants = try list(&reader), speakers = try list(&reader), documents = try list(&reader)
            let date = try reader.readOptionalShortString(), speaker = try reader.readOptionalShortString()
            let document = try reader.readShortString()
            let passages = try list(&reader)
            let instances = try integer(&reader)
            points.append(ModelTalkingPoint(id: id, phrase: phrase, variants: variants, speakers: speakers, documents: documents,
                                            firstSeen: .init(date: date, speaker: speaker, document: document), passages: passages,
                                            instanceCount: instances))
        }
        guard reader.isAtEnd else { throw .invalidValue("TPTS", "bytes after the last talking point") }
        return points
    }
}
