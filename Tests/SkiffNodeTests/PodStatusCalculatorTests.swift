import SkiffNode
import Testing

struct PodStatusCalculatorTests {
    private func running(_ name: String) -> ContainerStatus {
        ContainerStatus(name: name, state: .running(since: nil), ready: true)
    }

    private func exited(_ name: String, _ code: Int32) -> ContainerStatus {
        ContainerStatus(name: name, state: .terminated(ContainerState.Terminated(exitCode: code)))
    }

    private func waiting(_ name: String, after code: Int32? = nil) -> ContainerStatus {
        ContainerStatus(
            name: name,
            state: .waiting(reason: code == nil ? "PodInitializing" : "CrashLoopBackOff"),
            lastState: code.map { .terminated(ContainerState.Terminated(exitCode: $0)) } ?? ContainerState()
        )
    }

    private func phase(
        _ policy: RestartPolicy,
        _ containers: [ContainerStatus],
        initContainers: [ContainerStatus] = []
    )
        -> PodPhase
    {
        PodStatusCalculator.phase(restartPolicy: policy, initContainers: initContainers, containers: containers)
    }

    // Cases after kubelet_pods_test.go's TestPodPhaseWithRestart*.
    @Test func derivesThePhaseAsTheKubeletDoes() {
        #expect(phase(.always, [running("a"), running("b")]) == .running)
        #expect(phase(.always, [running("a"), exited("b", 0)]) == .running)
        #expect(phase(.always, [exited("a", 0), exited("b", 1)]) == .running)
        #expect(phase(.always, [running("a"), waiting("b")]) == .pending)
        #expect(phase(.always, [running("a"), waiting("b", after: 1)]) == .running)
        #expect(phase(.never, [exited("a", 0), exited("b", 0)]) == .succeeded)
        #expect(phase(.never, [exited("a", 0), exited("b", 2)]) == .failed)
        #expect(phase(.never, [running("a"), exited("b", 2)]) == .running)
        #expect(phase(.onFailure, [exited("a", 0), exited("b", 0)]) == .succeeded)
        #expect(phase(.onFailure, [exited("a", 0), exited("b", 1)]) == .running)
        #expect(phase(.onFailure, [waiting("a", after: 1)]) == .running)
        #expect(phase(.never, []) == .pending)
    }

    @Test func aTerminatedPodEndsSucceededOrFailedWhateverItsPolicy() {
        func terminal(_ containers: [ContainerStatus]) -> PodPhase {
            PodStatusCalculator.phase(
                restartPolicy: .always,
                initContainers: [],
                containers: containers,
                isTerminal: true
            )
        }
        #expect(terminal([exited("a", 0), exited("b", 0)]) == .succeeded)
        #expect(terminal([exited("a", 0), exited("b", 143)]) == .failed)
        #expect(terminal([waiting("a", after: 0)]) == .failed)
        #expect(terminal([waiting("a")]) == .failed)
    }

    @Test func initContainersHoldThePodPending() {
        #expect(phase(.always, [waiting("a")], initContainers: [running("init")]) == .pending)
        #expect(phase(.always, [running("a")], initContainers: [exited("init", 0)]) == .running)
        #expect(phase(.never, [waiting("a")], initContainers: [exited("init", 1)]) == .failed)
        #expect(phase(.onFailure, [waiting("a")], initContainers: [waiting("init", after: 1)]) == .pending)
    }

    @Test func writesConditionsAsTheKubeletDoes() {
        let pending = PodStatusCalculator.conditions(
            phase: .pending,
            initContainers: [running("init")],
            containers: [waiting("a"), waiting("b")]
        )
        #expect(pending.map(\.type) == [.initialized, .containersReady, .ready])
        #expect(pending[0].status == .false)
        #expect(pending[0].message == "containers with incomplete status: [init]")
        #expect(pending[1].reason == "ContainersNotReady")
        #expect(pending[2].message == "containers with unready status: [a b]")

        let running = PodStatusCalculator.conditions(
            phase: .running,
            initContainers: [],
            containers: [self.running("a")]
        )
        #expect(running.allSatisfy { $0.status == .true })

        let done = PodStatusCalculator.conditions(phase: .succeeded, initContainers: [], containers: [exited("a", 0)])
        #expect(done[2].status == .false)
        #expect(done[2].reason == "PodCompleted")
    }

    @Test func runtimeStatusIsWrittenIntoAPodKeepingTransitionTimes() {
        let first = PodRuntimeStatus(
            phase: .running,
            startTime: Timestamp(seconds: 5),
            conditions: [PodCondition(type: .ready, status: .true)],
            containerStatuses: [running("a")]
        )
        var status = PodStatus(phase: .pending, conditions: [PodCondition(type: .podScheduled, status: .true)])
        #expect(first.apply(to: &status, now: Timestamp(seconds: 10)))
        #expect(status.phase == .running)
        #expect(status.startTime == Timestamp(seconds: 5))
        #expect(status.conditions.map(\.type) == [.podScheduled, .ready])
        #expect(!first.apply(to: &status, now: Timestamp(seconds: 20)))
        #expect(status.conditions[type: .ready]?.lastTransitionTime == Timestamp(seconds: 10))
    }
}
