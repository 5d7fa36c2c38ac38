/// Places a pod that names its node (`spec.nodeName`) only there (kube-scheduler's `NodeName`).
public struct NodeNamePlugin: FilterPlugin {
    /// The plugin's name.
    public static let pluginName = "NodeName"
    /// kube-scheduler's `ErrReason`.
    public static let reason = "node(s) didn't match the requested node name"

    /// The plugin.
    public init() {}

    /// `NodeName`.
    public var name: String { Self.pluginName }

    /// Only a new node can be the named one.
    public var requeueEvents: ClusterEvents { [.nodeAdded] }

    /// Rejects every node but the one the pod names, when it names one.
    public func filter(_ pod: Pod, _ node: NodeInfo, _ state: CycleState) -> Status {
        let wanted = state.nodeName
        return wanted.isEmpty || wanted == node.name ? .success : Status(.unschedulableAndUnresolvable, Self.reason)
    }
}
