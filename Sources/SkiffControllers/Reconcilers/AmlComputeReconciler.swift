import Foundation
import SkiffNode
import SkiffScheduler

/// The AmlCompute controller: the autoscaler of a compute cluster, modelled on cluster-autoscaler and on Azure ML's
/// documented behaviour. Each reconcile of a cluster, level-based:
/// 1. reads the cluster's nodes (label `skiff.dev/compute`) and their live pods, and derives each node's state
///    (`preparing` until its ready time, `idle`, `running`, `leaving`, `preempted`, `unusable`);
/// 2. finishes nodes that are done: a node whose preparation is over becomes schedulable; a node of an older size
///    or tier drains (`leaving`) and goes when its pods have finished; preempted and leaving nodes without live
///    pods are removed;
/// 3. scales down: an idle node goes after `idle_time_before_scale_down`, never below `min_instances`; idle nodes
///    above `max_instances` go at once; a node with pods never goes;
/// 4. scales up: keeps `min_instances`, and adds the nodes that pending pods of the cluster need — decided by the
///    ``ScaleUpSimulator`` running the scheduler's filters against the cluster's template node — up to
///    `max_instances` and the VM family's vCPU quota; pods that do not lead to a node carry the reason in their
///    `PodScheduled` message and a `NotTriggerScaleUp` event;
/// 5. writes the status in the shape of Azure ML's REST resource.
struct AmlComputeReconciler: Reconciler {
    /// The store index of nodes by their `skiff.dev/compute` label.
    static let nodesByCompute = "nodes-by-compute"
    /// The store index of pods by their `skiff.dev/compute` node selector.
    static let podsByCompute = "pods-by-compute"
    /// What the scheduler's message gets appended when a pod does not lead to a new node (cluster-autoscaler's
    /// `NotTriggerScaleUp` wording).
    static let verdictPrefix = "pod didn't trigger scale-up: "

    let store: any ObjectStore
    let clock: any Clock
    let settings: DaemonConfiguration.ComputeSettings
    let events: (any EventRecording)?
    /// Preempts a node (``ControlPlane/preempt(node:)``), for the configured random preemption rate.
    let preempt: (@Sendable (String) -> Void)?

    init(
        store: any ObjectStore,
        clock: any Clock,
        settings: DaemonConfiguration.ComputeSettings = .init(),
        events: (any EventRecording)? = nil,
        preempt: (@Sendable (String) -> Void)? = nil
    ) {
        self.store = store
        self.clock = clock
        self.settings = settings
        self.events = events
        self.preempt = preempt
        Self.addIndexes(to: store)
    }

    /// Registers the indexes the controller reads.
    static func addIndexes(to store: any ObjectStore) {
        store.addIndex(
            IndexDefinition(name: nodesByCompute, groupKind: Node.resource.groupKind) { object in
                object.metadata.labels[ComputeNodeLabels.compute].map { [$0] } ?? []
            }
        )
        store.addIndex(
            IndexDefinition(name: podsByCompute, groupKind: Pod.resource.groupKind) { object in
                (object as? Pod)?.spec.nodeSelector[ComputeNodeLabels.compute].map { [$0] } ?? []
            }
        )
    }

    /// The cluster keys a pod or node event concerns (the controller's mapped triggers): a node's cluster (every
    /// cluster when a node goes, since quota is shared by family), a pod's cluster.
    @Sendable static func clusters(store: any ObjectStore) -> @Sendable (any APIObject) -> [ObjectKey] {
        { object in
            if let pod = object as? Pod {
                var names: Set<String> = []
                if let name = pod.spec.nodeSelector[ComputeNodeLabels.compute] { names.insert(name) }
                if !pod.spec.nodeName.isEmpty, let node = store.get(Node.self, name: pod.spec.nodeName),
                    let name = node.metadata.labels[ComputeNodeLabels.compute]
                {
                    names.insert(name)
                }
                return names.map { ObjectKey(AmlCompute.resource.groupKind, name: $0) }
            }
            guard let node = object as? Node, ComputeNodeLabels.isComputeNode(node) else { return [] }
            return [ObjectKey(AmlCompute.resource.groupKind, name: node.metadata.labels[ComputeNodeLabels.compute]!)]
        }
    }

