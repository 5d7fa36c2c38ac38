import Dispatch
import Foundation
import Logging
import Testing

@testable import SkiffRuntime

/// A reconciler that plays back a script of outcomes per key and records every call.
private final class ScriptedReconciler: Reconciler {
    enum Outcome: Sendable {
        case result(ReconcileResult)
        case fail
    }

    struct Failure: Error, CustomStringConvertible {
        var key: String
        var description: String { "scripted failure for \(key)" }
    }

    private let script: ConditionLock<[String: [Outcome]]>
    private let calls = ConditionLock<[String]>([])

    /// Outcomes per key, in order; once a key's script runs out it reconciles as `.done`.
    init(_ script: [String: [Outcome]] = [:]) {
        self.script = ConditionLock(script)
    }

    func reconcile(_ key: String) throws -> ReconcileResult {
        calls.withLock { $0.append(key) }
        let outcome = script.withLock { script in
            script[key]?.isEmpty == false ? script[key]!.removeFirst() : .result(.done)
        }
        switch outcome {
        case .result(let result): return result
        case .fail: throw Failure(key: key)
        }
    }

    func callCount(_ key: String) -> Int {
        calls.withLock { $0.count { $0 == key } }
    }
}

/// A reconciler whose calls wait until `width` of them run at once, proving that many workers run in parallel.
private final class BarrierReconciler: Reconciler {
    private let width: Int
    private let gate = Waiter<(inside: Set<String>, maximum: Int, overlaps: Int)>(([], 0, 0))

    init(width: Int) {
        self.width = width
    }

    func reconcile(_ key: String) throws -> ReconcileResult {
        gate.update { state in
            if !state.inside.insert(key).inserted {
                state.overlaps += 1
            }
            state.maximum = max(state.maximum, state.inside.count)
        }
        // Only the first `width` keys meet at the barrier; the rest pass straight through.
        _ = gate.wait { $0.maximum >= self.width }
        gate.update { _ = $0.inside.remove(key) }
        return .done
    }

    var maximumConcurrency: Int { gate.value.maximum }
    var overlaps: Int { gate.value.overlaps }
}

struct ControllerTests {
    @Test func successForgetsTheKeyAndRecordsTheTime() {
        let clock = ManualClock()
        let reconciler = ScriptedReconciler()
        let controller = Controller(name: "test", reconciler: reconciler, clock: clock)
        controller.start(workers: 1)
        defer { controller.stop() }
        controller.enqueue("a")
        #expect(controller.waitUntilIdle(timeout: .seconds(20)))
        #expect(reconciler.callCount("a") == 1)
        let stats = controller.stats
        #expect(stats.totalReconciles == 1)
        #expect(stats.totalErrors == 0)
        #expect(stats.lastSuccessfulReconcile == clock.wallNow)
        #expect(stats.lastSuccessfulReconcileInstant == clock.now)
        #expect(stats.isRunning)
        #expect(stats.inFlight == 0)
        #expect(controller.queue.numRequeues("a") == 0)
    }

    @Test func errorsBackOffExponentiallyAndAreLogged() {
        let clock = ManualClock()
        let reconciler = ScriptedReconciler(["a": [.fail, .fail, .fail]])
        let (logger, logs) = RecordingLogHandler.makeLogger()
        let controller = Controller(name: "things", reconciler: reconciler, clock: clock, logger: logger)
        controller.start(workers: 2)
        defer { controller.stop() }
        controller.enqueue("a")
        #expect(controller.waitUntilIdle(timeout: .seconds(20)))
        #expect(reconciler.callCount("a") == 1)
        #expect(controller.queue.numRequeues("a") == 1)
        #expect(controller.stats.delayed == 1)

        for (attempt, backoff) in [(2, Duration.milliseconds(5)), (3, .milliseconds(10)), (4, .milliseconds(20))] {
            clock.advance(by: backoff - .milliseconds(1))
            #expect(controller.waitUntilIdle(timeout: .seconds(20)))
            #expect(reconciler.callCount("a") == attempt - 1, "retried before its \(backoff) backoff")
            clock.advance(by: .milliseconds(1))
            #expect(controller.waitUntilIdle(timeout: .seconds(20)))
            #expect(reconciler.callCount("a") == attempt, "not retried after \(backoff)")
        }
        // The fourth attempt succeeded: the backoff is forgotten and nothing is pending.
        #expect(controller.queue.numRequeues("a") == 0)
        #expect(controller.stats.delayed == 0)
        #expect(controller.stats.totalErrors == 3)
        #expect(controller.stats.totalReconciles == 4)

        let errors = logs.all.filter { $0.level == .error }
        #expect(errors.count == 3)
        #expect(errors.first?.message == "Reconciler error")
        #expect(errors.first?.metadata["key"] == "a")
        #expect(errors.first?.metadata["controller"] == "things")
        #expect(errors.first?.metadata["error"] == "scripted failure for a")
    }

