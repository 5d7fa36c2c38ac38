import Foundation
import Testing

/// Issue 7's crash test: trials of `kill -9` at a random moment during a burst of manifest writes, API writes
/// (`skiffctl cancel`) and pod completions. After each restart on the same state directory: every acknowledged
/// write is there, every file is reconciled, no GPU index is held twice, no pod is `Running` without its process,
/// and pods that finished while the daemon was down show their real exit codes. Bounded in time: trials stop once
/// the budget is spent (at least three run).
struct CrashTests {
    static let maxTrials = 30
    // All 30 always run (about 100 s on a quiet 2-core machine, 5–6 minutes while other builds load it); every
    // wait inside a trial has its own deadline, which bounds the test.
    static let minTrials = 30
    static let budget: Duration = .seconds(300)

    /// What a trial wrote and expects after the restart.
    struct Expectations {
        /// Job name → the exit code of its command (0: Completed).
        var exits: [String: Int] = [:]
        /// Jobs whose cancel the API acknowledged.
        var cancelled: Set<String> = []
        /// Jobs that sleep until cancelled.
        var sleepers: [String] = []
    }

    @Test func killNineDuringABurstLosesNothing() async throws {
        let root = try DaemonHarness.makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        var files = JobRunTests.setUp(devicePlugin: true, instanceType: JobRunTests.oneGPU)
        files["small.yaml"] = JobRunTests.small
        for (path, text) in files { try DaemonHarness.write(text, to: root + "/m/" + path) }
        let environment = try JobRunTests.fakeNvidiaSMI(root)
        func start() async throws -> DaemonHarness {
            let daemon = try DaemonHarness.start(
                root: root,
                stateDir: root + "/s",
                socket: root + "/s/sock",
                environment: environment
            )
            try await daemon.waitUntilReady()
            return daemon
        }
        var daemon = try await start()
        defer { Self.killEveryShim(stateDir: root + "/s") }
        var expected = Expectations()
        let clock = ContinuousClock()
        let began = clock.now
        var trials = 0
        do {
            while trials < Self.maxTrials && (trials < Self.minTrials || clock.now - began < Self.budget) {
                try await runTrial(trials, daemon: daemon, expected: &expected)
                await daemon.crash()
                daemon = try await start()
                try await check(daemon, expected: expected, trial: trials)
                trials += 1
            }
            // Leave nothing running: deleting the sleepers' files stops their pods.
            for name in expected.sleepers { try daemon.remove("\(name).yml") }
            try await daemon.eventually("every pod to stop") {
                let pods = try await daemon.json("get", "pods", "-n", "ml-team")
                return !(pods["items"].array ?? []).contains { $0["status"]["phase"].string == "Running" }
            }
        } catch {
            let log = daemon.logTail
            _ = await daemon.stop()
            throw DaemonHarness.Failure(description: "trial \(trials): \(error)\n--- skiffd log (tail):\n\(log)")
        }
        let exit = await daemon.stop()
        #expect(exit == .exited(0), "\(daemon.logTail)")
        #expect(trials >= Self.minTrials)
        print("crash test: \(trials) kill -9 trials in \(clock.now - began), \(expected.exits.count) jobs, "
            + "\(expected.cancelled.count) acknowledged cancels")
    }

    /// Writes a burst of files and cancels, and SIGKILLs the daemon at a random moment during it.
    private func runTrial(_ trial: Int, daemon: DaemonHarness, expected: inout Expectations) async throws {
        // Earlier sleepers whose cancel the kill cut off are cancelled now, while the daemon is up: left running,
        // they would fill the node's CPU (100m each) until a later burst's jobs could not be placed at all.
        for name in expected.sleepers where !expected.cancelled.contains(name) {
            try await daemon.eventually("the cancel of \(name) to be acknowledged") {
                // A cancel the kill cut off after its commit shows as a job already stopping or stopped.
                if try await daemon.skiffctl("cancel", name).succeeded { return true }
                let phase = try await daemon.json("get", "amljob", name)["status"]["phase"].string
                return phase == "Canceling" || phase == "Canceled"
            }
            expected.cancelled.insert(name)
        }
        let killAfter = Duration.milliseconds(Int.random(in: 100...1_500))
        let killer = Task {
            try? await Task.sleep(for: killAfter)
            daemon.process.send(SIGKILL)
        }
        defer { killer.cancel() }
        let sleeper = "c\(trial)"
        try daemon.writeLikeAnEditor(
            "\(sleeper).yml",
            Manifests.commandJob(sleeper, command: "exec sleep 300", compute: "local-k8s", instanceType: "small")
        )
        expected.sleepers.append(sleeper)
        for index in 0..<4 {
            let name = "q\(trial)x\(index)"
            let code = (trial + index) % 4
            try daemon.writeLikeAnEditor(
                "\(name).yml",
                Manifests.commandJob(name, command: "sleep 0.\(index * 2); exit \(code)", compute: "local-k8s",
                    instanceType: index == 0 ? "gpu-1" : "small")
            )
            expected.exits[name] = code
            try? await Task.sleep(for: .milliseconds(Int.random(in: 10...150)))
            if index == 1 {
                // An API write during the burst: cancel this trial's sleeper (once its file has been read).
                let result = try await daemon.skiffctl("cancel", sleeper)
                if result.succeeded { expected.cancelled.insert(sleeper) }
            }
        }
        _ = await killer.value
    }

