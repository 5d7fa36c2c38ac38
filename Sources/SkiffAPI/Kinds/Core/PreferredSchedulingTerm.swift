/// A weighted preference of preferred node affinity (Kubernetes' `v1.PreferredSchedulingTerm`): nodes matching
/// `preference` score `weight` more.
public struct PreferredSchedulingTerm: Sendable, Hashable {
    /// 1 to 100.
    public var weight: Int32
    /// The term a node must match to score the weight.
    public var preference: NodeSelectorTerm

    /// A value with the given fields; omitted ones are empty, as Kubernetes leaves them.
    public init(weight: Int32, preference: NodeSelectorTerm) {
        self.weight = weight
        self.preference = preference
    }
}

extension PreferredSchedulingTerm {
    /// Reads a term, validated as Kubernetes' `ValidatePreferredSchedulingTerms` (label values are not checked
    /// in preferences, as in Kubernetes).
    static func decode(_ r: MappingReader) -> PreferredSchedulingTerm {
        let weight = r.int32("weight") ?? 0
        if weight <= 0 || weight > 100 {
            r.context.invalid(
                r.path.child("weight"),
                r.mark("weight"),
                number: Int64(weight),
                "must be in the range 1-100"
            )
        }
        let preference = r.mapping("preference") { NodeSelectorTerm.decode($0, validateValues: false) }
        return PreferredSchedulingTerm(weight: weight, preference: preference ?? NodeSelectorTerm())
    }

    /// The term as Kubernetes prints it.
    public var encoded: JSONValue {
        .object(["weight": .int(Int64(weight)), "preference": preference.encoded])
    }
}
