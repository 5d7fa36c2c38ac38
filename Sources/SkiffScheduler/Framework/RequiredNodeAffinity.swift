/// A pod's placement requirements on node labels and names, parsed once per cycle as kube-scheduler's
/// `nodeaffinity.RequiredNodeAffinity`: every `nodeSelector` label must match exactly, and when required node
/// affinity is given, at least one of its terms must match.
///
/// A term with a malformed requirement (an invalid key or label value, `Gt`/`Lt` without one integer, a field other
/// than `metadata.name`) matches no node, as kube-scheduler ignores terms it cannot parse; a selector without a
/// usable term matches nothing.
public struct RequiredNodeAffinity: Sendable, Hashable {
    /// The pod's `nodeSelector`, as pairs.
    public private(set) var labelSelector: [(key: String, value: String)]
    /// The usable required terms; nil when the pod has no required node affinity.
    public private(set) var terms: [NodeSelectorTerm]?

    /// The requirements of `pod`.
    public init(_ pod: Pod) {
        labelSelector = pod.spec.nodeSelector.sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value) }
        terms = pod.spec.requiredNodeAffinity.map { selector in
            selector.nodeSelectorTerms.filter(Self.isUsable)
        }
    }

    /// Whether a node with `labels` named `nodeName` satisfies the requirements.
    public func matches(labels: [String: String], nodeName: String) -> Bool {
        for (key, value) in labelSelector where labels[key] != value {
            return false
        }
        guard let terms else { return true }
        return terms.contains { $0.matches(labels: labels, nodeName: nodeName) }
    }

    /// Whether kube-scheduler could parse every requirement of `term` (an empty term is usable and matches
    /// nothing).
    public static func isUsable(_ term: NodeSelectorTerm) -> Bool {
        term.matchExpressions.allSatisfy(isUsableLabelRequirement)
            && term.matchFields.allSatisfy(isUsableFieldRequirement)
    }

    private static func isUsableLabelRequirement(_ requirement: NodeSelectorRequirement) -> Bool {
        guard NameValidation.isQualifiedName(requirement.key).isEmpty else { return false }
        switch requirement.operator {
        case .in, .notIn:
            return !requirement.values.isEmpty
                && requirement.values.allSatisfy { NameValidation.isValidLabelValue($0).isEmpty }
        case .exists, .doesNotExist:
            return requirement.values.isEmpty
        case .gt, .lt:
            return requirement.values.count == 1 && Int64(requirement.values[0]) != nil
        }
    }

    private static func isUsableFieldRequirement(_ requirement: NodeSelectorRequirement) -> Bool {
        requirement.key == "metadata.name" && requirement.values.count == 1
            && (requirement.operator == .in || requirement.operator == .notIn)
    }

    /// Equal when both require the same.
    public static func == (lhs: RequiredNodeAffinity, rhs: RequiredNodeAffinity) -> Bool {
        lhs.labelSelector.elementsEqual(rhs.labelSelector) { $0.key == $1.key && $0.value == $1.value }
            && lhs.terms == rhs.terms
    }

    /// Hashes what is required.
    public func hash(into hasher: inout Hasher) {
        for pair in labelSelector {
            hasher.combine(pair.key)
            hasher.combine(pair.value)
        }
        hasher.combine(terms)
    }
}
