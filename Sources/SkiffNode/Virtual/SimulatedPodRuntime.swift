import Synchronization

/// Runs the pods of declared (virtual) nodes as a simulation driven by the injected clock: a pod is `Pending`
/// (containers `ContainerCreating`) for the start-up delay, then `Running`, then, after the duration in its
/// ``SimulationAnnotations/duration`` annotation, `Succeeded` (or `Failed` with the exit code in
/// ``SimulationAnnotations/exitCode``); without a duration it runs until it is stopped. The simulation models one
/// run: `restartPolicy` is not simulated. A pod whose annotation cannot be read fails at once and says why.
public final class SimulatedPodRuntime: PodRuntime {
    private let clock: any Clock
    private let startupDelay: Duration
    private let onChange: @Sendable (String) -> Void
    private let state = Mutex([String: SimulatedPod]())

    private enum Stage: Sendable {
        case pending
        case running(since: Timestamp)
        case finished(ContainerState.Terminated, startedAt: Timestamp?)
        case rejected(reason: String, message: String)
    }

    private struct SimulatedPod: Sendable {
        var pod: Pod
        var startTime: Timestamp
        var stage: Stage = .pending
        var timer: ScheduledWork?
        var stopWaiters: [CheckedContinuation<Void, Never>] = []

        var isRunning: Bool {
            if case .running = stage { return true }
            return false
        }
    }

    /// A simulation on `clock`.
    /// - Parameters:
    ///   - startupDelay: How long a pod stays `Pending` before it runs (zero: on the clock's next turn).
    ///   - onChange: Called with a pod's uid after its state changed, never while the runtime holds its lock.
    public init(
        clock: any Clock,
        startupDelay: Duration = .zero,
        onChange: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.clock = clock
        self.startupDelay = startupDelay
        self.onChange = onChange
    }

    /// Begins the simulation: `Pending` now, `Running` after the start-up delay. See ``PodRuntime/start(_:)``.
    public func start(_ request: PodStartRequest) throws(PodRuntimeError) {
        let pod = request.pod
        let uid = pod.metadata.uid
        guard !uid.isEmpty else { throw .invalidPod("the pod has no uid") }
        guard !pod.spec.containers.isEmpty else { throw .invalidPod("the pod has no containers") }
        let now = clock.timestamp
        let plan = Self.plan(for: pod)
        let started = state.withLock { pods -> Bool in
            guard pods[uid] == nil else { return false }
            var simulated = SimulatedPod(pod: pod, startTime: now)
            switch plan {
            case .failure(let problem):
                simulated.stage = .rejected(reason: "InvalidSimulation", message: problem.message)
            case .success:
                simulated.timer = clock.schedule(after: startupDelay) { [weak self] in self?.run(uid: uid) }
            }
            pods[uid] = simulated
            return true
        }
        if started { onChange(uid) }
    }

    /// Ends the simulated run at once (a simulated workload honours SIGTERM): exit code 143, or 137 for a pod that
    /// had not started. See ``PodRuntime/stop(podUID:gracePeriod:)``.
    public func stop(podUID uid: String, gracePeriod: Duration) {
        let resumes = state.withLock { pods -> [CheckedContinuation<Void, Never>]? in
            guard var pod = pods[uid] else { return nil }
            pod.timer?.cancel()
            pod.timer = nil
            switch pod.stage {
            case .pending:
                pod.stage = .finished(
                    ContainerState.Terminated(exitCode: 137, reason: "Error", message: "stopped before it started"),
                    startedAt: nil
                )
            case .running(let since):
                // A simulated workload honours SIGTERM at once, as a well-behaved process does.
                pod.stage = .finished(
                    ContainerState.Terminated(
                        exitCode: 143,
                        reason: "Error",
                        message: "stopped",
                        startedAt: since,
                        finishedAt: clock.timestamp
                    ),
                    startedAt: since
                )
            case .finished, .rejected:
                return nil
            }
            let waiters = pod.stopWaiters
            pod.stopWaiters = []
            pods[uid] = pod
            return waiters
        }
        guard let resumes else { return }
        for continuation in resumes { continuation.resume() }
        onChange(uid)
    }

