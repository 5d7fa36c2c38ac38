import Foundation
import SkiffNode
import Testing

struct ProcessPodRuntimeTests {
    private typealias H = RuntimeHarness

    @Test func runsAContainerToCompletionWithItsOutputLogged() async throws {
        let h = try H()
        defer { h.remove() }
        let pod = H.pod(containers: [H.shell("main", "echo hello; echo oops >&2")])
        try h.runtime.start(PodStartRequest(pod: pod))
        await h.waitUntilStopped(pod.metadata.uid)
        let status = try #require(h.runtime.status(podUID: pod.metadata.uid))
        #expect(status.phase == .succeeded)
        let terminated = try #require(status.containerStatuses.first?.state.terminated)
        #expect(terminated.exitCode == 0)
        #expect(terminated.reason == "Completed")
        #expect(terminated.startedAt != nil && terminated.finishedAt != nil)
        #expect(terminated.containerID.hasPrefix("skiff://"))
        #expect(status.startTime != nil)
        #expect(status.conditions[type: .ready]?.reason == "PodCompleted")
        #expect(status.conditions[type: .limitsEnforced]?.status == .true)
        let mainLog = try await h.log(pod.metadata.uid, "main")
        #expect(mainLog == "hello\noops\n")
    }

    // `$$` is Kubernetes' escape for `$`, so a shell's `$$` is written `$$$$`.
    @Test(arguments: [
        ("exit 3", Int32(3), PodPhase.failed),
        ("kill -9 $$$$", Int32(137), PodPhase.failed),
        ("kill -15 $$$$", Int32(143), PodPhase.failed),
        ("true", Int32(0), PodPhase.succeeded),
    ])
    func reportsExitCodesAsKubernetesDoes(script: String, exitCode: Int32, phase: PodPhase) async throws {
        let h = try H()
        defer { h.remove() }
        let pod = H.pod(containers: [H.shell("main", script)])
        try h.runtime.start(PodStartRequest(pod: pod))
        await h.waitUntilStopped(pod.metadata.uid)
        let status = try #require(h.runtime.status(podUID: pod.metadata.uid))
        #expect(status.phase == phase)
        let terminated = try #require(status.containerStatuses.first?.state.terminated)
        #expect(terminated.exitCode == exitCode)
        #expect(terminated.reason == (exitCode == 0 ? "Completed" : "Error"))
    }

    @Test func givesEachContainerItsEnvironmentAndDevices() async throws {
        let h = try H()
        defer { h.remove() }
        let print =
            "echo \"$GREETING|$TEAM|$CUDA_VISIBLE_DEVICES|$NVIDIA_VISIBLE_DEVICES|${CUDA_VISIBLE_DEVICES-unset}|"
            + "$HOSTNAME|$SKIFF_POD_NAMESPACE|$RANK\""
        var gpu = H.shell("gpu", print, limits: ["nvidia.com/gpu": "2"])
        gpu.env = [
            EnvVar(name: "TEAM", value: "ml"), EnvVar(name: "GREETING", value: "hi $(TEAM)"),
            EnvVar(name: "RANK", value: "9"),
        ]
        let cpu = H.shell("cpu", print)
        let pod = H.pod(name: "trainer", containers: [gpu, cpu])
        try h.runtime.start(
            PodStartRequest(pod: pod, gpuDevices: ["1", "3"], environment: [EnvVar(name: "RANK", value: "0")])
        )
        await h.waitUntilStopped(pod.metadata.uid)
        let gpuLog = try await h.log(pod.metadata.uid, "gpu")
        #expect(gpuLog == "hi ml|ml|1,3|1,3|1,3|trainer|default|0\n")
        let cpuLog = try await h.log(pod.metadata.uid, "cpu")
        #expect(cpuLog == "|||void||trainer|default|0\n")
    }

