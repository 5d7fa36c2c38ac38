/// The observed state of a node (Kubernetes' `v1.NodeStatus`), reported by its node provider.
public struct NodeStatus: Sendable, Hashable, EmptyInitializable {
    /// Everything the node has.
    public var capacity: ResourceList
    /// What pods may use: capacity minus what the system keeps.
    public var allocatable: ResourceList
    /// Observations, one per type.
    public var conditions: [NodeCondition]
    /// How the node can be reached.
    public var addresses: [NodeAddress]
    /// What the node reports about its machine and software.
    public var nodeInfo: NodeSystemInfo

    /// Nothing observed yet.
    public init() {
        self.init(capacity: ResourceList())
    }

    /// A status; `allocatable` defaults to `capacity`, as Kubernetes defaults it.
    public init(
        capacity: ResourceList,
        allocatable: ResourceList? = nil,
        conditions: [NodeCondition] = [],
        addresses: [NodeAddress] = [],
        nodeInfo: NodeSystemInfo = NodeSystemInfo()
    ) {
        self.capacity = capacity
        self.allocatable = allocatable ?? capacity
        self.conditions = conditions
        self.addresses = addresses
        self.nodeInfo = nodeInfo
    }

    /// Whether the node reports `Ready=True`.
    public var isReady: Bool { conditions[type: .ready]?.status == .true }
}

extension NodeStatus {
    /// Reads a status written by the API or persistence.
    static func decode(_ r: MappingReader) -> NodeStatus {
        let capacity = r.resourceList("capacity", keyedPaths: false)?.list ?? ResourceList()
        return NodeStatus(
            capacity: capacity,
            allocatable: r.resourceList("allocatable", keyedPaths: false)?.list ?? capacity,
            conditions: r.mappingList("conditions", NodeCondition.decode) ?? [],
            addresses: r.mappingList("addresses", NodeAddress.decode) ?? [],
            nodeInfo: r.mapping("nodeInfo", NodeSystemInfo.decode) ?? NodeSystemInfo()
        )
    }

    /// The status fields as Kubernetes prints them; empty when nothing is reported.
    public var encoded: JSONObject {
        var o = JSONObject()
        if !capacity.isEmpty { o["capacity"] = capacity.encoded }
        if !allocatable.isEmpty { o["allocatable"] = allocatable.encoded }
        o.put("conditions", nonEmpty: conditions.map(\.encoded))
        o.put("addresses", nonEmpty: addresses.map(\.encoded))
        if !nodeInfo.isEmpty { o["nodeInfo"] = nodeInfo.encoded }
        return o
    }
}