    /// Returns once the pod is not running. See ``PodRuntime/waitUntilStopped(podUID:)``.
    public func waitUntilStopped(podUID uid: String) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let now = state.withLock { pods -> Bool in
                guard let pod = pods[uid], pod.isRunning else { return true }
                pods[uid]?.stopWaiters.append(continuation)
                return false
            }
            if now { continuation.resume() }
        }
    }

    /// The simulated phase, conditions and container states. See ``PodRuntime/status(podUID:)``.
    public func status(podUID uid: String) -> PodRuntimeStatus? {
        state.withLock { pods in pods[uid].map(Self.status) }
    }

    /// An empty log: simulated containers write nothing. See ``PodRuntime/logs(podUID:container:options:)``.
    public func logs(
        podUID uid: String,
        container: String,
        options: LogOptions
    ) throws(PodRuntimeError)
        -> AsyncThrowingStream<[UInt8], any Error>
    {
        let known = state.withLock { pods -> Bool? in
            guard let pod = pods[uid] else { return nil }
            return (pod.pod.spec.initContainers + pod.pod.spec.containers).contains { $0.name == container }
        }
        guard let known else { throw .unknownPod(uid) }
        guard known else { throw .unknownContainer(pod: uid, container: container) }
        // A simulated container writes nothing.
        return AsyncThrowingStream { $0.finish() }
    }

    /// Forgets the pod and cancels its timers. See ``PodRuntime/remove(podUID:)``.
    public func remove(podUID uid: String) {
        let removed = state.withLock { pods -> SimulatedPod? in pods.removeValue(forKey: uid) }
        guard let removed else { return }
        removed.timer?.cancel()
        for continuation in removed.stopWaiters { continuation.resume() }
        onChange(uid)
    }

    /// The pods the simulation knows.
    public var podUIDs: [String] {
        state.withLock { $0.keys.sorted() }
    }

    // MARK: - The simulation

    private struct Plan {
        var duration: Duration?
        var exitCode: Int32
    }

    private struct PlanProblem: Error {
        var message: String
    }

    private static func plan(for pod: Pod) -> Result<Plan, PlanProblem> {
        let annotations = pod.metadata.annotations
        var plan = Plan(duration: nil, exitCode: 0)
        if let text = annotations[SimulationAnnotations.duration] {
            guard let duration = GoDuration.parse(text), duration >= .zero else {
                return .failure(
                    PlanProblem(
                        message: "annotation \(SimulationAnnotations.duration): \"\(text)\" is not a duration "
                            + "(Go syntax, e.g. 90s, 5m, 1h30m)"
                    )
                )
            }
            plan.duration = duration
        }
        if let text = annotations[SimulationAnnotations.exitCode] {
            guard let code = Int32(text), (0...255).contains(code) else {
                return .failure(
                    PlanProblem(
                        message: "annotation \(SimulationAnnotations.exitCode): \"\(text)\" is not an exit code (0-255)"
                    )
                )
            }
            plan.exitCode = code
        }
        return .success(plan)
    }

    private func run(uid: String) {
        let changed = state.withLock { pods -> Bool in
            guard var pod = pods[uid], case .pending = pod.stage, case .success(let plan) = Self.plan(for: pod.pod)
            else { return false }
            let since = clock.timestamp
            pod.stage = .running(since: since)
            pod.timer = plan.duration.map { duration in
                clock.schedule(after: duration) { [weak self] in self?.complete(uid: uid, exitCode: plan.exitCode) }
            }
            pods[uid] = pod
            return true
        }
        if changed { onChange(uid) }
    }

    private func complete(uid: String, exitCode: Int32) {
        let resumes = state.withLock { pods -> [CheckedContinuation<Void, Never>]? in
            guard var pod = pods[uid], case .running(let since) = pod.stage else { return nil }
            pod.stage = .finished(
                ContainerState.Terminated(
                    exitCode: exitCode,
                    reason: exitCode == 0 ? "Completed" : "Error",
                    startedAt: since,
                    finishedAt: clock.timestamp
                ),
                startedAt: since
            )
            pod.timer = nil
            let waiters = pod.stopWaiters
            pod.stopWaiters = []
            pods[uid] = pod
            return waiters
        }
        guard let resumes else { return }
        for continuation in resumes { continuation.resume() }
        onChange(uid)
    }

    private static func status(of simulated: SimulatedPod) -> PodRuntimeStatus {
        let spec = simulated.pod.spec
        let uid = simulated.pod.metadata.uid
        func statuses(_ containers: [Container], initContainers: Bool) -> [ContainerStatus] {
            containers.map { container in
                var status = ContainerStatus(name: container.name, image: container.image)
                let id = "simulated://\(uid)/\(container.name)"
                switch simulated.stage {
                case .pending:
                    status.state = .waiting(reason: initContainers ? "PodInitializing" : "ContainerCreating")
                case .rejected(let reason, let message):
                    status.state = .waiting(reason: reason, message: message)
                case .running(let since):
                    if initContainers {
                        status.state = .terminated(
                            ContainerState.Terminated(
                                exitCode: 0,
                                reason: "Completed",
                                startedAt: since,
                                finishedAt: since,
                                containerID: id
                            )
                        )
                    } else {
                        status.state = .running(since: since)
                        status.ready = true
                        status.started = true
                    }
                    status.containerID = id
                case .finished(var terminated, let startedAt):
                    if initContainers && startedAt != nil {
                        terminated = ContainerState.Terminated(
                            exitCode: 0,
                            reason: "Completed",
                            startedAt: startedAt,
                            finishedAt: startedAt
                        )
                    }
                    if startedAt != nil { terminated.containerID = id }
                    status.state = .terminated(terminated)
                    status.containerID = terminated.containerID
                    status.started = false
                }
                return status
            }
        }
        let initStatuses = statuses(spec.initContainers, initContainers: true)
        let containerStatuses = statuses(spec.containers, initContainers: false)
        let phase: PodPhase
        var reason = ""
        var message = ""
        switch simulated.stage {
        case .pending: phase = .pending
        case .running: phase = .running
        case .finished(let terminated, _): phase = terminated.exitCode == 0 ? .succeeded : .failed
        case .rejected(let why, let text):
            phase = .failed
            reason = why
            message = text
        }
        return PodRuntimeStatus(
            phase: phase,
            reason: reason,
            message: message,
            startTime: simulated.startTime,
            conditions: PodStatusCalculator.conditions(
                phase: phase,
                initContainers: initStatuses,
                containers: containerStatuses
            ),
            initContainerStatuses: initStatuses,
            containerStatuses: containerStatuses
        )
    }
}
