import SkiffAPI

/// For one ``PodShape``: every node's filter verdict, raw score per score plugin and weighted total, kept from cycle
/// to cycle and brought up to date by judging again only the positions the snapshot changed since
/// (``NodeColumns/changes``) — usually the few nodes the last placements touched.
///
/// Nothing is skipped or approximated: a changed node goes through the same column filters and scorers as in a
/// fresh cycle, every feasible node keeps a score, and the normalised totals are those
/// ``SchedulingFramework/prioritize(_:snapshot:feasible:state:)`` computes (a plugin's normalisation depends only on
/// the node's raw score and the highest raw score among the feasible nodes, kept in a tally). The totals sit in a
/// ``HighestTotalTree``, so picking the host costs O(log n) and breaks ties exactly as
/// ``SchedulingFramework/selectHost(_:random:)`` does over the same feasible nodes.
final class ShapeScores {
    /// When the cache last handed out this entry (for eviction).
    var lastUse: UInt64 = 0
    /// How many positions the last ``update(_:columns:state:skipped:plugins:)`` judged.
    private(set) var lastJudged = 0
    /// How many positions are feasible.
    private(set) var feasibleCount = 0

    private var lineage: UInt64?
    private var seenChange = 0
    private var count = 0
    private var skipped: [Bool] = []
    /// The score plugins taking part (not skipped), as indices into the framework's score plugins.
    private var scoring: [Int] = []
    private var forms: [ScoreNormalization] = []
    private var weights: [Int64] = []
    /// One record of ``stride`` words per position, so that judging a node again touches one cache line: word 0
    /// holds whether the node passes every filter (bit 0) and the number of the update that last listed it (the
    /// high 32 bits); word 1 + k the raw score of the k-th plugin of ``scoring`` (meaningful where feasible).
    private var records: [Int64] = []
    private var stride = 1
    /// Per plugin of ``scoring`` whose normalisation needs the highest raw score: how many feasible nodes have
    /// each raw score other than zero (the zeros are the rest of the feasible nodes).
    private var nonZero: [[Int64: Int]] = []
    private var nonZeroCount: [Int] = []
    /// Per plugin of ``scoring``: the highest raw score among the feasible nodes the totals were computed with.
    private var highest: [Int64] = []
    private var totals = HighestTotalTree()
    private var updates: Int64 = 0

    /// Brings the entry up to date with `columns` for `pod`, whose cycle state is `state` with every score plugin's
    /// pre-score already run (`skipped` marks the plugins that asked to be left out).
    func update(
        _ pod: Pod,
        columns: NodeColumns,
        state: CycleState,
        skipped skippedNow: [Bool],
        plugins: SchedulingFramework.ColumnPlugins
    ) {
        let positions: [Int]
        let fresh: Bool
        if let changed = changedPositions(columns, skipped: skippedNow) {
            lastJudged = changed.count
            guard !changed.isEmpty else { return }
            positions = changed
            fresh = false
            forget(positions)
        } else {
            reset(columns.count, skipped: skippedNow, plugins: plugins)
            positions = columns.allPositions
            lastJudged = positions.count
            fresh = true
        }
        lineage = columns.lineage
        seenChange = columns.changeCount

        var candidates = positions
        for filter in plugins.filters {
            guard !candidates.isEmpty else { break }
            filter.filter(pod, columns: columns, state: state, candidates: &candidates)
        }
        if !candidates.isEmpty {
            var scores = [Int64](repeating: 0, count: candidates.count)
            let stride = self.stride
            for (k, index) in scoring.enumerated() {
                if k > 0 { scores.withUnsafeMutableBufferPointer { $0.update(repeating: 0) } }
                plugins.scorers[index].score(pod, columns: columns, feasible: candidates, state: state, into: &scores)
                records.withUnsafeMutableBufferPointer { records in
                    for i in candidates.indices { records[candidates[i] * stride + 1 + k] = scores[i] }
                }
                if forms[k].needsHighest {
                    for score in scores where score != 0 {
                        nonZero[k][score, default: 0] += 1
                        nonZeroCount[k] += 1
                    }
                }
            }
            records.withUnsafeMutableBufferPointer { records in
                for position in candidates { records[position * stride] |= 1 }
            }
            feasibleCount += candidates.count
        }

        let newHighest = currentHighest()
        if fresh || newHighest != highest {
            highest = newHighest
            totals = HighestTotalTree(columns.allPositions.map(total))
        } else {
            for position in positions { totals.set(position, total(position)) }
        }
    }

