import Prometheus

/// What the daemon gets from its command line besides the configuration: the systemd notifier, where the
/// configuration came from (for reloads), the shared log level, and the metrics registry swift-metrics writes to.
struct DaemonSupport: Sendable {
    var notifier: SystemdNotifier
    var source: ConfigurationSource
    var levels: LogLevelBox
    var metrics: PrometheusCollectorRegistry
}
