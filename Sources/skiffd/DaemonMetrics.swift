import Metrics
import Prometheus
import SkiffControllers
import SkiffServer

/// skiffd's `/metrics`: swift-metrics bootstrapped onto one Prometheus registry (reconciles, their durations and
/// retries per controller, scheduling attempts and latency — recorded where the work happens), plus gauges read
/// from the control plane at each scrape.
enum DaemonMetrics {
    /// Bootstraps swift-metrics with a Prometheus factory on a new registry. Call once, before the control plane
    /// is built: controllers create their instruments when they are created.
    static func bootstrap() -> PrometheusCollectorRegistry {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }

    /// The `/metrics` endpoint of `registry`, whose gauges come from `plane`.
    static func endpoint(registry: PrometheusCollectorRegistry, plane: ControlPlane) -> MetricsEndpoint {
        MetricsEndpoint(registry: registry) { sample in
            collect(plane.metricsSnapshot(), into: &sample)
        }
    }

    /// The gauges of one snapshot.
    static func collect(_ metrics: ControlPlaneMetrics, into sample: inout MetricsSample) {
        for queue in metrics.queues {
            let labels = [("name", queue.controller)]
            sample.gauge("workqueue_depth", help: "Keys waiting for a worker.", labels: labels, queue.depth)
            sample.gauge(
                "skiff_workqueue_delayed",
                help: "Keys held back by a backoff or a requeue delay.",
                labels: labels,
                queue.delayed
            )
            sample.gauge(
                "controller_runtime_active_workers",
                help: "Keys being reconciled.",
                labels: [("controller", queue.controller)],
                queue.inFlight
            )
        }
        for (phase, count) in metrics.podsByPhase.sorted(by: { $0.key < $1.key }) {
            sample.gauge("skiff_pods", help: "Pods by phase.", labels: [("phase", phase)], count)
        }
        for (queue, count) in metrics.pendingPods.sorted(by: { $0.key < $1.key }) {
            sample.gauge(
                "scheduler_pending_pods",
                help: "Pods waiting in the scheduler, by queue.",
                labels: [("queue", queue)],
                count
            )
        }
        for node in metrics.gpus {
            let labels = [("node", node.node)]
            sample.gauge("skiff_node_gpus", help: "nvidia.com/gpu devices a node offers.", labels: labels, node.total)
            sample.gauge(
                "skiff_node_gpus_allocated",
                help: "nvidia.com/gpu devices held by pods.",
                labels: labels,
                node.allocated
            )
        }
        for (phase, count) in metrics.filesByPhase.sorted(by: { $0.key < $1.key }) {
            sample.gauge("skiff_manifest_files", help: "Manifest files by state.", labels: [("state", phase)], count)
        }
        for file in metrics.fileErrors {
            sample.gauge(
                "skiff_manifest_file_errors",
                help: "Errors of a manifest file whose last read failed.",
                labels: [("file", file.path)],
                file.errors
            )
        }
        sample.gauge("skiff_declared_objects", help: "Objects the manifest files declare.", metrics.declaredObjects)
    }
}
