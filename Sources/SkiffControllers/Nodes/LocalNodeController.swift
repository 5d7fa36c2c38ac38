import Logging
import SkiffNode
import Synchronization

/// Keeps the local machine's Node object current: discovers it at start and every `refreshInterval` (CPUs and
/// memory from `/proc`, GPUs from `nvidia-smi`), labels it `skiff.dev/node-provider: local`, and advertises its
/// GPUs as `nvidia.com/gpu` only when the Azure ML extension installs the NVIDIA device plugin or the configuration
/// says a device plugin is present; otherwise its `GPUsAdvertised` condition says why not. Extension changes
/// re-trigger it at once. Users' changes to the node's spec (cordon, taints) and extra labels are kept.
struct LocalNodeController: Reconciler {
    let store: any ObjectStore
    let clock: any Clock
    /// How the node describes itself; `advertiseGPUs` is the configuration's device-plugin switch.
    var configuration: LocalNodeConfiguration { settings.current.withLock { $0.configuration } }
    var discovery: LocalNodeDiscovery { settings.current.withLock { $0.discovery } }
    /// The configuration and its discovery, replaced together by ``reconfigure(_:)`` (a reload).
    private let settings: Settings
    let refreshInterval: Duration
    /// The cgroup support the runtime found, as the node's `LimitsEnforced` condition.
    let limitsCondition: NodeCondition?
    let logger: Logger
    private let cache = DiscoveryCache()

    /// The node's name, as discovery will name it.
    let nodeName: String

    init(
        store: any ObjectStore,
        clock: any Clock,
        configuration: LocalNodeConfiguration,
        refreshInterval: Duration,
        limitsCondition: NodeCondition?,
        logger: Logger
    ) {
        self.store = store
        self.clock = clock
        self.settings = Settings(Self.labelled(configuration), logger: logger)
        self.refreshInterval = refreshInterval
        self.limitsCondition = limitsCondition
        self.logger = logger
        self.nodeName = configuration.nodeName ?? HostInfo.read(configuration.hostPaths).hostname.lowercased()
    }

    /// Takes new settings (labels, reserved resources, pod limit, the device-plugin switch) from a reload; the next
    /// reconcile discovers the node afresh with them. The node's name cannot change in a running daemon: a new
    /// name is refused with the reason.
    func reconfigure(_ configuration: LocalNodeConfiguration) throws(LocalNodeReconfigurationError) {
        let name = configuration.nodeName ?? HostInfo.read(configuration.hostPaths).hostname.lowercased()
        guard name == nodeName else { throw LocalNodeReconfigurationError(current: nodeName, requested: name) }
        settings.replace(Self.labelled(configuration), logger: logger)
        cache.value.withLock { $0 = nil }
    }

    private static func labelled(_ configuration: LocalNodeConfiguration) -> LocalNodeConfiguration {
        var configuration = configuration
        configuration.labels[NodeProvider.label] = NodeProvider.local
        return configuration
    }

    /// The key the controller reconciles.
    var key: ObjectKey { ObjectKey(Node.resource.groupKind, name: nodeName) }

    func reconcile(_ key: ObjectKey) throws -> ReconcileResult {
        guard key == self.key else { return .done }
        let discovered = currentDiscovery()
        let node = desiredNode(discovered)
        let now = clock.timestamp
        let existing = store.get(Node.self, name: nodeName)
        var merged = discovered.merging(node).merged(into: existing, now: now)
        if let limitsCondition {
            merged.status.conditions.set(limitsCondition, now: now)
        }
        if let existing {
            if existing.metadata.deletionTimestamp != nil { return .done }
            var stored = existing
            if merged.metadata.labels != existing.metadata.labels || merged.spec != existing.spec {
                var update = merged
                update.status = existing.status
                stored = try store.update(update)
            }
            if merged.status != stored.status {
                var status = stored
                status.status = merged.status
                _ = try store.updateStatus(status)
            }
        } else {
            _ = try store.create(merged)
            logger.info(
                "local node \(nodeName) registered",
                metadata: [
                    "gpus": "\(discovered.gpus.count)",
                    "advertised": "\(node.status.capacity[.nvidiaGPU] != nil)",
                ]
            )
        }
        return .requeueAfter(refreshInterval)
    }

    /// The last discovery, refreshed when older than the interval.
    private func currentDiscovery() -> DiscoveredNode {
        let now = clock.now
        if let cached = cache.value.withLock({ $0 }), now - cached.at < refreshInterval {
            return cached.node
        }
        let discovery = self.discovery
        let fresh = BlockingAwait.run { await discovery.discover() }
        cache.value.withLock { $0 = DiscoveryCache.Entry(node: fresh, at: now) }
        return fresh
    }

    /// The node with GPUs advertised or not, as the extension and configuration allow now.
    private func desiredNode(_ discovered: DiscoveredNode) -> Node {
        var configuration = self.configuration
        let ext = ActiveExtension.find(in: store)
        let pluginInstalled = ext?.spec.installNvidiaDevicePlugin ?? false
        configuration.advertiseGPUs = configuration.advertiseGPUs || pluginInstalled
        if let ext {
            configuration.gpuAdvertisingSource =
                "the extension \"\(ext.metadata.name)\" does not set installNvidiaDevicePlugin: \"True\" "
                + "and node.devicePluginPresent is false in skiffd.yaml"
        } else {
            configuration.gpuAdvertisingSource =
                "no Azure ML extension is declared (its installNvidiaDevicePlugin setting installs the device plugin) "
                + "and node.devicePluginPresent is false in skiffd.yaml"
        }
        return LocalNodeDiscovery(configuration: configuration, logger: logger)
            .node(host: discovered.host, gpus: discovered.gpus, gpuProblem: discovered.gpuProblem).node
    }
}

extension DiscoveredNode {
    /// This discovery with `node` in place of its node.
    fileprivate func merging(_ node: Node) -> DiscoveredNode {
        DiscoveredNode(node: node, gpus: gpus, host: host, gpuProblem: gpuProblem)
    }
}

/// The last discovery and when it was made (a `Mutex` cannot be stored in a copied struct by value).
private final class DiscoveryCache: Sendable {
    struct Entry: Sendable {
        var node: DiscoveredNode
        var at: MonotonicInstant
    }

    let value = Mutex<Entry?>(nil)
}

extension LocalNodeController {
    /// The configuration in force and the discovery made from it.
    final class Settings: Sendable {
        struct Current: Sendable {
            var configuration: LocalNodeConfiguration
            var discovery: LocalNodeDiscovery
        }

        let current: Mutex<Current>

        init(_ configuration: LocalNodeConfiguration, logger: Logger) {
            current = Mutex(
                Current(configuration: configuration, discovery: LocalNodeDiscovery(configuration: configuration, logger: logger))
            )
        }

        func replace(_ configuration: LocalNodeConfiguration, logger: Logger) {
            let discovery = LocalNodeDiscovery(configuration: configuration, logger: logger)
            current.withLock { $0 = Current(configuration: configuration, discovery: discovery) }
        }
    }
}

/// A reload asked the local node to take another name, which only a restart can do.
public struct LocalNodeReconfigurationError: Error, Sendable, CustomStringConvertible {
    public var current: String
    public var requested: String

    public var description: String {
        "the local node is \(current); renaming it to \(requested) takes effect when skiffd restarts"
    }
}
