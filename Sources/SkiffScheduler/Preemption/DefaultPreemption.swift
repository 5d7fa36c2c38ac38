/// Chooses which lower-priority pods to evict so that a pod that fits nowhere fits somewhere, exactly as
/// kube-scheduler's DefaultPreemption plugin (without PodDisruptionBudgets, which Skiff does not have):
///
/// 1. Only nodes whose rejection was `Unschedulable` (resources, not affinity or taints) are candidates.
/// 2. On each, every pod of lower priority is removed; if the pod still does not fit, the node is out. Otherwise
///    the removed pods are added back one by one, most important first (higher priority, then earlier start), and
///    each one the pod still fits beside is reprieved; the rest are the node's victims.
/// 3. Among candidate nodes: the lowest highest-victim priority, then the lowest sum of victim priorities, then
///    the fewest victims, then the latest earliest start among the highest-priority victims, then the first node
///    in snapshot order.
///
/// Every candidate node is evaluated (kube-scheduler samples at least 100 nodes or 10%).
public struct DefaultPreemption: Sendable {
    /// The plugin's name.
    public static let pluginName = "DefaultPreemption"
    /// The reason given for nodes where removing pods cannot help.
    public static let notHelpful = "Preemption is not helpful for scheduling"
    /// The reason given for nodes without lower-priority pods.
    public static let noVictims = "No preemption victims found for incoming pod"
    /// Why a pod that already preempted waits: its victims are still terminating.
    public static let terminatingVictims = "not eligible due to a terminating pod on the nominated node."

    /// A node where the pod would fit once `victims` are gone.
    public struct Candidate: Sendable {
        /// The node's position in the snapshot.
        public var nodeIndex: Int
        /// The node.
        public var node: String
        /// The pods to evict, most important first.
        public var victims: [PlacedPod]
    }

    /// What the dry run found.
    public enum Outcome: Sendable {
        /// Evict the candidate's victims and nominate the pod to its node.
        case nominate(Candidate)
        /// Preemption cannot help; the message lists why, node by node (the pod's nomination is cleared).
        case notHelpful(message: String)
        /// The pod may not preempt now.
        case ineligible(message: String)
    }

    /// The preemption step.
    public init() {}

    /// Runs the dry run for `pod` over `snapshot`, given each rejected node's status. `nodeWithNominated` gives a
    /// node with the pods nominated to it (of at least the pod's priority) counted, as the scheduler filters it.
    public func evaluate(
        _ pod: Pod,
        state: CycleState,
        snapshot: Snapshot,
        statuses: [String: Status],
        framework: SchedulingFramework,
        nodeWithNominated: (Int) -> NodeInfo
    ) -> Outcome {
        let priority = state.priority
        let nominated = pod.status.nominatedNodeName
        if !nominated.isEmpty, statuses[nominated]?.code != .unschedulableAndUnresolvable,
            let node = snapshot[nominated],
            node.pods.contains(where: { $0.priority < priority && $0.isTerminating })
        {
            return .ineligible(message: Self.terminatingVictims)
        }

        var preemptionStatuses: [String: Status] = [:]
        var candidates: [Candidate] = []
        for (index, node) in snapshot.nodes.enumerated() where statuses[node.name]?.code == .unschedulable {
            switch selectVictims(pod, state: state, node: nodeWithNominated(index), framework: framework) {
            case .success(let victims):
                candidates.append(Candidate(nodeIndex: index, node: node.name, victims: victims))
            case .failure(let status):
                preemptionStatuses[node.name] = status
            }
        }
        guard let best = pickOne(candidates) else {
            let fitError = FitError(
                numAllNodes: snapshot.count,
                nodeStatuses: preemptionStatuses,
                absentNodeReasons: [Self.notHelpful]
            )
            return .notHelpful(message: "preemption: " + fitError.message)
        }
        return .nominate(best)
    }

    private enum Selection {
        case success([PlacedPod])
        case failure(Status)
    }

    /// kube-scheduler's `SelectVictimsOnNode`.
    private func selectVictims(
        _ pod: Pod,
        state: CycleState,
        node: NodeInfo,
        framework: SchedulingFramework
    ) -> Selection {
        var info = node
        var potential = info.pods.filter { $0.priority < state.priority }
        guard !potential.isEmpty else {
            return .failure(Status(.unschedulableAndUnresolvable, Self.noVictims, plugin: Self.pluginName))
        }
        for victim in potential {
            info.removePod(victim.key)
        }
        let status = framework.runFilters(pod, info, state)
        guard status.isSuccess else { return .failure(status) }
        potential.sort { $0.isMoreImportant(than: $1) }
        var victims: [PlacedPod] = []
        for candidate in potential {
            info.addPod(candidate)
            if !framework.runFilters(pod, info, state).isSuccess {
                info.removePod(candidate.key)
                victims.append(candidate)
            }
        }
        return victims.isEmpty
            ? .failure(Status(.error, "expected at least one victim pod on node \"\(node.name)\""))
            : .success(victims)
    }

    /// kube-scheduler's `pickOneNodeForPreemption` (PDB violations never differ here).
    func pickOne(_ candidates: [Candidate]) -> Candidate? {
        guard !candidates.isEmpty else { return nil }
        let scores: [(Candidate) -> Int64] = [
            { -Int64($0.victims[0].priority) },
            { candidate in
                -candidate.victims.reduce(Int64(0)) { $0 + Int64($1.priority) + Int64(Int32.max) + 1 }
            },
            { -Int64($0.victims.count) },
            { candidate in
                let highest = candidate.victims[0].priority
                let earliest = candidate.victims.filter { $0.priority == highest }.compactMap(\.startTime).min()
                return earliest?.seconds ?? Int64.min
            },
        ]
        var remaining = candidates
        for score in scores {
            let values = remaining.map(score)
            guard let best = values.max() else { break }
            remaining = zip(remaining, values).filter { $0.1 == best }.map(\.0)
            if remaining.count == 1 { break }
        }
        return remaining.first
    }
}