    @Test func composesCommandsAndArgsAndExpandsVariables() async throws {
        let h = try H()
        defer { h.remove() }
        var vector = Container(name: "vector", command: ["printf", "%s|%s\\n"], args: ["a b", "$(WHO) $$(WHO)"])
        vector.env = [EnvVar(name: "WHO", value: "me")]
        let line = Container(name: "line", command: ["echo one && echo two"])
        let pod = H.pod(containers: [vector, line])
        try h.runtime.start(PodStartRequest(pod: pod))
        await h.waitUntilStopped(pod.metadata.uid)
        let vectorLog = try await h.log(pod.metadata.uid, "vector")
        #expect(vectorLog == "a b|me $(WHO)\n")
        let lineLog = try await h.log(pod.metadata.uid, "line")
        #expect(lineLog == "one\ntwo\n")
    }

    @Test func runsInThePodsWorkingDirectory() async throws {
        let h = try H()
        defer { h.remove() }
        var relative = H.shell("relative", "pwd")
        relative.workingDir = "sub/dir"
        let pod = H.pod(containers: [H.shell("main", "pwd; cat"), relative])
        try h.runtime.start(PodStartRequest(pod: pod))
        await h.waitUntilStopped(pod.metadata.uid)
        let work = "\(h.runtime.podDirectory(pod.metadata.uid))/work"
        let mainLog = try await h.log(pod.metadata.uid, "main")
        #expect(mainLog == "\(work)\n")
        let relativeLog = try await h.log(pod.metadata.uid, "relative")
        #expect(relativeLog == "\(work)/sub/dir\n")
    }

