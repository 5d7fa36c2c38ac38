/// A node something could run on, as capacity checks see it: its labels and what it can ever offer
/// (allocatable; current usage is ignored).
public struct CapacityCandidate: Sendable, Hashable {
    public var name: String
    public var labels: [String: String]
    public var allocatable: ResourceList
    /// A node that does not exist yet but a compute cluster could add (it is taken to match any selector).
    public var isPotential: Bool

    public init(node: Node) {
        name = node.metadata.name
        labels = node.metadata.labels
        allocatable = node.status.allocatable
        isPotential = false
    }

    /// A node of `size` that compute cluster `cluster` could add.
    public init(potentialNodeOf cluster: String, size: VMSize) {
        name = "a \(size.name) node of \(cluster)"
        labels = [:]
        allocatable = size.capacity
        isPotential = true
    }

    /// Whether the node carries every label of `selector` (a potential node always does).
    public func matches(_ selector: [String: String]) -> Bool {
        isPotential || selector.allSatisfy { labels[$0.key] == $0.value }
    }
}
