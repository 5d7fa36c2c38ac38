/// A pod's scheduling affinity (Kubernetes' `v1.Affinity`). Skiff runs on one machine's nodes and supports node
/// affinity only; `podAffinity` and `podAntiAffinity` are rejected as unknown fields.
public struct Affinity: Sendable, Hashable {
    /// Which nodes the pod may or prefers to run on, by their labels and names.
    public var nodeAffinity: NodeAffinity?

    /// A value with the given fields; omitted ones are empty, as Kubernetes leaves them.
    public init(nodeAffinity: NodeAffinity? = nil) {
        self.nodeAffinity = nodeAffinity
    }
}

extension Affinity {
    static func decode(_ r: MappingReader) -> Affinity {
        Affinity(nodeAffinity: r.mapping("nodeAffinity", NodeAffinity.decode))
    }

    /// Affinity as Kubernetes prints it.
    public var encoded: JSONValue {
        var o = JSONObject()
        o.put("nodeAffinity", nodeAffinity?.encoded)
        return .object(o)
    }
}
