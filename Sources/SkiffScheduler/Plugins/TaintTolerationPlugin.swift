/// Taints and tolerations (kube-scheduler's `TaintToleration`): a node with a `NoSchedule` or `NoExecute` taint
/// the pod does not tolerate is rejected; nodes with fewer untolerated `PreferNoSchedule` taints score higher.
public struct TaintTolerationPlugin: FilterPlugin, ScorePlugin {
    /// The plugin's name.
    public static let pluginName = "TaintToleration"

    /// The plugin's weight in scoring.
    public let weight: Int64

    /// The plugin, weighted 3 as in kube-scheduler's default profile.
    public init(weight: Int64 = 3) {
        self.weight = weight
    }

    /// `TaintToleration`.
    public var name: String { Self.pluginName }

    /// kube-scheduler's `DefaultNormalizeScore` reversed.
    public var normalization: ScoreNormalization { .scaledToHighest(reverse: true) }

    /// A node added or its taints changed.
    public var requeueEvents: ClusterEvents { [.nodeAdded, .nodeTaintsChanged] }

    /// kube-scheduler's message for an untolerated taint: `node(s) had untolerated taint {key: value}`.
    public static func reason(for taint: Taint) -> String {
        "node(s) had untolerated taint {\(taint.key): \(taint.value)}"
    }

    /// Rejects the node at its first `NoSchedule` or `NoExecute` taint no toleration tolerates.
    public func filter(_ pod: Pod, _ node: NodeInfo, _ state: CycleState) -> Status {
        guard let taint = Self.firstUntolerated(node.taints, state: state) else { return .success }
        return Status(.unschedulableAndUnresolvable, Self.reason(for: taint))
    }

    /// The number of `PreferNoSchedule` taints the pod does not tolerate.
    public func score(_ pod: Pod, _ node: NodeInfo, _ state: CycleState) -> Int64 {
        Self.untoleratedPreferences(node.taints, state: state)
    }

    /// The first `NoSchedule` or `NoExecute` taint of `taints` that none of the pod's tolerations tolerates.
    static func firstUntolerated(_ taints: [Taint], state: CycleState) -> Taint? {
        taints.first { taint in
            (taint.effect == .noSchedule || taint.effect == .noExecute)
                && !state.tolerations.contains(where: { $0.tolerates(taint) })
        }
    }

    /// How many `PreferNoSchedule` taints of `taints` the pod does not tolerate.
    static func untoleratedPreferences(_ taints: [Taint], state: CycleState) -> Int64 {
        Int64(
            taints.count { taint in
                taint.effect == .preferNoSchedule
                    && !state.preferNoScheduleTolerations.contains(where: { $0.tolerates(taint) })
            }
        )
    }

    /// Fewer untolerated taints score higher: reversed default normalization.
    public func normalize(_ scores: inout [Int64], _ state: CycleState) {
        defaultNormalizeScore(&scores, reverse: true)
    }
}
