/// Favours nodes whose resources would be used evenly (kube-scheduler's `NodeResourcesBalancedAllocation`, as of
/// Kubernetes 1.32): the score is `(1 - std) * 100` of the requested-to-allocatable fractions of cpu and memory,
/// using the pods' actual requests (no defaults).
public struct BalancedAllocationPlugin: ScorePlugin {
    /// The plugin's name.
    public static let pluginName = "NodeResourcesBalancedAllocation"

    /// The resources compared.
    public let resources: [ResourceWeight]
    /// The plugin's weight in scoring.
    public let weight: Int64

    /// The plugin, over cpu and memory, weighted 1 as in kube-scheduler's default profile.
    public init(resources: [ResourceWeight] = ResourceWeight.defaults, weight: Int64 = 1) {
        self.resources = resources
        self.weight = weight
    }

    /// `NodeResourcesBalancedAllocation`.
    public var name: String { Self.pluginName }

    /// Raw scores are final.
    public var normalization: ScoreNormalization { .none }

    /// Works out the pod's request of each resource once per cycle.
    public func preScore(_ pod: Pod, _ state: inout CycleState) -> Status {
        state.values[Self.pluginName] = NodeResourcesFitPlugin.Inputs(
            items: NodeResourcesFitPlugin.inputs(resources, state: state, defaultedRequests: false)
        )
        return .success
    }

    /// `(1 - standard deviation of the fractions) * 100`.
    public func score(_ pod: Pod, _ node: NodeInfo, _ state: CycleState) -> Int64 {
        let inputs =
            (state.values[Self.pluginName] as? NodeResourcesFitPlugin.Inputs)?.items
            ?? NodeResourcesFitPlugin.inputs(resources, state: state, defaultedRequests: false)
        // Two resources (cpu and memory) is the common case: no array needed.
        var first = 0.0
        var second = 0.0
        var count = 0
        var fractions: [Double] = []
        var total = 0.0
        for input in inputs {
            let allocatable = node.allocatable(input.slot)
            guard allocatable != 0 else { continue }
            let requested = node.requested(input.slot) + input.podRequest
            let fraction = min(Double(requested) / Double(allocatable), 1)
            total += fraction
            switch count {
            case 0: first = fraction
            case 1: second = fraction
            case 2: fractions = [first, second, fraction]
            default: fractions.append(fraction)
            }
            count += 1
        }
        var deviation = 0.0
        if count == 2 {
            deviation = abs((first - second) / 2)
        } else if count > 2 {
            let mean = total / Double(count)
            let sum = fractions.reduce(0.0) { $0 + ($1 - mean) * ($1 - mean) }
            deviation = (sum / Double(count)).squareRoot()
        }
        return Int64((1 - deviation) * Double(maxNodeScore))
    }
}
