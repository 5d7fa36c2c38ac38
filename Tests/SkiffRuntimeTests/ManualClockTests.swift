import Foundation
import SkiffRuntime
import Synchronization
import Testing

struct ManualClockTests {
    @Test func runsDueWorkInDeadlineOrderOnAdvance() {
        let clock = ManualClock()
        let log = Mutex<[String]>([])
        clock.schedule(after: .seconds(3)) { log.withLock { $0.append("c") } }
        clock.schedule(after: .seconds(1)) { log.withLock { $0.append("a") } }
        clock.schedule(after: .seconds(2)) { log.withLock { $0.append("b1") } }
        clock.schedule(after: .seconds(2)) { log.withLock { $0.append("b2") } }
        #expect(clock.pendingCount == 4)
        clock.advance(by: .milliseconds(2_500))
        #expect(log.withLock { $0 } == ["a", "b1", "b2"])
        #expect(clock.pendingCount == 1)
        #expect(clock.nextDeadline == MonotonicInstant(sinceOrigin: .seconds(3)))
        clock.advance(by: .seconds(1))
        #expect(log.withLock { $0 } == ["a", "b1", "b2", "c"])
        #expect(clock.pendingCount == 0)
    }

    @Test func workSeesItsDeadlineAsNowAndMaySchedule() {
        let clock = ManualClock()
        let seen = Mutex<[MonotonicInstant]>([])
        clock.schedule(after: .seconds(1)) {
            seen.withLock { $0.append(clock.now) }
            clock.schedule(after: .seconds(1)) { seen.withLock { $0.append(clock.now) } }
        }
        clock.advance(by: .seconds(5))
        #expect(seen.withLock { $0 } == [.init(sinceOrigin: .seconds(1)), .init(sinceOrigin: .seconds(2))])
        #expect(clock.now == MonotonicInstant(sinceOrigin: .seconds(5)))
    }

    @Test func cancelledWorkNeverRuns() {
        let clock = ManualClock()
        let ran = Mutex(false)
        let work = clock.schedule(after: .seconds(1)) { ran.withLock { $0 = true } }
        work.cancel()
        work.cancel()
        #expect(clock.pendingCount == 0)
        #expect(clock.nextDeadline == nil)
        clock.advance(by: .seconds(2))
        #expect(!ran.withLock { $0 })
    }

    @Test func zeroDelayRunsOnTheNextAdvanceNotSynchronously() {
        let clock = ManualClock()
        let ran = Mutex(false)
        clock.schedule(after: .zero) { ran.withLock { $0 = true } }
        #expect(!ran.withLock { $0 })
        clock.advance(by: .zero)
        #expect(ran.withLock { $0 })
    }

    @Test func wallTimeMovesWithMonotonicTime() {
        let start = Date(timeIntervalSince1970: 1_000)
        let clock = ManualClock(wallStart: start)
        #expect(clock.wallNow == start)
        clock.advance(by: .milliseconds(1_500))
        #expect(clock.wallNow == start.addingTimeInterval(1.5))
        #expect(clock.now.sinceOrigin == .milliseconds(1_500))
    }
}
