/// How a sentence of an article relates to a speaker.
///
/// Encoded as its raw value (`"quote"`, `"reported"`, `"narration"`), so JSON
/// written by one version of Refrain stays readable by the next.
public enum StatementKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// A direct quotation: the speaker's own words between quotation marks
    /// (`"We firmly oppose it," Wang said.`), including every sentence of a
    /// quotation that runs over several sentences, and the unattributed text of
    /// a document that declares its own speaker.
    case quote
    /// Reported speech: what a person said, in the writer's words
    /// (`Wang said that …`, `According to Wang, …`, `…, Zhao said.` without
    /// quotation marks). The speaker may be `nil` when the attribution names a
    /// person who cannot be identified ("a diplomat said").
    case reported
    /// The writer's own text: no one is said to have said it. The speaker is
    /// always `nil`.
    case narration
}
