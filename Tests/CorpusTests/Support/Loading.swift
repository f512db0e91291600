@testable import Corpus

/// The error loading `paths` throws, or `nil` when it succeeds.
func loadError(_ paths: [String], options: CorpusLoadOptions = CorpusLoadOptions()) -> CorpusError? {
    do {
        _ = try CorpusLoader(options: options).load(paths)
        return nil
    } catch {
        return error
    }
}

/// The error loading in-memory `bytes` throws, or `nil`.
func loadError(bytes: [UInt8], path: String, format: CorpusFileFormat,
               options: CorpusLoadOptions = CorpusLoadOptions()) -> CorpusError? {
    do {
        _ = try CorpusLoader(options: options).load(bytes: bytes, path: path, format: format)
        return nil
    } catch {
        return error
    }
}

/// A small deterministic random number generator (SplitMix64) for fuzz tests.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
