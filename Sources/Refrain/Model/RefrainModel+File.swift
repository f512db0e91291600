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

    /// The file image, in format `version` (the current one unless a test
    /// asks for an older one: format 1 keeps the document index in `META`).
    func encoded(version: UInt32 = ModelFile.formatVersion) -> [UInt8] {
        let meta = MetaRecord(settings: settings, configuration: TfidfConfigurationRecord(tfidf.configuration),
                              documentCount: tfidf.documentCount, clusters: clusters, nextClusterID: nextClusterID,
                              talkingPoints: version >= 2 ? nil : talkingPoints, documents: version >= 2 ? nil : documents)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let metaBytes = [UInt8]((try? encoder.encode(meta)) ?? Data())
        var frequencies = BinaryWriter()
        for df in tfidf.documentFrequency { frequencies.writeVarint(UInt64(df)) }
        var centroids = BinaryWriter()
        for cluster in clusters { centroids.write(cluster.centroid) }
        var sections: [(tag: String, payload: [UInt8])] = [("META", metaBytes), ("VOCB", VocabularySection.encode(tfidf.vocabulary)),
                                                           ("DFRQ", frequencies.bytes), ("CENT", centroids.bytes)]
        if version >= 2 {
            sections.append(("TPTS", TalkingPointSection.encode(talkingPoints)))
            sections.append(("DOCS", DocumentSection.encode(documents)))
        }
        sections.append(("TVEC", TrainingVectorSection.encode(trainingVectors)))
        if let lsa {
            var basis = BinaryWriter()
            basis.write(lsa.dimensions)
            basis.write(lsa.terms)
            basis.write(lsa.singularValues)
            basis.write(lsa.components)
            sections.append(("LSAB", basis.bytes))
        }
        return ModelFile.encode(sections: sections, writtenBy: writtenBy, version: version)
    }

    static func decode(_ bytes: [UInt8], path: String) throws(ModelFileError) -> RefrainModel {
        let (version, writtenBy, sections) = try ModelFile.decode(bytes, path: path)
        func section(_ tag: String) throws(ModelFileError) -> BinaryReader {
            guard let range = sections[tag] else { throw .missingSection(path: path, section: tag) }
            return BinaryReader(bytes, range: range, section: tag)
        }
        // Metadata.
        guard let metaRange = sections["META"] else { throw .missingSection(path: path, section: "META") }
        let meta: MetaRecord
        do { meta = try JSONDecoder().decode(MetaRecord.self, from: Data(bytes[metaRange])) } catch {
            throw .invalidValue("META", "unreadable metadata")
        }
        guard meta.documentCount >= 1 else { throw .invalidValue("META", "no training documents") }
        let configuration = try meta.configuration.configuration()
        // The sections decode side by side; a problem is reported in the
        // order a serial read would meet it (talking points, documents,
        // vocabulary and what depends on it, training vectors).
        let readers = try SectionReaders(version: version, section: section)
        enum Part: Sendable {
            case index(Result<([ModelTalkingPoint], [ModelDocument]), ModelFileError>)
            case space(Result<SpaceSections, ModelFileError>)
            case vectors(Result<TrainingVectorSection.Decoded, ModelFileError>)
        }
        let parts = Parallel.map(3, threads: Parallel.availableCores) { task -> Part in
            switch task {
            case 0: .index(Result { () throws(ModelFileError) in try readers.index(meta) })
            case 1: .space(Result { () throws(ModelFileError) in try readers.space(meta) })
            default: .vectors(Result { () throws(ModelFileError) in try readers.trainingVectors() })
            }
        }
        guard case let .index(index) = parts[0], case let .space(space) = parts[1], case let .vectors(vectors) = parts[2] else {
            preconditionFailure("RefrainModel.decode: parts out of order")
        }
        let (talkingPoints, documents) = try index.get()
        let decodedSpace = try space.get()
        let vocabulary = decodedSpace.vocabulary, lsa = decodedSpace.lsa
        let decodedVectors = try vectors.get()
        let tfidf = TfidfModel(configuration: configuration, vocabulary: vocabulary,
                               documentFrequency: decodedSpace.documentFrequency, documentCount: meta.documentCount)
        var clusters = meta.clusters
        for i in clusters.indices { clusters[i].centroid = decodedSpace.centroids[i] }
        let dimension = lsa?.dimensions ?? vocabulary.count
        let trainingVectors = try decodedVectors.checked(documents: documents.count, dimension: dimension)
        guard Set(clusters.map(\.id)).count == clusters.count, clusters.allSatisfy({ $0.id >= 0 && $0.id < meta.nextClusterID }) else {
            throw .invalidValue("META", "cluster ids are not unique")
        }
        return RefrainModel(writtenBy: writtenBy, tfidf: tfidf, lsa: lsa, clusters: clusters, nextClusterID: meta.nextClusterID,
                            talkingPoints: talkingPoints, documents: documents, settings: meta.settings,
                            trainingVectors: trainingVectors)
    }
}