    /// One node of the cluster as this reconcile sees it.
    struct Member {
        var node: Node
        var livePods: [Pod]
        var state: ComputeNodeState
    }

    func reconcile(_ key: ObjectKey) throws -> ReconcileResult {
        let now = clock.timestamp
        var members = self.members(of: key.name, now: now)
        guard let compute = store.get(AmlCompute.self, name: key.name), compute.metadata.deletionTimestamp == nil
        else {
            // The cluster is gone: so are its nodes.
            for member in members { try deleteNode(member.node) }
            return .done
        }
        guard let size = compute.vmSize else {
            try writeStatus(compute, members: members, target: members.count, quotaError: nil, now: now) { c in
                c.status.errors = [
                    AmlCompute.ComputeError(code: "UnknownVmSize", message: "VM size \(c.spec.size) is not known")
                ]
            }
            return .done
        }
        var wake: [Int64] = []
        var history: [AmlCompute.ScaleEvent] = []

        // 2. Nodes that are done preparing, draining or gone.
        var present = members.count
        for index in members.indices {
            var member = members[index]
            let node = member.node
            let stale =
                node.metadata.labels[ComputeNodeLabels.instanceType] != size.name
                || node.metadata.labels[ComputeNodeLabels.tier] != compute.spec.tier.rawValue
            if stale && member.state.isActive {
                member.node = try mark(node, state: .leaving)
                member.state = .leaving
            }
            switch member.state {
            case .preparing where exec != nil && node.metadata.annotations[ComputeNodeLabels.readyAt] == nil:
                switch exec!.step(node, now: now) {
                case .ready(let ready):
                    member.node = try store.update(ready)
                    member.state = .idle
                    record(compute, "Normal", "NodeReady", "create command made node \(node.metadata.name) ready")
                case .retry(let waiting, let at):
                    if waiting.metadata != node.metadata { member.node = try store.update(waiting) }
                    wake.append(at.seconds - now.seconds)
                case .unusable(let failed):
                    member.node = try store.update(failed)
                    member.state = .unusable
                    record(compute, "Warning", "NodeUnusable",
                           failed.metadata.annotations[ComputeNodeLabels.stateMessage] ?? "create command failed")
                }
            case .preparing:
                if let text = node.metadata.annotations[ComputeNodeLabels.readyAt], let ready = Timestamp(rfc3339: text)
                {
                    wake.append(ready.seconds - now.seconds)
                }
                member.node = try writeNodeStatus(member.node, ready: false, now: now)
            case .idle, .running:
                member.node = try becomeReady(member.node, idle: member.state == .idle, now: now)
                if let at = try preemptionTime(member.node, tier: compute.spec.tier, now: now) {
                    if at <= now, let preempt {
                        preempt(node.metadata.name)
                        member.state = .preempted
                    } else {
                        wake.append(at.seconds - now.seconds)
                    }
                }
                if member.state == .idle {
                    let since = member.node.metadata.annotations[ComputeNodeLabels.idleSince]
                        .flatMap(Timestamp.init(rfc3339:)) ?? now
                    wake.append(since.seconds + compute.spec.idleTimeBeforeScaleDown - now.seconds)
                }
            case .leaving, .preempted:
                if member.livePods.isEmpty {
                    try deleteNode(member.node)
                    let why = stale ? "its size or tier is no longer the cluster's" : member.state.rawValue
                    present -= 1
                    let reason = "removed \(member.state.rawValue) node \(node.metadata.name) (\(why))"
                    history.append(AmlCompute.ScaleEvent(time: now, from: present, to: present - 1, reason: reason))
                    member.state = .leaving
                    member.node.metadata.deletionTimestamp = now
                }
            case .unusable:
                // Kept (and counted against max_instances) for the idle time, so that its error can be seen, then
                // removed; a replacement is tried if work still needs it.
                let since = idleSince(node, now)
                if now.seconds - since.seconds >= compute.spec.idleTimeBeforeScaleDown {
                    try deleteNode(member.node)
                    history.append(
                        AmlCompute.ScaleEvent(time: now, from: present, to: present - 1,
                                              reason: "removed unusable node \(node.metadata.name)")
                    )
                    present -= 1
                    member.node.metadata.deletionTimestamp = now
                    member.livePods = []
                } else {
                    wake.append(since.seconds + compute.spec.idleTimeBeforeScaleDown - now.seconds)
                }
            }
            members[index] = member
        }
        members.removeAll { $0.node.metadata.deletionTimestamp != nil && $0.livePods.isEmpty }

        // 3. Scale down.
        var active = members.filter { $0.state.isActive }
        let idle = active.filter { $0.state == .idle }.sorted { idleSince($0.node, now) < idleSince($1.node, now) }
        var removable = active.count - compute.spec.minInstances
        var overMax = active.count - compute.spec.maxInstances
        for member in idle where removable > 0 {
            let idleFor = now.seconds - idleSince(member.node, now).seconds
            guard overMax > 0 || idleFor >= compute.spec.idleTimeBeforeScaleDown else { continue }
            try deleteNode(member.node)
            let why = overMax > 0 ? "above max_instances" : "idle for \(idleFor)s"
            history.append(
                AmlCompute.ScaleEvent(time: now, from: active.count, to: active.count - 1,
                                      reason: "removed idle node \(member.node.metadata.name) (\(why))")
            )
            record(compute, "Normal", "ScaleDown", "Removed node \(member.node.metadata.name): \(why)")
            active.removeAll { $0.node.metadata.name == member.node.metadata.name }
            removable -= 1
            overMax -= 1
        }

        // 4. Scale up.
        let quota = quotaRoom(compute, size: size)
        let held = active.count + members.filter { $0.state == .unusable }.count
        let roomByMax = max(0, compute.spec.maxInstances - held)
        let roomByQuota = quota.map { max(0, $0.free / max(size.vcpus, 1)) } ?? Int.max
        let room = min(roomByMax, roomByQuota)
        let belowMin = max(0, min(compute.spec.minInstances, compute.spec.maxInstances) - held)
        let forMin = min(belowMin, room)
        let limitReason: String
        var quotaError: AmlCompute.ComputeError?
        if roomByQuota < roomByMax, let quota {
            limitReason = quota.message
        } else {
            limitReason = "max instances reached (\(compute.metadata.name): \(compute.spec.maxInstances))"
        }
        if roomByQuota < belowMin, let quota {
            quotaError = AmlCompute.ComputeError(code: "QuotaExceeded", message: quota.message)
        }
        let description = "\(compute.metadata.name) (\(size.name))"
        let simulator = ScaleUpSimulator(template: ComputeNodeTemplate.template(of: compute, size: size),
                                         clusterDescription: description)
        let pending = pendingPods(of: compute.metadata.name)
        // The nodes kept for min_instances are upcoming capacity too: simulate them as template nodes.
        var upcoming = active.map { (node: $0.node, pods: $0.livePods) }
        for index in 0..<forMin {
            var node = ComputeNodeTemplate.template(of: compute, size: size)
            node.metadata.name += "-min-\(index)"
            upcoming.append((node: node, pods: []))
        }
        let outcome = simulator.simulate(
            pending: pending,
            nodes: upcoming,
            maxNew: room - forMin,
            limitReason: limitReason
        )
        if case .limit = outcome.refused.first?.1, roomByQuota < roomByMax, let quota {
            quotaError = AmlCompute.ComputeError(code: "QuotaExceeded", message: quota.message)
        }
        let newNodes = forMin + outcome.newNodes
        if newNodes > 0 {
            let names = try createNodes(newNodes, of: compute, size: size, now: now)
            let from = active.count
            let to = active.count + newNodes
            let why = outcome.triggered.isEmpty ? "min_instances is \(compute.spec.minInstances)"
                : "\(outcome.triggered.count) pending pod(s)"
            history.append(
                AmlCompute.ScaleEvent(time: now, from: from, to: to,
                                      reason: "added \(names.joined(separator: ", ")) for \(why)")
            )
            record(compute, "Normal", "TriggeredScaleUp",
                   "Scaled up \(compute.metadata.name) from \(from) to \(to) node(s) "
                    + "(max: \(compute.spec.maxInstances)) for \(why)")
            for pod in outcome.triggered {
                record(pod, "Normal", "TriggeredScaleUp",
                       "pod triggered scale-up: [{\(compute.metadata.name) \(from)->\(to) "
                        + "(max: \(compute.spec.maxInstances))}]")
            }
            if settings.provisioningDelaySeconds > 0 { wake.append(Int64(settings.provisioningDelaySeconds)) }
        }
        for (pod, refusal) in outcome.refused {
            try attachVerdict(pod, refusal.message, cluster: compute)
        }
        for pod in outcome.triggered + outcome.fitExisting {
            try attachVerdict(pod, nil, cluster: compute)
        }

        // 5. Status.
        members = self.members(of: compute.metadata.name, now: now)
        let target = active.count + newNodes
        try writeStatus(compute, members: members, target: target, quotaError: quotaError, now: now) { c in
            c.status.scaleHistory = Array((c.status.scaleHistory + history).suffix(AmlCompute.scaleHistoryLimit))
        }
        if let next = wake.filter({ $0 > 0 }).min() { return .requeueAfter(.seconds(next)) }
        if wake.contains(where: { $0 <= 0 }) { return .requeueAfter(.seconds(1)) }
        return .done
    }

