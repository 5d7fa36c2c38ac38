import Dispatch
import Glibc
import Testing

@testable import SkiffRuntime

struct WorkQueueTests {
    private func makeQueue() -> (WorkQueue<String>, ManualClock) {
        let clock = ManualClock()
        return (WorkQueue<String>(clock: clock), clock)
    }

    @Test func queuesAKeyAtMostOnceInFIFOOrder() {
        let (queue, _) = makeQueue()
        queue.add("a")
        queue.add("b")
        queue.add("a")
        queue.add("c")
        #expect(queue.count == 3)
        #expect(queue.get() == "a")
        #expect(queue.get() == "b")
        #expect(queue.get() == "c")
        #expect(queue.count == 0)
    }

    @Test func keyAddedWhileProcessingIsQueuedAgainOnDone() {
        let (queue, _) = makeQueue()
        queue.add("a")
        #expect(queue.get() == "a")
        queue.add("a")
        queue.add("a")
        // Not handed to a second worker while the first has it.
        #expect(queue.count == 0)
        #expect(queue.processingCount == 1)
        queue.done("a")
        #expect(queue.count == 1)
        #expect(queue.get() == "a")
        queue.done("a")
        #expect(queue.count == 0)
        #expect(queue.processingCount == 0)
    }

    @Test func doneWithoutReAddDoesNotRequeue() {
        let (queue, _) = makeQueue()
        queue.add("a")
        #expect(queue.get() == "a")
        queue.done("a")
        #expect(queue.count == 0)
        #expect(queue.waitUntilIdle(timeout: .seconds(1)))
    }

    @Test func neverHandsAKeyToTwoWorkersUnderConcurrency() {
        let (queue, _) = makeQueue()
        let keys = (0..<16).map { "key-\($0)" }
        let probe = WorkerProbe()
        let workers = DispatchGroup()
        for index in 0..<8 {
            DispatchQueue(label: "test.worker-\(index)").async(group: workers) {
                while let key = queue.get() {
                    probe.begin(key)
                    // A little work so that keys overlap with concurrent adds.
                    var spin = 0
                    for value in 0..<200 { spin &+= value }
                    probe.end(key)
                    queue.done(key)
                }
            }
        }
        let producers = DispatchGroup()
        for index in 0..<4 {
            DispatchQueue(label: "test.producer-\(index)").async(group: producers) {
                for round in 0..<2_000 {
                    queue.add(keys[(round * 7 + index) % keys.count])
                }
            }
        }
        #expect(producers.wait(timeout: .now() + 60) == .success)
        #expect(queue.waitUntilIdle(timeout: .seconds(60)))
        queue.shutDown()
        #expect(workers.wait(timeout: .now() + 60) == .success)
        #expect(probe.violations == 0)
        // Every key was added, so every key was processed at least once after its last add.
        #expect(probe.processedKeys == Set(keys))
        #expect(queue.processingCount == 0)
    }

    @Test func shutDownHandsOutReadyKeysThenNilAndIgnoresNewOnes() {
        let (queue, _) = makeQueue()
        queue.add("a")
        queue.add("b")
        queue.shutDown()
        queue.add("c")
        #expect(queue.isShuttingDown)
        #expect(queue.get() == "a")
        #expect(queue.get() == "b")
        #expect(queue.get() == nil)
    }

    @Test func shutDownWakesABlockedWorker() {
        let (queue, _) = makeQueue()
        let result = Waiter<String??>(nil)
        DispatchQueue(label: "test.blocked").async {
            let key = queue.get()
            result.update { $0 = .some(key) }
        }
        queue.shutDown()
        #expect(result.wait { $0 != nil })
        #expect(result.value == .some(nil))
    }

    @Test func shutDownWithDrainWaitsForInFlightKeys() {
        let (queue, _) = makeQueue()
        queue.add("a")
        #expect(queue.get() == "a")
        let log = Waiter<[String]>([])
        DispatchQueue(label: "test.drain").async {
            queue.shutDownWithDrain()
            log.update { $0.append("drained") }
        }
        // Once shutdown has begun, the drain cannot finish while "a" is in flight.
        #expect(waitUntil { queue.isShuttingDown })
        log.update { $0.append("done") }
        queue.done("a")
        #expect(log.wait { $0.count == 2 })
        #expect(log.value == ["done", "drained"])
        #expect(queue.get() == nil)
    }

    @Test func shutDownEndsAPendingDrain() {
        let (queue, _) = makeQueue()
        queue.add("a")
        #expect(queue.get() == "a")
        let drained = Waiter(false)
        DispatchQueue(label: "test.drain").async {
            queue.shutDownWithDrain()
            drained.update { $0 = true }
        }
        #expect(waitUntil { queue.isShuttingDown })
        queue.shutDown()
        #expect(drained.wait { $0 })
        #expect(queue.processingCount == 1)
    }

    @Test func addAfterReleasesKeysInDeadlineOrder() {
        let (queue, clock) = makeQueue()
        queue.addAfter("late", .seconds(10))
        queue.addAfter("early", .seconds(5))
        queue.addAfter("early-too", .seconds(5))
        #expect(queue.count == 0)
        #expect(queue.delayedCount == 3)
        clock.advance(by: .seconds(4))
        #expect(queue.count == 0)
        clock.advance(by: .seconds(1))
        #expect(queue.count == 2)
        #expect(queue.get() == "early")
        #expect(queue.get() == "early-too")
        clock.advance(by: .seconds(5))
        #expect(queue.get() == "late")
        #expect(queue.delayedCount == 0)
        #expect(clock.pendingCount == 0)
    }

