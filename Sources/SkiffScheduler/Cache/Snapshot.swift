/// The nodes one scheduling cycle works on: a consistent copy of the cache's ``NodeInfo``s taken at the start of
/// the cycle, brought up to date incrementally (only nodes that changed since the previous cycle are copied).
///
/// Nodes keep the order in which the snapshot first saw them (name order on a full rebuild), so that identical
/// inputs give identical placements.
public struct Snapshot: Sendable {
    /// The nodes, in a stable order.
    public private(set) var nodes: [NodeInfo]
    /// The resource slots the nodes' vectors use.
    public internal(set) var table: ResourceSlotTable
    /// The same nodes as columns, position for position.
    public private(set) var columns = NodeColumns()
    private var positions: [String: Int]
    /// The cache generation the snapshot reflects, and the cache it came from.
    var generation: UInt64 = 0
    var source: ObjectIdentifier?

    /// No nodes.
    public init() {
        nodes = []
        positions = [:]
        table = ResourceSlotTable()
    }

    /// The given nodes, in the given order.
    public init(nodes: [NodeInfo], table: ResourceSlotTable) {
        self.init()
        self.table = table
        for node in nodes {
            upsert(node)
        }
    }

    /// The number of nodes.
    public var count: Int { nodes.count }

    /// The position of the node named `name`.
    public func index(of name: String) -> Int? {
        positions[name]
    }

    /// The node named `name`.
    public subscript(name: String) -> NodeInfo? {
        positions[name].map { nodes[$0] }
    }

    /// Adds `info`, or replaces the node of that name in place.
    mutating func upsert(_ info: NodeInfo) {
        if let position = positions[info.name] {
            nodes[position] = info
            columns.set(info, at: position)
        } else {
            positions[info.name] = nodes.count
            nodes.append(info)
            columns.append(info)
        }
    }

    /// Removes the node named `name` (the last node takes its place).
    mutating func remove(_ name: String) {
        guard let position = positions.removeValue(forKey: name) else { return }
        let last = nodes.count - 1
        if position != last {
            nodes[position] = nodes[last]
            positions[nodes[position].name] = position
        }
        nodes.removeLast()
        columns.remove(at: position)
    }

    /// Accounts `pod` on the node at `position` (a dry run: gangs place members one after another on a copy).
    public mutating func addPod(_ pod: PlacedPod, toNodeAt position: Int) {
        nodes[position].addPod(pod)
        columns.setResources(nodes[position], at: position)
        // The copy now differs from the snapshot it came from under the same change numbers.
        columns.renewLineage()
    }
}
