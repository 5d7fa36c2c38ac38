/// A required node selector (Kubernetes' `v1.NodeSelector`): a node matches when any of its terms matches.
public struct NodeSelector: Sendable, Hashable {
    /// Alternatives; a node must match at least one.
    public var nodeSelectorTerms: [NodeSelectorTerm]

    /// A value with the given fields; omitted ones are empty, as Kubernetes leaves them.
    public init(nodeSelectorTerms: [NodeSelectorTerm]) {
        self.nodeSelectorTerms = nodeSelectorTerms
    }

    /// Whether a node with `labels` and `nodeName` matches any term.
    public func matches(labels: [String: String], nodeName: String) -> Bool {
        nodeSelectorTerms.contains { $0.matches(labels: labels, nodeName: nodeName) }
    }
}

extension NodeSelector {
    /// Reads a selector, validated as Kubernetes' `ValidateNodeSelector` for required node affinity.
    static func decode(_ r: MappingReader) -> NodeSelector {
        let terms = r.mappingList("nodeSelectorTerms") { NodeSelectorTerm.decode($0, validateValues: true) } ?? []
        if terms.isEmpty {
            r.context.required(
                r.path.child("nodeSelectorTerms"),
                r.mark("nodeSelectorTerms"),
                "must have at least one node selector term"
            )
        }
        return NodeSelector(nodeSelectorTerms: terms)
    }

    /// The selector as Kubernetes prints it.
    public var encoded: JSONValue {
        .object(["nodeSelectorTerms": .array(nodeSelectorTerms.map(\.encoded))])
    }
}
