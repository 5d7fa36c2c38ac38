import Dispatch
import Logging
import SkiffNode
import SkiffScheduler
import Synchronization

/// The whole reconcile side of skiffd, wired: the folder watcher feeds the manifest loader, the loader writes the
/// store, the controllers reconcile what the store holds, the scheduler places pods on nodes, the node controllers
/// keep the local node and declared nodes current, pods run in their node's runtime, and events record what
/// happened. Ready once the first full scan of the folder has been applied and the controllers have caught up.
public final class ControlPlane: Sendable {
    /// The store index of pods by `spec.nodeName`.
    public static let podsByNode = "pods-by-node"

    public let store: any ObjectStore
    public let loader: ManifestLoader
    public let events: EventRecorder
    public let controllers: ControllerManager
    /// The scheduler service (its loop, or placement on demand).
    public let schedulerService: SchedulerService
    /// The local node's name; nil when the control plane runs no local node.
    public let localNodeName: String?
    let runtimes: PodRuntimes
    let nodeControllers: NodeControllers
    /// The folder watcher; replaced when a reload points the daemon at another manifests folder.
    private let watcher: Locked<FolderWatcher>
    /// What the watcher calls with each batch of file changes (kept to build a new watcher on reload).
    private let onFileChanges: @Sendable ([FileChange]) -> Void
    private let watcherConfiguration: FolderWatcher.Configuration
    let clock: any Clock
    private let logger: Logger
    private let options: Options
    private let phase = PhaseBox()
    private let onReady: @Sendable () -> Void
    private let preemptions: PreemptionForward

    /// The scheduler.
    public var scheduler: Scheduler { schedulerService.scheduler }

    /// The local node's runtime (real processes); nil without a local node.
    public var processRuntime: ProcessPodRuntime? { runtimes.process }

    /// The declared nodes' runtime (simulated pods).
    public var simulatedRuntime: SimulatedPodRuntime { runtimes.simulated }

    private enum Phase {
        case stopped
        case loading
        case catchingUp
        case ready
        case stopping
    }

    /// The phase, shared with the watcher's handler (a pthread-locked box: ThreadSanitizer sees its locking).
    private final class PhaseBox: Sendable {
        let value = Locked(Phase.stopped)

        func withLock<T>(_ body: (inout Phase) -> T) -> T {
            value.withLock { body(&$0) }
        }
    }