    /// The invariants after a restart.
    private func check(_ daemon: DaemonHarness, expected: Expectations, trial: Int) async throws {
        // Every acknowledged cancel survived: those jobs end Canceled.
        for name in expected.cancelled.sorted() {
            try await daemon.eventuallyObject("amljob", name, "Canceled (cancel acknowledged before the crash)") {
                $0["status"]["phase"].string == "Canceled"
            }
        }
        // Every file is reconciled, and every pod shows its command's real exit code, even one that finished while
        // the daemon was down.
        try await daemon.eventually("every job of the burst finished with its exit code") {
            let pods = try await daemon.json("get", "pods", "-n", "ml-team")
            var byName: [String: JSON] = [:]
            for pod in pods["items"].array ?? [] { byName[pod["metadata"]["name"].string ?? ""] = pod }
            for (name, code) in expected.exits {
                guard let pod = byName["\(name)-0"],
                    let exit = pod["status"]["containerStatuses"][0]["state"]["terminated"]["exitCode"].number
                else { return false }
                if Int(exit) != code {
                    throw DaemonHarness.Failure(description: "\(name)-0 exited \(exit), its command exits \(code)")
                }
            }
            return true
        }
        let jobs = try await daemon.json("get", "amljob")
        let declared = Set(expected.exits.keys).union(expected.sleepers)
        let present = Set(jobs.itemNames)
        #expect(declared.isSubset(of: present), "missing jobs: \(declared.subtracting(present).sorted())")

        // No GPU index held twice, and no pod Running without its process (level: a pod whose process just ended
        // may lag by one status write, so this is awaited, and a double GPU fails at once).
        try await daemon.eventually("every Running pod's process to be alive") {
            let pods = try await daemon.json("get", "pods", "-n", "ml-team")
            var held: [String: String] = [:]
            var consistent = true
            for pod in pods["items"].array ?? [] {
                let phase = pod["status"]["phase"].string ?? ""
                guard phase != "Succeeded" && phase != "Failed" else { continue }
                let name = pod["metadata"]["name"].string ?? ""
                let devices = pod["metadata"]["annotations"]["skiff.dev/devices"].string ?? ""
                for token in Self.deviceTokens(devices) {
                    if let other = held[token] {
                        throw DaemonHarness.Failure(description: "\(token) is held by both \(other) and \(name)")
                    }
                    held[token] = name
                }
                if phase == "Running", let uid = pod["metadata"]["uid"].string {
                    let pid = try? daemon.shimPID(podUID: uid)
                    if pid.flatMap({ $0 }).map(DaemonHarness.isAlive) != true { consistent = false }
                }
            }
            return consistent
        }
    }

    /// `nvidia.com/gpu=0,1` → `nvidia.com/gpu=0`, `nvidia.com/gpu=1`.
    static func deviceTokens(_ annotation: String) -> [String] {
        annotation.split(separator: ";").flatMap { part -> [String] in
            let pieces = part.split(separator: "=", maxSplits: 1)
            guard pieces.count == 2 else { return [] }
            return pieces[1].split(separator: ",").map { "\(pieces[0])=\($0)" }
        }
    }

    /// Kills every shim (and its process group) recorded under the state directory, so that a failed run leaves
    /// no `sleep 300` behind.
    static func killEveryShim(stateDir: String) {
        let pods = stateDir + "/pods"
        for uid in (try? FileManager.default.contentsOfDirectory(atPath: pods)) ?? [] {
            let run = "\(pods)/\(uid)/run"
            for name in (try? FileManager.default.contentsOfDirectory(atPath: run)) ?? []
            where name.hasSuffix(".json") && name != "pod.json" {
                guard let data = FileManager.default.contents(atPath: "\(run)/\(name)"),
                    let record = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                    let pid = record["pid"] as? Int, pid > 1
                else { continue }
                kill(-Int32(pid), SIGKILL)
            }
        }
    }
}
