import Testing

@Test func CorpusTargetBuilds() { #expect(Bool(true)) }
