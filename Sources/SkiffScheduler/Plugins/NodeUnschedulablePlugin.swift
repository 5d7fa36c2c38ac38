/// Keeps pods off cordoned nodes (`spec.unschedulable`), unless they tolerate the
/// `node.kubernetes.io/unschedulable:NoSchedule` taint (kube-scheduler's `NodeUnschedulable`).
public struct NodeUnschedulablePlugin: FilterPlugin {
    /// The plugin's name.
    public static let pluginName = "NodeUnschedulable"
    /// kube-scheduler's `ErrReasonUnschedulable`.
    public static let reason = "node(s) were unschedulable"
    /// The taint a pod tolerates to be placed on a cordoned node anyway.
    public static let unschedulableTaint = Taint(key: "node.kubernetes.io/unschedulable", effect: .noSchedule)

    /// The plugin.
    public init() {}

    /// `NodeUnschedulable`.
    public var name: String { Self.pluginName }

    /// A node added, or its cordon lifted.
    public var requeueEvents: ClusterEvents { [.nodeAdded, .nodeTaintsChanged] }

    /// Rejects a cordoned node for a pod that does not tolerate the unschedulable taint.
    public func filter(_ pod: Pod, _ node: NodeInfo, _ state: CycleState) -> Status {
        guard node.isUnschedulable else { return .success }
        if state.tolerations.contains(where: { $0.tolerates(Self.unschedulableTaint) }) {
            return .success
        }
        return Status(.unschedulableAndUnresolvable, Self.reason)
    }
}
