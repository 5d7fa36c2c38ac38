import Synchronization

/// The scheduler: places pending pods on nodes as kube-scheduler does.
///
/// It watches nodes and pods in the store and keeps them in a ``SchedulerCache`` (bound pods) and a
/// ``SchedulingQueue`` (pending pods). Each ``scheduleOne()`` takes the next pod (or a whole gang) and runs one
/// cycle: bring the cycle's ``Snapshot`` up to date, filter every node (no sampling), score every feasible node,
/// pick the best (ties broken by a seeded generator, so that the same inputs give the same placements), reserve
/// device indices, assume the placement in the cache and bind through the ``Binder``. A pod that fits nowhere gets
/// kube-scheduler's `PodScheduled=False` condition, may preempt lower-priority pods, and waits in the unschedulable
/// set for a cluster event that could help it.
///
/// Concurrency: watch handlers only touch the cache and queue, each behind its own short-held mutex. Cycles are
/// serialized by a lock of their own that guards the cycle's snapshot and tie-break generator and that nothing else
/// takes; the store is written with no lock held. Call ``scheduleOne()`` from one thread at a time (``run()`` does).
public final class Scheduler: Sendable {
    /// The configuration.
    public let configuration: SchedulerConfiguration
    /// The plugins.
    public let framework: SchedulingFramework
    /// Bound pods per node.
    public let cache: SchedulerCache
    /// Pending pods.
    public let queue: SchedulingQueue

    let store: any ObjectStore
    let binder: any Binder
    let clock: any SchedulerClock
    let preemption: DefaultPreemption

    struct CycleContext {
        var snapshot = Snapshot()
        var random: SplitMix64
        var shapeScores = ShapeScoreCache()
    }

    /// The plugins in column form when cycles use ``CycleContext/shapeScores`` (configured, and possible with the
    /// framework's plugins).
    let columnPlugins: SchedulingFramework.ColumnPlugins?

    let cycleContext: Mutex<CycleContext>
    /// Placements waiting for the background binding cycle.
    let bindings = BindingQueue()
    private let registrations = Mutex<[WatchRegistration]>([])

    /// A scheduler over `store`. `binder` defaults to a ``StoreBinder`` on the same store, `framework` to
    /// ``SchedulingFramework/standard(strategy:scoringResources:deviceResources:)`` for the configuration.
    public init(
        store: any ObjectStore,
        configuration: SchedulerConfiguration = SchedulerConfiguration(),
        binder: (any Binder)? = nil,
        framework: SchedulingFramework? = nil
    ) {
        self.store = store
        self.configuration = configuration
        self.clock = configuration.clock
        self.binder = binder ?? StoreBinder(store: store, clock: configuration.clock)
        self.framework =
            framework
            ?? .standard(
                strategy: configuration.scoringStrategy,
                scoringResources: configuration.scoringResources,
                deviceResources: configuration.deviceResources
            )
        let clock = configuration.clock
        self.cache = SchedulerCache(
            configuration: SchedulerCache.Configuration(
                defaultPodsAllocatable: configuration.defaultPodsAllocatable,
                deviceResources: configuration.deviceResources,
                ledgerCapacity: configuration.deviceLedgerCapacity,
                now: { clock.wallNow }
            )
        )
        self.queue = SchedulingQueue(clock: configuration.clock, configuration: configuration.queue)
        self.preemption = DefaultPreemption()
        self.columnPlugins = configuration.sharesScoresByShape ? self.framework.columnPlugins : nil
        self.cycleContext = Mutex(CycleContext(random: SplitMix64(seed: configuration.tieBreakSeed)))
    }

    /// Starts watching nodes and pods; existing ones are loaded before this returns.
    public func start() throws(StoreError) {
        let nodes = try store.watch(groupKind: Node.resource.groupKind) { [weak self] event in
            self?.handleNodeEvent(event)
        }
        let pods: WatchRegistration
        do {
            pods = try store.watch(groupKind: Pod.resource.groupKind) { [weak self] event in
                self?.handlePodEvent(event)
            }
        } catch {
            nodes.cancel()
            throw error
        }
        registrations.withLock { $0 += [nodes, pods] }
    }

    /// Stops watching.
    public func stop() {
        let stopped = registrations.withLock { registrations in
            defer { registrations.removeAll() }
            return registrations
        }
        for registration in stopped { registration.cancel() }
        waitForBindings()
    }

    /// Schedules pods until the task is cancelled: one cycle after another while pods are waiting, flushing the
    /// queue's backoff and unschedulable timers every second of the configured clock's real time.
    public func run() async {
        while !Task.isCancelled {
            queue.flush()
            if scheduleOne() == nil {
                await queue.waitForWork(timeout: .seconds(1))
            } else {
                await Task.yield()
            }
        }
    }

    /// Runs cycles until the active queue is empty (or `limit` cycles ran); returns what each did. Offline
    /// planning and tests drive the scheduler this way, moving a ``ManualSchedulerClock`` and calling
    /// ``SchedulingQueue/flush()`` in between.
    @discardableResult
    public func scheduleUntilIdle(limit: Int = .max) -> [SchedulingResult] {
        var results: [SchedulingResult] = []
        while results.count < limit, let result = scheduleOne() {
            results.append(result)
        }
        return results
    }

    /// Every filter's verdict on `pod` for every node, in the current snapshot's order (for explanations: unlike a
    /// scheduling cycle it does not stop at a node's first rejection).
    public func evaluate(_ pod: Pod) -> [NodeEvaluation] {
        let snapshot = cache.makeSnapshot()
        let state = CycleState(pod: pod, table: snapshot.table)
        return snapshot.nodes.map { node in
            NodeEvaluation(node: node.name, statuses: framework.evaluateFilters(pod, node, state))
        }
    }

    func emit(_ type: String, _ reason: String, _ message: String, pod: Pod) {
        configuration.eventSink?(
            SchedulerEvent(type: type, reason: reason, message: message, pod: PodKey(pod), uid: pod.metadata.uid)
        )
    }
}
