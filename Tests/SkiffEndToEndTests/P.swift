import Testing
struct Placeholder { @Test func t() { #expect(Bool(true)) } }
