import Foundation
import Testing

/// Issue 4 end to end: Azure ML command jobs dropped into the folder become pods that the real scheduler places
/// and the real process runtime runs on this machine's node; GPUs come from a fake `nvidia-smi` and are handed out
/// as exclusive device indices.
struct JobRunTests {
    /// Namespace, extension (training on; the device plugin as asked), an instance type and the attached compute.
    static func setUp(devicePlugin: Bool = false, instanceType: String) -> [String: String] {
        [
            "namespace.yaml": Manifests.namespace("ml-team"),
            "extension.yaml": Manifests.azureMLExtension(devicePlugin: devicePlugin),
            "instancetype.yaml": instanceType,
            "compute.yaml": Manifests.kubernetesCompute("local-k8s", namespace: "ml-team"),
        ]
    }

    static let small = Manifests.instanceType("small", cpu: "100m", memory: "256Mi")
    static let oneGPU = Manifests.instanceType("gpu-1", cpu: "100m", memory: "256Mi", gpu: "1")

    /// A fake `nvidia-smi` in `<root>/bin` reporting two A100s, in the `--query-gpu` CSV form.
    static func fakeNvidiaSMI(_ root: String) throws -> [String: String] {
        let script = """
            #!/bin/sh
            cat <<'EOF'
            0, GPU-11111111-2222-3333-4444-555555555555, NVIDIA A100-SXM4-80GB, 81920
            1, GPU-66666666-7777-8888-9999-000000000000, NVIDIA A100-SXM4-80GB, 81920
            EOF

            """
        let bin = root + "/bin"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        try script.write(toFile: bin + "/nvidia-smi", atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: bin + "/nvidia-smi")
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return ["PATH": bin + ":" + path]
    }

    @Test func jobRunsOnTheLocalNodeAndItsLogIsShown() async throws {
        var files = Self.setUp(instanceType: Self.small)
        files["hello.yml"] = Manifests.commandJob(
            "hello",
            command: "echo \"hello from ${{inputs.who}}\"",
            compute: "local-k8s",
            instanceType: "small"
        ) + "\ninputs:\n  who: skiff\n"
        files["fails.yml"] = Manifests.commandJob("fails", command: "echo bye; exit 3", compute: "local-k8s",
            instanceType: "small")
        try await DaemonHarness.with(files: files) { daemon in
            let job = try await daemon.eventuallyObject("amljob", "hello", "Completed") {
                $0["status"]["phase"].string == "Completed"
            }
            #expect(job["status"]["endTime"].string != nil, "\(job)")
            let pod = try await daemon.eventuallyObject("pods", "hello-0", namespace: "ml-team", "Succeeded") {
                $0["status"]["phase"].string == "Succeeded"
            }
            #expect(pod["spec"]["nodeName"].string?.isEmpty == false)
            #expect(pod["status"]["containerStatuses"][0]["state"]["terminated"]["exitCode"].number == 0)
            let logs = try await daemon.skiffctl("logs", "hello-0", "-n", "ml-team")
            #expect(logs.succeeded && logs.stdout == "hello from skiff\n", "\(logs)")

            let failed = try await daemon.eventuallyObject("amljob", "fails", "Failed") {
                $0["status"]["phase"].string == "Failed"
            }
            #expect(failed["status"]["message"].string?.contains("3") == true, "\(failed)")
            let failedLogs = try await daemon.skiffctl("logs", "fails-0", "-n", "ml-team", "--tail", "1")
            #expect(failedLogs.stdout == "bye\n", "\(failedLogs)")

            let table = try await daemon.skiffctl("get", "pods", "-n", "ml-team")
            #expect(table.tableNames() == ["fails-0", "hello-0"], "\(table)")
            let nodes = try await daemon.skiffctl("get", "nodes", "-o", "json")
            #expect(nodes.succeeded && nodes.stdout.contains("\"kubernetes.io/hostname\""), "\(nodes)")

            // A followed log streams while the process writes and ends when it exits. The process waits for a gate
            // file the test creates, so its Running phase lasts as long as the test needs on a loaded machine.
            let gate = daemon.root + "/ticks-gate"
            try daemon.write(
                "ticks.yml",
                Manifests.commandJob(
                    "ticks",
                    command: "echo one; while [ ! -e \(gate) ]; do sleep 0.05; done; echo two",
                    compute: "local-k8s",
                    instanceType: "small"
                )
            )
            try await daemon.eventuallyObject("pods", "ticks-0", namespace: "ml-team", "Running") {
                $0["status"]["phase"].string == "Running"
            }
            let follow = try daemon.startSkiffctl("logs", "-f", "ticks-0", "-n", "ml-team")
            try await follow.waitForOutput(containing: "one\n")
            #expect(FileManager.default.createFile(atPath: gate, contents: Data()))
            try await follow.waitForOutput(containing: "one\ntwo\n")
            let exit = await follow.waitForExit()
            #expect(exit == .exited(0), "\(String(describing: exit))")

            // Deleting the file deletes the job and its pods.
            try daemon.remove("hello.yml")
            try await daemon.eventuallyGone("pods", "hello-0", namespace: "ml-team")
        }
    }

