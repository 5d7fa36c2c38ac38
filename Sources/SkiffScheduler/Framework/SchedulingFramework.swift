/// The plugins of a scheduling profile and how they run (kube-scheduler's `frameworkImpl`): filters in order until
/// one rejects; every score plugin over every feasible node, normalised and weighted; reserve plugins in order.
public struct SchedulingFramework: Sendable {
    /// Filters, in the order they run.
    public var filterPlugins: [any FilterPlugin]
    /// Score plugins.
    public var scorePlugins: [any ScorePlugin]
    /// Reserve plugins, in the order they run.
    public var reservePlugins: [any ReservePlugin]

    /// A framework with the given plugins.
    public init(
        filterPlugins: [any FilterPlugin],
        scorePlugins: [any ScorePlugin],
        reservePlugins: [any ReservePlugin]
    ) {
        self.filterPlugins = filterPlugins
        self.scorePlugins = scorePlugins
        self.reservePlugins = reservePlugins
    }

    /// kube-scheduler's default profile, for the plugins Skiff has: filters NodeUnschedulable, NodeName,
    /// TaintToleration, NodeAffinity, NodeResourcesFit (in that order); scores TaintToleration (3), NodeAffinity
    /// (2), NodeResourcesFit (1, with `strategy` over `scoringResources`) and NodeResourcesBalancedAllocation (1);
    /// device allocation at reserve.
    public static func standard(
        strategy: ScoringStrategy = .leastAllocated,
        scoringResources: [ResourceWeight] = ResourceWeight.defaults,
        deviceResources: [ResourceName] = [.nvidiaGPU]
    ) -> SchedulingFramework {
        let taints = TaintTolerationPlugin()
        let affinity = NodeAffinityPlugin()
        let fit = NodeResourcesFitPlugin(strategy: strategy, resources: scoringResources)
        return SchedulingFramework(
            filterPlugins: [NodeUnschedulablePlugin(), NodeNamePlugin(), taints, affinity, fit],
            scorePlugins: [taints, affinity, fit, BalancedAllocationPlugin()],
            reservePlugins: [DeviceAllocationPlugin(resources: deviceResources)]
        )
    }

    /// Runs the filters in order and returns the first rejection (its plugin named), or success.
    public func runFilters(_ pod: Pod, _ node: NodeInfo, _ state: CycleState) -> Status {
        for plugin in filterPlugins {
            var status = plugin.filter(pod, node, state)
            if !status.isSuccess {
                status.plugin = plugin.name
                return status
            }
        }
        return .success
    }

    /// Every filter's verdict on the node, in order (for explanations; scheduling stops at the first rejection).
    public func evaluateFilters(_ pod: Pod, _ node: NodeInfo, _ state: CycleState) -> [Status] {
        filterPlugins.map { plugin in
            var status = plugin.filter(pod, node, state)
            status.plugin = plugin.name
            return status
        }
    }

    /// The positions (ascending) of the nodes that pass every filter, among all the snapshot's nodes but those in
    /// `excluded`: plugins that read ``NodeColumns`` narrow the candidates first, over plain arrays; the others
    /// then judge each survivor's ``NodeInfo``. Only feasibility comes out — a caller that needs the reasons
    /// (no node fits) runs ``runFilters(_:_:_:)`` on every node.
    public func feasibleNodes(_ pod: Pod, snapshot: Snapshot, state: CycleState, excluded: [Int] = []) -> [Int] {
        var candidates = snapshot.columns.allPositions
        if !excluded.isEmpty {
            let skip = Set(excluded)
            candidates.removeAll { skip.contains($0) }
        }
        var others: [any FilterPlugin] = []
        for plugin in filterPlugins {
            if let columnar = plugin as? any ColumnFilterPlugin {
                columnar.filter(pod, columns: snapshot.columns, state: state, candidates: &candidates)
                if candidates.isEmpty { return [] }
            } else {
                others.append(plugin)
            }
        }
        for plugin in others {
            snapshot.nodes.withUnsafeBufferPointer { nodes in
                candidates.removeAll { !plugin.filter(pod, nodes[$0], state).isSuccess }
            }
        }
        return candidates
    }

