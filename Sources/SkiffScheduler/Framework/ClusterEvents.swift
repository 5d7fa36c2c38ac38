/// Changes in the cluster that may make a pod that failed to schedule schedulable, as kube-scheduler's
/// `ClusterEvent`s: each filter plugin names the ones that can undo its rejections, and the scheduling queue moves
/// an unschedulable pod back only on an event one of its rejecting plugins registered for.
public struct ClusterEvents: OptionSet, Sendable, Hashable {
    /// The set's bits.
    public var rawValue: UInt32

    /// Wraps bits.
    public init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    /// A node was added.
    public static let nodeAdded = ClusterEvents(rawValue: 1 << 0)
    /// A node's allocatable resources changed.
    public static let nodeAllocatableChanged = ClusterEvents(rawValue: 1 << 1)
    /// A node's labels changed.
    public static let nodeLabelsChanged = ClusterEvents(rawValue: 1 << 2)
    /// A node's taints or its `spec.unschedulable` changed.
    public static let nodeTaintsChanged = ClusterEvents(rawValue: 1 << 3)
    /// A pod bound to a node was deleted or finished, freeing what it held.
    public static let assignedPodDeleted = ClusterEvents(rawValue: 1 << 4)
    /// A pending pod of a pod group appeared (its gang may now be complete).
    public static let podGroupMemberAdded = ClusterEvents(rawValue: 1 << 5)

    /// Every event.
    public static let all = ClusterEvents(rawValue: 0x3F)
}
