import Foundation
import SkiffControllers
import SkiffNode
import Testing

extension ControlPlaneSuite {
    /// Pods on the local node run as real processes; tests wait on them by polling with a deadline.
    struct PodsLocalTests {
        static func pod(_ name: String, script: String, gpus: Int = 0, grace: Int = 30, annotations: String = "{}") -> String {
            let gpu = gpus > 0 ? ", nvidia.com/gpu: \"\(gpus)\"" : ""
            return """
                apiVersion: v1
                kind: Pod
                metadata: {name: \(name), namespace: default, annotations: \(annotations)}
                spec:
                  restartPolicy: Never
                  terminationGracePeriodSeconds: \(grace)
                  containers:
                  - name: main
                    image: busybox
                    command: ["/bin/sh", "-c", \(Self.quoted(script))]
                    resources: {limits: {cpu: 100m, memory: 64Mi\(gpu)}}

                """
        }

        static func quoted(_ text: String) -> String {
            "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }

        @Test func aProcessPodRunsToSuccessAndItsLogIsServed() async throws {
            let h = try await NodesLocalTests.harness()
            try h.apply(Self.pod("hello", script: "echo hello"))
            await h.settle()
            #expect(h.pod("hello")?.spec.nodeName == "local-test")
            let finished = await eventually { h.pod("hello")?.status.phase == .succeeded }
            #expect(finished, "phase: \(String(describing: h.pod("hello")?.status.phase))")
            let pod = try #require(h.pod("hello"))
            let terminated = try #require(pod.status.containerStatuses.first?.state.terminated)
            #expect(terminated.exitCode == 0)
            #expect(terminated.reason == "Completed")
            #expect(pod.status.conditions[type: .podScheduled]?.status == .true)
            #expect(pod.status.conditions[type: .limitsEnforced]?.status == .false)
            #expect(try await h.log("hello") == "hello\n")
            #expect(try await h.log("hello", container: "main") == "hello\n")
        }

        @Test func aFailingProcessPodFailsWithItsExitCode() async throws {
            let h = try await NodesLocalTests.harness()
            try h.apply(Self.pod("bad", script: "exit 3"))
            await h.settle()
            #expect(await eventually { h.pod("bad")?.status.phase == .failed })
            let terminated = h.pod("bad")?.status.containerStatuses.first?.state.terminated
            #expect(terminated?.exitCode == 3)
            #expect(terminated?.reason == "Error")
        }

        @Test func podLogsSaysClearlyWhatIsWrong() async throws {
            let h = try await NodesLocalTests.harness()
            #expect(throws: PodLogError.podNotFound(namespace: "default", name: "nope")) {
                _ = try h.plane.podLogs(namespace: "default", name: "nope", container: nil, options: LogOptions())
            }
            // A selector no node matches keeps the pod pending: it never starts.
            try h.apply(
                Self.pod("pending", script: "true")
                    .replacingOccurrences(of: "restartPolicy: Never", with: "restartPolicy: Never\n  nodeSelector: {pool: none}")
            )
            await h.settle()
            #expect(throws: PodLogError.notStarted(pod: "pending", container: "main")) {
                _ = try h.plane.podLogs(namespace: "default", name: "pending", container: nil, options: LogOptions())
            }
            #expect(throws: PodLogError.unknownContainer(pod: "pending", container: "other")) {
                _ = try h.plane.podLogs(namespace: "default", name: "pending", container: "other", options: LogOptions())
            }
        }

        @Test func aDeletedRunningPodGetsSIGTERMAndIsRemoved() async throws {
            let marker = try TemporaryFolder("skiff-term")
            defer { marker.remove() }
            let h = try await NodesLocalTests.harness()
            let script = "trap 'echo term > \(marker.path)/got-term; exit 0' TERM; echo started > \(marker.path)/started; "
                + "while :; do sleep 0.05; done"
            try h.apply(Self.pod("sleeper", script: script))
            await h.settle()
            #expect(await eventually { FileManager.default.fileExists(atPath: marker.child("started")) })
            #expect(await eventually { h.pod("sleeper")?.status.phase == .running })
            let pod = try #require(h.pod("sleeper"))
            let directory = try #require(h.plane.processRuntime?.podDirectory(pod.metadata.uid))
            #expect(FileManager.default.fileExists(atPath: directory))
            _ = try h.store.delete(pod.key)
            #expect(h.pod("sleeper")?.metadata.deletionTimestamp != nil)
            #expect(await eventually { h.pod("sleeper") == nil })
            #expect(FileManager.default.fileExists(atPath: marker.child("got-term")))
            #expect(!FileManager.default.fileExists(atPath: directory))
            #expect(h.plane.processRuntime?.podUIDs.isEmpty == true)
            let reasons = try h.store.list(Event.self, namespace: "default")
                .filter { $0.spec.involvedObject.name == "sleeper" }
                .map { "\($0.spec.reason) \($0.spec.message) \($0.spec.count)" }
            #expect(reasons.contains("Started Started container main 1"))
            #expect(reasons.contains("Killing Stopping container main 1"))
        }

        @Test func aPodIgnoringSIGTERMIsKilledWhenItsGracePeriodEnds() async throws {
            let h = try await NodesLocalTests.harness()
            // The shell says when its trap is set: a SIGTERM before that would end it at once.
            let ready = h.state + "/stubborn-trap-set"
            try h.apply(
                Self.pod("stubborn", script: "trap '' TERM; touch \(ready); while :; do sleep 0.05; done", grace: 10)
            )
            await h.settle()
            #expect(await eventually { h.pod("stubborn")?.status.phase == .running })
            #expect(await eventually { FileManager.default.fileExists(atPath: ready) })
            let pod = try #require(h.pod("stubborn"))
            _ = try h.store.delete(pod.key)
            await h.settle()
            #expect(h.pod("stubborn") != nil)
            await h.advance(by: .seconds(10))
            #expect(await eventually { h.pod("stubborn") == nil })
        }

        @Test func orphanedPodStateOnDiskIsRemovedAtStart() async throws {
            let orphan = "0d0d0d0d-1111-2222-3333-444444444444"
            let h = try await ControlPlaneHarness(
                options: ControlPlane.Options(
                    localNode: LocalNodeConfiguration(nodeName: "local-test", gpuSearchPath: "/nonexistent"),
                    runsScheduler: false
                ),
                beforeStart: { dir, _ in
                    try dir.write("state/pods/\(orphan)/logs/main.log", "old output\n")
                    try dir.write("state/pods/\(orphan)/run/pod.json", "{}")
                }
            )
            #expect(await eventually { !FileManager.default.fileExists(atPath: h.state + "/pods/\(orphan)") })
        }

        @Test func twoOneGPUPodsGetDifferentDevicesAndAThirdWaits() async throws {
            let h = try await NodesLocalTests.harness(files: ["extension.yaml": NodesLocalTests.extensionWithPlugin])
            await h.settle()
            #expect(h.node("local-test")?.status.allocatable[.nvidiaGPU] == Quantity(2))
            let script = "echo \"cuda=$CUDA_VISIBLE_DEVICES nvidia=$NVIDIA_VISIBLE_DEVICES\"; while :; do sleep 0.1; done"
            for name in ["gpu-a", "gpu-b", "gpu-c"] {
                try h.apply(Self.pod(name, script: script, gpus: 1))
            }
            await h.settle()
            let a = try #require(h.pod("gpu-a"))
            let b = try #require(h.pod("gpu-b"))
            let c = try #require(h.pod("gpu-c"))
            let devices = [a, b].compactMap { $0.metadata.annotations["skiff.dev/devices"] }
            #expect(Set(devices) == ["nvidia.com/gpu=0", "nvidia.com/gpu=1"])
            #expect(c.spec.nodeName.isEmpty)
            let condition = c.status.conditions[type: .podScheduled]
            #expect(condition?.message.hasPrefix("0/1 nodes are available: 1 Insufficient nvidia.com/gpu.") == true)
            #expect(await eventually { h.pod("gpu-a")?.status.phase == .running && h.pod("gpu-b")?.status.phase == .running })
            var lines: [String] = []
            for name in ["gpu-a", "gpu-b"] {
                var text = ""
                _ = await eventually {
                    text = (try? await h.log(name)) ?? ""
                    return !text.isEmpty
                }
                lines.append(text)
            }
            #expect(Set(lines) == ["cuda=0 nvidia=0\n", "cuda=1 nvidia=1\n"])

            // The first pod is deleted: its device goes to the third.
            _ = try h.store.delete(a.key)
            #expect(await eventually { h.pod("gpu-a") == nil })
            // The waiting pod goes back to the queue through its scheduling backoff (1 s of the manual clock).
            await h.settle()
            await h.advance(by: .seconds(10))
            await h.settle()
            let third = try #require(h.pod("gpu-c"))
            #expect(third.spec.nodeName == "local-test")
            #expect(third.metadata.annotations["skiff.dev/devices"] == a.metadata.annotations["skiff.dev/devices"])
        }
    }
}
