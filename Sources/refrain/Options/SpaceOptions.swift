import ArgumentParser
import Refrain

extension SpaceKind: ExpressibleByArgument {}
extension SimilaritySearch.Path: ExpressibleByArgument {}

/// Which vectors articles are compared in.
struct SpaceOptions: ParsableArguments {
    @Option(help: "Vector space: tfidf (sparse TF-IDF) or lsa (dense truncated-SVD projection of it).")
    var space: SpaceKind = .tfidf

    @Option(help: "LSA dimensions (with --space lsa): at most one less than the documents. Default: 100, or fewer for small corpora.")
    var dimensions: Int?

    @Option(help: "Random seed (LSA, k-means). The same seed gives the same output.")
    var seed: UInt64 = 0

    func validate() throws {
        if let dimensions, dimensions < 1 { throw ValidationError("--dimensions must be at least 1") }
    }

    /// Builds the vector space, clamping LSA dimensions to what small corpora allow when the user left the default.
    func build(_ documents: [Document], vectorizer: VectorizerOptions) throws(RefrainFailure) -> VectorSpace {
        let configuration = try vectorizer.configuration()
        let dimensions = self.dimensions ?? max(1, min(100, documents.count - 1))
        do {
            return try Pipeline.vectorSpace(documents, configuration: configuration, kind: space, dimensions: dimensions,
                                            seed: seed, threads: vectorizer.threadCount)
        } catch let VectorSpaceError.vectorization(error) {
            throw .vectorization(error)
        } catch let VectorSpaceError.tooManyDimensions(requested, maximum) {
            throw RefrainFailure(VectorSpaceError.tooManyDimensions(requested: requested, maximum: maximum).description, exitCode: .usage)
        } catch {
            throw RefrainFailure(error.description, exitCode: .internalError)
        }
    }
}