    @Test func containerProcessesHoldNothingButTheirStandardStreams() async throws {
        let h = try H()
        defer { h.remove() }
        let pod = H.pod(containers: [H.shell("main", "echo up > up; sleep 600")])
        let uid = pod.metadata.uid
        try h.runtime.start(PodStartRequest(pod: pod))
        #expect(await waitForFile("\(h.runtime.podDirectory(uid))/work/up"))
        let container = try #require(h.runtime.status(podUID: uid)?.containerStatuses.first)
        let shim = try #require(Int32(container.containerID.dropFirst("skiff://".count)))
        var processes = [shim]
        var index = 0
        while index < processes.count {
            let children =
                (try? String(
                    contentsOfFile: "/proc/\(processes[index])/task/\(processes[index])/children",
                    encoding: .utf8
                )) ?? ""
            processes += children.split(separator: " ").compactMap { Int32($0) }
            index += 1
        }
        #expect(processes.count >= 2)
        for pid in processes {
            let descriptors = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd").compactMap(
                Int.init
            ).sorted()
            #expect(descriptors == [0, 1, 2], "process \(pid)")
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/0") == "/dev/null")
        }
        h.runtime.stop(podUID: uid, gracePeriod: .zero)
        await h.waitUntilStopped(uid)
    }

    @Test func runsInitContainersInOrderBeforeTheContainers() async throws {
        let h = try H()
        defer { h.remove() }
        let pod = H.pod(
            containers: [H.shell("main", "cat steps")],
            initContainers: [H.shell("first", "echo first > steps"), H.shell("second", "echo second >> steps")]
        )
        try h.runtime.start(PodStartRequest(pod: pod))
        await h.changes.wait { h.runtime.status(podUID: pod.metadata.uid)?.phase == .succeeded }
        let status = try #require(h.runtime.status(podUID: pod.metadata.uid))
        #expect(status.initContainerStatuses.map { $0.state.terminated?.reason } == ["Completed", "Completed"])
        #expect(status.conditions[type: .initialized]?.status == .true)
        let mainLog = try await h.log(pod.metadata.uid, "main")
        #expect(mainLog == "first\nsecond\n")
    }

    @Test func aFailedInitContainerFailsAPodThatNeverRestarts() async throws {
        let h = try H()
        defer { h.remove() }
        let pod = H.pod(containers: [H.shell("main", "true")], initContainers: [H.shell("init", "exit 2")])
        try h.runtime.start(PodStartRequest(pod: pod))
        await h.changes.wait { h.runtime.status(podUID: pod.metadata.uid)?.phase == .failed }
        let status = try #require(h.runtime.status(podUID: pod.metadata.uid))
        #expect(status.containerStatuses.first?.state.waiting?.reason == "PodInitializing")
        #expect(status.conditions[type: .initialized]?.message == "containers with incomplete status: [init]")
    }

    @Test func restartsAFailedContainerAfterTheBackOff() async throws {
        let h = try H()
        defer { h.remove() }
        let pod = H.pod(
            restartPolicy: .onFailure,
            containers: [
                H.shell("main", "if [ -f marker ]; then echo second; exit 0; fi; touch marker; echo first; exit 1")
            ]
        )
        let uid = pod.metadata.uid
        try h.runtime.start(PodStartRequest(pod: pod))
        await h.changes.wait { h.runtime.status(podUID: uid)?.containerStatuses.first?.state.waiting != nil }
        var container = try #require(h.runtime.status(podUID: uid)?.containerStatuses.first)
        #expect(container.state.waiting?.reason == "CrashLoopBackOff")
        #expect(
            container.state.waiting?.message == "back-off 10s restarting failed container=main pod=p_default(\(uid))"
        )
        #expect(container.lastState.terminated?.exitCode == 1)
        #expect(container.restartCount == 0)
        #expect(h.runtime.status(podUID: uid)?.phase == .running)

        h.clock.advance(by: .seconds(10))
        await h.changes.wait { h.runtime.status(podUID: uid)?.phase == .succeeded }
        container = try #require(h.runtime.status(podUID: uid)?.containerStatuses.first)
        #expect(container.restartCount == 1)
        #expect(container.state.terminated?.exitCode == 0)
        #expect(container.lastState.terminated?.exitCode == 1)
        let mainLog = try await h.log(uid, "main")
        #expect(mainLog == "first\nsecond\n")
    }

    @Test func aContainerWithNothingToRunIsAStartError() async throws {
        let h = try H()
        defer { h.remove() }
        let pod = H.pod(containers: [Container(name: "empty")])
        try h.runtime.start(PodStartRequest(pod: pod))
        let status = try #require(h.runtime.status(podUID: pod.metadata.uid))
        #expect(status.phase == .failed)
        #expect(status.containerStatuses.first?.state.terminated?.exitCode == 128)
        #expect(status.containerStatuses.first?.state.terminated?.reason == "StartError")
    }

    @Test func refusesPodsItCannotRun() throws {
        let h = try H()
        defer { h.remove() }
        var pod = H.pod("", containers: [H.shell("main", "true")])
        #expect(throws: PodRuntimeError.self) { try h.runtime.start(PodStartRequest(pod: pod)) }
        pod = H.pod("../x", containers: [H.shell("main", "true")])
        #expect(throws: PodRuntimeError.self) { try h.runtime.start(PodStartRequest(pod: pod)) }
        pod = H.pod(containers: [])
        #expect(throws: PodRuntimeError.invalidPod("the pod has no containers")) {
            try h.runtime.start(PodStartRequest(pod: pod))
        }
    }

    @Test func stopSendsTERMToTheWholeProcessTree() async throws {
        let h = try H()
        defer { h.remove() }
        let pod = H.pod(containers: [H.shell("main", "sleep 600 & echo $! > child; echo started; wait")])
        let uid = pod.metadata.uid
        try h.runtime.start(PodStartRequest(pod: pod))
        let childFile = "\(h.runtime.podDirectory(uid))/work/child"
        #expect(await waitForFile(childFile))
        let child = try #require(
            pid_t(
                try String(contentsOfFile: childFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            )
        )
        h.runtime.stop(podUID: uid, gracePeriod: .seconds(30))
        await h.waitUntilStopped(uid)
        let terminated = try #require(h.runtime.status(podUID: uid)?.containerStatuses.first?.state.terminated)
        #expect(terminated.exitCode == 143)
        #expect(await isGone(child))
    }

    @Test func stopEscalatesToKILLWhenTheGracePeriodEnds() async throws {
        let h = try H()
        defer { h.remove() }
        let pod = H.pod(containers: [H.shell("main", "trap '' TERM; echo ready > ready; sleep 600")])
        let uid = pod.metadata.uid
        try h.runtime.start(PodStartRequest(pod: pod))
        #expect(await waitForFile("\(h.runtime.podDirectory(uid))/work/ready"))
        h.runtime.stop(podUID: uid, gracePeriod: .seconds(30))
        #expect(h.runtime.status(podUID: uid)?.containerStatuses.first?.state.running != nil)
        h.clock.advance(by: .seconds(30))
        await h.waitUntilStopped(uid)
        let terminated = try #require(h.runtime.status(podUID: uid)?.containerStatuses.first?.state.terminated)
        #expect(terminated.exitCode == 137)
        #expect(terminated.reason == "Error")
        #expect(h.runtime.status(podUID: uid)?.phase == .failed)
    }

    @Test func aStoppedPodWhoseContainersExitCleanlySucceeds() async throws {
        let h = try H()
        defer { h.remove() }
        let pod = H.pod(
            restartPolicy: .always,
            containers: [H.shell("main", "trap 'exit 0' TERM; echo ready > ready; sleep 600 & wait")]
        )
        let uid = pod.metadata.uid
        try h.runtime.start(PodStartRequest(pod: pod))
        #expect(await waitForFile("\(h.runtime.podDirectory(uid))/work/ready"))
        h.runtime.stop(podUID: uid, gracePeriod: .seconds(30))
        await h.waitUntilStopped(uid)
        let status = try #require(h.runtime.status(podUID: uid))
        #expect(status.containerStatuses.first?.state.terminated?.exitCode == 0)
        #expect(status.phase == .succeeded)
        #expect(status.containerStatuses.first?.restartCount == 0)
    }

    @Test func cancellingTheTaskThatStartedAPodLeavesItRunning() async throws {
        let h = try H()
        defer { h.remove() }
        let pod = H.pod(containers: [H.shell("main", "echo up > up; sleep 600")])
        let uid = pod.metadata.uid
        let task = Task {
            try h.runtime.start(PodStartRequest(pod: pod))
            await h.runtime.waitUntilStopped(podUID: uid)
        }
        #expect(await waitForFile("\(h.runtime.podDirectory(uid))/work/up"))
        task.cancel()
        let container = try #require(h.runtime.status(podUID: uid)?.containerStatuses.first)
        let pid = try #require(pid_t(container.containerID.dropFirst("skiff://".count)))
        #expect(kill(pid, 0) == 0)
        #expect(container.state.running != nil)
        h.runtime.stop(podUID: uid, gracePeriod: .zero)
        _ = await task.result
    }

    @Test func readsTheLastLinesOfALog() async throws {
        let h = try H()
        defer { h.remove() }
        let pod = H.pod(containers: [H.shell("main", "for i in 1 2 3 4 5; do echo line$i; done; printf partial")])
        try h.runtime.start(PodStartRequest(pod: pod))
        await h.waitUntilStopped(pod.metadata.uid)
        let mainTail2 = try await h.log(pod.metadata.uid, "main", tail: 2)
        #expect(mainTail2 == "line5\npartial")
        let mainTail0 = try await h.log(pod.metadata.uid, "main", tail: 0)
        #expect(mainTail0 == "")
        let mainTail100 = try await h.log(pod.metadata.uid, "main", tail: 100)
        #expect(mainTail100.hasPrefix("line1\n"))
        #expect(throws: PodRuntimeError.unknownContainer(pod: pod.metadata.uid, container: "nope")) {
            _ = try h.runtime.logs(podUID: pod.metadata.uid, container: "nope", options: LogOptions())
        }
        #expect(throws: PodRuntimeError.unknownPod("missing")) {
            _ = try h.runtime.logs(podUID: "missing", container: "main", options: LogOptions())
        }
    }

    @Test func followsALogUntilTheContainerStops() async throws {
        let dir = try TemporaryDirectory("skiff-follow")
        defer { dir.remove() }
        let runtime = ProcessPodRuntime(
            configuration: ProcessPodRuntimeConfiguration(
                stateDirectory: dir.path,
                followPollInterval: .milliseconds(20)
            )
        )
        let pod = H.pod(containers: [H.shell("main", "echo first; while [ ! -f go ]; do sleep 0.02; done; echo second")]
        )
        let uid = pod.metadata.uid
        try runtime.start(PodStartRequest(pod: pod))
        var collected = ""
        for try await chunk in try runtime.logs(podUID: uid, container: "main", options: LogOptions(follow: true)) {
            collected += String(decoding: chunk, as: UTF8.self)
            if collected == "first\n" {
                _ = FileManager.default.createFile(atPath: "\(runtime.podDirectory(uid))/work/go", contents: nil)
            }
        }
        #expect(collected == "first\nsecond\n")
        #expect(runtime.status(podUID: uid)?.phase == .succeeded)
        runtime.remove(podUID: uid)
    }

    @Test func rotatesALogThatOutgrowsItsCap() async throws {
        let h = try H(maxLogBytes: 100)
        defer { h.remove() }
        let pod = H.pod(containers: [
            H.shell(
                "main",
                "i=0; while [ $i -lt 30 ]; do echo line-$i; i=$((i+1)); done; touch written; "
                    + "while [ ! -f go ]; do sleep 0.02; done; echo after"
            )
        ])
        let uid = pod.metadata.uid
        try h.runtime.start(PodStartRequest(pod: pod))
        let work = "\(h.runtime.podDirectory(uid))/work"
        #expect(await waitForFile("\(work)/written"))
        h.clock.advance(by: .seconds(10))
        let log = h.runtime.logFile(podUID: uid, container: "main")
        #expect(FileManager.default.fileExists(atPath: log.rotatedPath))
        _ = FileManager.default.createFile(atPath: "\(work)/go", contents: nil)
        await h.waitUntilStopped(uid)
        let text = try await h.log(uid, "main")
        #expect(text.hasPrefix("line-0\n"))
        #expect(text.hasSuffix("line-29\nafter\n"))
        #expect(try String(contentsOfFile: log.path, encoding: .utf8) == "after\n")
    }

    @Test func runsWithoutLimitsWhenNoCgroupIsAvailableAndSaysSo() async throws {
        let h = try H(cgroups: nil)
        defer { h.remove() }
        let pod = H.pod(containers: [H.shell("main", "true", limits: ["memory": "64Mi"])])
        try h.runtime.start(PodStartRequest(pod: pod))
        await h.waitUntilStopped(pod.metadata.uid)
        let status = try #require(h.runtime.status(podUID: pod.metadata.uid))
        #expect(status.phase == .succeeded)
        let condition = try #require(status.conditions[type: .limitsEnforced])
        #expect(condition.status == .false)
        #expect(condition.reason == "CgroupsUnavailable")
        #expect(condition.message.contains("cgroups are turned off in the configuration"))
    }

    @Test(.enabled(if: HostCgroups.memoryWritable, "no memory cgroup is writable on this machine"))
    func aPodOverItsMemoryLimitIsOOMKilled() async throws {
        let cgroups = HostCgroups.manager()
        defer { cgroups.removeParents() }
        let h = try H(cgroups: cgroups)
        defer { h.remove() }
        let pod = H.pod(containers: [
            H.shell("hog", "head -c 400m /dev/zero | tail", limits: ["memory": "32Mi", "cpu": "1"])
        ])
        let uid = pod.metadata.uid
        try h.runtime.start(PodStartRequest(pod: pod))
        #expect(h.runtime.status(podUID: uid)?.conditions[type: .limitsEnforced]?.status == .true)
        await h.waitUntilStopped(uid)
        let status = try #require(h.runtime.status(podUID: uid))
        let terminated = try #require(status.containerStatuses.first?.state.terminated)
        #expect(terminated.exitCode == 137)
        #expect(terminated.reason == "OOMKilled")
        #expect(status.phase == .failed)
        h.runtime.remove(podUID: uid)
        await h.changes.wait { cgroups.existingPodCgroup(podUID: uid) == nil }
    }

    @Test(.enabled(if: HostCgroups.pidsWritable, "no pids cgroup is writable on this machine"))
    func aPodCannotStartMoreProcessesThanItsLimit() async throws {
        let cgroups = HostCgroups.manager(podPidsLimit: 4)
        defer { cgroups.removeParents() }
        let h = try H(cgroups: cgroups)
        defer { h.remove() }
        let pod = H.pod(containers: [H.shell("main", "for i in 1 2 3 4 5 6; do sleep 600 & done; wait")])
        let uid = pod.metadata.uid
        try h.runtime.start(PodStartRequest(pod: pod))
        #expect(
            h.runtime.status(podUID: uid)?.conditions[type: .limitsEnforced]?.message.contains("pids limit 4") == true
        )
        await h.waitUntilStopped(uid)
        let terminated = try #require(h.runtime.status(podUID: uid)?.containerStatuses.first?.state.terminated)
        #expect(terminated.exitCode != 0)
        let log = try await h.log(uid, "main")
        #expect(log.contains("Cannot fork"))
    }

    @Test(.enabled(if: HostCgroups.memoryWritable, "no memory cgroup is writable on this machine"))
    func aProcessThatLeftItsGroupIsKilledThroughTheCgroup() async throws {
        let cgroups = HostCgroups.manager()
        defer { cgroups.removeParents() }
        let h = try H(cgroups: cgroups)
        defer { h.remove() }
        let pod = H.pod(containers: [H.shell("main", "setsid sleep 600 & echo $! > escaped; sleep 600")])
        let uid = pod.metadata.uid
        try h.runtime.start(PodStartRequest(pod: pod))
        let escapedFile = "\(h.runtime.podDirectory(uid))/work/escaped"
        #expect(await waitForFile(escapedFile))
        let escaped = try #require(
            pid_t(
                try String(contentsOfFile: escapedFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            )
        )
        h.runtime.stop(podUID: uid, gracePeriod: .seconds(5))
        await h.waitUntilStopped(uid)
        #expect(await isGone(escaped))
    }

    @Test func removeForgetsThePodAndDeletesItsFiles() async throws {
        let h = try H()
        defer { h.remove() }
        let pod = H.pod(containers: [H.shell("main", "sleep 600")])
        let uid = pod.metadata.uid
        try h.runtime.start(PodStartRequest(pod: pod))
        #expect(h.runtime.podUIDsOnDisk() == [uid])
        h.runtime.remove(podUID: uid)
        #expect(h.runtime.status(podUID: uid) == nil)
        #expect(h.runtime.podUIDs.isEmpty)
        await h.changes.wait { !FileManager.default.fileExists(atPath: h.runtime.podDirectory(uid)) }
        #expect(h.runtime.podUIDsOnDisk().isEmpty)
    }

    @Test func startingAKnownPodAgainChangesNothing() async throws {
        let h = try H()
        defer { h.remove() }
        let pod = H.pod(containers: [H.shell("main", "echo once")])
        try h.runtime.start(PodStartRequest(pod: pod))
        try h.runtime.start(PodStartRequest(pod: pod))
        await h.waitUntilStopped(pod.metadata.uid)
        let mainLog = try await h.log(pod.metadata.uid, "main")
        #expect(mainLog == "once\n")
    }

    /// Waits (with a deadline) for a file a container writes.
    private func waitForFile(_ path: String) async -> Bool {
        let signal = FileSignal(path: path)
        return await signal.wait()
    }

    /// Whether a process has exited (gone, or a zombie awaiting its new parent's wait).
    private func isGone(_ pid: pid_t) async -> Bool {
        await FileSignal.poll {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return true }
            return stat[stat.index(close, offsetBy: 2)] == "Z"
        }
    }
}
