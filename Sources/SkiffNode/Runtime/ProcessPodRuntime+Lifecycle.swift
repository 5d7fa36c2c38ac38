import Foundation
import Glibc
import Logging
import Synchronization

extension ProcessPodRuntime {
    /// Starts what is due: the next init container, or, once every init container has completed, the containers
    /// that have never run.
    func advance(_ state: inout State, uid: String, effects: inout Effects) {
        guard let pod = state.pods[uid], !pod.stopping else { return }
        if let next = pod.initContainers.firstIndex(where: { $0.terminated?.exitCode != 0 }) {
            let ref = ContainerRef(isInit: true, index: next)
            if pod[ref].generation == 0, case .waiting = pod[ref].run {
                launch(&state, uid: uid, ref: ref, effects: &effects)
            }
            return
        }
        for index in pod.containers.indices where pod.containers[index].generation == 0 {
            launch(&state, uid: uid, ref: ContainerRef(isInit: false, index: index), effects: &effects)
        }
    }

    /// Starts one container now. A failure to start is a termination with `StartError`, handled like any exit.
    func launch(_ state: inout State, uid: String, ref: ContainerRef, effects: inout Effects) {
        guard var pod = state.pods[uid] else { return }
        var container = pod[ref]
        container.generation += 1
        container.restartTimer = nil
        let generation = container.generation
        let startedAt = clock.timestamp
        let exitFile = "\(pod.directory)/run/\(container.spec.name).exit"
        unlink(exitFile)

        let outcome = spawn(pod: pod, container: container, exitFile: exitFile)
        switch outcome {
        case .failure(let failure):
            let message = failure.message
            pod[ref] = container
            state.pods[uid] = pod
            let terminated = ContainerState.Terminated(
                exitCode: 128,
                reason: "StartError",
                message: message,
                startedAt: startedAt,
                finishedAt: startedAt
            )
            logger.warning("pod \(pod.pod.metadata.namespace)/\(pod.pod.metadata.name): \(message)")
            handleTermination(&state, uid: uid, ref: ref, terminated: terminated, ranFor: .zero, effects: &effects)
            return
        case .success(let started):
            if let problem = started.cgroupProblem {
                pod.enforcement = LimitsEnforcement(
                    enforced: false,
                    reason: "CgroupJoinFailed",
                    message: "container \(container.spec.name) runs outside the pod's cgroup: \(problem)"
                )
            }
            container.run = .running(
                RunningProcess(
                    pid: started.pid,
                    startTicks: started.startTicks,
                    startedAt: startedAt,
                    startedInstant: clock.now,
                    oomKillsAtStart: pod.cgroup?.oomKillCount(),
                    limitHitsAtStart: pod.cgroup?.memoryLimitHits(),
                    adopted: false
                )
            )
            pod[ref] = container
            state.pods[uid] = pod
            saveRecord(pod: pod, ref: ref)
            effects.changed.insert(uid)
            let pid = started.pid
            Thread.detachNewThread { [self] in
                let (exitCode, signal) = ProcessLauncher.waitForExit(pid)
                processExited(uid: uid, ref: ref, generation: generation, exitCode: exitCode, signal: signal)
            }
        }
    }

    /// Called when a started process has exited (from its waiter thread, or the poller of an adopted one).
    func processExited(uid: String, ref: ContainerRef, generation: UInt64, exitCode: Int32?, signal: Int32) {
        var effects = Effects()
        state.withLock { state in
            guard let pod = state.pods[uid], pod[ref].generation == generation,
                case .running(let process) = pod[ref].run
            else { return }
            process.pollTimer?.cancel()
            // Whatever the container left behind in its process group goes with it, as a container's processes do.
            kill(-process.pid, SIGKILL)
            let terminated = termination(pod: pod, ref: ref, process: process, exitCode: exitCode, signal: signal)
            let ranFor = clock.now - process.startedInstant
            handleTermination(&state, uid: uid, ref: ref, terminated: terminated, ranFor: ranFor, effects: &effects)
        }
        perform(effects)
    }

