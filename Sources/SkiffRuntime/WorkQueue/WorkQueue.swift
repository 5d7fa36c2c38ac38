import DequeModule
import HeapModule

/// A work queue with client-go's contract (`k8s.io/client-go/util/workqueue`): the plain queue, the delaying
/// queue and the rate-limiting queue in one type.
///
/// - A key is queued at most once: adding a key that is already waiting to be processed does nothing.
/// - A key is never handed to two workers at once: a key added while it is being processed is queued again
///   when ``done(_:)`` is called for it.
/// - ``get()`` blocks the calling thread until a key is ready or the queue shuts down, so workers run on
///   Dispatch queues or threads of their own, never in async tasks.
/// - Ready keys come out in FIFO order; ``addAfter(_:_:)`` holds keys back on the injected ``Clock``, the
///   earliest deadline winning when a key is added after a delay twice.
/// - ``addRateLimited(_:)`` backs a key off exponentially per key until ``forget(_:)``.
public final class WorkQueue<Key: Hashable & Sendable>: Sendable {
    /// The backoff that ``addRateLimited(_:)`` applies.
    public let backoff: ExponentialFailureBackoff

    private let clock: any Clock
    private let lock: ConditionLock<State>

    /// Signalled when a key becomes ready (or on shutdown): wakes a worker blocked in ``get()``.
    private static var keyReady: Int { 0 }
    /// Broadcast when the last in-flight key is done (or on shutdown): wakes drain and idle waiters.
    private static var processingDrained: Int { 1 }

    /// Creates an empty queue.
    ///
    /// - Parameters:
    ///   - clock: The clock that delays ``addAfter(_:_:)`` and ``addRateLimited(_:)``.
    ///   - backoff: The per-key failure backoff of ``addRateLimited(_:)``.
    public init(clock: any Clock = SystemClock(), backoff: ExponentialFailureBackoff = .controllerDefault) {
        self.clock = clock
        self.backoff = backoff
        self.lock = ConditionLock(State(), conditions: 2)
    }

    /// Marks `key` as needing processing. Ignored after shutdown.
    public func add(_ key: Key) {
        lock.withLock { state in
            addLocked(key, to: &state)
        }
    }

    /// Adds `key` once `delay` has passed on the queue's clock; a zero or negative delay adds it now.
    ///
    /// While the key waits, a second `addAfter` only moves its deadline earlier, never later. Ignored after
    /// shutdown.
    public func addAfter(_ key: Key, _ delay: Duration) {
        lock.withLock { state in
            addAfterLocked(key, delay, to: &state)
        }
    }

    /// Adds `key` after its next backoff delay and counts one more requeue for it.
    public func addRateLimited(_ key: Key) {
        lock.withLock { state in
            let failures = state.failures[key, default: 0]
            state.failures[key] = failures + 1
            addAfterLocked(key, backoff.delay(afterFailures: failures), to: &state)
        }
    }

    /// Resets the backoff of `key`: its next ``addRateLimited(_:)`` waits the base delay again.
    ///
    /// Does not remove the key from the queue; call it once a key was processed successfully.
    public func forget(_ key: Key) {
        lock.withLock { state in
            _ = state.failures.removeValue(forKey: key)
        }
    }

    /// How many times `key` went through ``addRateLimited(_:)`` since it was last forgotten.
    public func numRequeues(_ key: Key) -> Int {
        lock.withLock { $0.failures[key, default: 0] }
    }

    /// Blocks until a key is ready and hands it out, marking it as being processed; the caller must call
    /// ``done(_:)`` with it afterwards.
    ///
    /// - Returns: The next key, or `nil` once the queue has shut down and no ready keys remain (the worker
    ///   should then exit). Keys already ready at shutdown are still handed out.
    public func get() -> Key? {
        lock.withLock(waitingOn: Self.keyReady, until: { !$0.ready.isEmpty || $0.isShuttingDown }) { state in
            guard let key = state.ready.popFirst() else { return nil }
            state.processing.insert(key)
            state.dirty.remove(key)
            return key
        }
    }

