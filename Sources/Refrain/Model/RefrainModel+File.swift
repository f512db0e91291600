import Foundation

extension RefrainModel {
    /// Writes the model atomically (see `ModelFile`).
    /// - Complexity: O(model size).
    public func write(to path: String) throws(ModelFileError) {
        try ModelFile.writeAtomically(encoded(), to: path)
    }

    /// Loads a model, checking magic, version, sizes and checksums.
    public static func load(from path: String) throws(ModelFileError) -> RefrainModel {
        try decode(ModelFile.read(path), path: path)
    }

    /// The file image.
    func encoded() -> [UInt8] {
        let meta = MetaRecord(settings: settings, configuration: TfidfConfigurationRecord(tfidf.configuration),
                              documentCount: tfidf.documentCount, clusters: clusters, nextClusterID: nextClusterID,
                              talkingPoints: talkingPoints, documents: documents)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let metaBytes = [UInt8]((try? encoder.encode(meta)) ?? Data())

        var vocabulary = BinaryWriter()
        vocabulary.writeVarint(UInt64(tfidf.vocabulary.count))
        var previous: [UInt8] = []
        tfidf.vocabulary.forEachTermBytes { _, term in
            // Front coding: bytes shared with the previous term, then the rest.
            var shared = 0
            while shared < min(previous.count, term.count) && previous[shared] == term[shared] { shared += 1 }
            vocabulary.writeVarint(UInt64(shared))
            vocabulary.writeVarint(UInt64(term.count - shared))
            vocabulary.write(raw: Array(term[shared...]))
            previous = Array(term)
        }
        var frequencies = BinaryWriter()
        for df in tfidf.documentFrequency { frequencies.writeVarint(UInt64(df)) }
        var centroids = BinaryWriter()
        for cluster in clusters { centroids.write(cluster.centroid) }
        var sections: [(tag: String, payload: [UInt8])] = [("META", metaBytes), ("VOCB", vocabulary.bytes),
                                                           ("DFRQ", frequencies.bytes), ("CENT", centroids.bytes)]
        var vectors = BinaryWriter()
        vectors.writeVarint(UInt64(trainingVectors.count))
        for v in trainingVectors {
            vectors.write(v.scale)
            vectors.writeVarint(UInt64(v.indices.count))
            var previous: Int32 = -1
            for (i, w) in zip(v.indices, v.weights) {
                vectors.writeVarint(UInt64(i - previous))
                previous = i
                vectors.write(raw: [UInt8(w & 0xFF), UInt8(w >> 8)])
            }
        }
        sections.append(("TVEC", vectors.bytes))
        if let lsa {
            var basis = BinaryWriter()
            basis.write(lsa.dimensions)
            basis.write(lsa.terms)
            basis.write(lsa.singularValues)
            basis.write(lsa.components)
            sections.append(("LSAB", basis.bytes))
        }
        return ModelFile.encode(sections: sections, writtenBy: writtenBy)
    }

