extension SchedulingFramework {
    /// Whether cycles may share filter verdicts and raw scores between pods of the same shape (``ShapeScores``):
    /// every filter and every score plugin has a column form and every score plugin declares its normalisation.
    public var sharesScoresByShape: Bool {
        filterPlugins.allSatisfy { $0 is any ColumnFilterPlugin }
            && scorePlugins.allSatisfy { $0 is any ColumnScorePlugin && $0.normalization != .undeclared }
    }

    /// Runs every score plugin's pre-score, as ``prioritize(_:snapshot:feasible:state:)`` does, and returns which
    /// asked to be skipped.
    func preScoreAll(_ pod: Pod, state: inout CycleState) -> [Bool] {
        scorePlugins.map { plugin in
            guard plugin.preScore(pod, &state).code == .skip else { return false }
            state.skippedScorePlugins.insert(plugin.name)
            return true
        }
    }
}
