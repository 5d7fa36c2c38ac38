/// A compute cluster node's state, as Azure ML's `listNodes` reports it.
public enum ComputeNodeState: String, Sendable, Hashable, CaseIterable {
    /// Being created; takes no pods yet.
    case preparing
    /// Up, with nothing to run.
    case idle
    /// Running pods.
    case running
    /// Being removed (drained: takes no new pods).
    case leaving
    /// A low-priority node taken back.
    case preempted
    /// Failed to come up; takes no pods.
    case unusable

    /// Whether the node counts toward the cluster's size for scaling (it is, or is becoming, usable).
    var isActive: Bool { self == .preparing || self == .idle || self == .running }

    /// The state of a compute node at `now`, given whether it has pods that have not finished.
    static func of(_ node: Node, hasLivePods: Bool, now: Timestamp) -> ComputeNodeState {
        if node.metadata.deletionTimestamp != nil { return .leaving }
        if let explicit = node.metadata.annotations[ComputeNodeLabels.state].flatMap(ComputeNodeState.init) {
            return explicit
        }
        if let text = node.metadata.annotations[ComputeNodeLabels.readyAt], let ready = Timestamp(rfc3339: text),
            now < ready
        {
            return .preparing
        }
        if node.metadata.annotations[ComputeNodeLabels.readyAt] == nil { return .preparing }
        return hasLivePods ? .running : .idle
    }
}
