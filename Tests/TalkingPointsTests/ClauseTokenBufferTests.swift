import Testing
@testable import TalkingPoints

/// The clause tokenizer writes into reusable room sized by the sentence.
@Suite struct ClauseTokenBufferTests {
    @Test func clauseTokensArePlainValues() {
        // The buffer frees its room without deinitializing tokens: they must hold no references.
        #expect(_isPOD(ClauseToken.self))
    }

    @Test func aSentenceOfOneByteTokensFillsItsRoomExactly() {
        let patterns = AttributionPatterns(speechVerbs: SpeakerAttributor.defaultSpeechVerbs, roleNouns: SpeakerAttributor.defaultRoleNouns,
                                           nonPersonWords: SpeakerAttributor.defaultNonPersonWords)
        let buffer = ClauseTokenBuffer(capacity: 1)
        for text in [",.,.;:!?", "a,b.c;d", "x", "He said: \"No,no.\"", ",,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,"] {
            var copy = text
            let count = copy.withUTF8 { bytes in
                withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(1, patterns.longestListedWord)) { scratch in
                    var state = QuotationState()
                    ClauseTokenizer(bytes: bytes, patterns: patterns, scratch: scratch.baseAddress!)
                        .tokens(of: 0 ..< bytes.count, state: &state, into: buffer)
                    return buffer.count
                }
            }
            #expect(count >= 1 && count <= text.utf8.count, "\(text.debugDescription): \(count) tokens")
            #expect(buffer.tokens.allSatisfy { $0.textStart >= 0 && $0.textEnd <= text.utf8.count }, "\(text.debugDescription)")
        }
        // Punctuation only: one token per byte.
        var marks = ",.,.;:!?"
        let tokens = marks.withUTF8 { bytes in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(1, patterns.longestListedWord)) { scratch in
                var state = QuotationState()
                ClauseTokenizer(bytes: bytes, patterns: patterns, scratch: scratch.baseAddress!)
                    .tokens(of: 0 ..< bytes.count, state: &state, into: buffer)
                return buffer.tokens.map(\.kind)
            }
        }
        #expect(tokens == [.comma, .terminal, .comma, .terminal, .semicolon, .colon, .terminal, .terminal])
    }
}
