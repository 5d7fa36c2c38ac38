/// A score plugin that can also score many nodes at once from the snapshot's ``NodeColumns``: the raw scores must
/// be exactly those of ``ScorePlugin/score(_:_:_:)`` on each node.
public protocol ColumnScorePlugin: ScorePlugin {
    /// Writes the raw score of the node at `feasible[k]` into `scores[k]`, for every k (`scores` has
    /// `feasible.count` entries, all zero on entry).
    func score(_ pod: Pod, columns: NodeColumns, feasible: [Int], state: CycleState, into scores: inout [Int64])
}
