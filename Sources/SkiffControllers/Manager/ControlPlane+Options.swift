#if canImport(Glibc)
import Glibc
#endif
import SkiffNode
import SkiffScheduler

extension ControlPlane {
    /// What the control plane runs besides the manifest controllers: the local node, the scheduler, the pod
    /// runtimes.
    public struct Options: Sendable {
        /// The local node (real processes); nil runs none — offline planning and most tests.
        public var localNode: LocalNodeConfiguration?
        /// The scheduler's configuration; its clock and event sink are replaced by the control plane's.
        public var schedulerConfiguration: SchedulerConfiguration
        /// Whether the scheduler runs on a task of its own (the daemon). Without it pods are placed only by
        /// ``ControlPlane/settle(timeout:)`` and ``ControlPlane/runUntilQuiescent(clock:horizon:)``.
        public var runsScheduler: Bool
        /// The cgroups of local pods; nil runs them without limits (`LimitsEnforced=False`).
        public var cgroups: CgroupManager?
        /// The process runtime's state directory (pods under `<dir>/pods`); nil uses the configuration's state
        /// directory.
        public var runtimeStateDirectory: String?
        /// How often the local node is discovered again.
        public var nodeRefreshInterval: Duration
        /// How often the garbage collector sweeps pods whose owners are gone.
        public var garbageCollectionInterval: Duration
        /// How long a simulated pod stays `Pending` before it runs.
        public var simulatedStartupDelay: Duration
        /// How compute clusters get nodes (quotas, provisioning delay, preemption, node provider).
        public var compute: DaemonConfiguration.ComputeSettings = DaemonConfiguration.ComputeSettings()

        /// Options; by default no local node and a scheduler loop with kube-scheduler's defaults.
        public init(
            localNode: LocalNodeConfiguration? = nil,
            schedulerConfiguration: SchedulerConfiguration = SchedulerConfiguration(),
            runsScheduler: Bool = true,
            cgroups: CgroupManager? = nil,
            runtimeStateDirectory: String? = nil,
            nodeRefreshInterval: Duration = .seconds(60),
            garbageCollectionInterval: Duration = .seconds(60),
            simulatedStartupDelay: Duration = .zero
        ) {
            self.localNode = localNode
            self.schedulerConfiguration = schedulerConfiguration
            self.runsScheduler = runsScheduler
            self.cgroups = cgroups
            self.runtimeStateDirectory = runtimeStateDirectory
            self.nodeRefreshInterval = nodeRefreshInterval
            self.garbageCollectionInterval = garbageCollectionInterval
            self.simulatedStartupDelay = simulatedStartupDelay
        }

        /// The options `skiffd.yaml` asks for: the `node:` section as the local node (none when
        /// `node.enabled` is false), its cgroups probed on the host when `node.cgroups` is true, and the
        /// `scheduler:` section.
        /// - Parameter probingCgroups: false for a reload, which reads the node's settings but must not probe (or
        ///   rearrange) the cgroups that the running daemon already set up.
        public init(daemon configuration: DaemonConfiguration, probingCgroups: Bool = true) {
            let node = configuration.node
            self.init(schedulerConfiguration: Self.scheduler(configuration.scheduler))
            compute = configuration.compute
            if node.enabled {
                localNode = LocalNodeConfiguration(
                    nodeName: node.name,
                    labels: node.labels,
                    systemReserved: node.systemReserved,
                    maxPods: node.maxPods,
                    advertiseGPUs: node.devicePluginPresent,
                    ephemeralStoragePath: configuration.stateDir
                )
                guard probingCgroups else { return }
                cgroups = CgroupManager.detect(
                    configuration: CgroupConfiguration(
                        enabled: node.cgroups,
                        moveDaemonIntoLeaf: Self.isSystemdService(environment: Self.processEnvironment())
                    )
                )
            }
        }

        /// Whether skiffd runs as a systemd service (systemd sets `INVOCATION_ID` for every unit it starts). Only
        /// then is the daemon's cgroup its own to rearrange: with `Delegate=yes` on cgroup v2 the service's cgroup
        /// holds the daemon, so it moves itself into a `supervisor` leaf before handing controllers to pods (the
        /// "no internal processes" rule). Run by hand, it leaves the session's cgroup as it is.
        public static func isSystemdService(environment: [String: String]) -> Bool {
            !(environment["INVOCATION_ID"] ?? "").isEmpty
        }

        static func processEnvironment() -> [String: String] {
            guard let value = getenv("INVOCATION_ID") else { return [:] }
            return ["INVOCATION_ID": String(cString: value)]
        }

        /// The scheduler configuration of the `scheduler:` section: `MostAllocated` also packs `nvidia.com/gpu`.
        public static func scheduler(_ settings: DaemonConfiguration.SchedulerSettings) -> SchedulerConfiguration {
            var configuration =
                settings.scoringStrategy == ScoringStrategy.mostAllocated.rawValue
                ? SchedulerConfiguration.packingGPUs() : SchedulerConfiguration()
            configuration.preemption = settings.preemption
            // The daemon binds apart from the scheduling cycles, in bursts, as kube-scheduler does.
            configuration.bindInBackground = true
            return configuration
        }
    }
}
