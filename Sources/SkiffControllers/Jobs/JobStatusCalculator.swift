/// Derives a job's phase from its pods (the current attempt's): `Failed` when any pod failed, `Completed` when
/// every instance succeeded, `Running` when every instance runs (or already succeeded), `Starting` when every pod
/// is placed, else `Queued`.
enum JobStatusCalculator {
    struct Observation: Sendable, Equatable {
        var phase: Job.Phase
        var counts: JobPodCounts
        /// For `Failed`: which pod failed and how.
        var failure: String?
        /// The earliest start among the pods.
        var earliestStart: Timestamp?
    }

    static func observe(_ pods: [Pod], instanceCount: Int) -> Observation {
        var counts = JobPodCounts()
        var scheduled = 0
        var failure: String?
        var earliest: Timestamp?
        for pod in pods.sorted(by: { $0.metadata.name < $1.metadata.name }) {
            if !pod.spec.nodeName.isEmpty { scheduled += 1 }
            if let start = pod.status.startTime, earliest.map({ start < $0 }) ?? true { earliest = start }
            switch pod.status.phase {
            case .running?: counts.running += 1
            case .succeeded?: counts.succeeded += 1
            case .failed?:
                counts.failed += 1
                if failure == nil { failure = describeFailure(pod) }
            default: counts.pending += 1
            }
        }
        let phase: Job.Phase
        if counts.failed > 0 {
            phase = .failed
        } else if counts.succeeded >= instanceCount {
            phase = .completed
        } else if pods.count >= instanceCount && counts.running + counts.succeeded >= instanceCount {
            phase = .running
        } else if pods.count >= instanceCount && scheduled >= instanceCount {
            phase = .starting
        } else {
            phase = .queued
        }
        return Observation(phase: phase, counts: counts, failure: failure, earliestStart: earliest)
    }

    /// `pod "j-1" failed: container proc-0 exited with code 3 (Error)`, or the pod's own reason.
    static func describeFailure(_ pod: Pod) -> String {
        let prefix = "pod \"\(pod.metadata.name)\" failed"
        let terminated = pod.status.containerStatuses.compactMap { status -> (String, ContainerState.Terminated)? in
            guard let t = status.state.terminated, t.exitCode != 0 || !t.reason.isEmpty && t.reason != "Completed"
            else { return nil }
            return (status.name, t)
        }
        if let (name, t) = terminated.first {
            var text = "\(prefix): container \(name) exited with code \(t.exitCode)"
            if !t.reason.isEmpty { text += " (\(t.reason))" }
            if !t.message.isEmpty { text += ": \(t.message)" }
            return text
        }
        var text = prefix
        if !pod.status.reason.isEmpty { text += " (\(pod.status.reason))" }
        if !pod.status.message.isEmpty { text += ": \(pod.status.message)" }
        return text
    }
}
