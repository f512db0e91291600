// The Refrain toolkit in one import: documents and loaders, tokens, TF-IDF,
// and the linear algebra underneath.
@_exported import Corpus
@_exported import LinearAlgebra
@_exported import Similarity
@_exported import Tokenization
@_exported import Vectorization

/// The toolkit's version, printed by `refrain --version` and `refrain info`.
public let refrainVersion = "0.1.0"
