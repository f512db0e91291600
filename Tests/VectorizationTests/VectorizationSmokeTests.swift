import Testing

@Test func vectorizationTargetBuilds() { #expect(Bool(true)) }
