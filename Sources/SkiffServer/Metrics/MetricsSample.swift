/// Gauge values read at scrape time, in the order added: a collector fills one per scrape and
/// ``MetricsEndpoint`` writes them into its registry.
public struct MetricsSample: Sendable {
    /// One gauge series.
    public struct Gauge: Sendable {
        public var name: String
        public var help: String
        public var labels: [(String, String)]
        public var value: Double
    }

    public private(set) var gauges: [Gauge] = []

    public init() {}

    /// Sets the series `name{labels}` to `value`. Every series of one name must have the same `help` and the same
    /// label names.
    public mutating func gauge(_ name: String, help: String, labels: [(String, String)] = [], _ value: Double) {
        gauges.append(Gauge(name: name, help: help, labels: labels, value: value))
    }

    /// Sets the series `name{labels}` to an integer `value`.
    public mutating func gauge(_ name: String, help: String, labels: [(String, String)] = [], _ value: Int) {
        gauge(name, help: help, labels: labels, Double(value))
    }
}
