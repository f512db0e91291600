import Testing

@Test func TokenizationTargetBuilds() { #expect(Bool(true)) }