    public init(
        configuration: DaemonConfiguration,
        store: any ObjectStore,
        decoder: ManifestDecoder,
        clock: any Clock,
        logger: Logger,
        options: Options = Options(),
        onReady: @escaping @Sendable () -> Void = {}
    ) {
        self.store = store
        // Pods by node: the scheduler and node controllers look pods up by node without scanning.
        store.addIndex(.field("spec.nodeName", of: Pod.resource.groupKind, name: ControlPlane.podsByNode))
        for index in GarbageCollector.indexes() { store.addIndex(index) }
        // Pods by phase: metrics and status lines count them without scanning.
        store.addIndex(.field("status.phase", of: Pod.resource.groupKind, name: ControlPlane.podsByPhase))
        self.clock = clock
        self.logger = logger
        self.options = options
        self.onReady = onReady
        let events = EventRecorder(store: store, now: { clock.timestamp }, logger: logger)
        self.events = events
        // The autoscaler's random preemptions go through this control plane's runtimes, made further down.
        let preemptions = PreemptionForward()
        self.preemptions = preemptions
        let loader = ManifestLoader(
            root: configuration.manifests,
            store: store,
            decoder: decoder,
            events: events,
            now: { clock.timestamp },
            logger: logger,
            retain: ControlPlane.retainControllerFields,
            maxTotalBytes: configuration.maxTotalManifestBytes
        )
        self.loader = loader
        self.controllers = ControllerManager(
            store: store,
            clock: clock,
            workers: configuration.workers,
            logger: logger,
            jobs: JobReconciler.Configuration(
                manifestsRoot: configuration.manifests,
                stateDir: configuration.stateDir,
                currentManifestsRoot: { loader.rootPath }
            ),
            compute: options.compute,
            events: events,
            preempt: { preemptions.send($0) }
        )
        self.schedulerService = SchedulerService(
            store: store,
            configuration: options.schedulerConfiguration,
            clock: clock,
            events: events,
            logger: logger
        )
        var localNodeName: String?
        if let local = options.localNode {
            localNodeName = local.nodeName ?? HostInfo.read(local.hostPaths).hostname.lowercased()
        }
        self.localNodeName = localNodeName
        let runtimes = PodRuntimes(
            store: store,
            clock: clock,
            localNodeName: localNodeName,
            process: ProcessPodRuntimeConfiguration(
                stateDirectory: options.runtimeStateDirectory ?? configuration.stateDir
            ),
            cgroups: options.cgroups,
            simulatedStartupDelay: options.simulatedStartupDelay,
            logger: logger
        )
        self.runtimes = runtimes
        let nodeControllers = NodeControllers(
            store: store,
            clock: clock,
            registry: decoder.registry,
            runtimes: runtimes,
            events: events,
            options: options,
            workers: configuration.workers,
            logger: logger
        )
        self.nodeControllers = nodeControllers
        let phase = self.phase
        let controllers = self.controllers
        let kinds = decoder.registry.types
        let watcherConfiguration = FolderWatcher.Configuration(
            debounce: .milliseconds(configuration.debounceMilliseconds)
        )
        self.watcherConfiguration = watcherConfiguration
        let onFileChanges: @Sendable ([FileChange]) -> Void = { changes in
            loader.handle(changes)
            let first = phase.withLock { p -> Bool in
                guard p == .loading else { return false }
                p = .catchingUp
                return true
            }
            guard first else { return }
            loader.pruneUndeclared(kinds: kinds)
            // A queue of its own (overcommitting): the wait blocks, and the global queues' threads are shared with
            // Swift's cooperative pool on Linux.
            DispatchQueue(label: "skiff.controlplane.ready").async {
                _ = controllers.waitUntilIdle(timeout: .seconds(120))
                _ = nodeControllers.waitUntilIdle(timeout: .seconds(120))
                // Every pod the folder declares is in the store now: runtime state left for any other pod is an
                // orphan of an earlier run.
                nodeControllers.removeOrphanedPods()
                let becameReady = phase.withLock { p -> Bool in
                    guard p == .catchingUp else { return false }
                    p = .ready
                    return true
                }
                if becameReady {
                    logger.info("ready: \(loader.fileStates().count) manifest files loaded")
                    onReady()
                }
            }
        }
        self.onFileChanges = onFileChanges
        watcher = Locked(
            FolderWatcher(
                root: configuration.manifests,
                configuration: watcherConfiguration,
                clock: clock,
                logger: logger,
                handler: onFileChanges
            )
        )
    }

    /// Lets the autoscaler preempt through the control plane, which exists only after the controllers are made.
    private final class PreemptionForward: Sendable {
        let target = Mutex<(@Sendable (String) -> Void)?>(nil)

        func send(_ node: String) {
            target.withLock { $0 }?(node)
        }
    }

    /// Creates the `default` namespace if missing, starts the controllers and the scheduler, then the folder
    /// watcher.
    public func start() throws {
        preemptions.target.withLock { target in
            target = { [weak self] node in _ = try? self?.preempt(node: node) }
        }
        phase.withLock { $0 = .loading }
        let defaultNamespace = ObjectKey(Namespace.resource.groupKind, name: "default")
        if store.get(defaultNamespace) == nil {
            _ = try store.create(Namespace(metadata: ObjectMeta(name: "default")))
        }
        try controllers.start()
        try nodeControllers.start()
        try schedulerService.start(runLoop: options.runsScheduler)
        try watcher.withLock { watcher throws(FolderWatcherError) in try watcher.start() }
    }

    /// Applies a reload's `node:` settings to the running local node (labels, reserved resources, pod limit, the
    /// device-plugin switch); false when the daemon runs no local node (turning it on or off needs a restart).
    public func reconfigureLocalNode(_ configuration: LocalNodeConfiguration) throws(LocalNodeReconfigurationError) -> Bool {
        try nodeControllers.reconfigureLocalNode(configuration)
    }

