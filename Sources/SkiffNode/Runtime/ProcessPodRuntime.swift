import Foundation
import Glibc
import Logging
import SkiffStore
import Synchronization

/// Runs the local node's pods as real processes.
///
/// Each container runs as `/bin/sh -c <script>` (see ``ContainerCommand``) under a small shell shim in a session
/// of its own: the shim joins the pod's cgroup, changes to the working directory, runs the script as its child and
/// writes the exit code to `run/<container>.exit`. Because of the session, a signal to the process group reaches
/// the whole tree, and the processes outlive the daemon; because of the exit file and `run/<container>.json`, a
/// restarted daemon finds them again and learns how they ended. Output goes to `logs/<container>.log`, rotated
/// at a size cap. Processes are started with `posix_spawn` and waited for on a thread each, so no Swift task owns
/// them and cancelling one never kills a workload.
///
/// Exit codes become container states as Kubernetes reports them: `Completed` for 0, `Error` otherwise, 128 + N
/// for a death by signal N, `OOMKilled` when the pod's cgroup saw the OOM killer, `StartError` (128) when the
/// process could not be started. Restarts follow the pod's `restartPolicy` with the kubelet's back-off.
public final class ProcessPodRuntime: PodRuntime {
    /// The settings in force.
    public let configuration: ProcessPodRuntimeConfiguration
    /// The cgroups pods get.
    public let cgroups: CgroupManager
    let clock: any Clock
    let logger: Logger
    let onChange: @Sendable (String) -> Void
    // A pthread lock rather than `Mutex`: ThreadSanitizer sees its synchronization (it reports false races on a
    // contended `Mutex`), and the state is touched by the waiter threads and the controllers at once.
    let state = Locked(State())

    /// A runtime keeping its state under `configuration.stateDirectory`.
    /// - Parameters:
    ///   - cgroups: The cgroup manager (``CgroupManager/detect(configuration:paths:)``); nil runs every pod without
    ///     limits and says so in its ``PodConditionType/limitsEnforced`` condition.
    ///   - clock: Times grace periods, restart back-offs and polling.
    ///   - onChange: Called with a pod's uid after its state changed, never while the runtime holds its lock.
    public init(
        configuration: ProcessPodRuntimeConfiguration,
        cgroups: CgroupManager? = nil,
        clock: any Clock = SystemClock(),
        logger: Logger = Logger(label: "skiff.node.runtime"),
        onChange: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.configuration = configuration
        self.cgroups =
            cgroups
            ?? CgroupManager.detect(
                configuration: CgroupConfiguration(enabled: false),
                layout: CgroupLayout(mounts: [], v1Membership: [:], v2Membership: nil)
            )
        self.clock = clock
        self.logger = logger
        self.onChange = onChange
    }

    /// The folder of pod `uid`.
    public func podDirectory(_ uid: String) -> String {
        "\(configuration.stateDirectory)/pods/\(uid)"
    }

    /// The log of a container of pod `uid`.
    public func logFile(podUID uid: String, container: String) -> ContainerLogFile {
        ContainerLogFile(path: "\(podDirectory(uid))/logs/\(container).log")
    }