/// The JSON metadata section (from format 2 on without the talking points and
/// the document index, which have sections of their own).
struct MetaRecord: Codable {
    var settings: ModelSettings
    var configuration: TfidfConfigurationRecord
    var documentCount: Int
    var clusters: [ModelCluster]
    var nextClusterID: Int
    var talkingPoints: [ModelTalkingPoint]?
    var documents: [ModelDocument]?
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

/// The vocabulary-sized sections: vocabulary, document frequencies, the
/// optional LSA basis and the centroids.
struct SpaceSections: Sendable {
    var vocabulary: Vocabulary
    var documentFrequency: [Int]
    var lsa: LSABasis?
    /// One per cluster of the metadata, in its order.
    var centroids: [[Float]]
}

/// Readers of a model file's sections, found up front so that the groups
/// of sections can decode on separate threads.
struct SectionReaders: Sendable {
    var version: UInt32
    var points: BinaryReader?, index: BinaryReader?
    var vocabulary: BinaryReader, frequencies: BinaryReader, centroids: BinaryReader
    var basis: BinaryReader?, vectorReader: BinaryReader?

    init(version: UInt32, section: (String) throws(ModelFileError) -> BinaryReader) throws(ModelFileError) {
        self.version = version
        if version >= 2 {
            points = try section("TPTS")
            index = try section("DOCS")
        }
        vocabulary = try section("VOCB")
        frequencies = try section("DFRQ")
        centroids = try section("CENT")
        basis = try? section("LSAB")
        vectorReader = try? section("TVEC")
    }

    /// Talking points and the document index: their own sections from format 2 on, in `META` before.
    func index(_ meta: MetaRecord) throws(ModelFileError) -> ([ModelTalkingPoint], [ModelDocument]) {
        guard var points, var index else {
            guard let listedPoints = meta.talkingPoints, let listed = meta.documents else {
                throw .invalidValue("META", "no talking points or document index")
            }
            return (listedPoints, listed)
        }
        return (try TalkingPointSection.decode(&points), try DocumentSection.decode(&index))
    }

    /// Vocabulary, document frequencies, LSA basis and centroids.
    func space(_ meta: MetaRecord) throws(ModelFileError) -> SpaceSections {
        var vocabularyReader = vocabulary
        let vocabulary = try VocabularySection.decode(&vocabularyReader)
        var frequencyReader = frequencies
        var documentFrequency: [Int] = []
        documentFrequency.reserveCapacity(vocabulary.count)
        for _ in 0 ..< vocabulary.count {
            let df = try frequencyReader.readVarint()
            guard df >= 1, df <= UInt64(meta.documentCount) else { throw .invalidValue("DFRQ", "document frequency out of range") }
            documentFrequency.append(Int(df))
        }
        var lsa: LSABasis?
        if var reader = basis {
            let dimensions = try reader.readInt(), terms = try reader.readInt()
            let singular = try reader.readFloats(), components = try reader.readFloats()
            guard dimensions >= 1, terms == vocabulary.count, singular.count == dimensions,
                  components.count == dimensions * terms else { throw .invalidValue("LSAB", "basis shape does not match") }
            lsa = LSABasis(dimensions: dimensions, terms: terms, components: components, singularValues: singular)
        }
        var centroidReader = centroids
        let dimension = lsa?.dimensions ?? vocabulary.count
        var centroids: [[Float]] = []
        for _ in meta.clusters {
            let centroid = try centroidReader.readFloats()
            guard centroid.count == dimension else { throw .invalidValue("CENT", "centroid has \(centroid.count) values, expected \(dimension)") }
            centroids.append(centroid)
        }
        return SpaceSections(vocabulary: vocabulary, documentFrequency: documentFrequency, lsa: lsa, centroids: centroids)
    }

    /// The compact training vectors (optional section), to be checked against the document count and dimension.
    func trainingVectors() throws(ModelFileError) -> TrainingVectorSection.Decoded {
        guard var reader = vectorReader else { return TrainingVectorSection.Decoded(vectors: [], largestIndex: -1) }
        return try TrainingVectorSection.decode(&reader)
    }
}
