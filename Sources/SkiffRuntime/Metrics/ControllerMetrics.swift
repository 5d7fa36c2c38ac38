import Metrics

/// One controller's swift-metrics instruments, named as controller-runtime names them so that dashboards built
/// for Kubernetes controllers read them: `controller_runtime_reconcile_total{controller,result}`,
/// `controller_runtime_reconcile_errors_total{controller}`, `controller_runtime_reconcile_time_seconds{controller}`
/// and client-go's `workqueue_retries_total{name}`. Created once per controller from whatever `MetricsSystem`
/// factory is bootstrapped at that moment (a no-op one unless skiffd bootstrapped Prometheus first).
struct ControllerMetrics: Sendable {
    let success: Counter
    let error: Counter
    let requeue: Counter
    let requeueAfter: Counter
    let errors: Counter
    let retries: Counter
    let duration: Timer

    init(controller: String) {
        func total(_ result: String) -> Counter {
            Counter(
                label: "controller_runtime_reconcile_total",
                dimensions: [("controller", controller), ("result", result)]
            )
        }
        success = total("success")
        error = total("error")
        requeue = total("requeue")
        requeueAfter = total("requeue_after")
        errors = Counter(label: "controller_runtime_reconcile_errors_total", dimensions: [("controller", controller)])
        retries = Counter(label: "workqueue_retries_total", dimensions: [("name", controller)])
        duration = Timer(label: "controller_runtime_reconcile_time_seconds", dimensions: [("controller", controller)])
    }

    /// Records one reconcile: its outcome and how long it took in real time (not the controller's clock, which
    /// is a manual one in tests).
    func record(_ outcome: Result<ReconcileResult, any Error>, nanoseconds: Int64) {
        duration.recordNanoseconds(nanoseconds)
        switch outcome {
        case .failure:
            error.increment()
            errors.increment()
            retries.increment()
        case .success(.requeue):
            requeue.increment()
            retries.increment()
        case .success(.requeueAfter):
            requeueAfter.increment()
        case .success(.done):
            success.increment()
        }
    }
}