    /// The terminated state for an exit; `exitCode` nil means the process was adopted and its shim's exit file is
    /// the only witness.
    private func termination(
        pod: PodRun,
        ref: ContainerRef,
        process: RunningProcess,
        exitCode: Int32?,
        signal: Int32
    )
        -> ContainerState.Terminated
    {
        let name = pod[ref].spec.name
        let recorded = HostInfo.readText("\(pod.directory)/run/\(name).exit").flatMap {
            Int32($0.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        var terminated = ContainerState.Terminated(
            exitCode: 0,
            startedAt: process.startedAt,
            finishedAt: clock.timestamp,
            containerID: process.containerID
        )
        switch (exitCode, recorded) {
        case (125, nil):
            terminated.exitCode = 128
            terminated.reason = "StartError"
            terminated.message = "the container could not be set up (see its log)"
            return terminated
        case (.some(let code), _):
            terminated.exitCode = code
            terminated.signal = signal
        case (nil, .some(let code)):
            terminated.exitCode = code
        case (nil, nil):
            terminated.exitCode = 128 + SIGKILL
            if !pod.killed {
                // The kubelet's words for a container that vanished while it was not watching.
                terminated.reason = "ContainerStatusUnknown"
                terminated.message = "The container could not be located when the pod was terminated"
                return terminated
            }
        }
        if terminated.exitCode == 0 {
            terminated.reason = "Completed"
        } else if terminated.exitCode == 128 + SIGKILL && oomKilled(pod: pod, process: process) {
            terminated.reason = "OOMKilled"
        } else {
            terminated.reason = "Error"
        }
        return terminated
    }

    /// Whether the pod's cgroup saw the OOM killer (or, where the kernel does not count OOM kills, the memory limit
    /// being hit) since the process started.
    private func oomKilled(pod: PodRun, process: RunningProcess) -> Bool {
        guard let cgroup = pod.cgroup else { return false }
        if let now = cgroup.oomKillCount(), now > (process.oomKillsAtStart ?? 0) { return true }
        if PodResourceLimits(spec: pod.pod.spec).memoryBytes != nil, let hits = cgroup.memoryLimitHits(),
            hits > (process.limitHitsAtStart ?? 0)
        {
            return true
        }
        return false
    }

    /// Records an exit and decides what follows: the next init container, a restart after back-off, or nothing.
    func handleTermination(
        _ state: inout State,
        uid: String,
        ref: ContainerRef,
        terminated: ContainerState.Terminated,
        ranFor: Duration,
        effects: inout Effects
    ) {
        guard var pod = state.pods[uid] else { return }
        pod[ref].run = .terminated(terminated)
        state.pods[uid] = pod
        saveRecord(pod: pod, ref: ref)
        effects.changed.insert(uid)

        if pod.stopping {
            if !pod.hasRunning { finishStop(&state, uid: uid, effects: &effects) }
            return
        }
        let policy = pod.pod.spec.restartPolicy
        if ref.isInit {
            if terminated.exitCode == 0 {
                advance(&state, uid: uid, effects: &effects)
            } else if policy != .never {
                scheduleRestart(&state, uid: uid, ref: ref, ranFor: ranFor)
            }
        } else if policy == .always || (policy == .onFailure && terminated.exitCode != 0) {
            scheduleRestart(&state, uid: uid, ref: ref, ranFor: ranFor)
        }
        if let pod = state.pods[uid], !pod.hasRunning {
            effects.resumes += pod.stopWaiters
            state.pods[uid]?.stopWaiters = []
        }
    }

    /// Waits the kubelet's back-off (doubling from the initial one up to the maximum, reset after a run of twice
    /// the maximum) before starting the container again.
    private func scheduleRestart(_ state: inout State, uid: String, ref: ContainerRef, ranFor: Duration) {
        guard var pod = state.pods[uid] else { return }
        var container = pod[ref]
        let resetAfter = configuration.maxRestartBackoff * 2
        let backoff: Duration
        if let last = container.lastBackoff, ranFor < resetAfter {
            backoff = min(last * 2, configuration.maxRestartBackoff)
        } else {
            backoff = configuration.initialRestartBackoff
        }
        container.lastBackoff = backoff
        container.lastTerminated = container.terminated
        let meta = pod.pod.metadata
        container.run = .waiting(
            reason: "CrashLoopBackOff",
            message: "back-off \(Self.goDuration(backoff)) restarting failed container=\(container.spec.name) "
                + "pod=\(meta.name)_\(meta.namespace)(\(meta.uid))"
        )
        let generation = container.generation
        container.restartTimer = clock.schedule(after: backoff) { [weak self] in
            self?.restart(uid: uid, ref: ref, generation: generation)
        }
        pod[ref] = container
        state.pods[uid] = pod
    }

    private func restart(uid: String, ref: ContainerRef, generation: UInt64) {
        var effects = Effects()
        state.withLock { state in
            guard var pod = state.pods[uid], !pod.stopping, pod[ref].generation == generation,
                pod[ref].restartTimer != nil
            else { return }
            pod[ref].restartCount += 1
            state.pods[uid] = pod
            launch(&state, uid: uid, ref: ref, effects: &effects)
        }
        perform(effects)
    }

    /// SIGKILL to every running container's process group, and to anything else left in the pod's cgroup.
    func forceKill(_ state: inout State, uid: String) {
        guard var pod = state.pods[uid] else { return }
        pod.killed = true
        for ref in pod.refs {
            if case .running(let process) = pod[ref].run { kill(-process.pid, SIGKILL) }
        }
        pod.cgroup?.killAll()
        state.pods[uid] = pod
    }

    /// Everything has stopped: release the waiters, clean up stragglers, and forget the pod if it was removed.
    func finishStop(_ state: inout State, uid: String, effects: inout Effects) {
        guard var pod = state.pods[uid] else { return }
        pod.killTimer?.cancel()
        pod.killTimer = nil
        // Processes that left their container's process group still sit in the pod's cgroup.
        pod.cgroup?.killAll()
        effects.resumes += pod.stopWaiters
        pod.stopWaiters = []
        state.pods[uid] = pod
        if pod.removed {
            state.pods[uid] = nil
            if let problems = pod.cgroup?.remove(), !problems.isEmpty {
                logger.notice("pod cgroup not removed: \(problems.joined(separator: "; "))")
            }
            try? FileManager.default.removeItem(atPath: pod.directory)
        }
    }

    func saveRecord(pod: PodRun, ref: ContainerRef) {
        let container = pod[ref]
        var record = ContainerRecord(
            restartCount: container.restartCount,
            terminated: container.terminated.map(ContainerRecord.Termination.init),
            lastTerminated: container.lastTerminated.map(ContainerRecord.Termination.init)
        )
        switch container.run {
        case .running(let process):
            record.pid = process.pid
            record.startTicks = process.startTicks
            record.startedAt = process.startedAt.seconds
        case .terminated(let terminated):
            record.startedAt = terminated.startedAt?.seconds
        case .waiting:
            break
        }
        record.save("\(pod.directory)/run/\(container.spec.name).json")
    }

    /// `10s`, `1m20s`, `5m0s`: durations as the kubelet prints them in back-off messages.
    static func goDuration(_ duration: Duration) -> String {
        let seconds = duration.components.seconds
        if seconds < 60 { return "\(seconds)s" }
        if seconds < 3600 { return "\(seconds / 60)m\(seconds % 60)s" }
        return "\(seconds / 3600)h\(seconds % 3600 / 60)m\(seconds % 60)s"
    }
}
