import Dispatch
import Foundation
import Logging

/// Runs a ``Reconciler`` over the keys of a ``WorkQueue`` with N worker loops on Dispatch, handling each key as
/// controller-runtime's `reconcileHandler` does:
///
/// | reconcile outcome | queue action |
/// |---|---|
/// | throws | ``WorkQueue/addRateLimited(_:)`` (and the error is logged) |
/// | ``ReconcileResult/requeueAfter(_:)`` | ``WorkQueue/forget(_:)`` + ``WorkQueue/addAfter(_:_:)`` |
/// | ``ReconcileResult/requeue`` | ``WorkQueue/addRateLimited(_:)`` |
/// | ``ReconcileResult/done`` | ``WorkQueue/forget(_:)`` |
///
/// then ``WorkQueue/done(_:)``.
///
/// With ``Batching``, a worker that gets a key also takes the keys ready behind it (up to a limit) and reconciles
/// them one after another inside one store batch, so that their writes cost one durable commit; each key is still
/// handed out once, handled by one worker, and gets its own queue action and ``WorkQueue/done(_:)`` — after the
/// commit. When the commit fails, every key of the batch counts as failed (its writes were undone).
public final class Controller<R: Reconciler>: Sendable {
    /// Reconciling the keys ready together in one store batch. Only for reconcilers that touch nothing but the
    /// store: a batch holds the store's lock, so a reconcile that waited there for a lock held by a thread that
    /// writes to the store would deadlock.
    public struct Batching: Sendable {
        /// The store the reconciler writes to.
        public var store: any ObjectStore
        /// The most keys in one batch.
        public var maxKeys: Int

        public init(store: any ObjectStore, maxKeys: Int = 64) {
            self.store = store
            self.maxKeys = maxKeys
        }
    }

    /// The controller's name, used in logs and worker thread labels.
    public let name: String
    /// The reconciler the workers call.
    public let reconciler: R
    /// The controller's queue; informer handlers may add to it directly.
    public let queue: WorkQueue<R.Key>

    private let clock: any Clock
    private let logger: Logger
    private let lifecycle = ConditionLock(Lifecycle.idle)
    private let counters = ConditionLock(Counters())
    private let metrics: ControllerMetrics
    private let batching: Batching?

    /// Creates a stopped controller.
    ///
    /// - Parameters:
    ///   - name: Names the controller in logs and thread labels.
    ///   - reconciler: Reconciles one key at a time per worker.
    ///   - clock: Drives delays and backoff, and stamps ``ControllerStats/lastSuccessfulReconcile``.
    ///   - backoff: The per-key failure backoff.
    ///   - logger: Where reconcile errors go; `controller` metadata is added.
    ///   - batching: Reconcile the keys ready together in one store batch (see ``Batching``); nil for one at a time.
    public init(
        name: String,
        reconciler: R,
        clock: any Clock = SystemClock(),
        backoff: ExponentialFailureBackoff = .controllerDefault,
        logger: Logger = Logger(label: "skiff.controller"),
        batching: Batching? = nil
    ) {
        self.batching = batching
        self.name = name
        self.reconciler = reconciler
        self.clock = clock
        self.queue = WorkQueue(clock: clock, backoff: backoff)
        self.metrics = ControllerMetrics(controller: name)
        var logger = logger
        logger[metadataKey: "controller"] = .string(name)
        self.logger = logger
    }

    /// Starts `workers` worker loops. Does nothing if the controller was already started or stopped.
    ///
    /// Each worker gets a serial Dispatch queue of its own: such queues target Dispatch's overcommitting root
    /// queue, which adds threads when workers block in ``WorkQueue/get()`` or in a slow reconcile, whereas the
    /// global concurrent queues are sized to the core count and would starve.
    public func start(workers: Int) {
        precondition(workers >= 1, "a controller needs at least one worker")
        let group = DispatchGroup()
        let started = lifecycle.withLock { lifecycle in
            guard case .idle = lifecycle else { return false }
            lifecycle = .running(group)
            return true
        }
        guard started else { return }
        for index in 0..<workers {
            DispatchQueue(label: "skiff.controller.\(name).worker-\(index)").async(group: group) { [self] in
                while let key = queue.get() {
                    if let batching, batching.maxKeys > 1 {
                        let more = queue.getReady(limit: batching.maxKeys - 1)
                        if !more.isEmpty {
                            processBatch([key] + more, store: batching.store)
                            continue
                        }
                    }
                    process(key)
                }
            }
        }
    }

