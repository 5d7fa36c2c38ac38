/// `nodeSelector` and node affinity (kube-scheduler's `NodeAffinity`): a node must match every `nodeSelector`
/// label and, when given, one term of the required node affinity; nodes matching more preferred terms (by
/// weight) score higher.
public struct NodeAffinityPlugin: FilterPlugin, ScorePlugin {
    /// The plugin's name.
    public static let pluginName = "NodeAffinity"
    /// kube-scheduler's `ErrReasonPod`.
    public static let reason = "node(s) didn't match Pod's node affinity/selector"

    /// The plugin's weight in scoring.
    public let weight: Int64

    /// The plugin, weighted 2 as in kube-scheduler's default profile.
    public init(weight: Int64 = 2) {
        self.weight = weight
    }

    /// `NodeAffinity`.
    public var name: String { Self.pluginName }

    /// kube-scheduler's `DefaultNormalizeScore`.
    public var normalization: ScoreNormalization { .scaledToHighest(reverse: false) }

    /// A node added or its labels changed.
    public var requeueEvents: ClusterEvents { [.nodeAdded, .nodeLabelsChanged] }

    /// Rejects a node that does not satisfy the pod's selector and required affinity.
    public func filter(_ pod: Pod, _ node: NodeInfo, _ state: CycleState) -> Status {
        state.nodeAffinity.matches(labels: node.labels, nodeName: node.name)
            ? .success : Status(.unschedulableAndUnresolvable, Self.reason)
    }

    /// Skipped for pods without preferred terms.
    public func preScore(_ pod: Pod, _ state: inout CycleState) -> Status {
        state.preferredTerms.isEmpty ? Status(.skip) : .success
    }

    /// The summed weights of the preferred terms the node matches.
    public func score(_ pod: Pod, _ node: NodeInfo, _ state: CycleState) -> Int64 {
        var total: Int64 = 0
        for term in state.preferredTerms where term.preference.matches(labels: node.labels, nodeName: node.name) {
            total += Int64(term.weight)
        }
        return total
    }

    /// Scaled so that the best node scores 100.
    public func normalize(_ scores: inout [Int64], _ state: CycleState) {
        defaultNormalizeScore(&scores, reverse: false)
    }
}
