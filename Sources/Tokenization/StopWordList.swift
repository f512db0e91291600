#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A set of stop words: words too common to say anything about a document,
/// dropped before counting terms.
///
/// Words are stored lowercase. ``contains(_:)`` is an exact, case-sensitive
/// lookup and expects a token that has already been lowercased (as the word
/// tokenizer does), so `contains("The")` is `false` while `contains("the")` is
/// `true`. Lowercasing happens once, when a list is built, never per lookup.
///
/// Lists are values: merge them with `union(_:)` and remove words with
/// ``subtracting(_:)``. The built-in list is ``english``.
public struct StopWordList: Sendable, Hashable {
    /// The stop words, lowercase.
    public private(set) var words: Set<String>

    /// The number of distinct stop words.
    public var count: Int { words.count }

    /// Creates a list from `words`, lowercased, with surrounding whitespace
    /// removed; empty entries and duplicates are dropped.
    ///
    /// - Complexity: O(*n*) for *n* characters in total.
    public init<S: Sequence>(_ words: S) where S.Element == String {
        var set = Set<String>()
        for word in words {
            let normalised = Self.normalise(word[...])
            if !normalised.isEmpty { set.insert(normalised) }
        }
        self.words = set
    }

    /// Reads a list from a UTF-8 text file: one word per line; `#` starts a
    /// comment that runs to the end of the line; blank lines are ignored.
    /// Words are lowercased and trimmed, as by ``init(_:)``.
    ///
    /// - Parameter path: The file to read, absolute or relative to the
    ///   current directory.
    /// - Throws: ``LoadError`` when the file cannot be read or is not UTF-8.
    /// - Complexity: O(*n*) in the file's size.
    public init(contentsOf path: String) throws(LoadError) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw LoadError(path: path, reason: .unreadable(String(describing: error)))
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw LoadError(path: path, reason: .notUTF8)
        }
        self.init(parsing: text)
    }

    /// Parses the file format of ``init(contentsOf:)`` from a string.
    ///
    /// - Complexity: O(*n*) in the length of `text`.
    public init(parsing text: String) {
        var words: [String] = []
        for line in text.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline) {
            let content = line.firstIndex(of: "#").map { line[..<$0] } ?? line
            words.append(String(content))
        }
        self.init(words)
    }

    /// Whether `word` is a stop word. `word` must already be lowercase; the
    /// lookup does not fold case.
    ///
    /// - Complexity: O(*m*) expected, for a word of *m* bytes (one hash).
    public func contains(_ word: some StringProtocol) -> Bool {
        if let string = word as? String { return words.contains(string) }
        return words.contains(String(word))
    }

    /// The words of both lists.
    ///
    /// - Complexity: O(*n* + *m*) for lists of *n* and *m* words.
    public func union(_ other: StopWordList) -> StopWordList {
        var merged = self
        merged.formUnion(other)
        return merged
    }

    /// This list with `words` added (lowercased and trimmed, as by ``init(_:)``).
    ///
    /// - Complexity: O(*n* + *m*) for *n* words here and *m* given.
    public func union<S: Sequence>(_ words: S) -> StopWordList where S.Element == String {
        union(StopWordList(words))
    }

    /// Adds the words of `other` to this list.
    ///
    /// - Complexity: O(*m*) for *m* words in `other`.
    public mutating func formUnion(_ other: StopWordList) {
        words.formUnion(other.words)
    }

    /// This list without the words in `words` (compared after lowercasing),
    /// for example `StopWordList.english.subtracting(["us"])` to keep "US"
    /// (the United States) once tokens are lowercased.
    ///
    /// - Complexity: O(*n* + *m*) for *n* words here and *m* given.
    public func subtracting<S: Sequence>(_ words: S) -> StopWordList where S.Element == String {
        var result = self
        result.words.subtract(StopWordList(words).words)
        return result
    }

    /// Lowercases and trims one entry.
    private static func normalise(_ word: Substring) -> String {
        let trimmed = word.drop(while: \.isWhitespace)
        var end = trimmed.endIndex
        while end > trimmed.startIndex, trimmed[trimmed.index(before: end)].isWhitespace {
            end = trimmed.index(before: end)
        }
        return trimmed[..<end].lowercased()
    }
}

extension StopWordList: ExpressibleByArrayLiteral {
    /// Creates a list from literal words, lowercased and trimmed as by ``init(_:)``.
    public init(arrayLiteral words: String...) {
        self.init(words)
    }
}

extension StopWordList {
    /// Why a stop word file could not be loaded.
    public struct LoadError: Error, Sendable, Hashable, CustomStringConvertible {
        /// What went wrong.
        public enum Reason: Sendable, Hashable {
            /// The file could not be read (missing, a directory, no permission);
            /// carries the system's description.
            case unreadable(String)
            /// The file's bytes are not valid UTF-8.
            case notUTF8
        }

        /// The path as given.
        public let path: String
        /// What went wrong.
        public let reason: Reason

        /// Creates an error for `path`.
        public init(path: String, reason: Reason) {
            self.path = path
            self.reason = reason
        }

        /// A message a user can act on.
        public var description: String {
            switch reason {
            case .unreadable(let detail):
                return "cannot read stop word list '\(path)' (\(detail)); check the path and its permissions"
            case .notUTF8:
                return "stop word list '\(path)' is not UTF-8 text; save it as UTF-8 with one word per line"
            }
        }
    }
}