    /// The weighted total score of each feasible node (positions into `snapshot.nodes`), in order.
    public func prioritize(_ pod: Pod, snapshot: Snapshot, feasible: [Int], state: inout CycleState) -> [Int64] {
        var totals = [Int64](repeating: 0, count: feasible.count)
        for plugin in scorePlugins {
            if plugin.preScore(pod, &state).code == .skip {
                state.skippedScorePlugins.insert(plugin.name)
                continue
            }
            var scores = [Int64](repeating: 0, count: feasible.count)
            if let columnar = plugin as? any ColumnScorePlugin {
                columnar.score(pod, columns: snapshot.columns, feasible: feasible, state: state, into: &scores)
            } else {
                snapshot.nodes.withUnsafeBufferPointer { nodes in
                    for (position, nodeIndex) in feasible.enumerated() {
                        scores[position] = plugin.score(pod, nodes[nodeIndex], state)
                    }
                }
            }
            plugin.normalize(&scores, state)
            let weight = plugin.weight
            totals.withUnsafeMutableBufferPointer { totals in
                scores.withUnsafeBufferPointer { scores in
                    for position in totals.indices {
                        totals[position] += scores[position] * weight
                    }
                }
            }
        }
        return totals
    }

    /// The position of the highest total; ties are broken uniformly at random with `random`, as kube-scheduler's
    /// `selectHost` does (with a seeded generator the choice is reproducible).
    public func selectHost(_ totals: [Int64], random: inout SplitMix64) -> Int {
        totals.withUnsafeBufferPointer { Self.highest($0, random: &random) }
    }

    /// The position of the highest value in `totals`, ties broken uniformly at random: one pass finds the highest
    /// value and how many positions share it, one number is drawn, and a second pass finds that tie in ascending
    /// order (one draw per cycle rather than one per tie, as reservoir sampling takes). Nothing is drawn when one
    /// position is highest. `Int64.min` marks positions that take no part (``ShapeScores`` keeps every node's
    /// total, feasible or not); at least one position must have a greater value.
    static func highest(_ totals: UnsafeBufferPointer<Int64>, random: inout SplitMix64) -> Int {
        var best = Int64.min
        var first = 0
        var ties = 0
        for position in 0..<totals.count {
            let total = totals[position]
            if total > best {
                best = total
                first = position
                ties = 1
            } else if total == best {
                ties += 1
            }
        }
        guard ties > 1 else { return first }
        var remaining = random.next() % UInt64(ties)
        for position in first..<totals.count where totals[position] == best {
            if remaining == 0 { return position }
            remaining -= 1
        }
        return first
    }

    /// Runs the reserve plugins in order; on a rejection, unreserves those that ran and returns it.
    public func reserve(_ pod: Pod, _ node: NodeInfo, _ state: inout CycleState) -> Status {
        for (index, plugin) in reservePlugins.enumerated() {
            var status = plugin.reserve(pod, node, &state)
            if !status.isSuccess {
                status.plugin = plugin.name
                for earlier in reservePlugins[..<index].reversed() {
                    earlier.unreserve(pod, node, &state)
                }
                return status
            }
        }
        return .success
    }

    /// Runs every reserve plugin's unreserve, in reverse order.
    public func unreserve(_ pod: Pod, _ node: NodeInfo, _ state: inout CycleState) {
        for plugin in reservePlugins.reversed() {
            plugin.unreserve(pod, node, &state)
        }
    }

    /// The cluster events that may help a pod rejected by `plugins` (every event when none is known).
    public func requeueEvents(for plugins: Set<String>) -> ClusterEvents {
        var events: ClusterEvents = []
        for plugin in filterPlugins where plugins.contains(plugin.name) {
            events.formUnion(plugin.requeueEvents)
        }
        return events.isEmpty ? .all : events
    }
}
