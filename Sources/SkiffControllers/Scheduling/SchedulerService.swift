import Logging
import SkiffScheduler
import Synchronization

/// The scheduler of the control plane: a ``Scheduler`` over the store whose clock is the daemon's and whose events
/// (`Scheduled`, `FailedScheduling`, `Preempted`) become Kubernetes Events on the pods. It either schedules on a
/// task of its own (``start(runLoop:)`` with `runLoop: true`, the daemon) or only when asked
/// (``scheduleUntilIdle()``, for offline planning and deterministic tests).
public final class SchedulerService: Sendable {
    /// The scheduler.
    public let scheduler: Scheduler
    private let logger: Logger
    private let task = Mutex<Task<Void, Never>?>(nil)

    /// A scheduler over `store` with `configuration`, except that its clock is `clock` and its events go to
    /// `events`.
    public init(
        store: any ObjectStore,
        configuration: SchedulerConfiguration,
        clock: any Clock,
        events: any EventRecording,
        logger: Logger
    ) {
        var configuration = configuration
        configuration.clock = RuntimeSchedulerClock(clock: clock)
        configuration.eventSink = { event in
            events.record(
                ObjectReference(
                    kind: Pod.resource.kind,
                    namespace: event.pod.namespace,
                    name: event.pod.name,
                    uid: event.uid,
                    apiVersion: Pod.resource.apiVersion
                ),
                type: event.type,
                reason: event.reason,
                message: event.message
            )
        }
        scheduler = Scheduler(store: store, configuration: configuration)
        self.logger = logger
    }

    /// Starts watching nodes and pods and, with `runLoop`, scheduling on a task of its own.
    public func start(runLoop: Bool) throws {
        try scheduler.start()
        guard runLoop else { return }
        let scheduler = self.scheduler
        task.withLock { task in
            guard task == nil else { return }
            task = Task.detached { await scheduler.run() }
        }
        logger.info("scheduler started (\(scheduler.configuration.scoringStrategy.rawValue) scoring)")
    }

    /// Stops the loop (the cycle in progress finishes) and the watches.
    public func stop() {
        let running = task.withLock { task in
            defer { task = nil }
            return task
        }
        running?.cancel()
        scheduler.stop()
    }

    /// Whether the scheduling loop runs on its own task.
    public var isLooping: Bool { task.withLock { $0 != nil } }

    /// Moves pods whose backoff ended to the active queue, then runs cycles until no pod is waiting there. Only
    /// for a service started without its loop (one thread schedules at a time).
    @discardableResult
    public func scheduleUntilIdle() -> [SchedulingResult] {
        scheduler.queue.flush()
        let results = scheduler.scheduleUntilIdle()
        // Idle includes the background binding cycle: every placement made is written before this returns.
        scheduler.waitForBindings()
        return results
    }
}
