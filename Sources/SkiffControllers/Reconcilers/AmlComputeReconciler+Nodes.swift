import Foundation
import SkiffNode
import SkiffScheduler

/// The autoscaler's node lifecycle: creating cluster nodes through the provider, their states, readiness and removal.
extension AmlComputeReconciler {
    /// The exec provider, when the configuration picks it.
    var exec: ExecNodeProvider? {
        guard settings.provider == "exec" else { return nil }
        return ExecNodeProvider(
            createCommand: settings.execCreate,
            deleteCommand: settings.execDelete,
            attempts: settings.execAttempts
        )
    }

    func createNodes(_ count: Int, of compute: AmlCompute, size: VMSize, now: Timestamp) throws -> [String] {
        // A virtual node is ready after the provisioning delay; an exec node when its create command says so.
        let readyAt: Timestamp? =
            exec == nil ? Timestamp(seconds: now.seconds + Int64(settings.provisioningDelaySeconds)) : nil
        var names: [String] = []
        var attempt = 0
        while names.count < count {
            let name = ComputeNodeTemplate.name(
                cluster: compute.metadata.name,
                // The cluster's resourceVersion moves with every status write (each scale step writes one), so
                // that a node made in the same second as one just removed does not get its name back.
                seed: "\(compute.metadata.uid)/\(compute.metadata.resourceVersion)/\(now.seconds)/\(attempt)"
            )
            attempt += 1
            guard store.get(Node.self, name: name) == nil else { continue }
            var node = ComputeNodeTemplate.node(of: compute, size: size, name: name, readyAt: readyAt)
            node.metadata.annotations[ComputeNodeLabels.idleSince] = readyAt?.rfc3339
            // Without a provisioning delay the node is ready as it is made.
            let ready = readyAt.map { $0 <= now } ?? false
            if ready { node.spec.taints.removeAll { $0.key == ComputeNodeLabels.notReadyTaint.key } }
            let created = try store.create(node)
            _ = try writeNodeStatus(created, ready: ready, now: now)
            names.append(name)
        }
        return names
    }

    /// When a low-priority node is to be preempted at random (rehearsals: `compute.preemptionRate` per node-hour),
    /// drawn once per node from the exponential distribution, seeded by the node's name so that a run under the
    /// manual clock repeats; nil when nothing preempts it.
    func preemptionTime(_ node: Node, tier: AmlCompute.Tier, now: Timestamp) throws -> Timestamp? {
        guard tier == .lowPriority, settings.preemptionRate > 0, preempt != nil else { return nil }
        if let text = node.metadata.annotations[ComputeNodeLabels.preemptAt] {
            return Timestamp(rfc3339: text)
        }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in node.metadata.uid.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        var random = SplitMix64(seed: hash)
        let uniform = (Double(random.next() >> 11) + 0.5) / Double(UInt64(1) << 53)
        let hours = -Foundation.log(uniform) / settings.preemptionRate
        let at = Timestamp(seconds: now.seconds + Int64(min(hours * 3600, 1e9)))
        var updated = node
        updated.metadata.annotations[ComputeNodeLabels.preemptAt] = at.rfc3339
        _ = try store.update(updated)
        return at
    }

    /// Marks `node` with an explicit state; a leaving node is cordoned.
    func mark(_ node: Node, state: ComputeNodeState) throws -> Node {
        var updated = node
        updated.metadata.annotations[ComputeNodeLabels.state] = state.rawValue
        if state == .leaving || state == .preempted || state == .unusable { updated.spec.unschedulable = true }
        guard updated.metadata != node.metadata || updated.spec != node.spec else { return node }
        return try store.update(updated)
    }

    /// A node past its preparation: untainted, `Ready`, with its idle time tracked.
    func becomeReady(_ node: Node, idle: Bool, now: Timestamp) throws -> Node {
        var updated = node
        updated.spec.taints.removeAll { $0.key == ComputeNodeLabels.notReadyTaint.key }
        if idle {
            if updated.metadata.annotations[ComputeNodeLabels.idleSince] == nil {
                updated.metadata.annotations[ComputeNodeLabels.idleSince] = now.rfc3339
            }
        } else {
            updated.metadata.annotations[ComputeNodeLabels.idleSince] = nil
        }
        var current = node
        if updated.metadata != node.metadata || updated.spec != node.spec { current = try store.update(updated) }
        return try writeNodeStatus(current, ready: true, now: now)
    }

    func writeNodeStatus(_ node: Node, ready: Bool, now: Timestamp) throws -> Node {
        var updated = node
        let capacity = node.spec.declaredCapacity
        updated.status.capacity = capacity
        updated.status.allocatable = node.spec.declaredAllocatable
        updated.status.addresses = [NodeAddress(type: .hostname, address: node.metadata.name)]
        updated.status.nodeInfo = NodeSystemInfo(
            containerRuntimeVersion: "skiff-simulated://1",
            kubeletVersion: "v1.32.0-skiff",
            operatingSystem: node.metadata.labels[NodeLabels.os] ?? "linux",
            architecture: node.metadata.labels[NodeLabels.arch] ?? "amd64"
        )
        let condition =
            ready
            ? NodeCondition(type: .ready, status: .true, reason: "KubeletReady",
                            message: "compute cluster node; its pods are simulated")
            : NodeCondition(type: .ready, status: .false, reason: "Preparing",
                            message: "the node is being prepared")
        if let current = node.status.conditions[type: .ready], current.status == condition.status,
            current.reason == condition.reason
        {
            // Nothing to say.
        } else {
            _ = updated.status.conditions.set(condition, now: now)
        }
        guard updated.status != node.status else { return node }
        return try store.updateStatus(updated)
    }

    func deleteNode(_ node: Node) throws {
        if let exec, !exec.deleteCommand.isEmpty, node.metadata.deletionTimestamp == nil {
            // Best effort: the machine's owner hears of it; the node goes either way.
            let outcome = ExecNodeProvider.run(exec.deleteCommand, for: node)
            if outcome.status != 0, let cluster = node.metadata.labels[ComputeNodeLabels.compute] {
                events?.record(
                    ObjectReference(
                        kind: AmlCompute.resource.kind,
                        name: cluster,
                        apiVersion: AmlCompute.resource.apiVersion
                    ),
                    type: "Warning",
                    reason: "NodeDeleteFailed",
                    message: "delete command for \(node.metadata.name) exited \(outcome.status): \(outcome.stderr)"
                )
            }
        }
        let result = Result { () throws(StoreError) -> DeleteResult in try store.delete(node.key) }
        if case .failure(let error) = result, error.reason != .notFound { throw error }
    }
}