    static func decode(_ bytes: [UInt8], path: String) throws(ModelFileError) -> RefrainModel {
        let (writtenBy, sections) = try ModelFile.decode(bytes, path: path)
        func section(_ tag: String) throws(ModelFileError) -> BinaryReader {
            guard let range = sections[tag] else { throw .missingSection(path: path, section: tag) }
            return BinaryReader(bytes, range: range, section: tag)
        }
        // Metadata.
        var metaReader = try section("META")
        let metaBytes = try metaReader.readRaw(metaReader.remaining)
        let meta: MetaRecord
        do { meta = try JSONDecoder().decode(MetaRecord.self, from: Data(metaBytes)) } catch {
            throw .invalidValue("META", "unreadable metadata")
        }
        // Vocabulary.
        var vocabularyReader = try section("VOCB")
        let termCount = try vocabularyReader.readVarint()
        guard termCount <= UInt64(vocabularyReader.remaining / 2) else { throw .truncatedSection("VOCB") }
        var termBytes: [UInt8] = [], offsets = [0]
        var previous: [UInt8] = []
        for _ in 0 ..< Int(termCount) {
            let shared = try vocabularyReader.readVarint(), rest = try vocabularyReader.readVarint()
            guard shared <= UInt64(previous.count), rest <= UInt64(vocabularyReader.remaining) else { throw .truncatedSection("VOCB") }
            let term = Array(previous[0 ..< Int(shared)]) + (try vocabularyReader.readRaw(Int(rest)))
            if offsets.count > 1 && !ByteOrder.precedes(previous, term) { throw .invalidValue("VOCB", "terms out of order") }
            guard String(validating: term, as: UTF8.self) != nil else { throw .invalidValue("VOCB", "term is not UTF-8") }
            termBytes.append(contentsOf: term)
            offsets.append(termBytes.count)
            previous = term
        }
        let vocabulary = Vocabulary(sortedBytes: termBytes, offsets: offsets)
        // Document frequencies.
        var frequencyReader = try section("DFRQ")
        var documentFrequency: [Int] = []
        documentFrequency.reserveCapacity(vocabulary.count)
        for _ in 0 ..< vocabulary.count {
            let df = try frequencyReader.readVarint()
            guard df >= 1, df <= UInt64(meta.documentCount) else { throw .invalidValue("DFRQ", "document frequency out of range") }
            documentFrequency.append(Int(df))
        }
        guard meta.documentCount >= 1 else { throw .invalidValue("META", "no training documents") }
        let configuration = try meta.configuration.configuration()
        let tfidf = TfidfModel(configuration: configuration, vocabulary: vocabulary, documentFrequency: documentFrequency,
                               documentCount: meta.documentCount)
        // Optional LSA basis.
        var lsa: LSABasis?
        if sections["LSAB"] != nil {
            var reader = try section("LSAB")
            let dimensions = try reader.readInt(), terms = try reader.readInt()
            let singular = try reader.readFloats(), components = try reader.readFloats()
            guard dimensions >= 1, terms == vocabulary.count, singular.count == dimensions,
                  components.count == dimensions * terms else { throw .invalidValue("LSAB", "basis shape does not match") }
            lsa = LSABasis(dimensions: dimensions, terms: terms, components: components, singularValues: singular)
        }
        // Centroids.
        var centroidReader = try section("CENT")
        var clusters = meta.clusters
        let dimension = lsa?.dimensions ?? vocabulary.count
        for i in clusters.indices {
            let centroid = try centroidReader.readFloats()
            guard centroid.count == dimension else { throw .invalidValue("CENT", "centroid has \(centroid.count) values, expected \(dimension)") }
            clusters[i].centroid = centroid
        }
        // Compact training vectors (optional section).
        var trainingVectors: [CompactVector] = []
        if sections["TVEC"] != nil {
            var reader = try section("TVEC")
            let count = try reader.readVarint()
            guard count == 0 || count == UInt64(meta.documents.count) else { throw .invalidValue("TVEC", "one vector per training document expected") }
            for _ in 0 ..< count {
                let scale = try reader.readFloat()
                let n = try reader.readVarint()
                guard n <= 4096, n <= UInt64(reader.remaining) else { throw .truncatedSection("TVEC") }
                var indices: [Int32] = [], weights: [UInt16] = []
                var previous: Int64 = -1
                for _ in 0 ..< n {
                    let delta = try reader.readVarint()
                    guard delta >= 1, delta <= UInt64(dimension) else { throw .invalidValue("TVEC", "index out of range") }
                    previous += Int64(delta)
                    guard previous < Int64(dimension) else { throw .invalidValue("TVEC", "index out of range") }
                    let raw = try reader.readRaw(2)
                    indices.append(Int32(previous))
                    weights.append(UInt16(raw[0]) | UInt16(raw[1]) << 8)
                }
                trainingVectors.append(CompactVector(indices: indices, weights: weights, scale: scale))
            }
        }
        guard Set(clusters.map(\.id)).count == clusters.count, clusters.allSatisfy({ $0.id >= 0 && $0.id < meta.nextClusterID }) else {
            throw .invalidValue("META", "cluster ids are not unique")
        }
        return RefrainModel(writtenBy: writtenBy, tfidf: tfidf, lsa: lsa, clusters: clusters, nextClusterID: meta.nextClusterID,
                            talkingPoints: meta.talkingPoints, documents: meta.documents, settings: meta.settings,
                            trainingVectors: trainingVectors)
    }
}

