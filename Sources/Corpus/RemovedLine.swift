/// A line `FurnitureStripper` removed.
public struct RemovedLine: Sendable, Hashable, CustomStringConvertible {
    /// The removed text (hard-wrapped lines joined with spaces).
    public var text: String
    /// The 1-based line where it starts.
    public var line: Int
    /// The rule that removed it.
    public var reason: FurnitureReason

    /// Creates a record of a removed line.
    public init(text: String, line: Int, reason: FurnitureReason) {
        self.text = text
        self.line = line
        self.reason = reason
    }

    /// `line N (reason): text`.
    public var description: String { "line \(line) (\(reason)): \(text)" }
}
