import Foundation
import Logging
import ServiceLifecycle
import UnixSignals
import SkiffControllers
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
    let lockDescriptor: Int32

    init(configuration: DaemonConfiguration, logger: Logger) throws {
        self.configuration = configuration
        self.logger = logger
        for folder in [configuration.manifests, configuration.stateDir, (configuration.socket as NSString).deletingLastPathComponent] {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw DaemonError(description: "cannot create \(folder): \(error.localizedDescription)")
            }
        }
        lockDescriptor = try Self.lockStateDirectory(configuration.stateDir)
        let registry = KindRegistry.builtIn
        let store = MemoryStore(configuration: StoreConfiguration(kinds: registry))
        plane = ControlPlane(
            configuration: configuration,
            store: store,
            decoder: ManifestDecoder(registry: registry, adapters: ManifestDecoder.standard.adapters, limits: configuration.limits),
            clock: SystemClock(),
            logger: logger
        )
        let plane = self.plane
        server = APIServer(
            handler: APIHandler(
                store: store,
                registry: registry,
                manifestFiles: { plane.manifestFilesDocument() },
                isReady: { plane.isReady },
                isHealthy: { plane.isHealthy }
            ),
            socketPath: configuration.socket,
            logger: logger
        )
    }

    func run() async throws {
        logger.info(
            "starting: manifests \(configuration.manifests), state \(configuration.stateDir), socket \(configuration.socket)"
        )
        try plane.start()
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [
                    .init(service: ControlPlaneService(plane: plane)),
                    .init(service: server.application()),
                ],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        try await group.run()
        logger.info("stopped")
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

    var description: String { "ControlPlane" }

    func run() async throws {
        try? await gracefulShutdown()
        plane.stop()
    }
}
