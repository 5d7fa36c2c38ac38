extension SchedulingFramework {
    /// The framework's plugins in their column forms, cast once, for ``ShapeScores``.
    struct ColumnPlugins: Sendable {
        /// The filters, in order.
        var filters: [any ColumnFilterPlugin]
        /// The score plugins, in the framework's order.
        var scorers: [any ColumnScorePlugin]
    }

    /// The plugins in their column forms, or nil when one of them has none (or a score plugin does not declare
    /// its normalisation): then cycles cannot share verdicts and raw scores between pods of the same shape
    /// (``ShapeScores``).
    var columnPlugins: ColumnPlugins? {
        let filters = filterPlugins.compactMap { $0 as? any ColumnFilterPlugin }
        let scorers = scorePlugins.compactMap { $0 as? any ColumnScorePlugin }
        guard filters.count == filterPlugins.count, scorers.count == scorePlugins.count,
            scorers.allSatisfy({ $0.normalization != .undeclared })
        else { return nil }
        return ColumnPlugins(filters: filters, scorers: scorers)
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
