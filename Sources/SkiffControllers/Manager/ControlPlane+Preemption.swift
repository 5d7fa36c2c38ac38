import SkiffNode

extension ControlPlane {
    /// Why a node cannot be preempted.
    public struct PreemptionError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Takes a low-priority compute node back, as Azure does (`skiffctl preempt NODE`): the node is marked
    /// `preempted` and cordoned, its pods stop at once and fail with reason `Preempted` (their jobs restart them
    /// within their retry budget), and the AmlCompute controller removes the node and adds another if work is
    /// still pending.
    /// - Returns: the pods that were preempted (`namespace/name`).
    @discardableResult
    public func preempt(node name: String) throws -> [String] {
        try preemptNode(name).pods
    }

    /// ``preempt(node:)``, returning the node as marked (the AmlCompute controller may remove it at once) and the
    /// pods that were preempted.
    public func preemptNode(_ name: String) throws -> (node: Node, pods: [String]) {
        guard var node = store.get(Node.self, name: name) else {
            throw PreemptionError(description: "node \"\(name)\" not found")
        }
        guard ComputeNodeLabels.isComputeNode(node), let cluster = node.metadata.labels[ComputeNodeLabels.compute]
        else {
            throw PreemptionError(description: "node \"\(name)\" is not a compute cluster's node")
        }
        guard node.metadata.labels[ComputeNodeLabels.tier] == AmlCompute.Tier.lowPriority.rawValue else {
            throw PreemptionError(
                description: "node \"\(name)\" of compute cluster \"\(cluster)\" is dedicated: only low_priority "
                    + "nodes can be preempted"
            )
        }
        let now = clock.timestamp
        if node.metadata.annotations[ComputeNodeLabels.state] != ComputeNodeState.preempted.rawValue {
            node.metadata.annotations[ComputeNodeLabels.state] = ComputeNodeState.preempted.rawValue
            node.spec.unschedulable = true
            node = try store.update(node)
        }
        events.record(ObjectReference(to: node), type: "Warning", reason: "Preempted",
                      message: "low-priority node \(name) was preempted")
        var preempted: [String] = []
        for object in store.objects(index: ControlPlane.podsByNode, value: name) {
            guard let pod = object as? Pod, !(pod.status.phase?.isTerminal ?? false) else { continue }
            let uid = pod.metadata.uid
            // The runtime forgets the pod first; the node's mark keeps the pod lifecycle controller from starting
            // it again before its status says Failed.
            runtimes.simulated.stop(podUID: uid, gracePeriod: .zero)
            runtimes.simulated.remove(podUID: uid)
            runtimes.untrack(uid)
            let message = "the low-priority node \(name) of compute cluster \"\(cluster)\" was preempted"
            for _ in 0..<5 {
                guard var current = store.get(pod.key) as? Pod, current.metadata.uid == uid else { break }
                current.status.phase = .failed
                current.status.reason = "Preempted"
                current.status.message = message
                current.status.containerStatuses = current.spec.containers.map { container in
                    ContainerStatus(
                        name: container.name,
                        state: .terminated(
                            ContainerState.Terminated(
                                exitCode: 137, signal: 9, reason: "Preempted", message: message, finishedAt: now
                            )
                        )
                    )
                }
                do {
                    _ = try store.updateStatus(current)
                    break
                } catch {
                    if error.reason != .conflict { throw error }
                }
            }
            events.record(ObjectReference(to: pod), type: "Warning", reason: "Preempted", message: message)
            preempted.append("\(pod.metadata.namespace)/\(pod.metadata.name)")
        }
        return (node, preempted)
    }
}