enum ByteOrder {
    static func precedes(_ a: [UInt8], _ b: [UInt8]) -> Bool { a.lexicographicallyPrecedes(b) }
}

/// The JSON metadata section.
struct MetaRecord: Codable {
    var settings: ModelSettings
    var configuration: TfidfConfigurationRecord
    var documentCount: Int
    var clusters: [ModelCluster]
    var nextClusterID: Int
    var talkingPoints: [ModelTalkingPoint]
    var documents: [ModelDocument]
}

/// `TfidfConfiguration` as plain data.
struct TfidfConfigurationRecord: Codable {
    var analyzer: String
    var lowercase: Bool
    var stripAccents: String?
    var ngramMin: Int
    var ngramMax: Int
    var stopWords: [String]?
    var minDFCount: Int?
    var minDFFraction: Double?
    var maxDFCount: Int?
    var maxDFFraction: Double?
    var maxFeatures: Int?
    var binary: Bool
    var sublinearTF: Bool
    var useIDF: Bool
    var smoothIDF: Bool
    var norm: String?

    init(_ c: TfidfConfiguration) {
        analyzer = c.analyzer.kind.rawValue
        lowercase = c.analyzer.lowercase
        stripAccents = c.analyzer.stripAccents?.rawValue
        ngramMin = c.ngramRange.lowerBound
        ngramMax = c.ngramRange.upperBound
        stopWords = c.analyzer.stopWords.map { $0.words.sorted() }
        switch c.minDF { case let .count(n): minDFCount = n; case let .fraction(f): minDFFraction = f }
        switch c.maxDF { case let .count(n): maxDFCount = n; case let .fraction(f): maxDFFraction = f }
        maxFeatures = c.maxFeatures
        binary = c.binary
        sublinearTF = c.sublinearTF
        useIDF = c.useIDF
        smoothIDF = c.smoothIDF
        norm = c.norm?.rawValue
    }

    func configuration() throws(ModelFileError) -> TfidfConfiguration {
        guard let kind = AnalyzerKind(rawValue: analyzer), ngramMin >= 1, ngramMax >= ngramMin, ngramMax <= 16 else {
            throw .invalidValue("META", "unknown analyzer settings")
        }
        var accents: AccentStripping?
        if let stripAccents {
            guard let mode = AccentStripping(rawValue: stripAccents) else { throw .invalidValue("META", "unknown accent mode") }
            accents = mode
        }
        var rowNorm: RowNorm?
        if let norm {
            guard let value = RowNorm(rawValue: norm) else { throw .invalidValue("META", "unknown norm") }
            rowNorm = value
        }
        let analyzerConfiguration = AnalyzerConfiguration(kind: kind, lowercase: lowercase, stripAccents: accents,
                                                          ngramRange: ngramMin ... ngramMax, stopWords: stopWords.map { StopWordList($0) })
        return TfidfConfiguration(analyzer: analyzerConfiguration,
                                  minDF: minDFFraction.map { .fraction($0) } ?? .count(minDFCount ?? 1),
                                  maxDF: maxDFFraction.map { .fraction($0) } ?? .count(maxDFCount ?? Int.max),
                                  maxFeatures: maxFeatures, binary: binary, sublinearTF: sublinearTF, useIDF: useIDF,
                                  smoothIDF: smoothIDF, norm: rowNorm)
    }
}
