import Foundation
import SkiffServer
import Testing

/// Rendering of what skiffctl prints for the new commands and the pod and node tables (SkiffAPI/Printing),
/// from canned documents and objects.
struct CLIPrintingTests {
    let now = Timestamp(rfc3339: "2026-11-23T22:00:00Z")!

    static let usage: JSONValue = .object([
        "kind": .string("NodeUsageList"),
        "items": .array([
            .object([
                "name": .string("node-a"), "ready": .bool(true), "unschedulable": .bool(false),
                "resources": .array([
                    resource("cpu", "1500m", "4", 37), resource("memory", "2Gi", "16Gi", 12),
                    resource("pods", "2", "110", 1), resource("nvidia.com/gpu", "1", "2", 50),
                ]),
                "devices": .array([
                    .object(["resource": .string("nvidia.com/gpu"), "index": .int(0), "pod": .string("ml/job-a-0")]),
                    .object(["resource": .string("nvidia.com/gpu"), "index": .int(1)]),
                ]),
                "history": .array([
                    .object([
                        "time": .string("2026-11-23T21:50:00Z"), "resource": .string("nvidia.com/gpu"),
                        "index": .int(0), "pod": .string("ml/job-a-0"), "action": .string("allocated"),
                    ]),
                    .object([
                        "time": .string("2026-11-23T21:40:00Z"), "resource": .string("nvidia.com/gpu"),
                        "index": .int(1), "pod": .string("ml/old-0"), "action": .string("released"),
                    ]),
                ]),
            ]),
            .object([
                "name": .string("node-b"), "ready": .bool(false), "unschedulable": .bool(true),
                "resources": .array([resource("cpu", "0", "2", 0), resource("memory", "0", "4Gi", 0)]),
            ]),
        ]),
    ])

    static func resource(_ name: String, _ requested: String, _ allocatable: String, _ percent: Int64) -> JSONValue {
        .object([
            "name": .string(name), "requested": .string(requested), "allocatable": .string(allocatable),
            "percent": .int(percent),
        ])
    }

