import Prometheus
import SkiffServer
import Synchronization
import Testing

/// `/metrics`: the registry's exposition, gauges refreshed per scrape, and the route.
struct MetricsEndpointTests {
    /// What the next scrape reports: GPUs per node.
    final class Nodes: Sendable {
        let gpus = Mutex<[String: Int]>([:])
    }

    @Test func exposesCountersHistogramsAndScrapeTimeGauges() throws {
        let registry = PrometheusCollectorRegistry()
        let nodes = Nodes()
        nodes.gpus.withLock { $0 = ["gpu-a": 8, "gpu-b": 4] }
        let endpoint = MetricsEndpoint(registry: registry) { sample in
            for (node, count) in nodes.gpus.withLock({ $0 }).sorted(by: { $0.key < $1.key }) {
                sample.gauge("skiff_node_gpus", help: "GPUs.", labels: [("node", node)], count)
            }
            sample.gauge("skiff_declared_objects", help: "Objects.", 3)
        }
        let reconciles = registry.makeCounter(
            name: "controller_runtime_reconcile_total",
            labels: [("controller", "job")]
        )
        reconciles.increment(by: Int64(2))
        let durations = registry.makeDurationHistogram(
            name: "controller_runtime_reconcile_time_seconds",
            labels: [("controller", "job")],
            buckets: [.milliseconds(10), .milliseconds(100)]
        )
        durations.record(.milliseconds(5))
        durations.record(.milliseconds(50))

        let first = try MetricsText(parsing: endpoint.exposition())
        #expect(first.types["controller_runtime_reconcile_total"] == "counter")
        #expect(first.types["controller_runtime_reconcile_time_seconds"] == "histogram")
        #expect(first.types["skiff_node_gpus"] == "gauge")
        #expect(first.value("controller_runtime_reconcile_total", ["controller": "job"]) == 2)
        #expect(first.value("controller_runtime_reconcile_time_seconds_count", ["controller": "job"]) == 2)
        #expect(
            first.value("controller_runtime_reconcile_time_seconds_bucket", ["controller": "job", "le": "0.01"]) == 1
        )
        #expect(first.value("skiff_node_gpus", ["node": "gpu-a"]) == 8)
        #expect(first.value("skiff_node_gpus", ["node": "gpu-b"]) == 4)
        #expect(first.value("skiff_declared_objects") == 3)

        // The counter moves; a node that is gone disappears instead of keeping its last value.
        reconciles.increment()
        nodes.gpus.withLock { $0 = ["gpu-a": 6] }
        let second = try MetricsText(parsing: endpoint.exposition())
        #expect(second.value("controller_runtime_reconcile_total", ["controller": "job"]) == 3)
        #expect(second.value("skiff_node_gpus", ["node": "gpu-a"]) == 6)
        #expect(second.value("skiff_node_gpus", ["node": "gpu-b"]) == nil)
    }

    @Test func labelValuesAreEscaped() throws {
        let registry = PrometheusCollectorRegistry()
        let endpoint = MetricsEndpoint(registry: registry) { sample in
            sample.gauge("skiff_manifest_file_errors", help: "Errors.", labels: [("file", "/m/a \"b\"\\c.yaml")], 2)
        }
        let text = try MetricsText(parsing: endpoint.exposition())
        #expect(text.value("skiff_manifest_file_errors", ["file": "/m/a \"b\"\\c.yaml"]) == 2)
    }

    @Test func routeServesTheExpositionWithItsContentType() async throws {
        let store = MemoryStore(configuration: StoreConfiguration(kinds: .builtIn))
        let registry = PrometheusCollectorRegistry()
        registry.makeCounter(name: "skiff_test_total").increment()
        let handler = APIHandler(store: store, registry: .builtIn, metrics: MetricsEndpoint(registry: registry))
        guard case .bytes(let contentType, let body) = await handler.handle(APIRequest(path: "/metrics")) else {
            Issue.record("not a byte response")
            return
        }
        #expect(contentType == "text/plain; version=0.0.4; charset=utf-8")
        var bytes: [UInt8] = []
        for try await chunk in body { bytes += chunk }
        let text = try MetricsText(parsing: String(decoding: bytes, as: UTF8.self))
        #expect(text.value("skiff_test_total") == 1)

        let without = APIHandler(store: store, registry: .builtIn)
        guard case .json(let status, _) = await without.handle(APIRequest(path: "/metrics")) else {
            Issue.record("not a JSON status")
            return
        }
        #expect(status == 404)
    }

    @Test func parserRejectsWhatPrometheusRejects() {
        #expect(throws: MetricsText.Failure.self) { try MetricsText(parsing: "9bad 1\n") }
        #expect(throws: MetricsText.Failure.self) { try MetricsText(parsing: "x{a=\"1} 1\n") }
        #expect(throws: MetricsText.Failure.self) { try MetricsText(parsing: "x one\n") }
        #expect(throws: MetricsText.Failure.self) { try MetricsText(parsing: "# TYPE x gauge\n# TYPE x gauge\nx 1\n") }
        #expect(throws: MetricsText.Failure.self) {
            try MetricsText(
                parsing: "# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n"
            )
        }
    }
}
