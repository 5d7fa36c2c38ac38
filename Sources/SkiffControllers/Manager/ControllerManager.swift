import Logging
import Synchronization

/// Runs every controller of the control plane. For each it subscribes to the store: events on the controller's
/// own kind enqueue that object's key, events on the kinds it depends on enqueue every object of its kind (those
/// kinds are few and small: namespaces, extensions, instance types). Reconcilers are level-based, so a
/// coalesced or repeated key is harmless.
public final class ControllerManager: Sendable {
    private let store: any ObjectStore
    private let workers: Int
    private let logger: Logger
    private let controllers: [any ManagedController]
    private let wiring: [Wiring]
    private let registrations = Mutex<[WatchRegistration]>([])

    /// One controller's subscriptions.
    private struct Wiring: Sendable {
        var primary: GroupKind
        var triggers: [GroupKind]
        /// Kinds whose objects map to particular keys of the primary kind (a pod → its job).
        var mappedTriggers: [(GroupKind, @Sendable (any APIObject) -> [ObjectKey])] = []
        /// Which trigger events enqueue the primary kind's objects (all when nil).
        var triggerFilter: (@Sendable (WatchEvent) -> Bool)? = nil
        var enqueue: @Sendable (ObjectKey) -> Void
    }

    public init(
        store: any ObjectStore,
        clock: any Clock,
        workers: Int = 2,
        logger: Logger = Logger(label: "skiff.controllers"),
        jobs: JobReconciler.Configuration = JobReconciler.Configuration(),
        compute: DaemonConfiguration.ComputeSettings = DaemonConfiguration.ComputeSettings(),
        events: (any EventRecording)? = nil,
        preempt: (@Sendable (String) -> Void)? = nil
    ) {
        self.store = store
        self.workers = workers
        self.logger = logger
        var controllers: [any ManagedController] = []
        var wiring: [Wiring] = []
        func add<R: Reconciler>(
            _ name: String,
            _ reconciler: R,
            primary: GroupKind,
            triggers: [GroupKind] = [],
            mappedTriggers: [(GroupKind, @Sendable (any APIObject) -> [ObjectKey])] = [],
            triggerFilter: (@Sendable (WatchEvent) -> Bool)? = nil,
            batched: Bool = false
        )
        where R.Key == ObjectKey {
            let controller = Controller(
                name: name,
                reconciler: reconciler,
                clock: clock,
                logger: logger,
                batching: batched ? Controller<R>.Batching(store: store) : nil
            )
            controllers.append(controller)
            wiring.append(
                Wiring(
                    primary: primary,
                    triggers: triggers,
                    mappedTriggers: mappedTriggers,
                    triggerFilter: triggerFilter,
                    enqueue: { controller.enqueue($0) }
                )
            )
        }
        // The reconcilers that touch nothing but the store reconcile the keys ready together in one store batch
        // (one durable commit for, say, the 10,000 instance types of a cold start); the others, which record
        // events or act outside the store, one at a time (see `Controller.Batching`).
        add("namespace", NamespaceReconciler(store: store), primary: Namespace.resource.groupKind, batched: true)
        add("extension", ExtensionReconciler(store: store, clock: clock), primary: Extension.resource.groupKind,
            triggers: [Extension.resource.groupKind], batched: true)
        add("instancetype", InstanceTypeReconciler(store: store, clock: clock), primary: InstanceType.resource.groupKind,
            triggers: [Extension.resource.groupKind, Node.resource.groupKind],
            triggerFilter: CapacityChange.matters, batched: true)
        add("kubernetescompute", KubernetesComputeReconciler(store: store, clock: clock),
            primary: KubernetesCompute.resource.groupKind,
            triggers: [Namespace.resource.groupKind, InstanceType.resource.groupKind, Extension.resource.groupKind],
            batched: true)
        // The autoscaler looks at a cluster again when its nodes or the pods aimed at it change.
        add("amlcompute", AmlComputeReconciler(store: store, clock: clock, settings: compute, events: events,
                                                 preempt: preempt),
            primary: AmlCompute.resource.groupKind,
            mappedTriggers: [(Pod.resource.groupKind, AmlComputeReconciler.clusters(store: store)),
                             (Node.resource.groupKind, AmlComputeReconciler.clusters(store: store))])
        add("job", JobReconciler(store: store, clock: clock, configuration: jobs), primary: Job.resource.groupKind,
            triggers: [KubernetesCompute.resource.groupKind, AmlCompute.resource.groupKind,
                       InstanceType.resource.groupKind, Extension.resource.groupKind, Node.resource.groupKind,
                       Namespace.resource.groupKind],
            mappedTriggers: [(Pod.resource.groupKind, JobLabels.owningJob)], triggerFilter: CapacityChange.matters)
        // Sweeps run their trials as Jobs: a trial's change wakes its sweep.
        add("sweep", SweepReconciler(store: store, clock: clock, configuration: jobs), primary: Job.resource.groupKind,
            mappedTriggers: [(Job.resource.groupKind, SweepLabels.owningSweep)])
        self.controllers = controllers
        self.wiring = wiring
    }

    /// Subscribes to the store, queues every existing object, and starts the workers.
    public func start() throws {
        var subscriptions: [WatchRegistration] = []
        for wire in wiring {
            let enqueue = wire.enqueue
            subscriptions.append(
                try store.watch(WatchOptions(groupKind: wire.primary)) { event in
                    if let object = event.object { enqueue(object.key) }
                }
            )
            let store = self.store
            let primary = wire.primary
            let filter = wire.triggerFilter
            for trigger in wire.triggers {
                subscriptions.append(
                    try store.watch(WatchOptions(groupKind: trigger)) { event in
                        guard event.object != nil, filter?(event) ?? true else { return }
                        for object in (try? store.list(primary, options: ListOptions()))?.items ?? [] {
                            enqueue(object.key)
                        }
                    }
                )
            }
            for (kind, keys) in wire.mappedTriggers {
                subscriptions.append(
                    try store.watch(WatchOptions(groupKind: kind)) { event in
                        guard let object = event.object else { return }
                        for key in keys(object) { enqueue(key) }
                    }
                )
            }
            for object in try store.list(wire.primary, options: ListOptions()).items {
                enqueue(object.key)
            }
        }
        registrations.withLock { $0 = subscriptions }
        for controller in controllers {
            controller.start(workers: workers)
        }
        logger.info("started \(controllers.count) controllers with \(workers) workers each")
    }

    /// Stops watching and lets in-flight reconciles finish.
    public func stop() {
        let subscriptions = registrations.withLock { r in
            defer { r = [] }
            return r
        }
        for subscription in subscriptions { subscription.cancel() }
        for controller in controllers { controller.stop() }
    }

    /// Waits until every controller's queue is empty and nothing is in flight.
    public func waitUntilIdle(timeout: Duration) -> Bool {
        controllers.allSatisfy { $0.waitUntilIdle(timeout: timeout) }
    }

    /// Whether every controller is running.
    public var isHealthy: Bool {
        controllers.allSatisfy { $0.stats.isRunning }
    }

    /// Per-controller statistics, for status lines and metrics.
    public var stats: [(name: String, stats: ControllerStats)] {
        controllers.map { ($0.name, $0.stats) }
    }
}
