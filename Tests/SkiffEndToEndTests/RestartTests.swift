import Foundation
import Testing

/// Issue 7: `kill -9` of skiffd loses nothing. After a restart on the same state directory, a pod still running
/// keeps its uid and GPU, one that ended while the daemon was down shows its real exit code, and one whose
/// processes (shim included) vanished is `Failed` with reason `Lost`.
struct RestartTests {
    @Test func aKilledDaemonFindsEveryPodAgainOnRestart() async throws {
        let root = try DaemonHarness.makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        var files = JobRunTests.setUp(devicePlugin: true, instanceType: JobRunTests.oneGPU)
        files["small.yaml"] = JobRunTests.small
        files["long.yml"] = Manifests.commandJob("long", command: "exec sleep 300", compute: "local-k8s",
            instanceType: "gpu-1")
        files["finisher.yml"] = Manifests.commandJob(
            "finisher",
            command: "while [ ! -f \(root)/go ]; do sleep 0.05; done; exit 5",
            compute: "local-k8s",
            instanceType: "small"
        )
        files["vanish.yml"] = Manifests.commandJob("vanish", command: "exec sleep 300", compute: "local-k8s",
            instanceType: "small")
        for (path, text) in files { try DaemonHarness.write(text, to: root + "/m/" + path) }
        let environment = try JobRunTests.fakeNvidiaSMI(root)
        let first = try DaemonHarness.start(
            root: root,
            stateDir: root + "/s",
            socket: root + "/s/sock",
            environment: environment
        )
        var current = first
        do {
            try await first.waitUntilReady()
            var uids: [String: String] = [:]
            for name in ["long", "finisher", "vanish"] {
                let pod = try await first.eventuallyObject("pods", "\(name)-0", namespace: "ml-team", "Running") {
                    $0["status"]["phase"].string == "Running"
                }
                uids[name] = try #require(pod["metadata"]["uid"].string)
            }
            let long = try await first.json("get", "pods", "long-0", "-n", "ml-team")
            let devices = try #require(long["metadata"]["annotations"]["skiff.dev/devices"].string)
            #expect(!devices.isEmpty)

            await first.crash()
            // While the daemon is down: one job ends by itself, and one pod's shim and process are killed.
            FileManager.default.createFile(atPath: root + "/go", contents: nil)
            let vanishing = try #require(try first.shimPID(podUID: uids["vanish"]!))
            kill(-vanishing, SIGKILL)
            kill(vanishing, SIGKILL)
            let finisherRun = "\(first.stateDir)/pods/\(uids["finisher"]!)/run"
            try await first.eventually("the finisher's shim to write its exit") {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: finisherRun)) ?? []
                return names.contains { $0.hasSuffix(".exit") }
            }
            try await first.eventually("the vanished shim to be gone") { !DaemonHarness.isAlive(vanishing) }

            let second = try DaemonHarness.start(
                root: root,
                stateDir: root + "/s",
                socket: root + "/s/sock",
                environment: environment
            )
            current = second
            try await second.waitUntilReady()

            let kept = try await second.json("get", "pods", "long-0", "-n", "ml-team")
            #expect(kept["metadata"]["uid"].string == uids["long"])
            #expect(kept["status"]["phase"].string == "Running", "\(kept)")
            #expect(kept["metadata"]["annotations"]["skiff.dev/devices"].string == devices)
            let longShim = try #require(try second.shimPID(podUID: uids["long"]!))
            #expect(DaemonHarness.isAlive(longShim))

            let finished = try await second.eventuallyObject("pods", "finisher-0", namespace: "ml-team", "Failed") {
                $0["status"]["phase"].string == "Failed"
            }
            #expect(finished["metadata"]["uid"].string == uids["finisher"])
            #expect(finished["status"]["containerStatuses"][0]["state"]["terminated"]["exitCode"].number == 5)
            try await second.eventuallyObject("amljob", "finisher", "Failed") {
                $0["status"]["phase"].string == "Failed"
            }

            let lost = try await second.eventuallyObject("pods", "vanish-0", namespace: "ml-team", "Failed") {
                $0["status"]["phase"].string == "Failed"
            }
            #expect(lost["metadata"]["uid"].string == uids["vanish"])
            #expect(lost["status"]["reason"].string == "Lost", "\(lost)")

