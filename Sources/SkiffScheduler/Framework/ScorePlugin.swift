/// A plugin that ranks the nodes that passed filtering (kube-scheduler's `ScorePlugin` with its `PreScore` and
/// `NormalizeScore`). Each plugin's scores end within 0...100 and are multiplied by its weight before summing.
public protocol ScorePlugin: SchedulerPlugin {
    /// The plugin's weight in the sum (kube-scheduler's defaults: TaintToleration 3, NodeAffinity 2,
    /// NodeResourcesFit 1, NodeResourcesBalancedAllocation 1).
    var weight: Int64 { get }

    /// Prepares per-cycle data; ``Status/Code/skip`` leaves the plugin out of this cycle.
    func preScore(_ pod: Pod, _ state: inout CycleState) -> Status

    /// The node's raw score.
    func score(_ pod: Pod, _ node: NodeInfo, _ state: CycleState) -> Int64

    /// Brings raw scores (one per feasible node, in order) into 0...100.
    func normalize(_ scores: inout [Int64], _ state: CycleState)

    /// What ``normalize(_:_:)`` does, when it is one of the standard forms (a plugin that declares one lets the
    /// scheduler keep its raw scores from cycle to cycle, see ``ShapeScores``).
    var normalization: ScoreNormalization { get }
}

extension ScorePlugin {
    /// Nothing to prepare.
    public func preScore(_ pod: Pod, _ state: inout CycleState) -> Status { .success }

    /// Scores are already within 0...100.
    public func normalize(_ scores: inout [Int64], _ state: CycleState) {}

    /// Not declared: the scheduler scores every feasible node afresh in every cycle.
    public var normalization: ScoreNormalization { .undeclared }
}

/// The highest score a plugin gives a node (kube-scheduler's `MaxNodeScore`).
public let maxNodeScore: Int64 = 100

/// kube-scheduler's `DefaultNormalizeScore`: scales scores so that the highest becomes `maxScore`, reversed
/// (`maxScore - score`) when `reverse`; all zero stays zero (or becomes `maxScore` when reversed).
public func defaultNormalizeScore(_ scores: inout [Int64], maxScore: Int64 = maxNodeScore, reverse: Bool) {
    let highest = scores.max() ?? 0
    if highest == 0 {
        if reverse {
            for index in scores.indices { scores[index] = maxScore }
        }
        return
    }
    for index in scores.indices {
        var score = maxScore * scores[index] / highest
        if reverse { score = maxScore - score }
        scores[index] = score
    }
}
