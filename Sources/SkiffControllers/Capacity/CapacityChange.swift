/// Which store events can change whether something fits a node: for nodes, an added or removed node, or a change
/// of its labels or allocatable resources — not the heartbeats and condition updates that rewrite a node's status
/// all the time (re-judging every job on each would cost jobs × nodes per heartbeat). Events of other kinds all
/// count.
enum CapacityChange {
    @Sendable static func matters(_ event: WatchEvent) -> Bool {
        guard case .modified(let object, let previous) = event,
            let node = object as? Node, let before = previous as? Node
        else { return true }
        return node.metadata.labels != before.metadata.labels
            || node.status.allocatable != before.status.allocatable
    }
}
