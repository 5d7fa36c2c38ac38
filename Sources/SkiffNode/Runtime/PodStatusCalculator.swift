/// The pod phase and conditions the kubelet derives from its containers' states (`getPhase` and the condition
/// generators of `pkg/kubelet/status`), for runtimes without readiness probes (a running container is ready).
public enum PodStatusCalculator {
    /// The phase for the given container statuses under `restartPolicy`. A terminal pod (stopped for good, nothing
    /// running) is `Succeeded` when every container exited 0 and `Failed` otherwise, whatever its restart policy, as
    /// the kubelet decides for a pod it has terminated.
    public static func phase(
        restartPolicy: RestartPolicy,
        initContainers: [ContainerStatus],
        containers: [ContainerStatus],
        isTerminal: Bool = false
    ) -> PodPhase {
        var pendingInit = 0
        var failedInit = 0
        for status in initContainers {
            if status.state.running != nil {
                pendingInit += 1
            } else if let terminated = status.state.terminated {
                if terminated.exitCode != 0 { failedInit += 1 }
            } else if status.state.waiting != nil, let last = status.lastState.terminated {
                if last.exitCode != 0 { failedInit += 1 }
            } else {
                pendingInit += 1
            }
        }
        var unknown = 0
        var running = 0
        var waiting = 0
        var stopped = 0
        var succeeded = 0
        for status in containers {
            if status.state.running != nil {
                running += 1
            } else if let terminated = status.state.terminated {
                stopped += 1
                if terminated.exitCode == 0 { succeeded += 1 }
            } else if status.state.waiting != nil {
                if status.lastState.terminated != nil { stopped += 1 } else { waiting += 1 }
            } else {
                unknown += 1
            }
        }
        if isTerminal && running == 0 && pendingInit == 0 {
            return stopped > 0 && stopped == succeeded && waiting == 0 && unknown == 0 ? .succeeded : .failed
        }
        if failedInit > 0 && restartPolicy == .never { return .failed }
        if pendingInit > 0 || waiting > 0 { return .pending }
        if running > 0 && unknown == 0 { return .running }
        if running == 0 && stopped > 0 && unknown == 0 {
            if restartPolicy == .always { return .running }
            if stopped == succeeded { return .succeeded }
            if restartPolicy == .never { return .failed }
            return .running
        }
        return .pending
    }

    /// `Initialized`, `ContainersReady` and `Ready` as the kubelet writes them.
    public static func conditions(
        phase: PodPhase,
        initContainers: [ContainerStatus],
        containers: [ContainerStatus]
    ) -> [PodCondition] {
        let incomplete = initContainers.filter { $0.state.terminated?.exitCode != 0 }.map(\.name)
        let initialized =
            incomplete.isEmpty || phase == .succeeded
            ? PodCondition(type: .initialized, status: .true)
            : PodCondition(
                type: .initialized,
                status: .false,
                reason: "ContainersNotInitialized",
                message: "containers with incomplete status: [\(incomplete.joined(separator: " "))]"
            )
        let unready = containers.filter { !$0.ready }.map(\.name)
        let ready: (ConditionStatus, String, String)
        if phase.isTerminal {
            ready = (.false, "PodCompleted", "")
        } else if unready.isEmpty && !containers.isEmpty {
            ready = (.true, "", "")
        } else {
            ready = (
                .false, "ContainersNotReady", "containers with unready status: [\(unready.joined(separator: " "))]"
            )
        }
        return [
            initialized,
            PodCondition(type: .containersReady, status: ready.0, reason: ready.1, message: ready.2),
            PodCondition(type: .ready, status: ready.0, reason: ready.1, message: ready.2),
        ]
    }
}
