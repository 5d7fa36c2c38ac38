import SkiffRuntime
import Testing

struct MonotonicInstantTests {
    @Test func arithmeticAndOrdering() {
        let start = MonotonicInstant.origin
        let later = start.advanced(by: .seconds(2))
        #expect(start < later)
        #expect(start.duration(to: later) == .seconds(2))
        #expect(later.duration(to: start) == .seconds(-2))
        #expect(later - start == .seconds(2))
        #expect(start + .seconds(2) == later)
        #expect(later.description == "+2.0 seconds")
    }
}
