import SkiffNode
import Testing

struct SimulatedPodRuntimeTests {
    private func pod(_ uid: String = "u1", annotations: [String: String] = [:], initContainers: [Container] = []) -> Pod
    {
        var meta = ObjectMeta(name: "sim", namespace: "default", annotations: annotations)
        meta.uid = uid
        return Pod(
            metadata: meta,
            spec: PodSpec(initContainers: initContainers, containers: [Container(name: "main", image: "trainer:1")])
        )
    }

    @Test func runsForTheAnnotatedDurationThenSucceeds() throws {
        let clock = ManualClock()
        let changes = Counter()
        let runtime = SimulatedPodRuntime(clock: clock, startupDelay: .seconds(2), onChange: changes.handler)
        try runtime.start(PodStartRequest(pod: pod(annotations: ["skiff.dev/simulate-duration": "1m30s"])))
        var status = try #require(runtime.status(podUID: "u1"))
        #expect(status.phase == .pending)
        #expect(status.containerStatuses.first?.state.waiting?.reason == "ContainerCreating")
        #expect(status.startTime == Timestamp(seconds: 1_700_000_000))

        clock.advance(by: .seconds(2))
        status = try #require(runtime.status(podUID: "u1"))
        #expect(status.phase == .running)
        #expect(status.containerStatuses.first?.state.running?.startedAt == Timestamp(seconds: 1_700_000_002))
        #expect(status.conditions[type: .ready]?.status == .true)

        clock.advance(by: .seconds(89))
        #expect(runtime.status(podUID: "u1")?.phase == .running)
        clock.advance(by: .seconds(1))
        status = try #require(runtime.status(podUID: "u1"))
        #expect(status.phase == .succeeded)
        let terminated = try #require(status.containerStatuses.first?.state.terminated)
        #expect(terminated.exitCode == 0)
        #expect(terminated.reason == "Completed")
        #expect(terminated.startedAt == Timestamp(seconds: 1_700_000_002))
        #expect(terminated.finishedAt == Timestamp(seconds: 1_700_000_092))
        #expect(status.conditions[type: .ready]?.reason == "PodCompleted")
        #expect(changes.count == 3)
    }

    @Test func runsUntilStoppedWithoutADuration() async throws {
        let clock = ManualClock()
        let runtime = SimulatedPodRuntime(clock: clock)
        try runtime.start(PodStartRequest(pod: pod()))
        clock.advance(by: .zero)
        clock.advance(by: .seconds(86_400))
        #expect(runtime.status(podUID: "u1")?.phase == .running)
        runtime.stop(podUID: "u1", gracePeriod: .seconds(30))
        await runtime.waitUntilStopped(podUID: "u1")
        let terminated = try #require(runtime.status(podUID: "u1")?.containerStatuses.first?.state.terminated)
        #expect(terminated.exitCode == 143)
        #expect(runtime.status(podUID: "u1")?.phase == .failed)
    }

    @Test func failsWithTheAnnotatedExitCode() throws {
        let clock = ManualClock()
        let runtime = SimulatedPodRuntime(clock: clock)
        try runtime.start(
            PodStartRequest(
                pod: pod(annotations: ["skiff.dev/simulate-duration": "5m", "skiff.dev/simulate-exit-code": "3"])
            )
        )
        clock.advance(by: .seconds(300))
        let status = try #require(runtime.status(podUID: "u1"))
        #expect(status.phase == .failed)
        #expect(status.containerStatuses.first?.state.terminated?.exitCode == 3)
        #expect(status.containerStatuses.first?.state.terminated?.reason == "Error")
    }

    @Test func anUnreadableAnnotationFailsThePodAndSaysWhy() throws {
        let runtime = SimulatedPodRuntime(clock: ManualClock())
        try runtime.start(PodStartRequest(pod: pod(annotations: ["skiff.dev/simulate-duration": "5 minutes"])))
        let status = try #require(runtime.status(podUID: "u1"))
        #expect(status.phase == .failed)
        #expect(status.reason == "InvalidSimulation")
        #expect(
            status.message
                == "annotation skiff.dev/simulate-duration: \"5 minutes\" is not a duration "
                + "(Go syntax, e.g. 90s, 5m, 1h30m)"
        )
    }

    @Test func initContainersCompleteWhenThePodRuns() throws {
        let clock = ManualClock()
        let runtime = SimulatedPodRuntime(clock: clock)
        try runtime.start(PodStartRequest(pod: pod(initContainers: [Container(name: "setup")])))
        #expect(runtime.status(podUID: "u1")?.initContainerStatuses.first?.state.waiting?.reason == "PodInitializing")
        clock.advance(by: .zero)
        #expect(runtime.status(podUID: "u1")?.initContainerStatuses.first?.state.terminated?.reason == "Completed")
        #expect(runtime.status(podUID: "u1")?.conditions[type: .initialized]?.status == .true)
    }

    @Test func startIsIdempotentAndRemoveForgets() throws {
        let clock = ManualClock()
        let runtime = SimulatedPodRuntime(clock: clock)
        try runtime.start(PodStartRequest(pod: pod(annotations: ["skiff.dev/simulate-duration": "10s"])))
        clock.advance(by: .seconds(5))
        try runtime.start(PodStartRequest(pod: pod(annotations: ["skiff.dev/simulate-duration": "10s"])))
        clock.advance(by: .seconds(5))
        #expect(runtime.status(podUID: "u1")?.phase == .succeeded)
        #expect(runtime.podUIDs == ["u1"])
        #expect(throws: PodRuntimeError.unknownContainer(pod: "u1", container: "x")) {
            _ = try runtime.logs(podUID: "u1", container: "x", options: LogOptions())
        }
        runtime.remove(podUID: "u1")
        #expect(runtime.status(podUID: "u1") == nil)
        #expect(runtime.podUIDs.isEmpty)
        #expect(clock.nextDeadline == nil)
    }
}
