import SkiffScheduler

/// What the control plane looks like right now, in numbers: the gauges of `/metrics` and the daemon's systemd
/// `STATUS=` line. Counters (reconciles, scheduling attempts) are recorded where the work happens, through
/// swift-metrics; these are read at scrape time from the control plane's own state, each without scanning the
/// store (indexes, the scheduler's cache, the loader's file table).
public struct ControlPlaneMetrics: Sendable, Hashable {
    /// One controller's work queue.
    public struct Queue: Sendable, Hashable {
        public var controller: String
        /// Keys ready and waiting for a worker (client-go's `workqueue_depth`).
        public var depth: Int
        /// Keys held back by a backoff or `requeueAfter`.
        public var delayed: Int
        /// Keys being reconciled.
        public var inFlight: Int
    }

    /// One node's GPUs (`nvidia.com/gpu` devices).
    public struct NodeGPUs: Sendable, Hashable {
        public var node: String
        /// Devices the node offers.
        public var total: Int
        /// Devices held by pods.
        public var allocated: Int
    }

    /// One manifest file with errors.
    public struct FileErrors: Sendable, Hashable {
        public var path: String
        public var errors: Int
    }

    public var queues: [Queue] = []
    /// Pods per phase, every phase present (zero when none).
    public var podsByPhase: [String: Int] = [:]
    /// Nodes in the scheduler's cache that offer or hold GPUs.
    public var gpus: [NodeGPUs] = []
    /// Manifest files per state (`Applied`, `Invalid`, …).
    public var filesByPhase: [String: Int] = [:]
    /// Files whose last read failed, with their error counts.
    public var fileErrors: [FileErrors] = []
    /// Objects the manifest files declare.
    public var declaredObjects: Int = 0
    /// Pods waiting in the scheduler: `active`, `backoff`, `unschedulable` (kube-scheduler's `pending_pods`).
    public var pendingPods: [String: Int] = [:]

    public init() {}
}

extension ControlPlane {
    /// The store index of pods by `status.phase`.
    public static let podsByPhase = "pods-by-phase"

    /// The control plane's gauges right now.
    public func metricsSnapshot() -> ControlPlaneMetrics {
        var metrics = ControlPlaneMetrics()
        metrics.queues = controllerStats.map { entry in
            ControlPlaneMetrics.Queue(
                controller: entry.name,
                depth: entry.stats.queued,
                delayed: entry.stats.delayed,
                inFlight: entry.stats.inFlight
            )
        }
        for phase in PodPhase.allCases {
            metrics.podsByPhase[phase.rawValue] = store.keys(index: Self.podsByPhase, value: phase.rawValue).count
        }
        // A pod without a phase yet is pending, as the API server defaults it.
        metrics.podsByPhase[PodPhase.pending.rawValue, default: 0] +=
            store.keys(index: Self.podsByPhase, value: "").count
        let snapshot = scheduler.cache.makeSnapshot()
        for info in snapshot.nodes {
            guard let devices = info.devices[.nvidiaGPU], devices.capacity > 0 || !devices.holders.isEmpty else {
                continue
            }
            metrics.gpus.append(
                ControlPlaneMetrics.NodeGPUs(node: info.name, total: devices.capacity, allocated: devices.holders.count)
            )
        }
        for file in loader.fileStates() {
            metrics.filesByPhase[file.phase.rawValue, default: 0] += 1
            metrics.declaredObjects += file.objects.count
            if !file.errors.isEmpty {
                metrics.fileErrors.append(ControlPlaneMetrics.FileErrors(path: file.path, errors: file.errors.count))
            }
        }
        let counts = scheduler.queue.counts
        metrics.pendingPods = [
            "active": counts.active, "backoff": counts.backoff, "unschedulable": counts.unschedulable,
        ]
        return metrics
    }
}
