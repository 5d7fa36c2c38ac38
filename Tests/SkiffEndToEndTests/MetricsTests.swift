import Foundation
import Testing

/// `/metrics` of a real daemon: valid Prometheus text, and counters and gauges that follow the work done.
struct MetricsTests {
    static let gpuNode = """
        apiVersion: v1
        kind: Node
        metadata:
          name: gpu-box
          labels:
            pool: gpu
        status:
          capacity:
            cpu: "32"
            memory: 256Gi
            nvidia.com/gpu: "4"
            pods: "110"
        """

    static let gpuPod = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: trainer
          namespace: ml-team
        spec:
          nodeSelector:
            pool: gpu
          containers:
          - name: main
            image: pytorch
            command: ["python", "train.py"]
            resources:
              limits:
                nvidia.com/gpu: "2"
        """

    private func scrape(_ daemon: DaemonHarness) throws -> MetricsText {
        let response = try MetricsScrape.get(socket: daemon.socket, "/metrics")
        guard response.status == 200 else {
            throw DaemonHarness.Failure(description: "GET /metrics: \(response.status) \(response.body)")
        }
        #expect(response.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8")
        return try MetricsText(parsing: response.body)
    }

    @Test func metricsParseAndFollowTheWork() async throws {
        try await DaemonHarness.with(files: [
            "namespace.yaml": Manifests.namespace("ml-team"),
            "node.yaml": Self.gpuNode,
        ]) { daemon in
            let before = try scrape(daemon)
            #expect(before.types["controller_runtime_reconcile_total"] == "counter")
            #expect(before.types["controller_runtime_reconcile_time_seconds"] == "histogram")
            #expect(before.sum("controller_runtime_reconcile_total", where: ["controller": "namespace"]) >= 2)
            #expect(
                before.sum("controller_runtime_reconcile_time_seconds_count", where: ["controller": "namespace"]) >= 2
            )
            #expect(before.value("workqueue_depth", ["name": "namespace"]) != nil)
            #expect(before.value("skiff_node_gpus", ["node": "gpu-box"]) == 4)
            #expect(before.value("skiff_node_gpus_allocated", ["node": "gpu-box"]) == 0)
            #expect(before.value("skiff_pods", ["phase": "Running"]) == 0)
            #expect(before.value("skiff_manifest_files", ["state": "Applied"]) == 2)
            let scheduledBefore = before.sum("scheduler_schedule_attempts_total", where: ["result": "scheduled"])

            // Work: a pod asking for 2 of the node's GPUs, and a file that does not parse.
            try daemon.write("pod.yaml", Self.gpuPod)
            try daemon.write("broken.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: [\n")
            var last: MetricsText?
            try await daemon.eventually("the pod scheduled, its GPUs allocated, the broken file counted") {
                let now = try scrape(daemon)
                last = now
                return now.sum("scheduler_schedule_attempts_total", where: ["result": "scheduled"]) > scheduledBefore
                    && now.value("skiff_node_gpus_allocated", ["node": "gpu-box"]) == 2
                    && now.sum("skiff_manifest_file_errors") >= 1
                    && now.sum("scheduler_scheduling_attempt_duration_seconds_count", where: ["result": "scheduled"])
                        >= 1
            }
            let after = try #require(last)
            #expect(
                after.samples.contains {
                    $0.name == "skiff_manifest_file_errors" && ($0.labels["file"] ?? "").hasSuffix("broken.yaml")
                }
            )
            #expect(after.value("skiff_manifest_files", ["state": "Invalid"]) == 1)
            #expect(
                after.sum("controller_runtime_reconcile_total", where: ["controller": "namespace"])
                    >= before.sum("controller_runtime_reconcile_total", where: ["controller": "namespace"])
            )

            // Fixing the file removes its series.
            try daemon.remove("broken.yaml")
            try await daemon.eventually("the broken file's series gone") {
                try scrape(daemon).sum("skiff_manifest_file_errors") == 0
            }
        }
    }

    @Test func declaredObjectsAndPendingPodsAreGauges() async throws {
        try await DaemonHarness.with(files: [
            "namespace.yaml": Manifests.namespace("ml-team"),
            // No node has the label: the pod stays pending in the scheduler's unschedulable queue.
            "pod.yaml": Self.gpuPod,
        ]) { daemon in
            try await daemon.eventually("the pod unschedulable") {
                let text = try scrape(daemon)
                return text.value("skiff_declared_objects") == 2
                    && text.value("skiff_pods", ["phase": "Pending"]) == 1
                    && text.sum("scheduler_schedule_attempts_total", where: ["result": "unschedulable"]) >= 1
                    && (text.value("scheduler_pending_pods", ["queue": "unschedulable"]) ?? 0)
                        + (text.value("scheduler_pending_pods", ["queue": "backoff"]) ?? 0) == 1
            }
        }
    }
}