    @Test func topNodesTableThenDevices() {
        let text = NodeUsagePrinter.render(Self.usage, historyLimit: 0)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(
            lines[0].split(separator: " ", omittingEmptySubsequences: true)
                == ["NAME", "STATUS", "CPU", "MEMORY", "PODS", "NVIDIA.COM/GPU"]
        )
        #expect(
            lines[1].split(separator: " ", omittingEmptySubsequences: true)
                == ["node-a", "Ready", "1500m/4", "(37%)", "2Gi/16Gi", "(12%)", "2/110", "(1%)", "1/2", "(50%)"]
        )
        #expect(
            lines[2].split(separator: " ", omittingEmptySubsequences: true)
                == ["node-b", "NotReady,SchedulingDisabled", "0/2", "(0%)", "0/4Gi", "(0%)", "-", "-"]
        )
        #expect(text.contains("\nNODE "))
        #expect(lines.contains { $0.split(separator: " ") == ["node-a", "nvidia.com/gpu", "0", "ml/job-a-0"] })
        #expect(lines.contains { $0.split(separator: " ") == ["node-a", "nvidia.com/gpu", "1", "-"] })
        #expect(!text.contains("allocated"))
        let withHistory = NodeUsagePrinter.render(Self.usage)
        #expect(
            withHistory.split(separator: "\n").contains {
                $0.split(separator: " ") == [
                    "2026-11-23T21:50:00Z", "node-a", "nvidia.com/gpu", "0", "allocated", "ml/job-a-0",
                ]
            }
        )
        // Oldest first; a limit keeps the latest.
        #expect(withHistory.range(of: "ml/old-0")!.lowerBound < withHistory.range(of: "allocated")!.lowerBound)
        let latest = NodeUsagePrinter.render(Self.usage, historyLimit: 1)
        #expect(latest.contains("allocated") && !latest.contains("released"), "\(latest)")
        #expect(NodeUsagePrinter.render(.object(["items": .array([])])) == "")
    }

    static let explanation: JSONValue = .object([
        "kind": .string("Explanation"),
        "target": .object(["kind": .string("Job"), "namespace": .string("ml"), "name": .string("train")]),
        "phase": .string("Queued"),
        "summary": .string("0/2 nodes are available: 2 Insufficient nvidia.com/gpu."),
        "blockers": .array([
            .object(["layer": .string("queue"), "message": .string("behind 1 job of higher priority")]),
            .object([
                "layer": .string("devices"), "message": .string("needs 4 nvidia.com/gpu; at most 2 free on a node"),
            ]),
            .object(["layer": .string("compute"), "message": .string("compute gpu-k8s is Ready")]),
        ]),
        "queue": .object(["position": .int(2), "length": .int(5)]),
        "nodes": .array([
            .object([
                "name": .string("node-a"), "fits": .bool(false),
                "checks": .array([
                    .object(["check": .string("selector"), "ok": .bool(false), "detail": .string("lacks gpu=a100")]),
                    .object(["check": .string("taints"), "ok": .bool(true), "detail": .string("")]),
                ]),
            ]),
            .object([
                "name": .string("node-b"), "fits": .bool(false),
                "checks": .array([
                    .object(["check": .string("selector"), "ok": .bool(true), "detail": .string("")]),
                    .object(["check": .string("taints"), "ok": .bool(true), "detail": .string("")]),
                    .object([
                        "check": .string("nvidia.com/gpu"), "ok": .bool(false),
                        "detail": .string("needs 4, free 2 (held by job-y: 0,1)"),
                    ]),
                ]),
            ]),
            .object([
                "name": .string("node-c"), "fits": .bool(true),
                "checks": .array([.object(["check": .string("selector"), "ok": .bool(true)])]),
            ]),
        ]),
        "suggestions": .array([
            .object(["rank": .int(2), "change": .string("wait for job-y (holds 2 GPUs on node-b)")]),
            .object(["rank": .int(1), "change": .string("use instance type gpu-2 (fits node-b now)")]),
        ]),
        "pods": .array([
            .object([
                "kind": .string("Explanation"),
                "target": .object(["kind": .string("Pod"), "namespace": .string("ml"), "name": .string("train-0")]),
                "phase": .string("Pending"),
                "summary": .string("waiting for its gang"),
                "blockers": .array([.object(["layer": .string("gang"), "message": .string("1 of 2 pods fit")])]),
            ])
        ]),
    ])

    @Test func explanationInLayerOrderWithMatrixAndRankedSuggestions() {
        let text = ExplanationPrinter.render(Self.explanation)
        #expect(
            text == """
                Job ml/train: Queued
                  0/2 nodes are available: 2 Insufficient nvidia.com/gpu.

                Blockers (outermost first):
                  1. [compute] compute gpu-k8s is Ready
                  2. [devices] needs 4 nvidia.com/gpu; at most 2 free on a node
                  3. [queue] behind 1 job of higher priority

                Queue: position 2 of 5

                Nodes:
                  node-a: selector ✘ lacks gpu=a100; taints ✔
                  node-b: selector ✔ taints ✔ nvidia.com/gpu ✘ needs 4, free 2 (held by job-y: 0,1)
                  node-c: selector ✔ (fits)

                Suggestions:
                  1. use instance type gpu-2 (fits node-b now)
                  2. wait for job-y (holds 2 GPUs on node-b)

                  Pod ml/train-0: Pending
                    waiting for its gang

                  Blockers (outermost first):
                    1. [gang] 1 of 2 pods fit

                """,
            "\(text)"
        )
    }

    // MARK: Tables

    func pod(
        _ phase: PodPhase?,
        reason: String = "",
        containers: [ContainerStatus] = [],
        deleting: Bool = false,
        count: Int = 1
    ) -> Pod {
        var meta = ObjectMeta(name: "p", namespace: "ml")
        meta.creationTimestamp = Timestamp(seconds: now.seconds - 300)
        if deleting { meta.deletionTimestamp = now }
        var pod = Pod(
            metadata: meta,
            spec: PodSpec(containers: (0..<count).map { Container(name: "c\($0)", command: ["true"]) })
        )
        pod.status.phase = phase
        pod.status.reason = reason
        pod.status.containerStatuses = containers
        return pod
    }

    func row(_ pod: Pod, wide: Bool = false) -> [String] {
        TablePrinter.table(Pod.self, [pod], wide: wide, now: now).rows[0]
    }

    @Test func podStatusAsKubectlComputesIt() {
        let creating = ContainerStatus(name: "c0", state: ContainerState(waiting: .init(reason: "ContainerCreating")))
        #expect(row(pod(.pending, containers: [creating])) == ["p", "0/1", "ContainerCreating", "0", "5m"])
        #expect(row(pod(nil)) == ["p", "0/1", "Pending", "0", "5m"])
        let running = ContainerStatus(name: "c0", state: ContainerState(running: .init(startedAt: now)), ready: true)
        #expect(row(pod(.running, containers: [running])) == ["p", "1/1", "Running", "0", "5m"])
        let completed = ContainerStatus(
            name: "c0",
            state: ContainerState(terminated: .init(exitCode: 0, reason: "Completed"))
        )
        #expect(row(pod(.succeeded, containers: [completed]))[2] == "Completed")
        let error = ContainerStatus(name: "c0", state: ContainerState(terminated: .init(exitCode: 2, reason: "Error")))
        #expect(row(pod(.failed, containers: [error]))[2] == "Error")
        let oom = ContainerStatus(
            name: "c0",
            state: ContainerState(terminated: .init(exitCode: 137, reason: "OOMKilled"))
        )
        #expect(row(pod(.failed, containers: [oom]))[2] == "OOMKilled")
        let bare = ContainerStatus(name: "c0", state: ContainerState(terminated: .init(exitCode: 3)))
        #expect(row(pod(.failed, containers: [bare]))[2] == "ExitCode:3")
        let signalled = ContainerStatus(name: "c0", state: ContainerState(terminated: .init(exitCode: 0, signal: 9)))
        #expect(row(pod(.failed, containers: [signalled]))[2] == "Signal:9")
        #expect(row(pod(.running, containers: [running], deleting: true))[2] == "Terminating")
        #expect(row(pod(.succeeded, containers: [completed], deleting: true))[2] == "Completed")
        #expect(row(pod(.failed, reason: "DeadlineExceeded"))[2] == "DeadlineExceeded")
        // One container done, the other still running: Completed turns back into Running/NotReady.
        let second = ContainerStatus(name: "c1", state: ContainerState(running: .init(startedAt: now)), ready: true)
        let mixed = pod(.running, containers: [ContainerStatus(name: "c0", state: completed.state), second], count: 2)
        #expect(row(mixed)[1...2] == ["1/2", "NotReady"])
        // The first container's reason wins.
        let waiting = ContainerStatus(name: "c1", state: ContainerState(waiting: .init(reason: "ContainerCreating")))
        #expect(
            row(pod(.failed, containers: [ContainerStatus(name: "c0", state: error.state), waiting], count: 2))[2]
                == "Error"
        )
        var restarted = running
        restarted.restartCount = 2
        restarted.lastState = ContainerState(
            terminated: .init(exitCode: 1, finishedAt: Timestamp(seconds: now.seconds - 60))
        )
        #expect(row(pod(.running, containers: [restarted]))[3] == "2 (60s ago)")
        var scheduled = pod(.running, containers: [running])
        scheduled.spec.nodeName = "node-a"
        scheduled.status.podIP = "10.0.0.5"
        #expect(
            row(scheduled, wide: true)
                == ["p", "1/1", "Running", "0", "5m", "10.0.0.5", "node-a", "<none>", "<none>", "<none>"]
        )
        #expect(
            TablePrinter.table(Pod.self, [scheduled], wide: true, now: now).columns
                == [
                    "NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE", "NOMINATED NODE", "READINESS GATES",
                    "GPUS",
                ]
        )
        scheduled.metadata.annotations["skiff.dev/devices"] = "nvidia.com/gpu=0,2"
        #expect(row(scheduled, wide: true).last == "0,2")
    }

    @Test func nodeColumnsAsKubectl() {
        var meta = ObjectMeta(
            name: "gpu-1",
            labels: ["node-role.kubernetes.io/worker": "", "kubernetes.io/role": "gpu"]
        )
        meta.creationTimestamp = Timestamp(seconds: now.seconds - 7200)
        var node = Node(metadata: meta, spec: NodeSpec())
        node.status.conditions = [NodeCondition(type: .ready, status: .true)]
        node.status.nodeInfo.kubeletVersion = "v1.32.0-skiff"
        node.status.addresses = [NodeAddress(type: .internalIP, address: "10.0.0.1")]
        node.spec.unschedulable = true
        let table = TablePrinter.table(Node.self, [node], wide: true, now: now)
        #expect(
            table.columns == [
                "NAME", "STATUS", "ROLES", "AGE", "VERSION", "INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION",
                "CONTAINER-RUNTIME", "GPUS",
            ]
        )
        #expect(
            table.rows[0] == [
                "gpu-1", "Ready,SchedulingDisabled", "gpu,worker", "120m", "v1.32.0-skiff", "10.0.0.1", "<none>",
                "<unknown>", "<unknown>", "<unknown>", "0",
            ]
        )
        node.status.conditions = []
        #expect(TablePrinter.table(Node.self, [node], now: now).rows[0][1] == "Unknown,SchedulingDisabled")
    }

    // MARK: Describe

    @Test func describePodShowsDevicesAndEnvironment() {
        var pod = pod(
            .running,
            containers: [
                ContainerStatus(name: "c0", state: ContainerState(running: .init(startedAt: now)), ready: true)
            ]
        )
        pod.metadata.annotations[Describer.devicesAnnotation] = "nvidia.com/gpu=0,1"
        pod.spec.nodeName = "node-a"
        pod.spec.containers[0].env = [EnvVar(name: "RANK", value: "0"), EnvVar(name: "WORLD_SIZE", value: "2")]
        let text = Describer.describePod(pod, events: [], now: now)
        let lines = text.split(separator: "\n").map(String.init)
        func value(_ label: String) -> String? {
            lines.first { $0.trimmingCharacters(in: .whitespaces).hasPrefix(label + ":") }
                .map { String($0.drop { $0 == " " }.dropFirst(label.count + 1)).trimmingCharacters(in: .whitespaces) }
        }
        #expect(value("Devices") == "nvidia.com/gpu=0,1", "\(text)")
        #expect(value("Node") == "node-a")
        #expect(value("Status") == "Running")
        #expect(lines.contains("    Environment:"), "\(text)")
        #expect(value("RANK") == "0" && value("WORLD_SIZE") == "2")
        #expect(value("CUDA_VISIBLE_DEVICES") == "0,1 (from skiff.dev/devices)")
        #expect(value("NVIDIA_VISIBLE_DEVICES") == "0,1 (from skiff.dev/devices)")
        #expect(value("Started") == "Mon, 23 Nov 2026 22:00:00 +0000")
        #expect(text.hasSuffix("Events:  <none>\n"))

        var cpuOnly = pod
        cpuOnly.metadata.annotations = [:]
        cpuOnly.spec.containers[0].env = []
        let plain = Describer.describePod(cpuOnly, events: [], now: now)
        #expect(plain.contains("NVIDIA_VISIBLE_DEVICES:  void (from skiff.dev/devices)"), "\(plain)")
        #expect(plain.contains("Devices:"))
        var pending = cpuOnly
        pending.spec.nodeName = ""
        let pendingText = Describer.describePod(pending, events: [], now: now)
        #expect(pendingText.split(separator: "\n").contains { $0.split(separator: " ") == ["Environment:", "<none>"] })
        #expect(!pendingText.contains("CUDA_VISIBLE_DEVICES"))
    }

    @Test func describeNodeListsDevicesFromPodsOrTheLedger() throws {
        var node = Node(metadata: ObjectMeta(name: "node-a"), spec: NodeSpec())
        node.status.allocatable = ["cpu": "4", "memory": "16Gi", "nvidia.com/gpu": "2", "pods": "110"]
        node.status.capacity = node.status.allocatable
        node.status.conditions = [NodeCondition(type: .ready, status: .true)]
        var holder = pod(.running)
        holder.metadata.name = "job-a-0"
        holder.spec.nodeName = "node-a"
        holder.metadata.annotations[Describer.devicesAnnotation] = "nvidia.com/gpu=1"
        holder.spec.containers[0].resources.requests = ["cpu": "1", "nvidia.com/gpu": "1"]
        holder.spec.containers[0].resources.limits = ["nvidia.com/gpu": "1"]
        let text = Describer.describeNode(node, pods: [holder], usage: nil, events: [], now: now)
        let lines = text.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
        #expect(lines.contains("Non-terminated Pods: (1 in total)"), "\(text)")
        #expect(lines.contains("ml job-a-0 1 (25%) 0 (0%) 0 (0%) 0 (0%) 5m"), "\(text)")
        #expect(lines.contains("cpu 1 (25%) 0 (0%)"), "\(text)")
        #expect(lines.contains("nvidia.com/gpu 1 1"), "\(text)")
        #expect(lines.contains("Devices:"))
        #expect(lines.contains("nvidia.com/gpu 0 -") && lines.contains("nvidia.com/gpu 1 ml/job-a-0"), "\(text)")

        let entry = NodeUsagePrinter.items(Self.usage["items"])[0]
        let fromLedger = Describer.describeNode(node, pods: [holder], usage: entry, events: [], now: now)
        let ledgerLines = fromLedger.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
        #expect(ledgerLines.contains("nvidia.com/gpu 0 ml/job-a-0"), "\(fromLedger)")
        #expect(ledgerLines.contains("Device History:"))
        #expect(ledgerLines.contains("2026-11-23T21:50:00Z nvidia.com/gpu 0 allocated ml/job-a-0"))
    }
}
