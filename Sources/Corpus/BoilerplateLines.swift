/// Lines known to be boilerplate of a corpus, as comparison keys (lower-cased,
/// quotes and dashes folded, spaces collapsed), with the size of the head and
/// tail zones where they count.
public struct BoilerplateLines: Sendable, Hashable {
    /// The comparison keys of the boilerplate lines.
    public var keys: Set<String>
    /// How many non-blank lines at each end of a document form its head and tail zones.
    public var zoneLines: Int
    /// Hashes of `keys` (`UTF8Scanning.comparisonHash`), for a fast first check.
    let hashes: Set<UInt64>

    /// No boilerplate.
    public static let none = BoilerplateLines(keys: [], zoneLines: 0)

    /// Creates a set of boilerplate lines.
    public init(keys: Set<String>, zoneLines: Int) {
        self.keys = keys
        self.zoneLines = zoneLines
        var hashes = Set<UInt64>()
        for key in keys { hashes.insert(UTF8Scanning.comparisonHash(Array(key.utf8)[...])) }
        self.hashes = hashes
    }

    /// The comparison key of `line`, as stored in `keys`. O(n).
    public static func key(_ line: String) -> String {
        let bytes = Array(line.utf8)
        let r = UTF8Scanning.trimmed(bytes[...])
        return String(decoding: UTF8Scanning.comparisonKey(bytes[r]), as: UTF8.self)
    }

    /// Whether `line` (in any case or spacing) is boilerplate. O(n).
    public func contains(_ line: String) -> Bool { keys.contains(Self.key(line)) }
}