    /// Stops the controller: the queue shuts down, keys already ready and in flight are reconciled, and the call
    /// returns once every worker has exited. Idempotent.
    ///
    /// - Important: Never call from a reconcile: the worker would wait for itself.
    public func stop() {
        let group: DispatchGroup? = lifecycle.withLock { lifecycle in
            defer { lifecycle = .stopped }
            if case .running(let group) = lifecycle {
                return group
            }
            return nil
        }
        queue.shutDownWithDrain()
        group?.wait()
    }

    /// Queues `key` for reconciliation.
    public func enqueue(_ key: R.Key) {
        queue.add(key)
    }

    /// Queues `key` for reconciliation after `delay` on the controller's clock.
    public func enqueueAfter(_ key: R.Key, _ delay: Duration) {
        queue.addAfter(key, delay)
    }

    /// The controller's counters right now.
    public var stats: ControllerStats {
        let isRunning = lifecycle.withLock { lifecycle in
            if case .running = lifecycle { true } else { false }
        }
        return counters.withLock { counters in
            ControllerStats(
                lastSuccessfulReconcile: counters.lastSuccess,
                lastSuccessfulReconcileInstant: counters.lastSuccessInstant,
                inFlight: queue.processingCount,
                queued: queue.count,
                delayed: queue.delayedCount,
                totalReconciles: counters.reconciles,
                totalErrors: counters.errors,
                isRunning: isRunning
            )
        }
    }

    /// Blocks until no key is ready or being reconciled, or until `timeout` passes; delayed keys do not count.
    /// Tests call this instead of sleeping.
    ///
    /// - Returns: Whether the controller went idle before the timeout.
    public func waitUntilIdle(timeout: Duration) -> Bool {
        queue.waitUntilIdle(timeout: timeout)
    }

    private func process(_ key: R.Key) {
        let started = DispatchTime.now().uptimeNanoseconds
        let outcome = Result { try reconciler.reconcile(key) }
        finish(key, outcome, nanoseconds: Int64(DispatchTime.now().uptimeNanoseconds - started))
    }

    /// Reconciles `keys` in one store batch, then finishes each with its outcome.
    private func processBatch(_ keys: [R.Key], store: any ObjectStore) {
        var outcomes: [(outcome: Result<ReconcileResult, any Error>, nanoseconds: Int64)] = []
        outcomes.reserveCapacity(keys.count)
        do {
            try store.batch { _ in
                for key in keys {
                    let started = DispatchTime.now().uptimeNanoseconds
                    let outcome = Result { try reconciler.reconcile(key) }
                    outcomes.append((outcome, Int64(DispatchTime.now().uptimeNanoseconds - started)))
                }
            }
        } catch {
            // Nothing the batch wrote was kept: every key failed.
            outcomes = keys.map { _ in (.failure(error), 0) }
        }
        for (key, result) in zip(keys, outcomes) {
            finish(key, result.outcome, nanoseconds: result.nanoseconds)
        }
    }

    /// Applies a reconcile's outcome to the queue and the counters, then marks the key done.
    private func finish(_ key: R.Key, _ outcome: Result<ReconcileResult, any Error>, nanoseconds: Int64) {
        metrics.record(outcome, nanoseconds: nanoseconds)
        switch outcome {
        case .failure(let error):
            queue.addRateLimited(key)
            let metadata: Logger.Metadata = [
                "key": "\(key)", "error": "\(error)", "requeues": "\(queue.numRequeues(key))",
            ]
            // A write that lost an optimistic-concurrency race is routine: the key is simply reconciled again.
            if let storeError = error as? StoreError, storeError.reason == .conflict {
                logger.debug("Reconciler conflict, retrying", metadata: metadata)
            } else {
                logger.error("Reconciler error", metadata: metadata)
            }
        case .success(.requeueAfter(let delay)):
            queue.forget(key)
            queue.addAfter(key, delay)
        case .success(.requeue):
            queue.addRateLimited(key)
        case .success(.done):
            queue.forget(key)
        }
        // Counters are updated before `done`, so that a test returning from `waitUntilIdle` sees them.
        let wallNow = clock.wallNow
        let now = clock.now
        counters.withLock { counters in
            counters.reconciles += 1
            if case .failure = outcome {
                counters.errors += 1
            } else {
                counters.lastSuccess = wallNow
                counters.lastSuccessInstant = now
            }
        }
        queue.done(key)
    }
}

extension Controller {
    private enum Lifecycle: Sendable {
        case idle
        case running(DispatchGroup)
        case stopped
    }

    private struct Counters: Sendable {
        var lastSuccess: Date?
        var lastSuccessInstant: MonotonicInstant?
        var reconciles = 0
        var errors = 0
    }
}
