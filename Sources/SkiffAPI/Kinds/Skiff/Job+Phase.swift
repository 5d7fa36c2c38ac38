extension Job {
    /// A job's phase, with Azure ML's names.
    public enum Phase: String, Sendable, Hashable, CaseIterable {
        /// Waiting for capacity: pods not yet scheduled (or not yet created).
        case queued = "Queued"
        /// Every pod is placed; not all are running yet.
        case starting = "Starting"
        /// Every pod is running (or already succeeded).
        case running = "Running"
        /// Every pod succeeded.
        case completed = "Completed"
        /// Refused, a pod failed, or the job timed out.
        case failed = "Failed"
        /// A cancel was asked for and pods are stopping.
        case canceling = "Canceling"
        /// Canceled; no pod runs any more.
        case canceled = "Canceled"

        /// Whether the job is over.
        public var isFinished: Bool { self == .completed || self == .failed || self == .canceled }
    }
}