            // A second GPU job gets the other device, not the one the surviving pod holds.
            try second.write(
                "other.yml",
                Manifests.commandJob("other", command: "exec sleep 300", compute: "local-k8s", instanceType: "gpu-1")
            )
            let other = try await second.eventuallyObject("pods", "other-0", namespace: "ml-team", "Running") {
                $0["status"]["phase"].string == "Running"
            }
            let otherDevices = other["metadata"]["annotations"]["skiff.dev/devices"].string
            #expect(otherDevices != nil && otherDevices != devices, "\(String(describing: otherDevices)) vs \(devices)")

            // Clean up the sleeping pods through the daemon.
            try second.remove("long.yml")
            try second.remove("other.yml")
            try await second.eventuallyGone("pods", "long-0", namespace: "ml-team")
            try await second.eventuallyGone("pods", "other-0", namespace: "ml-team")
            #expect(!DaemonHarness.isAlive(longShim))
        } catch {
            let log = current.logTail
            _ = await current.stop()
            throw DaemonHarness.Failure(description: "\(error)\n--- skiffd log (tail):\n\(log)")
        }
        let exit = await current.stop()
        #expect(exit == .exited(0), "skiffd did not exit 0 on SIGTERM; log:\n\(current.logTail)")
    }

    @Test func aCorruptStateDatabaseStopsTheStartUntilItIsRebuilt() async throws {
        let root = try DaemonHarness.makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        var files = JobRunTests.setUp(instanceType: JobRunTests.small)
        files["long.yml"] = Manifests.commandJob("long", command: "exec sleep 300", compute: "local-k8s",
            instanceType: "small")
        for (path, text) in files { try DaemonHarness.write(text, to: root + "/m/" + path) }
        let first = try DaemonHarness.start(root: root, stateDir: root + "/s", socket: root + "/s/sock")
        var oldShim: Int32?
        var oldUID: String?
        do {
            try await first.waitUntilReady()
            let pod = try await first.eventuallyObject("pods", "long-0", namespace: "ml-team", "Running") {
                $0["status"]["phase"].string == "Running"
            }
            oldUID = pod["metadata"]["uid"].string
            oldShim = try first.shimPID(podUID: try #require(oldUID))
        } catch {
            _ = await first.stop()
            throw DaemonHarness.Failure(description: "\(error)\n\(first.logTail)")
        }
        await first.crash()

        // The database is damaged while the daemon is down.
        let database = root + "/s/state.sqlite"
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database + suffix) }
        try Data(repeating: 0x42, count: 16384).write(to: URL(fileURLWithPath: database))
        let refused = try DaemonHarness.start(root: root, stateDir: root + "/s", socket: root + "/s/sock")
        let exit = await refused.process.waitForExit()
        #expect(exit == .exited(1))
        #expect(refused.log.contains(database), "\(refused.log)")
        #expect(refused.log.contains("--rebuild-state"), "\(refused.log)")

        let rebuilt = try DaemonHarness.start(
            root: root,
            stateDir: root + "/s",
            socket: root + "/s/sock",
            extraArguments: ["--rebuild-state"]
        )
        do {
            try await rebuilt.waitUntilReady()
            let aside = try FileManager.default.contentsOfDirectory(atPath: root + "/s").filter {
                $0.hasPrefix("state.sqlite.broken-")
            }
            #expect(!aside.isEmpty)
            // The old state's pod is lost: its processes are stopped, and the job declared in its file runs again.
            if let oldShim { #expect(!DaemonHarness.isAlive(oldShim)) }
            let again = try await rebuilt.eventuallyObject("pods", "long-0", namespace: "ml-team", "Running") {
                $0["status"]["phase"].string == "Running"
            }
            #expect(again["metadata"]["uid"].string != oldUID)
            #expect(rebuilt.log.contains("not in the rebuilt state"), "\(rebuilt.logTail)")
            // The lost pod is marked: a Warning event `Lost` on the old pod's uid.
            let events = try await rebuilt.json("get", "events", "-n", "ml-team")
            let lost = (events["items"].array ?? []).filter {
                $0["reason"].string == "Lost" && $0["involvedObject"]["uid"].string == oldUID
            }
            #expect(lost.count == 1, "\(events)")
            #expect(lost.first?["involvedObject"]["name"].string == "long-0")
            try rebuilt.remove("long.yml")
            try await rebuilt.eventuallyGone("pods", "long-0", namespace: "ml-team")
        } catch {
            _ = await rebuilt.stop()
            throw DaemonHarness.Failure(description: "\(error)\n\(rebuilt.logTail)")
        }
        #expect(await rebuilt.stop() == .exited(0))
    }
}