    // MARK: - Reading

    /// The cluster's nodes with their live pods and states.
    func members(of cluster: String, now: Timestamp) -> [Member] {
        store.objects(index: Self.nodesByCompute, value: cluster).compactMap { $0 as? Node }
            .filter(ComputeNodeLabels.isComputeNode)
            .sorted { $0.metadata.name < $1.metadata.name }
            .map { node in
                let live = store.objects(index: ControlPlane.podsByNode, value: node.metadata.name)
                    .compactMap { $0 as? Pod }
                    .filter { !($0.status.phase?.isTerminal ?? false) }
                return Member(
                    node: node,
                    livePods: live,
                    state: ComputeNodeState.of(node, hasLivePods: !live.isEmpty, now: now)
                )
            }
    }

    /// Pods of the cluster that the scheduler could not place.
    func pendingPods(of cluster: String) -> [Pod] {
        store.objects(index: Self.podsByCompute, value: cluster).compactMap { $0 as? Pod }.filter { pod in
            pod.spec.nodeName.isEmpty && pod.metadata.deletionTimestamp == nil
                && !(pod.status.phase?.isTerminal ?? false)
                && pod.status.conditions[type: .podScheduled]?.status == .false
        }
    }

    private func idleSince(_ node: Node, _ now: Timestamp) -> Timestamp {
        node.metadata.annotations[ComputeNodeLabels.idleSince].flatMap(Timestamp.init(rfc3339:)) ?? now
    }