    /// Hands out, without waiting, up to `limit` keys that are ready now, in order, each marked as being processed
    /// exactly as ``get()`` marks it; the caller must call ``done(_:)`` with each. Lets a worker that got a key
    /// take the keys queued behind it too, and handle them together.
    public func getReady(limit: Int) -> [Key] {
        lock.withLock { state in
            var keys: [Key] = []
            while keys.count < limit, let key = state.ready.popFirst() {
                state.processing.insert(key)
                state.dirty.remove(key)
                keys.append(key)
            }
            return keys
        }
    }

    /// Marks `key` as processed; if it was added again meanwhile, it is queued again now.
    public func done(_ key: Key) {
        lock.withLock { state in
            state.processing.remove(key)
            if state.dirty.contains(key) {
                state.ready.append(key)
                lock.signal(Self.keyReady)
            } else if state.processing.isEmpty {
                lock.broadcast(Self.processingDrained)
            }
        }
    }

    /// Shuts the queue down: new keys are ignored, delayed keys are dropped, and ``get()`` returns `nil` once
    /// the ready keys are handed out. Also ends a ``shutDownWithDrain()`` waiting in another thread.
    public func shutDown() {
        lock.withLock { state in
            state.isDraining = false
            shutDownLocked(&state)
        }
    }

    /// Shuts the queue down like ``shutDown()``, then blocks until every key being processed is done.
    ///
    /// - Important: Workers must keep calling ``done(_:)``, or this waits forever; a ``shutDown()`` from another
    ///   thread ends the wait.
    public func shutDownWithDrain() {
        lock.withLock { state in
            state.isDraining = true
            shutDownLocked(&state)
        }
        lock.withLock(
            waitingOn: Self.processingDrained,
            until: { $0.processing.isEmpty || !$0.isDraining }
        ) { _ in }
    }

    /// Whether ``shutDown()`` or ``shutDownWithDrain()`` was called.
    public var isShuttingDown: Bool {
        lock.withLock { $0.isShuttingDown }
    }

    /// Keys ready to be handed out (client-go's `Len`): excludes keys being processed and delayed keys.
    public var count: Int {
        lock.withLock { $0.ready.count }
    }

    /// Keys handed out by ``get()`` and not yet ``done(_:)``.
    public var processingCount: Int {
        lock.withLock { $0.processing.count }
    }

    /// Keys waiting for a delay from ``addAfter(_:_:)`` or ``addRateLimited(_:)``.
    public var delayedCount: Int {
        lock.withLock { $0.waitingDeadlines.count }
    }

    /// Blocks until no key is ready and none is being processed, or until `timeout` passes.
    ///
    /// Delayed keys do not count: with a ``ManualClock`` they wait for the test to advance time. Meant for tests
    /// and for orderly shutdown, not for gating ``add(_:)``.
    ///
    /// - Returns: Whether the queue was idle before the timeout.
    public func waitUntilIdle(timeout: Duration) -> Bool {
        lock.withLock(
            waitingOn: Self.processingDrained,
            until: { $0.ready.isEmpty && $0.processing.isEmpty },
            timeout: timeout
        ) { _, isIdle in isIdle }
    }

    // MARK: - Locked helpers

    private func addLocked(_ key: Key, to state: inout State) {
        guard !state.isShuttingDown, state.dirty.insert(key).inserted else { return }
        guard !state.processing.contains(key) else { return }
        state.ready.append(key)
        lock.signal(Self.keyReady)
    }

    private func addAfterLocked(_ key: Key, _ delay: Duration, to state: inout State) {
        guard !state.isShuttingDown else { return }
        guard delay > .zero else {
            addLocked(key, to: &state)
            return
        }
        let deadline = clock.now.advanced(by: delay)
        if let existing = state.waitingDeadlines[key], existing.deadline <= deadline {
            return
        }
        let entry = WaitingKey(deadline: deadline, sequence: state.nextSequence, key: key)
        state.nextSequence += 1
        state.waitingDeadlines[key] = entry
        state.waiting.insert(entry)
        state.compactWaitingIfNeeded()
        armTimerLocked(&state)
    }

