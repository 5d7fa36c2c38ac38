import Foundation
import SkiffNode
import Testing

/// A daemon restart, simulated by a second runtime over the first one's state directory.
struct ProcessPodRuntimeRecoveryTests {
    private typealias H = RuntimeHarness

    @Test func aRestartedDaemonFindsARunningContainerAgainAndLearnsHowItEnded() async throws {
        let dir = try TemporaryDirectory("skiff-recovery")
        defer { dir.remove() }
        let first = ProcessPodRuntime(configuration: ProcessPodRuntimeConfiguration(stateDirectory: dir.path))
        let pod = H.pod(containers: [H.shell("main", "echo up > up; while [ ! -f go ]; do sleep 0.02; done; exit 7")])
        let uid = pod.metadata.uid
        try first.start(PodStartRequest(pod: pod))
        #expect(await FileSignal(path: "\(first.podDirectory(uid))/work/up").wait())
        let before = try #require(first.status(podUID: uid)?.containerStatuses.first)

        let changes = ChangeSignal()
        let second = ProcessPodRuntime(
            configuration: ProcessPodRuntimeConfiguration(
                stateDirectory: dir.path,
                adoptedPollInterval: .milliseconds(20)
            ),
            onChange: changes.handler
        )
        try second.start(PodStartRequest(pod: pod))
        let adopted = try #require(second.status(podUID: uid)?.containerStatuses.first)
        #expect(adopted.state.running?.startedAt == before.state.running?.startedAt)
        #expect(adopted.containerID == before.containerID)
        #expect(second.status(podUID: uid)?.startTime == first.status(podUID: uid)?.startTime)

        _ = FileManager.default.createFile(atPath: "\(second.podDirectory(uid))/work/go", contents: nil)
        await changes.wait { second.status(podUID: uid)?.phase == .failed }
        let terminated = try #require(second.status(podUID: uid)?.containerStatuses.first?.state.terminated)
        #expect(terminated.exitCode == 7)
        #expect(terminated.reason == "Error")
        second.remove(podUID: uid)
        first.remove(podUID: uid)
    }

    @Test func aContainerThatVanishedWithoutAWordIsReportedAsTheKubeletDoes() throws {
        let h = try H()
        defer { h.remove() }
        let pod = H.pod(containers: [H.shell("main", "sleep 600")])
        let uid = pod.metadata.uid
        try writeRecord(
            h,
            uid: uid,
            container: "main",
            json: #"{"pid":999999,"startTicks":1,"startedAt":100,"restartCount":0}"#
        )
        try h.runtime.start(PodStartRequest(pod: pod))
        h.clock.advance(by: .zero)
        let status = try #require(h.runtime.status(podUID: uid))
        let terminated = try #require(status.containerStatuses.first?.state.terminated)
        #expect(terminated.exitCode == 137)
        #expect(terminated.reason == "ContainerStatusUnknown")
        #expect(terminated.message == "The container could not be located when the pod was terminated")
        #expect(terminated.startedAt == Timestamp(seconds: 100))
        #expect(status.phase == .failed)
        #expect(status.reason == "Lost")
    }

    @Test func aStartedPodWhoseRecordsAreGoneIsLostAndNotStartedAgain() throws {
        let h = try H()
        defer { h.remove() }
        var pod = H.pod(containers: [H.shell("main", "echo ran > ran"), H.shell("side", "true")])
        let uid = pod.metadata.uid
        // What the store says after a restart: running, and one container already finished.
        pod.status.phase = .running
        pod.status.containerStatuses = [
            ContainerStatus(
                name: "main",
                state: ContainerState(running: ContainerState.Running(startedAt: Timestamp(seconds: 50)))
            ),
            ContainerStatus(
                name: "side",
                state: ContainerState(terminated: ContainerState.Terminated(exitCode: 0, reason: "Completed"))
            ),
        ]
        try h.runtime.start(PodStartRequest(pod: pod))
        h.clock.advance(by: .zero)
        let status = try #require(h.runtime.status(podUID: uid))
        #expect(status.phase == .failed)
        #expect(status.reason == "Lost")
        let main = try #require(status.containerStatuses.first?.state.terminated)
        #expect(main.exitCode == 137)
        #expect(main.reason == "ContainerStatusUnknown")
        #expect(main.startedAt == Timestamp(seconds: 50))
        #expect(status.containerStatuses.last?.state.terminated?.reason == "Completed")
        #expect(!FileManager.default.fileExists(atPath: "\(h.runtime.podDirectory(uid))/work/ran"))
    }

