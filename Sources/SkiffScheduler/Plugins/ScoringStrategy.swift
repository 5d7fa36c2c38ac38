/// How NodeResourcesFit ranks nodes (kube-scheduler's `ScoringStrategyType`).
public enum ScoringStrategy: String, Sendable, Hashable, CaseIterable {
    /// Prefer nodes with more of the resources left after placing the pod: spreads pods (the default).
    case leastAllocated = "LeastAllocated"
    /// Prefer nodes with more of the resources already taken: packs pods, keeping whole nodes (and their GPUs)
    /// free for large jobs.
    case mostAllocated = "MostAllocated"
}

/// A resource that scoring looks at, and its weight (kube-scheduler's `ResourceSpec`).
public struct ResourceWeight: Sendable, Hashable {
    /// The resource.
    public var name: ResourceName
    /// Its weight, 1 to 100.
    public var weight: Int64

    /// A resource with a weight.
    public init(_ name: ResourceName, weight: Int64 = 1) {
        self.name = name
        self.weight = weight
    }

    /// kube-scheduler's default: cpu and memory, weight 1 each.
    public static let defaults = [ResourceWeight(.cpu), ResourceWeight(.memory)]
}
