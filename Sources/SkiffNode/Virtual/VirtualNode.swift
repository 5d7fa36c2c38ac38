/// What a declared (`kind: Node` manifest) node reports: the capacity it declares, always ready, on simulated
/// pods.
public enum VirtualNode {
    /// The `pods` capacity of a declared node that declares none (the kubelet's `maxPods` default), without which
    /// no pod could ever be scheduled on it.
    public static let defaultPods = Quantity(110)

    /// The status a declared node reports: its declared capacity and allocatable (with `pods` defaulted), `Ready`,
    /// and system info from its `kubernetes.io/os` and `kubernetes.io/arch` labels.
    public static func observedStatus(of node: Node) -> NodeStatus {
        var capacity = node.spec.declaredCapacity
        var allocatable = node.spec.declaredAllocatable
        if capacity[.pods] == nil { capacity[.pods] = defaultPods }
        if allocatable[.pods] == nil { allocatable[.pods] = capacity[.pods] }
        let labels = node.metadata.labels
        return NodeStatus(
            capacity: capacity,
            allocatable: allocatable,
            conditions: [
                NodeCondition(
                    type: .ready,
                    status: .true,
                    reason: "VirtualNodeReady",
                    message: "declared node; its pods are simulated"
                )
            ],
            addresses: [NodeAddress(type: .hostname, address: node.metadata.name)],
            nodeInfo: NodeSystemInfo(
                containerRuntimeVersion: "skiff-simulated://1",
                kubeletVersion: "v1.32.0-skiff",
                operatingSystem: labels[NodeLabels.os] ?? "linux",
                architecture: labels[NodeLabels.arch] ?? "amd64"
            )
        )
    }
}
