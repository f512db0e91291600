import Testing

@Test func RefrainCLITargetBuilds() { #expect(Bool(true)) }
