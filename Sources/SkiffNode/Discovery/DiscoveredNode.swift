/// What discovery found: the node object to store and the GPUs behind its `nvidia.com/gpu`.
public struct DiscoveredNode: Sendable {
    /// The node, ready for the store: labels, `spec.providerID`, and status (capacity, allocatable, conditions,
    /// addresses, nodeInfo).
    public var node: Node
    /// Every GPU found, advertised or not, in index order.
    public var gpus: [GPUDevice]
    /// The machine as read.
    public var host: HostInfo
    /// Why GPUs are missing or fewer than listed, when something went wrong asking `nvidia-smi`.
    public var gpuProblem: String?

    /// A value with the given fields.
    public init(node: Node, gpus: [GPUDevice], host: HostInfo, gpuProblem: String? = nil) {
        self.node = node
        self.gpus = gpus
        self.host = host
        self.gpuProblem = gpuProblem
    }

    /// Whether the node advertises its GPUs as `nvidia.com/gpu`.
    public var advertisesGPUs: Bool { node.status.capacity[.nvidiaGPU] != nil }

    /// The stored node refreshed with this discovery: metadata the store keeps (uid, resourceVersion,
    /// annotations) and the spec users change (`unschedulable`, taints) stay; labels, provider id and status are
    /// replaced, with conditions set as the kubelet sets them (transition times move only on a status change).
    public func merged(into existing: Node?, now: Timestamp) -> Node {
        guard var result = existing else {
            var fresh = node
            fresh.status.conditions = []
            for condition in node.status.conditions {
                fresh.status.conditions.set(condition, now: now)
            }
            return fresh
        }
        // GPU labels come and go with the GPUs, as GFD removes them; other labels a user added stay.
        for key in NodeLabels.gpuLabelKeys { result.metadata.labels[key] = nil }
        result.metadata.labels.merge(node.metadata.labels) { _, discovered in discovered }
        result.spec.providerID = node.spec.providerID
        let conditions = result.status.conditions
        result.status = node.status
        result.status.conditions = conditions
        for condition in node.status.conditions {
            result.status.conditions.set(condition, now: now)
        }
        return result
    }
}