    @Test func aPodThatNeverStartedStartsNormallyWithoutRecords() async throws {
        let h = try H()
        defer { h.remove() }
        var pod = H.pod(containers: [H.shell("main", "exit 0")])
        pod.status.phase = .pending
        let uid = pod.metadata.uid
        try h.runtime.start(PodStartRequest(pod: pod))
        await h.changes.wait { h.runtime.status(podUID: uid)?.phase == .succeeded }
        #expect(h.runtime.status(podUID: uid)?.reason == "")
    }

    @Test func anExitWrittenByTheShimWhileTheDaemonWasDownIsKept() throws {
        let h = try H()
        defer { h.remove() }
        let pod = H.pod(containers: [H.shell("main", "sleep 600")])
        let uid = pod.metadata.uid
        try writeRecord(
            h,
            uid: uid,
            container: "main",
            json: #"{"pid":999999,"startTicks":1,"startedAt":100,"restartCount":2}"#
        )
        try "0\n".write(toFile: "\(h.runtime.podDirectory(uid))/run/main.exit", atomically: true, encoding: .utf8)
        try h.runtime.start(PodStartRequest(pod: pod))
        h.clock.advance(by: .zero)
        let container = try #require(h.runtime.status(podUID: uid)?.containerStatuses.first)
        #expect(container.state.terminated?.exitCode == 0)
        #expect(container.state.terminated?.reason == "Completed")
        #expect(container.restartCount == 2)
        #expect(h.runtime.status(podUID: uid)?.phase == .succeeded)
    }

    @Test func aContainerThatEndedWhileTheDaemonWasDownIsRestartedAsItsPolicySays() async throws {
        let h = try H()
        defer { h.remove() }
        let pod = H.pod(restartPolicy: .always, containers: [H.shell("main", "echo again")])
        let uid = pod.metadata.uid
        try writeRecord(
            h,
            uid: uid,
            container: "main",
            json: #"{"restartCount":0,"terminated":{"exitCode":1,"signal":0,"reason":"Error","message":"","#
                + #""containerID":"skiff://1"}}"#
        )
        try h.runtime.start(PodStartRequest(pod: pod))
        let waiting = try #require(h.runtime.status(podUID: uid)?.containerStatuses.first)
        #expect(waiting.state.waiting?.reason == "CrashLoopBackOff")
        #expect(waiting.lastState.terminated?.exitCode == 1)
        h.clock.advance(by: .seconds(10))
        // Restarted, ran, and waiting for its next back-off (restartPolicy Always restarts after success too).
        await h.changes.wait {
            guard let container = h.runtime.status(podUID: uid)?.containerStatuses.first else { return false }
            return container.restartCount == 1 && container.state.waiting != nil
        }
        #expect(h.runtime.status(podUID: uid)?.containerStatuses.first?.lastState.terminated?.exitCode == 0)
        h.runtime.stop(podUID: uid, gracePeriod: .zero)
        await h.waitUntilStopped(uid)
        let log = try await h.log(uid, "main")
        #expect(log == "again\n")
    }

    @Test func removingAPodTheDaemonNoLongerKnowsKillsItAndDeletesItsFiles() async throws {
        let dir = try TemporaryDirectory("skiff-orphan")
        defer { dir.remove() }
        let changes = ChangeSignal()
        let first = ProcessPodRuntime(
            configuration: ProcessPodRuntimeConfiguration(stateDirectory: dir.path),
            onChange: changes.handler
        )
        let pod = H.pod(containers: [H.shell("main", "echo up > up; sleep 600")])
        let uid = pod.metadata.uid
        try first.start(PodStartRequest(pod: pod))
        #expect(await FileSignal(path: "\(first.podDirectory(uid))/work/up").wait())

        let second = ProcessPodRuntime(configuration: ProcessPodRuntimeConfiguration(stateDirectory: dir.path))
        #expect(second.podUIDsOnDisk() == [uid])
        #expect(second.podUIDs.isEmpty)
        second.remove(podUID: uid)
        #expect(second.podUIDsOnDisk().isEmpty)
        await changes.wait { first.status(podUID: uid)?.containerStatuses.first?.state.terminated != nil }
        #expect(first.status(podUID: uid)?.containerStatuses.first?.state.terminated?.exitCode == 137)
    }

    private func writeRecord(_ h: H, uid: String, container: String, json: String) throws {
        let run = "\(h.runtime.podDirectory(uid))/run"
        try FileManager.default.createDirectory(atPath: run, withIntermediateDirectories: true)
        try json.write(toFile: "\(run)/\(container).json", atomically: true, encoding: .utf8)
    }
}
