import Testing

@Test func LinearAlgebraTargetBuilds() { #expect(Bool(true)) }
