import Foundation
import Logging
import ServiceLifecycle
import UnixSignals
import SkiffControllers
import SkiffNode
import SkiffServer

#if canImport(Glibc)
import Glibc
#endif

/// A failure to start that the operator must fix (a folder that cannot be created, a second daemon on the same
/// state directory).
struct DaemonError: Error, CustomStringConvertible {
    var description: String
}

/// skiffd's parts, wired: store, control plane and API server, run as services until a graceful shutdown.
struct Daemon {
    let configuration: DaemonConfiguration
    let logger: Logger
    let plane: ControlPlane
    let server: APIServer
    let watches: WatchRegistry
    let lockDescriptor: Int32
    /// systemd notification, reloads, the log level and metrics (see `Daemon+Systemd.swift`).
    let support: DaemonSupport
    let readiness = DaemonReadiness()
    let socketAccess: SocketAccess
    /// The HTTPS listener's certificates, tokens and bound port; nil with `--listen none` (`Daemon+Listener.swift`).
    let listener: HTTPSListenerState?

    /// - Parameter rebuildState: move the state database aside first (`--rebuild-state`), so that the state is
    ///   rebuilt from the manifests folder.
    init(configuration: DaemonConfiguration, logger: Logger, support: DaemonSupport, rebuildState: Bool = false) throws {
        self.configuration = configuration
        self.logger = logger
        self.support = support
        socketAccess = try SocketAccess(group: configuration.socketGroup)
        for folder in [configuration.manifests, configuration.stateDir, (configuration.socket as NSString).deletingLastPathComponent] {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw DaemonError(description: "cannot create \(folder): \(error.localizedDescription)")
            }
        }
        lockDescriptor = try Self.lockStateDirectory(configuration.stateDir)
        if Self.isServed(configuration.socket) {
            throw DaemonError(description: "another process is serving \(configuration.socket); stop it or choose another --socket")
        }
        let listener = try Self.prepareListener(configuration, logger: logger)
        self.listener = listener
        let registry = KindRegistry.builtIn
        let store = try Self.openStore(configuration.stateDir, registry: registry, rebuild: rebuildState, logger: logger)
        plane = ControlPlane(
            configuration: configuration,
            store: store,
            decoder: ManifestDecoder(registry: registry, adapters: AzureMLAdapters.all, limits: configuration.limits),
            clock: SystemClock(),
            logger: logger,
            options: ControlPlane.Options(daemon: configuration)
        )
        let plane = self.plane
        if rebuildState { Self.stopPodsOfTheOldState(plane, logger: logger) }
        let watches = WatchRegistry()
        self.watches = watches
        server = APIServer(
            handler: Self.servingKubeconfig(listener, on: APIHandler(
                store: store,
                registry: registry,
                manifestFiles: { plane.manifestFilesDocument() },
                // Not ready while the state database cannot be written (full disk, unwritable folder): writes
                // would be refused. The probe also notices when space is back.
                isReady: { plane.isReady && store.probeWritable() },
                isHealthy: { plane.isHealthy },
                watches: watches,
                operations: DaemonOperations(plane: plane),
                metrics: DaemonMetrics.endpoint(registry: support.metrics, plane: plane),
                writer: ManifestObjectWriter(
                    store: store,
                    loader: plane.loader,
                    registry: registry
                )
            )),
            socketPath: configuration.socket,
            logger: logger
        )
    }

    func run() async throws {
        logger.info(
            "starting: manifests \(configuration.manifests), state \(configuration.stateDir), socket \(configuration.socket)"
        )
        try plane.start()
        let listeners = try listenerServices()
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                // Shut down in reverse: the control plane first (ending open watches, so the server has no
                // endless responses to wait for), then the server.
                services: [
                    .init(service: server.application(onServerRunning: { [self] in await socketReady() })),
                ] + listeners + [
                    .init(service: ControlPlaneService(plane: plane, watches: watches)),
                ] + systemdServices(),
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        try await group.run()
        logger.info("stopped")
    }

    /// Opens the state database `state.sqlite` in the state directory (after moving it aside when rebuilding) and
    /// loads it; a corrupt one stops the start with a message naming the file and `--rebuild-state`.
    private static func openStore(
        _ stateDir: String,
        registry: KindRegistry,
        rebuild: Bool,
        logger: Logger
    ) throws -> SQLiteStore {
        let path = stateDir + "/" + SQLiteStore.fileName
        if rebuild && FileManager.default.fileExists(atPath: path) {
            do {
                let aside = try SQLiteStore.moveAside(path)
                logger.warning("--rebuild-state: moved \(path) aside to \(aside); rebuilding from the manifests folder")
            } catch {
                throw DaemonError(description: "--rebuild-state: cannot move \(path) aside: \(error.localizedDescription)")
            }
        }
        let store: SQLiteStore
        do {
            store = try SQLiteStore(path: path, configuration: StoreConfiguration(kinds: registry))
        } catch {
            throw DaemonError(description: error.description)
        }
        for problem in store.loadProblems { logger.warning("state database: \(problem)") }
        logger.info(
            "state database \(path): \(store.counts.values.reduce(0, +)) objects loaded at resourceVersion \(store.currentResourceVersion)"
        )
        return store
    }

    /// After `--rebuild-state` the store knows no pod: the local runtime's pods are those of the lost state. They
    /// are stopped before anything starts (so that no GPU is used twice while the jobs declared in files run
    /// again), each logged and marked with a `Lost` Warning event on the pod (by namespace, name and old uid), which
    /// `kubectl get events` and `skiffctl events` show. The pod object itself is not recreated: a job's new pod
    /// takes the same name.
    private static func stopPodsOfTheOldState(_ plane: ControlPlane, logger: Logger) {
        guard let runtime = plane.processRuntime else { return }
        for uid in runtime.podUIDsOnDisk() {
            let identity = runtime.recordedIdentity(podUID: uid)
            let name = identity.map { "\($0.namespace)/\($0.name) (uid \(uid))" } ?? "uid \(uid)"
            logger.warning("--rebuild-state: pod \(name) is not in the rebuilt state: lost, stopping its processes")
            runtime.remove(podUID: uid)
            guard let identity else { continue }
            plane.events.record(
                ObjectReference(kind: "Pod", namespace: identity.namespace, name: identity.name, uid: uid, apiVersion: "v1"),
                type: EventType.warning,
                reason: "Lost",
                message: "the pod was on this node when the state database was rebuilt (--rebuild-state): its "
                    + "processes were stopped and its status is unknown"
            )
        }
    }

    /// Whether something accepts connections on the Unix socket at `path` (a stale file from a killed daemon does
    /// not; binding replaces it).
    private static func isServed(_ path: String) -> Bool {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let length = socklen_t(MemoryLayout<sockaddr_un>.size)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, length) == 0 }
        }
    }

    /// Takes an exclusive lock on `skiffd.lock` in the state directory, so that two daemons never share state.
    private static func lockStateDirectory(_ stateDir: String) throws -> Int32 {
        let path = stateDir + "/skiffd.lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw DaemonError(description: "cannot open \(path): \(String(cString: strerror(errno)))") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw DaemonError(description: "another skiffd is using the state directory \(stateDir) (\(path) is locked)")
        }
        return fd
    }
}

/// Runs the control plane as a service: it is already started; on graceful shutdown it stops watching and lets
/// in-flight reconciles finish.
struct ControlPlaneService: Service, CustomStringConvertible {
    let plane: ControlPlane
    let watches: WatchRegistry

    var description: String { "ControlPlane" }

    func run() async throws {
        try? await gracefulShutdown()
        watches.closeAll()
        plane.stop()
    }
}