    /// The uids of pods with a folder in the state directory, running or not: what a restarted daemon compares
    /// with the store to remove pods deleted while it was down.
    public func podUIDsOnDisk() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "\(configuration.stateDirectory)/pods")) ?? []
        return names.filter(Self.isValidUID).sorted()
    }

    /// The namespace and name recorded for pod `uid` when it started (`run/pod.json`), or nil without a record.
    public func recordedIdentity(podUID uid: String) -> (namespace: String, name: String)? {
        guard Self.isValidUID(uid),
            let data = FileManager.default.contents(atPath: "\(podDirectory(uid))/run/pod.json"),
            let record = try? JSONDecoder().decode(PodRecord.self, from: data)
        else { return nil }
        return (record.namespace, record.name)
    }

    // MARK: - PodRuntime

    /// Starts the pod's shims (init containers first), or finds its processes again from `run/` after a daemon
    /// restart; nothing for a pod already known. See ``PodRuntime/start(_:)``.
    public func start(_ request: PodStartRequest) throws(PodRuntimeError) {
        let uid = request.pod.metadata.uid
        guard Self.isValidUID(uid) else { throw .invalidPod("the pod has no usable uid (\"\(uid)\")") }
        guard !request.pod.spec.containers.isEmpty else { throw .invalidPod("the pod has no containers") }
        if state.withLock({ $0.pods[uid] != nil }) { return }

        let directory = podDirectory(uid)
        for sub in ["work", "logs", "run"] {
            do {
                try FileManager.default.createDirectory(
                    atPath: "\(directory)/\(sub)",
                    withIntermediateDirectories: true
                )
            } catch {
                throw .io("cannot create \(directory)/\(sub): \(error.localizedDescription)")
            }
        }
        let podRecord = PodRecord.loadOrCreate("\(directory)/run/pod.json", pod: request.pod, now: clock.timestamp)
        let (cgroup, enforcement) = cgroups.createPodCgroup(
            podUID: uid,
            limits: PodResourceLimits(spec: request.pod.spec)
        )
        let records = loadRecords(directory: directory, spec: request.pod.spec)

        var effects = Effects()
        state.withLock { state in
            guard state.pods[uid] == nil else { return }
            let assignments = ContainerEnvironment.gpuAssignments(request.gpuDevices, spec: request.pod.spec)
            state.pods[uid] = PodRun(
                request: request,
                directory: directory,
                startTime: Timestamp(seconds: podRecord.startTime),
                cgroup: cgroup,
                enforcement: enforcement,
                initContainers: zip(request.pod.spec.initContainers, assignments.initContainers).map {
                    ContainerRun(spec: $0, devices: $1)
                },
                containers: zip(request.pod.spec.containers, assignments.containers).map {
                    ContainerRun(spec: $0, devices: $1)
                }
            )
            if !records.isEmpty {
                recover(&state, uid: uid, records: records, effects: &effects)
            } else if Self.hadStarted(request.pod) {
                markLost(&state, uid: uid)
            }
            advance(&state, uid: uid, effects: &effects)
            ensureLogTimer(&state)
            effects.changed.insert(uid)
        }
        perform(effects)
    }

    /// SIGTERM to every running container's process group now; SIGKILL to them and to the pod's cgroup when
    /// `gracePeriod` ends on the clock (at once for zero). See ``PodRuntime/stop(podUID:gracePeriod:)``.
    public func stop(podUID uid: String, gracePeriod: Duration) {
        var effects = Effects()
        state.withLock { state in
            guard var pod = state.pods[uid] else { return }
            if pod.stopping {
                if gracePeriod <= .zero { forceKill(&state, uid: uid) }
                return
            }
            pod.stopping = true
            for ref in pod.refs {
                pod[ref].restartTimer?.cancel()
                pod[ref].restartTimer = nil
                if case .running(let process) = pod[ref].run {
                    kill(-process.pid, SIGTERM)
                }
            }
            state.pods[uid] = pod
            if gracePeriod <= .zero {
                forceKill(&state, uid: uid)
            } else {
                state.pods[uid]?.killTimer = clock.schedule(after: gracePeriod) { [weak self] in
                    self?.state.withLock { self?.forceKill(&$0, uid: uid) }
                }
            }
            if !pod.hasRunning { finishStop(&state, uid: uid, effects: &effects) }
            effects.changed.insert(uid)
        }
        perform(effects)
    }

    /// Returns once none of the pod's containers runs (between restarts counts). See
    /// ``PodRuntime/waitUntilStopped(podUID:)``.
    public func waitUntilStopped(podUID uid: String) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let now = state.withLock { state -> Bool in
                guard let pod = state.pods[uid], pod.hasRunning else { return true }
                state.pods[uid]?.stopWaiters.append(continuation)
                return false
            }
            if now { continuation.resume() }
        }
    }

    /// The pod's phase, conditions and container states. See ``PodRuntime/status(podUID:)``.
    public func status(podUID uid: String) -> PodRuntimeStatus? {
        state.withLock { state in
            guard let pod = state.pods[uid], !pod.removed else { return nil }
            return pod.status(uid: uid)
        }
    }

    /// A container's log from `logs/<container>.log` (and its rotated part); following polls it on the clock. A pod
    /// the runtime does not know but whose log is on disk can still be read. See
    /// ``PodRuntime/logs(podUID:container:options:)``.
    public func logs(
        podUID uid: String,
        container: String,
        options: LogOptions
    ) throws(PodRuntimeError)
        -> AsyncThrowingStream<[UInt8], any Error>
    {
        let known = state.withLock { state -> Bool? in
            guard let pod = state.pods[uid], !pod.removed else { return nil }
            return pod.refs.contains { pod[$0].spec.name == container }
        }
        let log = logFile(podUID: uid, container: container)
        switch known {
        case .some(false):
            throw .unknownContainer(pod: uid, container: container)
        case .none where !FileManager.default.fileExists(atPath: log.path):
            throw .unknownPod(uid)
        default:
            break
        }
        let (stream, continuation) = AsyncThrowingStream<[UInt8], any Error>.makeStream()
        let offset = log.size()
        let head = log.tail(lines: options.tailLines, upTo: offset)
        if !head.isEmpty { continuation.yield(head) }
        guard options.follow, known == true else {
            continuation.finish()
            return stream
        }
        LogFollower(
            log: log,
            from: offset,
            clock: clock,
            interval: configuration.followPollInterval,
            isFinished: { [weak self] in self?.hasStoppedForGood(uid: uid, container: container) ?? true },
            continuation: continuation
        ).start()
        return stream
    }

    /// SIGKILLs whatever still runs, then deletes the pod's folder and cgroup; a pod known only from disk (left by
    /// an earlier daemon) is found through its records. See ``PodRuntime/remove(podUID:)``.
    public func remove(podUID uid: String) {
        var effects = Effects()
        let known = state.withLock { state -> Bool in
            guard var pod = state.pods[uid] else { return false }
            pod.removed = true
            state.pods[uid] = pod
            if pod.stopping {
                forceKill(&state, uid: uid)
                if !pod.hasRunning { finishStop(&state, uid: uid, effects: &effects) }
            }
            return true
        }
        if known {
            stop(podUID: uid, gracePeriod: .zero)
        } else {
            removeFromDisk(uid: uid)
        }
        perform(effects)
    }

    /// The pods the runtime knows, removed ones excluded.
    public var podUIDs: [String] {
        state.withLock { state in state.pods.filter { !$0.value.removed }.keys.sorted() }
    }

    // MARK: - Helpers shared by the extensions

    /// Pod uids name folders: no separators, no dot names.
    static func isValidUID(_ uid: String) -> Bool {
        !uid.isEmpty && uid != "." && uid != ".." && !uid.contains("/") && !uid.contains("\0")
    }

    /// Runs what a locked section decided, after the lock is released.
    func perform(_ effects: Effects) {
        for continuation in effects.resumes { continuation.resume() }
        for uid in effects.changed.sorted() { onChange(uid) }
    }

    /// Whether a container will write no more output: it has exited and will not be restarted, or its pod is gone.
    func hasStoppedForGood(uid: String, container: String) -> Bool {
        state.withLock { state in
            guard let pod = state.pods[uid], !pod.removed,
                let ref = pod.refs.first(where: { pod[$0].spec.name == container })
            else { return true }
            let run = pod[ref]
            switch run.run {
            case .running: return false
            case .terminated: return true
            case .waiting: return pod.stopping || (run.restartTimer == nil && run.generation > 0)
            }
        }
    }

    /// Checks running containers' logs against the cap, and again later while pods exist.
    func ensureLogTimer(_ state: inout State) {
        guard state.logTimer == nil else { return }
        state.logTimer = clock.schedule(after: configuration.logCheckInterval) { [weak self] in
            self?.rotateLogs()
        }
    }

    private func rotateLogs() {
        let logs = state.withLock { state -> [ContainerLogFile] in
            state.logTimer = nil
            var logs: [ContainerLogFile] = []
            for (uid, pod) in state.pods {
                for ref in pod.refs {
                    if case .running = pod[ref].run { logs.append(logFile(podUID: uid, container: pod[ref].spec.name)) }
                }
            }
            if !state.pods.isEmpty { ensureLogTimer(&state) }
            return logs
        }
        for log in logs { log.rotateIfNeeded(maxBytes: configuration.maxLogBytes) }
    }

    private func removeFromDisk(uid: String) {
        guard Self.isValidUID(uid) else { return }
        let directory = podDirectory(uid)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: "\(directory)/run")) ?? []
        where name.hasSuffix(".json") && name != "pod.json" {
            guard let record = ContainerRecord.load("\(directory)/run/\(name)"), let pid = record.pid,
                let ticks = record.startTicks, record.terminated == nil, ProcessLauncher.isAlive(pid, startTicks: ticks)
            else { continue }
            kill(-pid, SIGKILL)
        }
        if let cgroup = cgroups.existingPodCgroup(podUID: uid) {
            cgroup.killAll()
            cgroup.remove()
        }
        // A dying shim may still write its exit file while the folder is being emptied; try again then.
        for _ in 0..<3 where FileManager.default.fileExists(atPath: directory) {
            try? FileManager.default.removeItem(atPath: directory)
        }
    }
}
