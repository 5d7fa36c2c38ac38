import Dispatch
import Logging
import Synchronization

/// The whole reconcile side of skiffd, wired: the folder watcher feeds the manifest loader, the loader writes the
/// store, the controllers reconcile what the store holds, and events record what happened. Ready once the first
/// full scan of the folder has been applied and the controllers have caught up.
public final class ControlPlane: Sendable {
    /// The store index of pods by `spec.nodeName`.
    public static let podsByNode = "pods-by-node"

    public let store: any ObjectStore
    public let loader: ManifestLoader
    public let events: EventRecorder
    public let controllers: ControllerManager
    private let watcher: FolderWatcher
    private let clock: any Clock
    private let logger: Logger
    private let phase = PhaseBox()
    private let onReady: @Sendable () -> Void

    private enum Phase {
        case stopped
        case loading
        case catchingUp
        case ready
        case stopping
    }

    /// The phase, shared with the watcher's handler (a `Mutex` cannot be captured by value).
    private final class PhaseBox: Sendable {
        let value = Mutex(Phase.stopped)

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
        onReady: @escaping @Sendable () -> Void = {}
    ) {
        self.store = store
        // Pods by node: the scheduler and node controllers look pods up by node without scanning.
        store.addIndex(.field("spec.nodeName", of: Pod.resource.groupKind, name: ControlPlane.podsByNode))
        self.clock = clock
        self.logger = logger
        self.onReady = onReady
        let events = EventRecorder(store: store, now: { clock.timestamp }, logger: logger)
        self.events = events
        let loader = ManifestLoader(
            root: configuration.manifests,
            store: store,
            decoder: decoder,
            events: events,
            now: { clock.timestamp },
            logger: logger
        )
        self.loader = loader
        self.controllers = ControllerManager(store: store, clock: clock, workers: configuration.workers, logger: logger)
        let phase = self.phase
        let controllers = self.controllers
        let kinds = decoder.registry.types
        watcher = FolderWatcher(
            root: configuration.manifests,
            configuration: FolderWatcher.Configuration(debounce: .milliseconds(configuration.debounceMilliseconds)),
            clock: clock,
            logger: logger
        ) { changes in
            loader.handle(changes)
            let first = phase.withLock { p -> Bool in
                guard p == .loading else { return false }
                p = .catchingUp
                return true
            }
            guard first else { return }
            loader.pruneUndeclared(kinds: kinds)
            DispatchQueue.global().async {
                _ = controllers.waitUntilIdle(timeout: .seconds(120))
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
    }

    /// Creates the `default` namespace if missing, starts the controllers, then the folder watcher.
    public func start() throws {
        phase.withLock { $0 = .loading }
        let defaultNamespace = ObjectKey(Namespace.resource.groupKind, name: "default")
        if store.get(defaultNamespace) == nil {
            _ = try store.create(Namespace(metadata: ObjectMeta(name: "default")))
        }
        try controllers.start()
        try watcher.start()
    }

    /// Stops watching the folder, then lets in-flight reconciles finish.
    public func stop() {
        phase.withLock { $0 = .stopping }
        watcher.stop()
        controllers.stop()
    }

    /// Whether the first full scan is applied and the controllers have caught up.
    public var isReady: Bool { phase.withLock { $0 == .ready } }

    /// Whether the controllers are running.
    public var isHealthy: Bool { controllers.isHealthy }

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
