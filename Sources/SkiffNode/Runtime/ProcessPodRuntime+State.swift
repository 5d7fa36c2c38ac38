import Foundation
import Glibc

extension ProcessPodRuntime {
    /// Everything the runtime knows, behind its one lock.
    struct State: Sendable {
        var pods: [String: PodRun] = [:]
        var logTimer: ScheduledWork?
    }

    /// What a locked section leaves to do once the lock is released.
    struct Effects {
        var changed = Set<String>()
        var resumes: [CheckedContinuation<Void, Never>] = []
    }

    /// A container of a pod: an init container or a regular one, by position.
    struct ContainerRef: Sendable, Hashable {
        var isInit: Bool
        var index: Int
    }

    /// One pod being run.
    struct PodRun: Sendable {
        var request: PodStartRequest
        var directory: String
        var startTime: Timestamp
        var cgroup: PodCgroup?
        var enforcement: LimitsEnforcement
        var initContainers: [ContainerRun]
        var containers: [ContainerRun]
        /// Stop requested: nothing starts or restarts any more.
        var stopping = false
        /// SIGKILL sent (by the grace period's end or a zero grace period).
        var killed = false
        /// Remove requested: the pod is forgotten and its files deleted once nothing runs.
        var removed = false
        var killTimer: ScheduledWork?
        var stopWaiters: [CheckedContinuation<Void, Never>] = []

        var pod: Pod { request.pod }

        var refs: [ContainerRef] {
            initContainers.indices.map { ContainerRef(isInit: true, index: $0) }
                + containers.indices.map { ContainerRef(isInit: false, index: $0) }
        }

        subscript(ref: ContainerRef) -> ContainerRun {
            get { ref.isInit ? initContainers[ref.index] : containers[ref.index] }
            set {
                if ref.isInit { initContainers[ref.index] = newValue } else { containers[ref.index] = newValue }
            }
        }

        var hasRunning: Bool {
            refs.contains { ref in
                if case .running = self[ref].run { return true }
                return false
            }
        }

        /// Whether every init container has completed successfully.
        var isInitialized: Bool {
            initContainers.allSatisfy { $0.terminated?.exitCode == 0 }
        }

        func status(uid: String) -> PodRuntimeStatus {
            let initStatuses = initContainers.map { $0.status(podInitialized: true) }
            let statuses = containers.map { $0.status(podInitialized: isInitialized) }
            let phase = PodStatusCalculator.phase(
                restartPolicy: pod.spec.restartPolicy,
                initContainers: initStatuses,
                containers: statuses,
                isTerminal: stopping && !hasRunning
            )
            // A container that vanished while the daemon was down (shim and all) fails the pod as `Lost`.
            let lost =
                phase == .failed
                && (initStatuses + statuses).contains {
                    $0.state.terminated?.reason == ProcessPodRuntime.lostContainerReason
                }
            return PodRuntimeStatus(
                phase: phase,
                reason: lost ? ProcessPodRuntime.lostPodReason : "",
                message: lost ? "the pod's processes were lost while skiffd was not running" : "",
                startTime: startTime,
                conditions: PodStatusCalculator.conditions(
                    phase: phase,
                    initContainers: initStatuses,
                    containers: statuses
                ) + [enforcement.condition],
                initContainerStatuses: initStatuses,
                containerStatuses: statuses
            )
        }
    }

    /// One container's runs.
    struct ContainerRun: Sendable {
        var spec: Container
        var devices: [String]
        var run: RunState = .waiting(reason: "PodInitializing", message: "")
        var lastTerminated: ContainerState.Terminated?
        var restartCount: Int32 = 0
        var lastBackoff: Duration?
        var restartTimer: ScheduledWork?
        /// Counts starts; an exit reported for an older start is stale and ignored.
        var generation: UInt64 = 0

        init(spec: Container, devices: [String]) {
            self.spec = spec
            self.devices = devices
        }

        var terminated: ContainerState.Terminated? {
            if case .terminated(let terminated) = run { return terminated }
            return nil
        }

        func status(podInitialized: Bool) -> ContainerStatus {
            var state: ContainerState
            var containerID = ""
            switch run {
            case .waiting(let reason, let message):
                state = .waiting(reason: reason, message: message)
                if !podInitialized && reason == "PodInitializing" { state = .waiting(reason: "PodInitializing") }
            case .running(let process):
                state = .running(since: process.startedAt)
                containerID = process.containerID
            case .terminated(let terminated):
                state = .terminated(terminated)
                containerID = terminated.containerID
            }
            let running = { if case .running = run { return true } else { return false } }()
            return ContainerStatus(
                name: spec.name,
                state: state,
                lastState: lastTerminated.map { .terminated($0) } ?? ContainerState(),
                ready: running,
                restartCount: restartCount,
                image: spec.image,
                containerID: containerID,
                started: running
            )
        }
    }

    enum RunState: Sendable {
        case waiting(reason: String, message: String)
        case running(RunningProcess)
        case terminated(ContainerState.Terminated)
    }

    /// A started shim: its pid is its process group and session.
    struct RunningProcess: Sendable {
        var pid: pid_t
        var startTicks: UInt64
        var startedAt: Timestamp
        var startedInstant: MonotonicInstant
        /// The pod cgroup's OOM-kill and limit-hit counts when the container started, to attribute an OOM kill.
        var oomKillsAtStart: Int64?
        var limitHitsAtStart: Int64?
        /// Found again after a daemon restart: not the daemon's child, so polled instead of waited for.
        var adopted: Bool
        var pollTimer: ScheduledWork?

        var containerID: String { "skiff://\(pid)" }
    }
}
