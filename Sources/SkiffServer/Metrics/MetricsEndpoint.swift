import Prometheus
import Synchronization

/// `GET /metrics`: the Prometheus text exposition of one registry. Counters and histograms get there through
/// swift-metrics (the daemon bootstraps a `PrometheusMetricsFactory` on ``registry``); gauges that describe
/// state (pods by phase, GPUs per node, files with errors) are read at each scrape by `collect`, and a series
/// that a scrape no longer reports (a deleted node, a fixed file) is removed rather than left at its last value.
public final class MetricsEndpoint: Sendable {
    /// The registry exposed.
    public let registry: PrometheusCollectorRegistry
    private let collect: @Sendable (inout MetricsSample) -> Void
    /// The gauges the last scrape set, by name and labels; the lock also serialises scrapes.
    private let gauges = Mutex<[SeriesKey: Prometheus.Gauge]>([:])

    private struct SeriesKey: Hashable {
        var name: String
        var labels: [String]
    }

    /// An endpoint for `registry` whose gauges `collect` fills at each scrape.
    public init(
        registry: PrometheusCollectorRegistry,
        collect: @escaping @Sendable (inout MetricsSample) -> Void = { _ in }
    ) {
        self.registry = registry
        self.collect = collect
    }

    /// The `Content-Type` of the exposition (Prometheus text format 0.0.4).
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// Refreshes the gauges and renders every metric of the registry.
    public func exposition() -> String {
        var sample = MetricsSample()
        collect(&sample)
        let registry = self.registry
        gauges.withLock { registered in
            var seen = Set<SeriesKey>()
            for series in sample.gauges {
                let key = SeriesKey(name: series.name, labels: series.labels.flatMap { [$0.0, $0.1] })
                seen.insert(key)
                let gauge =
                    registered[key]
                    ?? registry.makeGauge(name: series.name, labels: series.labels, help: series.help)
                registered[key] = gauge
                gauge.set(series.value)
            }
            for (key, gauge) in registered where !seen.contains(key) {
                registry.unregisterGauge(gauge)
                registered[key] = nil
            }
        }
        return registry.emitToString()
    }
}
