/// Node affinity of a pod (Kubernetes' `v1.NodeAffinity`).
public struct NodeAffinity: Sendable, Hashable {
    /// `requiredDuringSchedulingIgnoredDuringExecution`: the pod is placed only on nodes this selector matches.
    public var required: NodeSelector?
    /// `preferredDuringSchedulingIgnoredDuringExecution`: nodes matching more weight score higher.
    public var preferred: [PreferredSchedulingTerm]

    /// A value with the given fields; omitted ones are empty, as Kubernetes leaves them.
    public init(required: NodeSelector? = nil, preferred: [PreferredSchedulingTerm] = []) {
        self.required = required
        self.preferred = preferred
    }
}

extension NodeAffinity {
    static let requiredKey = "requiredDuringSchedulingIgnoredDuringExecution"
    static let preferredKey = "preferredDuringSchedulingIgnoredDuringExecution"

    /// Reads node affinity, validated as Kubernetes' `validateNodeAffinity`.
    static func decode(_ r: MappingReader) -> NodeAffinity {
        NodeAffinity(
            required: r.mapping(requiredKey, NodeSelector.decode),
            preferred: r.mappingList(preferredKey, PreferredSchedulingTerm.decode) ?? []
        )
    }

    /// Node affinity as Kubernetes prints it.
    public var encoded: JSONValue {
        var o = JSONObject()
        o.put(Self.requiredKey, required?.encoded)
        o.put(Self.preferredKey, nonEmpty: preferred.map(\.encoded))
        return .object(o)
    }
}
