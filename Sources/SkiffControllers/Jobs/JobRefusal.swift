/// Why a job cannot run as declared: a machine-readable reason (`ComputeNotFound`) and a message naming what is
/// wrong. The job fails at once with it.
public struct JobRefusal: Error, Sendable, Hashable {
    public var reason: String
    public var message: String

    public init(_ reason: String, _ message: String) {
        self.reason = reason
        self.message = message
    }

    /// Reasons that come from the job's surroundings (compute, instance types, nodes) rather than from the job
    /// having run: a job failed for one of them is looked at again when those change, and runs once they allow.
    static let revisable: Set<String> = [
        "ComputeNotFound", "ComputeNotReady", "TrainingDisabled", "NamespaceNotFound", "InstanceTypeNotFound",
        "InstanceTypeNotAllowed", "NodeSelectorConflict", "Unschedulable",
    ]
}
