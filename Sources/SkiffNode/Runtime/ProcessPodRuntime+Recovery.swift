import Foundation
import Glibc
import Logging
import Synchronization

extension ProcessPodRuntime {
    /// The records of a pod's containers found on disk, by container name.
    func loadRecords(directory: String, spec: PodSpec) -> [String: ContainerRecord] {
        var records: [String: ContainerRecord] = [:]
        for container in spec.initContainers + spec.containers {
            if let record = ContainerRecord.load("\(directory)/run/\(container.name).json") {
                records[container.name] = record
            }
        }
        return records
    }

    /// Rebuilds a pod's containers from their records after a daemon restart: a process still alive is adopted
    /// and polled; one that has gone is terminated with the code its shim wrote, or as the kubelet reports a
    /// container it lost (`ContainerStatusUnknown`, 137). What follows (restarts, the next init container) is
    /// then decided as for any exit.
    func recover(_ state: inout State, uid: String, records: [String: ContainerRecord], effects: inout Effects) {
        guard var pod = state.pods[uid] else { return }
        var exited: [(ContainerRef, RunningProcess)] = []
        for ref in pod.refs {
            var container = pod[ref]
            guard let record = records[container.spec.name] else { continue }
            container.generation = 1
            container.restartCount = record.restartCount
            container.lastTerminated = record.lastTerminated?.state
            if let terminated = record.terminated {
                container.run = .terminated(terminated.state)
            } else if let pid = record.pid, let ticks = record.startTicks {
                let process = RunningProcess(
                    pid: pid,
                    startTicks: ticks,
                    startedAt: Timestamp(seconds: record.startedAt ?? pod.startTime.seconds),
                    startedInstant: clock.now,
                    oomKillsAtStart: nil,
                    limitHitsAtStart: nil,
                    adopted: true
                )
                container.run = .running(process)
                if !ProcessLauncher.isAlive(pid, startTicks: ticks) { exited.append((ref, process)) }
            }
            pod[ref] = container
        }
        state.pods[uid] = pod
        logger.info("pod \(pod.pod.metadata.namespace)/\(pod.pod.metadata.name): found again after a restart")

        for ref in pod.refs {
            guard case .running(let process) = pod[ref].run else { continue }
            if exited.contains(where: { $0.0 == ref }) { continue }
            schedulePoll(&state, uid: uid, ref: ref, process: process)
        }
        for (ref, _) in exited {
            // Handled after the lock is released, like any exit, so that restarts and init order apply.
            let generation = pod[ref].generation
            clock.schedule(after: .zero) { [weak self] in
                self?.processExited(uid: uid, ref: ref, generation: generation, exitCode: nil, signal: 0)
            }
        }
        for ref in pod.refs {
            guard let terminated = pod[ref].terminated, records[pod[ref].spec.name]?.terminated != nil else { continue }
            // A container that had exited while the daemon was down and was due for a restart.
            let policy = pod.pod.spec.restartPolicy
            let restart =
                ref.isInit
                ? terminated.exitCode != 0 && policy != .never
                : policy == .always || (policy == .onFailure && terminated.exitCode != 0)
            if restart {
                state.pods[uid]?[ref].run = .terminated(terminated)
                var ignored = effects
                handleTermination(&state, uid: uid, ref: ref, terminated: terminated, ranFor: .zero, effects: &ignored)
                effects = ignored
            }
        }
    }

    /// Whether the stored pod says its containers had started, in an earlier run of the daemon: a pod in that state
    /// with no records on disk cannot be found again, and must not be started a second time.
    static func hadStarted(_ pod: Pod) -> Bool {
        pod.status.phase == .running
            || (pod.status.initContainerStatuses + pod.status.containerStatuses).contains {
                $0.state.running != nil || $0.state.terminated != nil
            }
    }

    /// Marks a pod that had started but whose records are gone (its folder removed, the state rebuilt) as lost:
    /// containers that the stored status shows finished keep that state; the others are terminated as the kubelet
    /// reports a container it cannot locate (`ContainerStatusUnknown`, 137), so the pod becomes `Failed` with
    /// reason `Lost` and nothing runs twice.
    func markLost(_ state: inout State, uid: String) {
        guard var pod = state.pods[uid] else { return }
        let stored = pod.pod.status.initContainerStatuses + pod.pod.status.containerStatuses
        for ref in pod.refs {
            var container = pod[ref]
            container.generation = 1
            let previous = stored.first { $0.name == container.spec.name }
            container.restartCount = previous?.restartCount ?? 0
            container.run = .terminated(
                previous?.state.terminated
                    ?? ContainerState.Terminated(
                        exitCode: 128 + SIGKILL,
                        reason: Self.lostContainerReason,
                        message: "The container could not be located when the pod was terminated",
                        startedAt: previous?.state.running?.startedAt,
                        finishedAt: clock.timestamp
                    )
            )
            pod[ref] = container
        }
        state.pods[uid] = pod
        logger.warning(
            "pod \(pod.pod.metadata.namespace)/\(pod.pod.metadata.name): had started, but its records are gone: lost"
        )
    }

    /// The kubelet's reason for a container that vanished while nobody watched it.
    static let lostContainerReason = "ContainerStatusUnknown"

    /// The pod's reason when it failed because a container vanished while the daemon was down (its shim gone
    /// too), or because its records were gone after a restart.
    public static let lostPodReason = "Lost"

    /// Checks an adopted process (not the daemon's child, so not waitable) until it has gone.
    func schedulePoll(_ state: inout State, uid: String, ref: ContainerRef, process: RunningProcess) {
        guard let generation = state.pods[uid]?[ref].generation else { return }
        let timer = clock.schedule(after: configuration.adoptedPollInterval) { [weak self] in
            guard let self else { return }
            if ProcessLauncher.isAlive(process.pid, startTicks: process.startTicks) {
                self.state.withLock { state in
                    guard let pod = state.pods[uid], pod[ref].generation == generation,
                        case .running(let current) = pod[ref].run, current.pid == process.pid
                    else { return }
                    schedulePoll(&state, uid: uid, ref: ref, process: current)
                }
            } else {
                processExited(uid: uid, ref: ref, generation: generation, exitCode: nil, signal: 0)
            }
        }
        if case .running(var current) = state.pods[uid]?[ref].run {
            current.pollTimer = timer
            state.pods[uid]?[ref].run = .running(current)
        }
    }
}