    /// Watches another manifests folder (a reload that changed `manifests`): the old folder's watcher stops, the
    /// loader forgets its files, and the new folder's initial scan applies — objects declared in both stay (updated
    /// in place), the others are deleted as if their files were removed. On failure (the new folder does not
    /// exist) the old folder stays watched.
    public func watchManifests(at root: String) throws(FolderWatcherError) {
        let next = FolderWatcher(
            root: root,
            configuration: watcherConfiguration,
            clock: clock,
            logger: logger,
            handler: onFileChanges
        )
        guard FolderWatcher.isFolder(root) else { throw .rootNotADirectory(root) }
        try watcher.withLock { current throws(FolderWatcherError) in
            current.stop()
            loader.retarget(root: root)
            do throws(FolderWatcherError) {
                try next.start()
                current = next
            } catch {
                // inotify itself refused (too many instances): back to the old folder, rescanned.
                let previous = FolderWatcher(
                    root: current.root,
                    configuration: watcherConfiguration,
                    clock: clock,
                    logger: logger,
                    handler: onFileChanges
                )
                loader.retarget(root: previous.root)
                try? previous.start()
                current = previous
                throw error
            }
        }
    }

    /// Stops watching the folder and scheduling, then lets in-flight reconciles finish. Pods' processes keep
    /// running: a restarted daemon finds them again.
    public func stop() {
        phase.withLock { $0 = .stopping }
        watcher.withLock { $0.stop() }
        schedulerService.stop()
        controllers.stop()
        nodeControllers.stop()
    }

    /// Whether the first full scan is applied and the controllers have caught up.
    public var isReady: Bool { phase.withLock { $0 == .ready } }

    /// Whether the controllers are running.
    public var isHealthy: Bool { controllers.isHealthy && nodeControllers.isHealthy }

    /// Per-controller statistics (manifest, node and pod controllers), for status lines and metrics.
    public var controllerStats: [(name: String, stats: ControllerStats)] {
        controllers.stats + nodeControllers.stats
    }

    /// Waits until every controller's queue is empty and nothing is in flight (delayed keys do not count).
    public func waitUntilIdle(timeout: Duration) -> Bool {
        controllers.waitUntilIdle(timeout: timeout) && nodeControllers.waitUntilIdle(timeout: timeout)
    }

    /// The loader's ``ManifestLoader/Retention`` for the control plane: besides finalizers and a pod's binding, a
    /// pod's device annotation (the scheduler's) and a node's provider label (the node controllers') survive a
    /// manifest being read again.
    static let retainControllerFields: ManifestLoader.Retention = { desired, stored in
        ManifestLoader.retainControllerFields(&desired, stored)
        let annotation = SchedulingAnnotations.devices
        if desired.metadata.annotations[annotation] == nil, let value = stored.metadata.annotations[annotation] {
            desired.metadata.annotations[annotation] = value
        }
        if desired.metadata.labels[NodeProvider.label] == nil, let value = stored.metadata.labels[NodeProvider.label] {
            desired.metadata.labels[NodeProvider.label] = value
        }
    }

    /// Every manifest file's state as `{"items": [...]}`, for `/skiff/v1/files`.
    public func manifestFilesDocument() -> JSONValue {
        let items: [JSONValue] = loader.fileStates().map { file in
            func errors(_ list: [FieldError]) -> JSONValue {
                .array(list.map { error in
                    .object([
                        "line": .int(Int64(error.mark.line)),
                        "column": .int(Int64(error.mark.column)),
                        "field": .string(error.path),
                        "message": .string(error.message),
                        "text": .string(error.description),
                    ])
                })
            }
            return .object([
                "path": .string(file.path),
                "phase": .string(file.phase.rawValue),
                "errors": errors(file.errors),
                "warnings": errors(file.warnings),
                "objects": .strings(file.objects.map(\.description)),
                "lastRead": .string(file.lastRead.rfc3339),
            ])
        }
        return .object(["kind": .string("ManifestFileList"), "items": .array(items)])
    }
}
