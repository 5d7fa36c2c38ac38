import SkiffNode

/// The labels, annotations and taint the AmlCompute controller puts on the nodes it creates. The node's state
/// (Azure ML's `nodeState`) is derived from them and from the node's pods, so that a restarted daemon reads it
/// back from the store.
public enum ComputeNodeLabels {
    /// `node.kubernetes.io/instance-type`: the VM size.
    public static let instanceType = "node.kubernetes.io/instance-type"
    /// `skiff.dev/compute`: the cluster (the label jobs' pods select).
    public static let compute = JobLabels.compute
    /// `skiff.dev/tier`: `dedicated` or `low_priority`.
    public static let tier = "skiff.dev/tier"
    /// The value of ``NodeProvider/label`` on a cluster's nodes: their status is the AmlCompute controller's.
    public static let provider = "amlcompute"
    /// Annotation: a state set by an action (`leaving`, `preempted`, `unusable`); absent otherwise.
    public static let state = "skiff.dev/node-state"
    /// Annotation: when the node stops `preparing` (RFC 3339).
    public static let readyAt = "skiff.dev/ready-at"
    /// Annotation: since when the node has had no pod to run (RFC 3339).
    public static let idleSince = "skiff.dev/idle-since"
    /// Annotation: when a low-priority node is preempted at random (the configured rate; RFC 3339).
    public static let preemptAt = "skiff.dev/preempt-at"
    /// Annotation: why the node is `unusable` (the exec provider's stderr).
    public static let stateMessage = "skiff.dev/node-state-message"
    /// The taint a node carries while it is not ready, as the node lifecycle controller sets it.
    public static let notReadyTaint = Taint(key: "node.kubernetes.io/not-ready", effect: .noSchedule)

    /// Whether `node` was created by a compute cluster.
    public static func isComputeNode(_ node: Node) -> Bool {
        node.metadata.labels[NodeProvider.label] == provider
    }
}
