import Dispatch
import Metrics

/// The scheduler's swift-metrics instruments, named as kube-scheduler's: `scheduler_schedule_attempts_total{result}`
/// and `scheduler_scheduling_attempt_duration_seconds{result}`, with `result` one of `scheduled`,
/// `unschedulable` or `error`; a gang's cycle counts once per pod, as kube-scheduler counts attempts per pod.
/// The instruments come from the `MetricsSystem` factory bootstrapped when the first scheduler cycle runs.
enum SchedulerMetrics {
    private struct Instruments: Sendable {
        let attempts: Counter
        let duration: Timer
    }

    private static let instruments: [String: Instruments] = Dictionary(
        uniqueKeysWithValues: ["scheduled", "unschedulable", "error"].map { result in
            (
                result,
                Instruments(
                    attempts: Counter(label: "scheduler_schedule_attempts_total", dimensions: [("result", result)]),
                    duration: Timer(
                        label: "scheduler_scheduling_attempt_duration_seconds",
                        dimensions: [("result", result)]
                    )
                )
            )
        }
    )

    /// Records one cycle's outcome and its real duration.
    static func record(_ result: SchedulingResult, startedAt start: UInt64) {
        let nanoseconds = Int64(DispatchTime.now().uptimeNanoseconds - start)
        func add(_ name: String, _ count: Int) {
            guard count > 0, let instruments = instruments[name] else { return }
            instruments.attempts.increment(by: Int64(count))
            instruments.duration.recordNanoseconds(nanoseconds)
        }
        add("scheduled", result.placements.count)
        add("unschedulable", result.failures.filter { $0.reason == "Unschedulable" }.count)
        add("error", result.failures.filter { $0.reason != "Unschedulable" }.count)
    }
}
