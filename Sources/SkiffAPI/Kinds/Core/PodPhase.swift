/// Where a pod is in its lifecycle (Kubernetes' `v1.PodPhase`).
public enum PodPhase: String, Sendable, Hashable, CaseIterable {
    /// Accepted, but not every container is running yet (includes waiting to be scheduled).
    case pending = "Pending"
    /// Bound to a node and at least one container is running, starting or restarting.
    case running = "Running"
    /// Every container exited successfully and will not be restarted.
    case succeeded = "Succeeded"
    /// Every container exited and at least one failed.
    case failed = "Failed"
    /// The pod's state could not be obtained.
    case unknown = "Unknown"

    /// Whether the phase is final (`Succeeded` or `Failed`).
    public var isTerminal: Bool { self == .succeeded || self == .failed }
}
