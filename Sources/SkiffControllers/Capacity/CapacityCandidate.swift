/// A node something could run on, as capacity checks see it: its labels and what it can ever offer
/// (allocatable; current usage is ignored).
struct CapacityCandidate: Sendable {
    var name: String
    var labels: [String: String]
    var allocatable: ResourceList
    /// A node that does not exist yet but a compute cluster could add (it is taken to match any selector).
    var isPotential: Bool

    init(node: Node) {
        name = node.metadata.name
        labels = node.metadata.labels
        allocatable = node.status.allocatable
        isPotential = false
    }

    init(potentialNodeOf cluster: String, size: VMSize) {
        name = "a \(size.name) node of \(cluster)"
        labels = [:]
        allocatable = size.capacity
        isPotential = true
    }

    func matches(_ selector: [String: String]) -> Bool {
        isPotential || selector.allSatisfy { labels[$0.key] == $0.value }
    }
}
