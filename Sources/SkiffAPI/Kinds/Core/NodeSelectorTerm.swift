/// One alternative of a node selector (Kubernetes' `v1.NodeSelectorTerm`): every label expression and every
/// field requirement must match. A term with neither matches no node.
public struct NodeSelectorTerm: Sendable, Hashable {
    /// Requirements on node labels.
    public var matchExpressions: [NodeSelectorRequirement]
    /// Requirements on node fields; only `metadata.name` is supported, as in Kubernetes.
    public var matchFields: [NodeSelectorRequirement]

    /// A value with the given fields; omitted ones are empty, as Kubernetes leaves them.
    public init(matchExpressions: [NodeSelectorRequirement] = [], matchFields: [NodeSelectorRequirement] = []) {
        self.matchExpressions = matchExpressions
        self.matchFields = matchFields
    }

    /// Whether a node with `labels` and `nodeName` satisfies the term.
    public func matches(labels: [String: String], nodeName: String) -> Bool {
        if matchExpressions.isEmpty && matchFields.isEmpty { return false }
        return matchExpressions.allSatisfy { $0.matches(labels: labels) }
            && matchFields.allSatisfy { $0.matches(nodeName: nodeName) }
    }
}

extension NodeSelectorTerm {
    /// Reads a term; `validateValues` as in ``NodeSelectorRequirement``.
    static func decode(_ r: MappingReader, validateValues: Bool) -> NodeSelectorTerm {
        NodeSelectorTerm(
            matchExpressions: r.mappingList("matchExpressions") {
                NodeSelectorRequirement.decodeExpression($0, validateValues: validateValues)
            } ?? [],
            matchFields: r.mappingList("matchFields", NodeSelectorRequirement.decodeField) ?? []
        )
    }

    /// The term as Kubernetes prints it.
    public var encoded: JSONValue {
        var o = JSONObject()
        o.put("matchExpressions", nonEmpty: matchExpressions.map(\.encoded))
        o.put("matchFields", nonEmpty: matchFields.map(\.encoded))
        return .object(o)
    }
}