    /// Makes sure a clock timer is set for the earliest live deadline.
    ///
    /// Scheduling under the queue's lock is safe because ``Clock`` implementations never run work
    /// synchronously on the caller.
    private func armTimerLocked(_ state: inout State) {
        state.dropStaleWaitingHead()
        guard let earliest = state.waiting.min?.deadline else {
            state.timer?.cancel()
            state.timer = nil
            state.timerDeadline = nil
            return
        }
        if let armed = state.timerDeadline, armed <= earliest {
            return
        }
        state.timer?.cancel()
        state.timerDeadline = earliest
        state.timer = clock.schedule(after: clock.now.duration(to: earliest)) { [weak self] in
            self?.timerFired()
        }
    }

    private func timerFired() {
        lock.withLock { state in
            state.timer = nil
            state.timerDeadline = nil
            guard !state.isShuttingDown else { return }
            let now = clock.now
            while let head = state.waiting.min, head.deadline <= now {
                state.waiting.removeMin()
                guard state.waitingDeadlines[head.key] == head else { continue }
                state.waitingDeadlines.removeValue(forKey: head.key)
                addLocked(head.key, to: &state)
            }
            // A real timer can fire a hair early against `clock.now`; re-arming covers that too.
            armTimerLocked(&state)
        }
    }

    private func shutDownLocked(_ state: inout State) {
        state.isShuttingDown = true
        state.timer?.cancel()
        state.timer = nil
        state.timerDeadline = nil
        state.waiting = Heap()
        state.waitingDeadlines = [:]
        lock.broadcast(Self.keyReady)
        lock.broadcast(Self.processingDrained)
    }
}

extension WorkQueue {
    /// A key held back until its deadline. `sequence` makes every entry unique, which marks superseded heap
    /// entries as stale and keeps equal deadlines in insertion order.
    private struct WaitingKey: Comparable, Sendable {
        var deadline: MonotonicInstant
        var sequence: UInt64
        var key: Key

        static func < (lhs: WaitingKey, rhs: WaitingKey) -> Bool {
            (lhs.deadline, lhs.sequence) < (rhs.deadline, rhs.sequence)
        }

        static func == (lhs: WaitingKey, rhs: WaitingKey) -> Bool {
            lhs.sequence == rhs.sequence
        }
    }

    private struct State: Sendable {
        /// Keys ready to be handed out, oldest first. Every key here is in `dirty` and not in `processing`.
        var ready = Deque<Key>()
        /// Keys that need processing: those in `ready` plus those re-added while being processed.
        var dirty = Set<Key>()
        /// Keys handed out by `get()` and not yet done.
        var processing = Set<Key>()
        /// Delayed keys by deadline. A key moved to an earlier deadline leaves a stale entry behind, recognised
        /// by not matching `waitingDeadlines`; the heap has no decrease-key.
        var waiting = Heap<WaitingKey>()
        /// The live waiting entry of each delayed key.
        var waitingDeadlines: [Key: WaitingKey] = [:]
        var nextSequence: UInt64 = 0
        var timer: ScheduledWork?
        var timerDeadline: MonotonicInstant?
        /// Requeue counts for the backoff, by key.
        var failures: [Key: Int] = [:]
        var isShuttingDown = false
        var isDraining = false

        mutating func dropStaleWaitingHead() {
            while let head = waiting.min, waitingDeadlines[head.key] != head {
                waiting.removeMin()
            }
        }

        /// Rebuilds the heap from the live entries once stale ones dominate, so that keys whose deadlines keep
        /// moving earlier cannot grow the heap without bound.
        mutating func compactWaitingIfNeeded() {
            guard waiting.count > 64, waiting.count > 2 * waitingDeadlines.count else { return }
            waiting = Heap(waitingDeadlines.values)
        }
    }
}