    /// The position of the highest total, ties broken as ``SchedulingFramework/selectHost(_:random:)`` does over
    /// the feasible positions in ascending order; nil when no node is feasible.
    func selectHost(random: inout SplitMix64) -> Int? {
        guard feasibleCount > 0 else { return nil }
        // A single feasible node is taken without scoring (nothing drawn), as in a fresh cycle; so is a single
        // highest total.
        let ties = feasibleCount == 1 ? 1 : totals.tieCount
        guard ties > 1 else { return totals.tie(0) }
        return totals.tie(Int(random.next() % UInt64(ties)))
    }

    /// The positions to judge again (each once), or nil when everything must be judged afresh.
    private func changedPositions(_ columns: NodeColumns, skipped skippedNow: [Bool]) -> [Int]? {
        guard lineage == columns.lineage, count == columns.count, skipped == skippedNow,
            seenChange >= columns.changesBase
        else { return nil }
        let pending = columns.changeCount - seenChange
        // Past a quarter of the nodes, one fresh pass costs less than going through the changes.
        if pending > columns.count / 4 { return nil }
        updates += 1
        if updates >= 1 << 31 {
            // Out of numbers: forget every old listing.
            let stride = self.stride
            records.withUnsafeMutableBufferPointer { records in
                for position in 0..<count { records[position * stride] &= 1 }
            }
            updates = 1
        }
        let update = updates << 32
        let stride = self.stride
        var positions: [Int] = []
        positions.reserveCapacity(pending)
        records.withUnsafeMutableBufferPointer { records in
            for change in columns.changes[(seenChange - columns.changesBase)...] {
                let position = Int(change)
                let word = records[position * stride]
                if word & ~1 != update {
                    records[position * stride] = update | (word & 1)
                    positions.append(position)
                }
            }
        }
        return positions
    }

    /// Takes `positions` out of the feasible set and the tallies, to be judged again.
    private func forget(_ positions: [Int]) {
        let stride = self.stride
        records.withUnsafeMutableBufferPointer { records in
            for position in positions where records[position * stride] & 1 != 0 {
                records[position * stride] &= ~1
                feasibleCount -= 1
                for k in scoring.indices where forms[k].needsHighest {
                    let score = records[position * stride + 1 + k]
                    guard score != 0 else { continue }
                    nonZeroCount[k] -= 1
                    if nonZero[k][score] == 1 {
                        nonZero[k][score] = nil
                    } else {
                        nonZero[k][score]! -= 1
                    }
                }
            }
        }
    }

    private func reset(_ count: Int, skipped skippedNow: [Bool], plugins: SchedulingFramework.ColumnPlugins) {
        self.count = count
        skipped = skippedNow
        scoring = plugins.scorers.indices.filter { !skippedNow[$0] }
        forms = scoring.map { plugins.scorers[$0].normalization }
        weights = scoring.map { plugins.scorers[$0].weight }
        stride = 1 + scoring.count
        records = [Int64](repeating: 0, count: count * stride)
        nonZero = scoring.map { _ in [:] }
        nonZeroCount = scoring.map { _ in 0 }
        highest = scoring.map { _ in 0 }
        updates = 0
        feasibleCount = 0
    }

    /// Per plugin: the highest raw score among the feasible nodes (0 when none is feasible, as
    /// ``defaultNormalizeScore(_:maxScore:reverse:)`` takes it).
    private func currentHighest() -> [Int64] {
        scoring.indices.map { k in
            guard forms[k].needsHighest, feasibleCount > 0 else { return 0 }
            let top = nonZero[k].keys.max()
            // Feasible nodes not in the tally score zero.
            if nonZeroCount[k] < feasibleCount { return max(top ?? 0, 0) }
            return top ?? 0
        }
    }

    /// The weighted total of `position`, or `Int64.min` when it is not feasible.
    private func total(_ position: Int) -> Int64 {
        let base = position * stride
        guard records[base] & 1 != 0 else { return Int64.min }
        var total: Int64 = 0
        for k in scoring.indices {
            total += forms[k].normalized(records[base + 1 + k], highest: highest[k]) * weights[k]
        }
        return total
    }
}
