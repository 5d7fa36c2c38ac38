import Logging
import SkiffNode
import Synchronization

extension ControlPlane {
    /// The controllers of nodes and pods — the local node, declared nodes, pod lifecycle, garbage collector — with
    /// their own store subscriptions: unlike the manifest controllers, their triggers go through indexes (pods of a
    /// node, pods of an owner) rather than re-listing a kind.
    final class NodeControllers: Sendable {
        private let store: any ObjectStore
        private let runtimes: PodRuntimes
        private let logger: Logger
        private let workers: Int
        private let local: Controller<LocalNodeController>?
        private let declared: Controller<DeclaredNodeController>
        private let pods: Controller<PodLifecycleController>
        private let collector: Controller<GarbageCollector>
        private let registrations = Mutex<[WatchRegistration]>([])
        /// Writes of anything but Events, for telling when the control plane has settled.
        let changes = ChangeCounter()

        init(
            store: any ObjectStore,
            clock: any Clock,
            registry: KindRegistry,
            runtimes: PodRuntimes,
            events: any EventRecording,
            options: Options,
            workers: Int,
            logger: Logger
        ) {
            self.store = store
            self.runtimes = runtimes
            self.logger = logger
            self.workers = workers
            if let configuration = options.localNode {
                local = Controller(
                    name: "localnode",
                    reconciler: LocalNodeController(
                        store: store,
                        clock: clock,
                        configuration: configuration,
                        refreshInterval: options.nodeRefreshInterval,
                        limitsCondition: options.cgroups?.support.nodeCondition
                            ?? CgroupManager.detect(
                                configuration: CgroupConfiguration(enabled: false),
                                layout: CgroupLayout(mounts: [], v1Membership: [:], v2Membership: nil)
                            ).support.nodeCondition,
                        logger: logger
                    ),
                    clock: clock,
                    logger: logger
                )
            } else {
                local = nil
            }
            declared = Controller(
                name: "declarednode",
                reconciler: DeclaredNodeController(store: store, clock: clock, localNodeName: runtimes.localNodeName),
                clock: clock,
                logger: logger
            )
            pods = Controller(
                name: "podlifecycle",
                reconciler: PodLifecycleController(
                    store: store,
                    clock: clock,
                    runtimes: runtimes,
                    events: events,
                    logger: logger
                ),
                clock: clock,
                logger: logger
            )
            let collectorQueue = Forward()
            collector = Controller(
                name: "garbagecollector",
                reconciler: GarbageCollector(
                    store: store,
                    registry: registry,
                    interval: options.garbageCollectionInterval,
                    enqueue: { collectorQueue.send($0) },
                    logger: logger
                ),
                clock: clock,
                logger: logger
            )
            let collector = self.collector
            collectorQueue.target.withLock { $0 = { collector.enqueue($0) } }
            let pods = self.pods
            runtimes.onChange { pods.enqueue($0) }
        }

        private var all: [any ManagedController] {
            [declared, pods, collector] + (local.map { [$0] } ?? [])
        }

        /// Subscribes to the store, queues what exists, and starts the workers.
        func start() throws {
            let store = self.store
            let local = self.local
            let localKey = local?.reconciler.key
            let declared = self.declared
            let pods = self.pods
            let collector = self.collector
            let changes = self.changes
            var subscriptions: [WatchRegistration] = []
            subscriptions.append(
                try store.watch(groupKind: Node.resource.groupKind) { event in
                    guard let node = event.object else { return }
                    if node.key == localKey {
                        local?.enqueue(node.key)
                    } else {
                        declared.enqueue(node.key)
                    }
                    // Pods bound to a node that was missing can start now; pods on a node that went are told.
                    switch event {
                    case .added, .deleted:
                        for pod in store.keys(index: ControlPlane.podsByNode, value: node.metadata.name) {
                            pods.enqueue(pod)
                        }
                    default:
                        break
                    }
                }
            )
            if let local, let localKey {
                subscriptions.append(
                    try store.watch(groupKind: Extension.resource.groupKind) { event in
                        if event.object != nil { local.enqueue(localKey) }
                    }
                )
            }
            subscriptions.append(
                try store.watch(groupKind: Pod.resource.groupKind) { event in
                    guard let pod = event.object else { return }
                    pods.enqueue(pod.key)
                    if case .deleted = event { return }
                    if !pod.metadata.ownerReferences.isEmpty { collector.enqueue(pod.key) }
                }
            )
            subscriptions.append(
                try store.watch(groupKind: nil) { event in
                    guard let object = event.object, !(object is Event) else { return }
                    changes.increment()
                    if case .deleted = event {
                        for pod in store.keys(index: GarbageCollector.podsByOwner, value: object.metadata.uid) {
                            collector.enqueue(pod)
                        }
                    }
                }
            )
            registrations.withLock { $0 = subscriptions }
            if let local, let localKey { local.enqueue(localKey) }
            let nodes = try store.list(Node.resource.groupKind, options: ListOptions()).items
            for node in nodes where node.key != localKey {
                declared.enqueue(node.key)
            }
            for pod in try store.list(Pod.resource.groupKind, options: ListOptions()).items {
                pods.enqueue(pod.key)
            }
            collector.enqueue(GarbageCollector.sweepKey)
            for controller in all { controller.start(workers: workers) }
        }

        /// Stops watching and lets in-flight reconciles finish.
        func stop() {
            let subscriptions = registrations.withLock { r in
                defer { r = [] }
                return r
            }
            for subscription in subscriptions { subscription.cancel() }
            for controller in all { controller.stop() }
        }

        /// Gives the local node new settings (a reload) and reconciles it at once; false when there is no local node.
        func reconfigureLocalNode(_ configuration: LocalNodeConfiguration) throws(LocalNodeReconfigurationError) -> Bool {
            guard let local else { return false }
            try local.reconciler.reconfigure(configuration)
            local.enqueue(local.reconciler.key)
            return true
        }

        func waitUntilIdle(timeout: Duration) -> Bool {
            all.allSatisfy { $0.waitUntilIdle(timeout: timeout) }
        }

        var isHealthy: Bool { all.allSatisfy { $0.stats.isRunning } }

        var stats: [(name: String, stats: ControllerStats)] { all.map { ($0.name, $0.stats) } }

        /// Removes the local runtime's pods (folders left on disk, processes still running) that belong to no pod
        /// in the store: pods deleted while the daemon was down.
        func removeOrphanedPods() {
            guard let process = runtimes.process, let node = runtimes.localNodeName else { return }
            let known = Set(
                store.objects(index: ControlPlane.podsByNode, value: node).map(\.metadata.uid)
            )
            for uid in Set(process.podUIDsOnDisk()).union(process.podUIDs) where !known.contains(uid) {
                logger.info("removing orphaned pod \(uid): no pod in the store has that uid")
                process.remove(podUID: uid)
            }
        }
    }

    /// Counts writes (a `Mutex` cannot be captured by value).
    final class ChangeCounter: Sendable {
        private let count = Mutex(0)

        func increment() { count.withLock { $0 += 1 } }

        var value: Int { count.withLock { $0 } }
    }

    /// Lets a reconciler enqueue into its own controller, which is created after it.
    private final class Forward: Sendable {
        let target = Mutex<(@Sendable (ObjectKey) -> Void)?>(nil)

        func send(_ key: ObjectKey) {
            target.withLock { $0 }?(key)
        }
    }
}
