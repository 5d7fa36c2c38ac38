import Foundation
import SkiffRuntime
import Testing

struct SystemClockTests {
    @Test func monotonicTimeNeverGoesBackwards() {
        let clock = SystemClock()
        var previous = clock.now
        for _ in 0..<1_000 {
            let current = clock.now
            #expect(current >= previous)
            previous = current
        }
    }

    @Test func scheduledWorkRunsNoEarlierThanItsDelay() {
        let clock = SystemClock()
        let start = clock.now
        let firedAt = Waiter<MonotonicInstant?>(nil)
        clock.schedule(after: .milliseconds(10)) {
            firedAt.update { $0 = clock.now }
        }
        #expect(firedAt.wait { $0 != nil })
        let elapsed = start.duration(to: firedAt.value ?? start)
        #expect(elapsed >= .milliseconds(9))
    }

    @Test func wallTimeIsTheSystemTime() {
        let before = Date()
        let wall = SystemClock().wallNow
        #expect(wall >= before)
        #expect(wall.timeIntervalSince(before) < 60)
    }
}
