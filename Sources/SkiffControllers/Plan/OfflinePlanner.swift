import Dispatch
import Foundation
import Logging
import SkiffScheduler
import Synchronization

/// `skiffctl plan DIR`: loads a folder as skiffd would, runs the controllers and the scheduler on the folder's
/// declared nodes (no local node: nothing runs for real) with a simulated clock until nothing changes any more,
/// and reports where every pod landed and why the others did not.
///
/// Simulated time moves only while something is bound to happen by itself — a simulated pod with a
/// `skiff.dev/simulate-duration` finishing, a scheduling backoff ending — and at most `horizon`; so a queue of
/// jobs that run one after another is planned to its end.
public struct OfflinePlanner: Sendable {
    /// The folder.
    public var folder: String
    /// The most simulated time the run may cover.
    public var horizon: Duration
    /// The scheduler's configuration (scoring strategy, preemption).
    public var scheduler: SchedulerConfiguration
    /// How compute clusters get nodes (quotas, provisioning delay).
    public var compute: DaemonConfiguration.ComputeSettings

    public init(
        folder: String,
        horizon: Duration = .seconds(7 * 24 * 3600),
        scheduler: SchedulerConfiguration = SchedulerConfiguration(),
        compute: DaemonConfiguration.ComputeSettings = DaemonConfiguration.ComputeSettings()
    ) {
        self.folder = folder
        self.horizon = horizon
        self.scheduler = scheduler
        self.compute = compute
    }

    /// Counts the nodes each compute cluster creates (a `Mutex` cannot be captured by a closure).
    private final class ScaleUpCounter: Sendable {
        let counts = Mutex<[String: Set<String>]>([:])
    }

    /// Why a plan could not be made at all.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Runs the plan.
    public func run() throws(Failure) -> PlanReport {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw Failure(description: "\(folder) is not a folder")
        }
        let root = URL(fileURLWithPath: folder).standardizedFileURL.path
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("skiff-plan-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let clock = ManualClock()
        let store = MemoryStore(configuration: StoreConfiguration(clock: { clock.timestamp }, kinds: .builtIn))
        var configuration = DaemonConfiguration(manifests: root, stateDir: scratch.path)
        configuration.workers = 1
        let logger = Logger(label: "skiff.plan") { _ in SwiftLogNoOpLogHandler() }
        var options = ControlPlane.Options(
            localNode: nil,
            schedulerConfiguration: scheduler,
            runsScheduler: false,
            runtimeStateDirectory: scratch.path
        )
        options.compute = compute
        let counter = ScaleUpCounter()
        let registration = try? store.watch(groupKind: Node.resource.groupKind) { event in
            guard case .added(let object) = event, let node = object as? Node, ComputeNodeLabels.isComputeNode(node),
                let cluster = node.metadata.labels[ComputeNodeLabels.compute]
            else { return }
            counter.counts.withLock { _ = $0[cluster, default: []].insert(node.metadata.name) }
        }
        defer { registration?.cancel() }
        let plane = ControlPlane(
            configuration: configuration,
            store: store,
            decoder: .standard,
            clock: clock,
            logger: logger,
            options: options
        )
        do {
            try plane.start()
        } catch {
            throw Failure(description: "cannot load \(folder): \(error)")
        }
        defer { plane.stop() }
        // The first scan is applied on the watcher's queue; readiness follows once the controllers caught up.
        let deadline = DispatchTime.now() + .seconds(120)
        while !plane.isReady {
            guard DispatchTime.now() < deadline else { throw Failure(description: "loading \(folder) timed out") }
            usleep(2_000)
        }
        let start = clock.now
        // A compute node being prepared becomes ready by itself: time moves on for it.
        let preparing = {
            ((try? store.list(Node.self)) ?? []).contains { node in
                ComputeNodeLabels.isComputeNode(node)
                    && ComputeNodeState.of(node, hasLivePods: false, now: clock.timestamp) == .preparing
            }
        }
        guard plane.runUntilQuiescent(clock: clock, horizon: horizon, expecting: preparing) else {
            throw Failure(description: "the controllers did not settle")
        }
        var report = Self.report(store: store)
        report.simulated = clock.now - start
        report.errors = plane.loader.errors().map(\.description)
        report.scaleUps = counter.counts.withLock { counts in
            counts.sorted { $0.key < $1.key }.map { PlanReport.ScaleUp(compute: $0.key, nodes: $0.value.count) }
        }
        return report
    }

    /// The report of what the store holds now.
    static func report(store: any ObjectStore) -> PlanReport {
        var report = PlanReport()
        let pods = ((try? store.list(Pod.self)) ?? []).filter { $0.metadata.deletionTimestamp == nil }
        for pod in pods {
            let namespace = pod.metadata.namespace
            let name = pod.metadata.name
            if !pod.spec.nodeName.isEmpty {
                let assignment = DeviceAssignment(pod: pod)
                var devices: [String: [String]] = [:]
                for resource in assignment.resources {
                    devices[resource.rawValue] = assignment[resource].map(String.init)
                }
                report.placements.append(
                    PlanReport.Placement(
                        namespace: namespace,
                        pod: name,
                        node: pod.spec.nodeName,
                        devices: devices,
                        phase: pod.status.phase?.rawValue ?? PodPhase.pending.rawValue
                    )
                )
            } else {
                let condition = pod.status.conditions.first { $0.type == .podScheduled && $0.status == .false }
                var message = condition?.message ?? ""
                if message.isEmpty {
                    message =
                        pod.status.phase?.isTerminal == true
                        ? "never placed: \(pod.status.phase?.rawValue ?? "")" : "not scheduled yet"
                }
                report.pending.append(PlanReport.Pending(namespace: namespace, pod: name, message: message))
            }
        }
        for job in (try? store.list(Job.self)) ?? [] {
            report.jobs.append(
                PlanReport.JobOutcome(
                    namespace: job.metadata.namespace,
                    name: job.metadata.name,
                    status: job.status.phase.isEmpty ? Job.Phase.queued.rawValue : job.status.phase,
                    message: job.status.message
                )
            )
        }
        return report
    }
}