    @Test func addAfterKeepsTheEarliestDeadlineForAKey() {
        let (queue, clock) = makeQueue()
        queue.addAfter("a", .seconds(10))
        queue.addAfter("a", .seconds(3))
        queue.addAfter("b", .seconds(3))
        queue.addAfter("b", .seconds(10))
        #expect(queue.delayedCount == 2)
        clock.advance(by: .seconds(3))
        #expect(queue.count == 2)
        #expect(queue.delayedCount == 0)
        clock.advance(by: .seconds(10))
        // The superseded later deadlines do not add the keys a second time.
        #expect(queue.count == 2)
    }

    @Test func manyEarlierDeadlinesForOneKeyReleaseItOnce() {
        let (queue, clock) = makeQueue()
        for step in 0..<500 {
            queue.addAfter("a", .seconds(1_000 - step))
        }
        #expect(queue.delayedCount == 1)
        clock.advance(by: .seconds(501))
        #expect(queue.count == 1)
        #expect(queue.get() == "a")
        queue.done("a")
        clock.advance(by: .seconds(1_000))
        #expect(queue.count == 0)
    }

    @Test func addAfterWithoutDelayAddsNow() {
        let (queue, clock) = makeQueue()
        queue.addAfter("a", .zero)
        queue.addAfter("b", .seconds(-1))
        #expect(queue.count == 2)
        #expect(clock.pendingCount == 0)
    }

    @Test func delayedKeyAlreadyQueuedIsNotQueuedTwice() {
        let (queue, clock) = makeQueue()
        queue.addAfter("a", .seconds(1))
        queue.add("a")
        clock.advance(by: .seconds(1))
        #expect(queue.count == 1)
    }

    @Test func rateLimitedKeysBackOffExponentially() {
        let (queue, clock) = makeQueue()
        var expected: Duration = .milliseconds(5)
        for failures in 0..<6 {
            #expect(queue.numRequeues("a") == failures)
            queue.addRateLimited("a")
            clock.advance(by: expected - .milliseconds(1))
            #expect(queue.count == 0, "released early after \(failures) failures")
            clock.advance(by: .milliseconds(1))
            #expect(queue.count == 1, "not released after \(expected)")
            #expect(queue.get() == "a")
            queue.done("a")
            expected = expected * 2
        }
        #expect(queue.numRequeues("a") == 6)
    }

    @Test func forgetResetsTheBackoff() {
        let (queue, clock) = makeQueue()
        queue.addRateLimited("a")
        queue.addRateLimited("a")
        queue.addRateLimited("a")
        #expect(queue.numRequeues("a") == 3)
        queue.forget("a")
        #expect(queue.numRequeues("a") == 0)
        clock.advance(by: .milliseconds(5))
        _ = queue.get()
        queue.done("a")
        queue.addRateLimited("a")
        clock.advance(by: .milliseconds(5))
        #expect(queue.count == 1)
    }

    @Test func backoffIsPerKey() {
        let (queue, clock) = makeQueue()
        queue.addRateLimited("a")
        queue.addRateLimited("a")
        queue.addRateLimited("b")
        #expect(queue.numRequeues("a") == 2)
        #expect(queue.numRequeues("b") == 1)
        clock.advance(by: .milliseconds(5))
        #expect(queue.count == 2)
    }

    @Test func shutDownDropsDelayedKeysAndTheirTimer() {
        let (queue, clock) = makeQueue()
        queue.addAfter("a", .seconds(1))
        #expect(clock.pendingCount == 1)
        queue.shutDown()
        #expect(clock.pendingCount == 0)
        #expect(queue.delayedCount == 0)
        queue.addAfter("b", .seconds(1))
        queue.addRateLimited("c")
        clock.advance(by: .seconds(10))
        #expect(queue.get() == nil)
    }

    @Test func waitUntilIdleTimesOutWhileAKeyIsInFlight() {
        let (queue, _) = makeQueue()
        queue.add("a")
        #expect(queue.get() == "a")
        #expect(!queue.waitUntilIdle(timeout: .milliseconds(20)))
        queue.done("a")
        #expect(queue.waitUntilIdle(timeout: .seconds(1)))
    }

    @Test func realClockReleasesDelayedKeys() {
        let queue = WorkQueue<String>(clock: SystemClock())
        queue.addAfter("a", .milliseconds(5))
        let key = Waiter<String?>(nil)
        DispatchQueue(label: "test.worker").async {
            let got = queue.get()
            key.update { $0 = got }
        }
        #expect(key.wait { $0 != nil })
        #expect(key.value == "a")
        queue.shutDown()
    }
}

/// Spins (yielding the processor) until `condition` holds, for conditions that have no notification; gives up
/// after a generous deadline.
func waitUntil(timeout: Duration = .seconds(20), _ condition: () -> Bool) -> Bool {
    let clock = SystemClock()
    let deadline = clock.now.advanced(by: timeout)
    while !condition() {
        if clock.now > deadline { return false }
        sched_yield()
    }
    return true
}

/// Tracks which keys workers hold, counting any key held by two workers at once.
private final class WorkerProbe: Sendable {
    private let state = ConditionLock<(active: Set<String>, processed: Set<String>, violations: Int)>(([], [], 0))

    func begin(_ key: String) {
        state.withLock { state in
            if !state.active.insert(key).inserted {
                state.violations += 1
            }
            state.processed.insert(key)
        }
    }

    func end(_ key: String) {
        _ = state.withLock { $0.active.remove(key) }
    }

    var violations: Int { state.withLock { $0.violations } }
    var processedKeys: Set<String> { state.withLock { $0.processed } }
}