    /// The vCPUs of the cluster's VM family still free under the configured quota (all clusters of the family
    /// together), nil when the family has no quota.
    private func quotaRoom(_ compute: AmlCompute, size: VMSize) -> (free: Int, message: String)? {
        guard let quota = settings.quota(family: size.family) else { return nil }
        var used = 0
        for other in (try? store.list(AmlCompute.self)) ?? [] {
            guard let otherSize = other.vmSize, otherSize.normalizedFamily == size.normalizedFamily else { continue }
            let nodes = store.objects(index: Self.nodesByCompute, value: other.metadata.name).compactMap { $0 as? Node }
                .filter(ComputeNodeLabels.isComputeNode)
            for node in nodes {
                let cores = node.status.capacity[.cpu]?.value ?? Int64(otherSize.vcpus)
                used += Int(cores)
            }
        }
        let free = max(0, quota - used)
        let message =
            "quota exhausted: VM family \(size.family) has a quota of \(quota) vCPUs, \(used) in use; a "
            + "\(size.name) node needs \(size.vcpus)"
        return (free, message)
    }

    // MARK: - Pods

    /// Appends the autoscaler's verdict to a pending pod's `PodScheduled` message (or removes an old one when
    /// `verdict` is nil), recording `NotTriggerScaleUp` when the verdict is new.
    private func attachVerdict(_ pod: Pod, _ verdict: String?, cluster: AmlCompute) throws {
        guard var condition = pod.status.conditions[type: .podScheduled], condition.status == .false else { return }
        var base = condition.message
        if let range = base.range(of: Self.verdictPrefix) {
            base = String(base[..<range.lowerBound]).trimmingTrailingSpaces
        }
        let message = verdict.map { base.isEmpty ? Self.verdictPrefix + $0 : "\(base) \(Self.verdictPrefix)\($0)" }
            ?? base
        guard message != condition.message else { return }
        condition.message = message
        var updated = pod
        updated.status.conditions = pod.status.conditions.map { $0.type == .podScheduled ? condition : $0 }
        do {
            _ = try store.updateStatus(updated)
        } catch {
            // The scheduler wrote in between: the pod event brings this reconcile back.
            if error.reason != .conflict { throw error }
            return
        }
        if let verdict {
            record(pod, "Normal", "NotTriggerScaleUp", Self.verdictPrefix + verdict)
            record(cluster, "Normal", "NotTriggerScaleUp",
                   "pod \(pod.metadata.namespace)/\(pod.metadata.name) didn't trigger scale-up: \(verdict)")
        }
    }

