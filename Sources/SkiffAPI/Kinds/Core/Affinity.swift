/// A pod's scheduling affinity (Kubernetes' `v1.Affinity`). Skiff runs on one machine's nodes and supports node
/// affinity only; `podAffinity` and `podAntiAffinity` are rejected as unknown fields.
public struct Affinity: Sendable, Hashable {
    public var nodeAffinity: NodeAffinity?

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
