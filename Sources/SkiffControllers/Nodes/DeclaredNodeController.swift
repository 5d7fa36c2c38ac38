import SkiffNode

/// Gives every declared node (a `kind: Node` manifest, not the local machine) the status a virtual node reports:
/// its declared capacity and allocatable, `Ready`, and the `skiff.dev/node-provider: declared` label. Its pods
/// are simulated. A node labelled `local` that is not this daemon's local node (left by an earlier run under
/// another name) is reported `Ready=Unknown`.
struct DeclaredNodeController: Reconciler {
    let store: any ObjectStore
    let clock: any Clock
    /// This daemon's local node, if it runs one.
    let localNodeName: String?

    func reconcile(_ key: ObjectKey) throws -> ReconcileResult {
        guard key.name != localNodeName, var node = store.get(key) as? Node,
            node.metadata.deletionTimestamp == nil
        else { return .done }
        // A compute cluster's node: its status is the AmlCompute controller's.
        if ComputeNodeLabels.isComputeNode(node) { return .done }
        let now = clock.timestamp
        if !NodeProvider.isDeclared(node) {
            try StatusWriter.write(node, store: store) { n in
                n.status.conditions.set(
                    NodeCondition(
                        type: .ready,
                        status: .unknown,
                        reason: "NodeStatusUnknown",
                        message: "this local node is not run by this skiffd"
                            + (localNodeName.map { " (its local node is \"\($0)\")" }
                                ?? " (its local node is disabled)")
                    ),
                    now: now
                )
            }
            return .done
        }
        if node.metadata.labels[NodeProvider.label] == nil {
            node.metadata.labels[NodeProvider.label] = NodeProvider.declared
            node = try store.update(node)
        }
        let observed = VirtualNode.observedStatus(of: node)
        try StatusWriter.write(node, store: store) { n in
            let conditions = n.status.conditions
            n.status = observed
            n.status.conditions = conditions
            for var condition in observed.conditions {
                // Nothing beats for a declared node: the heartbeat moves only when the condition does, so that a
                // reconcile that finds nothing new writes nothing.
                if let current = conditions[type: condition.type], current.status == condition.status,
                    current.reason == condition.reason, current.message == condition.message
                {
                    condition.lastHeartbeatTime = current.lastHeartbeatTime
                }
                n.status.conditions.set(condition, now: now)
            }
        }
        return .done
    }
}