    @Test func requeueAfterForgetsAndWaitsTheGivenDelay() {
        let clock = ManualClock()
        let reconciler = ScriptedReconciler(["a": [.fail, .result(.requeueAfter(.seconds(30)))]])
        let (logger, _) = RecordingLogHandler.makeLogger()
        let controller = Controller(name: "test", reconciler: reconciler, clock: clock, logger: logger)
        controller.start(workers: 1)
        defer { controller.stop() }
        controller.enqueue("a")
        #expect(controller.waitUntilIdle(timeout: .seconds(20)))
        clock.advance(by: .milliseconds(5))
        #expect(controller.waitUntilIdle(timeout: .seconds(20)))
        #expect(reconciler.callCount("a") == 2)
        #expect(controller.queue.numRequeues("a") == 0)
        #expect(controller.stats.delayed == 1)
        clock.advance(by: .seconds(29))
        #expect(controller.waitUntilIdle(timeout: .seconds(20)))
        #expect(reconciler.callCount("a") == 2)
        clock.advance(by: .seconds(1))
        #expect(controller.waitUntilIdle(timeout: .seconds(20)))
        #expect(reconciler.callCount("a") == 3)
        #expect(controller.stats.delayed == 0)
        #expect(controller.stats.totalErrors == 1)
    }

    @Test func requeueUsesTheRateLimiter() {
        let clock = ManualClock()
        let reconciler = ScriptedReconciler(["a": [.result(.requeue), .result(.requeue)]])
        let controller = Controller(
            name: "test",
            reconciler: reconciler,
            clock: clock,
            backoff: ExponentialFailureBackoff(base: .seconds(1), max: .seconds(60))
        )
        controller.start(workers: 1)
        defer { controller.stop() }
        controller.enqueue("a")
        #expect(controller.waitUntilIdle(timeout: .seconds(20)))
        #expect(controller.queue.numRequeues("a") == 1)
        clock.advance(by: .seconds(1))
        #expect(controller.waitUntilIdle(timeout: .seconds(20)))
        #expect(reconciler.callCount("a") == 2)
        #expect(controller.queue.numRequeues("a") == 2)
        clock.advance(by: .seconds(1))
        #expect(controller.waitUntilIdle(timeout: .seconds(20)))
        #expect(reconciler.callCount("a") == 2, "second requeue must wait 2 s")
        clock.advance(by: .seconds(1))
        #expect(controller.waitUntilIdle(timeout: .seconds(20)))
        #expect(reconciler.callCount("a") == 3)
        #expect(controller.queue.numRequeues("a") == 0)
        #expect(controller.stats.totalErrors == 0)
    }

    @Test func enqueueAfterDelaysOnTheClock() {
        let clock = ManualClock()
        let reconciler = ScriptedReconciler()
        let controller = Controller(name: "test", reconciler: reconciler, clock: clock)
        controller.start(workers: 1)
        defer { controller.stop() }
        controller.enqueueAfter("a", .seconds(10))
        #expect(controller.waitUntilIdle(timeout: .seconds(20)))
        #expect(reconciler.callCount("a") == 0)
        clock.advance(by: .seconds(10))
        #expect(controller.waitUntilIdle(timeout: .seconds(20)))
        #expect(reconciler.callCount("a") == 1)
    }

    @Test func workersReconcileDifferentKeysInParallel() {
        let reconciler = BarrierReconciler(width: 4)
        let controller = Controller(name: "test", reconciler: reconciler, clock: ManualClock())
        controller.start(workers: 4)
        defer { controller.stop() }
        for index in 0..<40 {
            controller.enqueue("key-\(index)")
        }
        #expect(controller.waitUntilIdle(timeout: .seconds(30)))
        #expect(reconciler.maximumConcurrency == 4)
        #expect(reconciler.overlaps == 0)
        #expect(controller.stats.totalReconciles == 40)
    }

    @Test func stopDrainsReadyKeysAndIgnoresLaterOnes() {
        let reconciler = ScriptedReconciler()
        let controller = Controller(name: "test", reconciler: reconciler, clock: ManualClock())
        for index in 0..<20 {
            controller.enqueue("key-\(index)")
        }
        controller.start(workers: 3)
        controller.stop()
        #expect(!controller.stats.isRunning)
        #expect(controller.stats.totalReconciles == 20)
        controller.enqueue("late")
        controller.start(workers: 1)
        #expect(reconciler.callCount("late") == 0)
        #expect(!controller.stats.isRunning)
        controller.stop()
    }

    @Test func stopWithoutStartShutsTheQueueDown() {
        let controller = Controller(name: "test", reconciler: ScriptedReconciler(), clock: ManualClock())
        controller.stop()
        #expect(controller.queue.isShuttingDown)
    }
}
