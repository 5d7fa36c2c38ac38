/// Requests against allocatable (kube-scheduler's `NodeResourcesFit`): a node fits when it has room for one more
/// pod and, for every resource the pod requests, the requests of its pods plus the pod's are at most its
/// allocatable. Every shortfall is a reason of its own (`Too many pods`, `Insufficient cpu`, `Insufficient
/// nvidia.com/gpu`). Scoring favours the least (or, configured, the most) allocated nodes.
public struct NodeResourcesFitPlugin: FilterPlugin, ScorePlugin {
    /// The plugin's name.
    public static let pluginName = "NodeResourcesFit"
    /// kube-scheduler's reason when the node's pod count is exhausted.
    public static let tooManyPods = "Too many pods"

    /// The scoring strategy.
    public let strategy: ScoringStrategy
    /// The resources scoring looks at.
    public let resources: [ResourceWeight]
    /// The plugin's weight in scoring.
    public let weight: Int64

    /// The plugin; by default least-allocated over cpu and memory, weighted 1, as kube-scheduler's default.
    public init(
        strategy: ScoringStrategy = .leastAllocated,
        resources: [ResourceWeight] = ResourceWeight.defaults,
        weight: Int64 = 1
    ) {
        self.strategy = strategy
        self.resources = resources
        self.weight = weight
    }

    /// `NodeResourcesFit`.
    public var name: String { Self.pluginName }

    /// Raw scores are final.
    public var normalization: ScoreNormalization { .none }

    /// A node added, its allocatable changed, or a bound pod gone.
    public var requeueEvents: ClusterEvents { [.nodeAdded, .nodeAllocatableChanged, .assignedPodDeleted] }

    /// Every reason the node cannot hold the pod, in kube-scheduler's order: pods, cpu, memory, ephemeral
    /// storage, then scalar resources.
    public func filter(_ pod: Pod, _ node: NodeInfo, _ state: CycleState) -> Status {
        let tooMany = Int64(node.podCount) + 1 > node.allowedPodCount
        if state.request.isEmpty {
            return tooMany ? Status(.unschedulable, Self.tooManyPods) : .success
        }
        var reasons: [String] = []
        if tooMany { reasons.append(Self.tooManyPods) }
        for item in state.request.amounts where item.amount > node.free(item.slot) {
            reasons.append(state.table.insufficientReasons[item.slot])
        }
        for item in state.request.unknown {
            reasons.append("Insufficient \(item.name.rawValue)")
        }
        return reasons.isEmpty ? .success : Status(.unschedulable, reasons: reasons)
    }

    /// What scoring reads of the pod, per configured resource.
    struct Input: Sendable {
        var slot: Int
        var podRequest: Int64
        var weight: Int64
    }

    /// The inputs as kept in the cycle state (a plain struct, so that reading it back is a cheap cast).
    struct Inputs: Sendable {
        var items: [Input]
    }

    /// Works out, once per cycle, the pod's request of each configured resource: cpu and memory with the
    /// defaults for containers that request none; a scalar resource the pod does not request is left out, as
    /// kube-scheduler bypasses it.
    public func preScore(_ pod: Pod, _ state: inout CycleState) -> Status {
        state.values[Self.pluginName] = Inputs(items: Self.inputs(resources, state: state, defaultedRequests: true))
        return .success
    }

    static func inputs(_ resources: [ResourceWeight], state: CycleState, defaultedRequests: Bool) -> [Input] {
        resources.compactMap { resource in
            guard let slot = state.table.slot(of: resource.name) else { return nil }
            let podRequest: Int64
            switch slot {
            case ResourceSlotTable.cpu where defaultedRequests: podRequest = state.request.nonZeroCPU
            case ResourceSlotTable.memory where defaultedRequests: podRequest = state.request.nonZeroMemory
            default: podRequest = state.request[slot]
            }
            if podRequest == 0 && slot > ResourceSlotTable.pods { return nil }
            return Input(slot: slot, podRequest: podRequest, weight: resource.weight)
        }
    }

    /// The weighted mean of the per-resource scores (resources the node does not offer are left out).
    public func score(_ pod: Pod, _ node: NodeInfo, _ state: CycleState) -> Int64 {
        let inputs =
            (state.values[Self.pluginName] as? Inputs)?.items
            ?? Self.inputs(resources, state: state, defaultedRequests: true)
        var total: Int64 = 0
        var weights: Int64 = 0
        for input in inputs {
            let allocatable = node.allocatable(input.slot)
            guard allocatable != 0 else { continue }
            let requested: Int64
            switch input.slot {
            case ResourceSlotTable.cpu: requested = node.nonZeroRequestedCPU + input.podRequest
            case ResourceSlotTable.memory: requested = node.nonZeroRequestedMemory + input.podRequest
            default: requested = node.requested(input.slot) + input.podRequest
            }
            let resourceScore =
                switch strategy {
                case .leastAllocated: Self.leastRequestedScore(requested, allocatable)
                case .mostAllocated: Self.mostRequestedScore(requested, allocatable)
                }
            total += resourceScore * input.weight
            weights += input.weight
        }
        return weights == 0 ? 0 : Self.quotient(total, weights)
    }

    /// kube-scheduler's `leastRequestedScore`: the unused share on a 0–100 scale.
    public static func leastRequestedScore(_ requested: Int64, _ capacity: Int64) -> Int64 {
        guard capacity != 0, requested <= capacity else { return 0 }
        return quotient((capacity - requested) * maxNodeScore, capacity)
    }

    /// kube-scheduler's `mostRequestedScore`: the used share on a 0–100 scale (capped at the capacity).
    public static func mostRequestedScore(_ requested: Int64, _ capacity: Int64) -> Int64 {
        guard capacity != 0 else { return 0 }
        return quotient(min(requested, capacity) * maxNodeScore, capacity)
    }

    /// `dividend / divisor` (truncating, as Swift's `/`), exactly: for operands that a Double holds exactly, the
    /// floating-point quotient is within one of the true one and is corrected by one multiplication; others take
    /// the integer division.
    @inline(__always)
    static func quotient(_ dividend: Int64, _ divisor: Int64) -> Int64 {
        let exact: Int64 = 1 << 53
        guard dividend >= 0, dividend < exact, divisor > 0, divisor < exact else { return dividend / divisor }
        var quotient = Int64(Double(dividend) / Double(divisor))
        if quotient * divisor > dividend {
            quotient -= 1
        } else if (quotient + 1) * divisor <= dividend {
            quotient += 1
        }
        return quotient
    }
}