    // MARK: - Status and events

    private func writeStatus(
        _ compute: AmlCompute,
        members: [Member],
        target: Int,
        quotaError: AmlCompute.ComputeError?,
        now: Timestamp,
        _ extra: (inout AmlCompute) -> Void
    ) throws {
        var counts = AmlCompute.NodeStateCounts()
        for member in members {
            switch member.state {
            case .idle: counts.idleNodeCount += 1
            case .running: counts.runningNodeCount += 1
            case .preparing: counts.preparingNodeCount += 1
            case .leaving: counts.leavingNodeCount += 1
            case .preempted: counts.preemptedNodeCount += 1
            case .unusable: counts.unusableNodeCount += 1
            }
        }
        let size = compute.vmSize
        try StatusWriter.write(compute, store: store) { c in
            c.status.provisioningState = "Succeeded"
            c.status.currentNodeCount = members.count
            c.status.targetNodeCount = target
            c.status.nodeStateCounts = counts
            let resizing =
                counts.preparingNodeCount > 0 || counts.leavingNodeCount > 0 || members.count != target
            let allocation: AmlCompute.AllocationState = resizing ? .resizing : .steady
            if c.status.allocationState != allocation {
                c.status.allocationState = allocation
                c.status.allocationStateTransitionTime = now
            }
            c.status.errors = quotaError.map { [$0] } ?? []
            c.status.nodes = members.map { AmlCompute.NodeEntry(name: $0.node.metadata.name, state: $0.state.rawValue) }
            var message = "\(c.spec.size), \(c.spec.tier.rawValue), \(c.spec.minInstances)-\(c.spec.maxInstances) nodes"
            if let size {
                message += " (\(size.vcpus) vCPUs, \(size.memoryGiB) GiB"
                message += size.gpus > 0 ? ", \(size.gpus)× \(size.gpuModel ?? "GPU"))" : ")"
            }
            _ = c.status.conditions.set(
                Condition(type: "Ready", status: .true, reason: "Provisioned", message: message,
                          observedGeneration: c.metadata.generation),
                now: now
            )
            extra(&c)
        }
    }

    private func record(_ compute: AmlCompute, _ type: String, _ reason: String, _ message: String) {
        events?.record(ObjectReference(to: compute), type: type, reason: reason, message: message)
    }

    private func record(_ pod: Pod, _ type: String, _ reason: String, _ message: String) {
        events?.record(ObjectReference(to: pod), type: type, reason: reason, message: message)
    }
}

extension String {
    fileprivate var trimmingTrailingSpaces: String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