    @Test func twoOneGPUJobsRunAtOnceWithTheirOwnDeviceAndAThirdWaits() async throws {
        var files = Self.setUp(devicePlugin: true, instanceType: Self.oneGPU)
        for name in ["g1", "g2", "g3"] {
            files["\(name).yml"] = Manifests.commandJob(
                name,
                command: "echo \"gpu=$CUDA_VISIBLE_DEVICES nvidia=$NVIDIA_VISIBLE_DEVICES\"; exec sleep 300",
                compute: "local-k8s",
                instanceType: "gpu-1"
            )
        }
        try await DaemonHarness.with(files: files, environment: Self.fakeNvidiaSMI) { daemon in
            let nodes = try await daemon.json("get", "nodes")
            let node = try #require(nodes["items"].array?.first)
            #expect(node["status"]["allocatable"]["nvidia.com/gpu"].string == "2", "\(node)")
            #expect(node["metadata"]["labels"]["nvidia.com/gpu.product"].string == "NVIDIA-A100-SXM4-80GB")
            #expect(node["metadata"]["labels"]["nvidia.com/gpu.count"].string == "2")

            // Two jobs run, the third waits with kube-scheduler's message.
            var running: [String] = []
            var waiting: [String] = []
            try await daemon.eventually("two jobs Running and one Queued") {
                let jobs = try await daemon.json("get", "amljob")
                let phases = (jobs["items"].array ?? []).map {
                    ($0["metadata"]["name"].string ?? "", $0["status"]["phase"].string ?? "")
                }
                running = phases.filter { $0.1 == "Running" }.map(\.0).sorted()
                waiting = phases.filter { $0.1 == "Queued" }.map(\.0)
                return running.count == 2 && waiting.count == 1
            }
            var devices: [String] = []
            for job in running {
                try await daemon.eventually("\(job)-0 prints its devices") {
                    let logs = try await daemon.skiffctl("logs", "\(job)-0", "-n", "ml-team")
                    guard logs.succeeded, let line = logs.lines.first else { return false }
                    devices.append(line)
                    return true
                }
            }
            #expect(Set(devices) == ["gpu=0 nvidia=0", "gpu=1 nvidia=1"], "\(devices)")

            let third = try #require(waiting.first)
            let pending = try await daemon.eventuallyObject("pods", "\(third)-0", namespace: "ml-team", "unschedulable") {
                $0["status"]["conditions"].array?.contains { $0["type"].string == "PodScheduled" } == true
            }
            let scheduled = pending["status"]["conditions"].array?.first { $0["type"].string == "PodScheduled" }
            #expect(scheduled?["status"].string == "False")
            #expect(
                scheduled?["message"].string?.hasPrefix("0/1 nodes are available: 1 Insufficient nvidia.com/gpu.")
                    == true,
                "\(pending)"
            )
            let explain = try await daemon.skiffctl("explain", "pod", "\(third)-0", "-n", "ml-team")
            #expect(explain.succeeded && explain.stdout.contains("needs 1, free 0"), "\(explain)")
            #expect(explain.stdout.contains("wait for job default/"), "\(explain)")
            let top = try await daemon.skiffctl("top", "nodes")
            #expect(top.succeeded && top.stdout.contains("ml-team/\(running[0])-0"), "\(top)")

            // Cancelling one running job frees its device for the third.
            let cancel = try await daemon.skiffctl("cancel", running[0])
            #expect(cancel.succeeded, "\(cancel)")
            try await daemon.eventuallyObject("amljob", running[0], "Canceled") {
                $0["status"]["phase"].string == "Canceled"
            }
            try await daemon.eventuallyObject("amljob", third, "Running") { $0["status"]["phase"].string == "Running" }

            // Leave nothing running behind: the processes would outlive the daemon.
            for name in ["g1", "g2", "g3"] { try daemon.remove("\(name).yml") }
            for name in ["g1", "g2", "g3"] {
                try await daemon.eventuallyGone("pods", "\(name)-0", namespace: "ml-team")
            }
        }
    }
}
