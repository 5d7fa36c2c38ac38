import SkiffAPI

/// For one ``PodShape``: every node's filter verdict, raw score per score plugin and weighted total, kept from cycle
/// to cycle and brought up to date by judging again only the positions the snapshot changed since
/// (``NodeColumns/changes``) — usually the one or two nodes the last placements touched.
///
/// Nothing is skipped or approximated: a changed node goes through the same column filters and scorers as in a
/// fresh cycle, every feasible node keeps a score, and the normalised totals are those
/// ``SchedulingFramework/prioritize(_:snapshot:feasible:state:)`` computes (a plugin's normalisation depends only on
/// the node's raw score and the highest raw score among the feasible nodes, kept in a tally). Host selection walks
/// the positions in the same order as the fresh path, so the same seed picks the same node.
final class ShapeScores {
    /// When the cache last handed out this entry (for eviction).
    var lastUse: UInt64 = 0

    private var lineage: UInt64?
    private var seenChange = 0
    private var skipped: [Bool] = []
    /// Per position: whether the node passes every filter.
    private var feasible: [Bool] = []
    /// Per score plugin, per position: the raw score (meaningful where feasible).
    private var raw: [[Int64]] = []
    /// Per score plugin: whether its normalisation needs the highest raw score.
    private var tallied: [Bool] = []
    /// Per score plugin that is ``tallied``: how many feasible nodes have each raw score.
    private var tallies: [[Int64: Int]] = []
    /// Per score plugin: the highest raw score among the feasible nodes that ``totals`` were computed with.
    private var highest: [Int64] = []
    /// Per position: the weighted total, or `Int64.min` when the node is not feasible.
    private var totals: [Int64] = []
    /// How many positions are feasible.
    private(set) var feasibleCount = 0
    /// How many positions the last ``update(_:columns:state:skipped:framework:)`` judged.
    private(set) var lastJudged = 0

    /// Brings the entry up to date with `columns` for `pod` (whose cycle state is `state`, with every score plugin's
    /// pre-score already run; `skipped` marks the plugins that asked to be left out).
    func update(
        _ pod: Pod,
        columns: NodeColumns,
        state: CycleState,
        skipped skippedNow: [Bool],
        framework: SchedulingFramework
    ) {
        let changed = changedPositions(columns, skipped: skippedNow)
        let positions: [Int]
        if let changed {
            lastJudged = changed.count
            guard !changed.isEmpty else { return }
            positions = changed
            forget(positions)
        } else {
            reset(columns.count, skipped: skippedNow, framework: framework)
            positions = columns.allPositions
            lastJudged = positions.count
        }
        lineage = columns.lineage
        seenChange = columns.changeCount

        var candidates = positions
        for plugin in framework.filterPlugins {
            guard !candidates.isEmpty else { break }
            // The caller checked that every filter has a column form.
            (plugin as! any ColumnFilterPlugin).filter(pod, columns: columns, state: state, candidates: &candidates)
        }
        for (index, plugin) in framework.scorePlugins.enumerated() where !skipped[index] && !candidates.isEmpty {
            var scores = [Int64](repeating: 0, count: candidates.count)
            (plugin as! any ColumnScorePlugin).score(pod, columns: columns, feasible: candidates, state: state,
                                                     into: &scores)
            raw[index].withUnsafeMutableBufferPointer { raw in
                for k in candidates.indices { raw[candidates[k]] = scores[k] }
            }
        }
        for position in candidates {
            feasible[position] = true
            feasibleCount += 1
            for index in tallies.indices where tallied[index] {
                tallies[index][raw[index][position], default: 0] += 1
            }
        }

        let newHighest = tallies.map { $0.keys.max() ?? 0 }
        if newHighest != highest || changed == nil {
            highest = newHighest
            computeTotals(columns.allPositions, framework: framework)
        } else {
            computeTotals(candidates, framework: framework)
        }
    }

    /// The position of the highest total, ties broken as ``SchedulingFramework/selectHost(_:random:)`` does over
    /// the feasible positions in ascending order; nil when no node is feasible.
    func selectHost(random: inout SplitMix64) -> Int? {
        guard feasibleCount > 0 else { return nil }
        return totals.withUnsafeBufferPointer { totals in
            if feasibleCount == 1 {
                // A single feasible node is taken without scoring, as in a fresh cycle.
                return totals.firstIndex { $0 != Int64.min }
            }
            return SchedulingFramework.highest(totals, random: &random)
        }
    }

    /// The positions to judge again (ascending, once each), or nil when everything must be judged afresh.
    private func changedPositions(_ columns: NodeColumns, skipped skippedNow: [Bool]) -> [Int]? {
        guard lineage == columns.lineage, feasible.count == columns.count, skipped == skippedNow,
            seenChange >= columns.changesBase
        else { return nil }
        let pending = columns.changeCount - seenChange
        // Past a quarter of the nodes, one fresh pass costs less than sorting out the changes.
        if pending > columns.count / 4 { return nil }
        var positions = columns.changes[(seenChange - columns.changesBase)...].map { Int($0) }
        positions.sort()
        var unique: [Int] = []
        unique.reserveCapacity(positions.count)
        for position in positions where unique.last != position { unique.append(position) }
        return unique
    }

    /// Takes `positions` out of the feasible set and the tallies, to be judged again.
    private func forget(_ positions: [Int]) {
        for position in positions where feasible[position] {
            feasible[position] = false
            feasibleCount -= 1
            totals[position] = Int64.min
            for index in tallies.indices where tallied[index] {
                let score = raw[index][position]
                if tallies[index][score] == 1 {
                    tallies[index][score] = nil
                } else {
                    tallies[index][score]! -= 1
                }
            }
        }
    }

    private func reset(_ count: Int, skipped skippedNow: [Bool], framework: SchedulingFramework) {
        skipped = skippedNow
        feasible = [Bool](repeating: false, count: count)
        raw = skippedNow.map { $0 ? [] : [Int64](repeating: 0, count: count) }
        tallied = framework.scorePlugins.indices.map { !skippedNow[$0] && framework.scorePlugins[$0].normalization.needsHighest }
        tallies = skippedNow.map { _ in [:] }
        highest = skippedNow.map { _ in 0 }
        totals = [Int64](repeating: Int64.min, count: count)
        feasibleCount = 0
    }

    private func computeTotals(_ positions: [Int], framework: SchedulingFramework) {
        let plugins = framework.scorePlugins.indices.filter { !skipped[$0] }
        let forms = plugins.map { framework.scorePlugins[$0].normalization }
        let weights = plugins.map { framework.scorePlugins[$0].weight }
        let highs = plugins.map { highest[$0] }
        for position in positions {
            guard feasible[position] else {
                totals[position] = Int64.min
                continue
            }
            var total: Int64 = 0
            for k in plugins.indices {
                total += forms[k].normalized(raw[plugins[k]][position], highest: highs[k]) * weights[k]
            }
            totals[position] = total
        }
    }
}
