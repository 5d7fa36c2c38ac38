import Dispatch
import Synchronization

extension Scheduler {
    /// What a failed cycle does to the pod's `status.nominatedNodeName`.
    enum NominationChange {
        case keep
        case clear
        case set(String)
    }

    /// Runs one scheduling cycle for the next pod (or gang); nil when no pod is waiting in the active queue.
    @discardableResult
    public func scheduleOne() -> SchedulingResult? {
        recordUnrecordedDevices()
        guard let queued = queue.pop() else { return nil }
        let started = DispatchTime.now().uptimeNanoseconds
        let result = cycleContext.withLock { context in
            cache.updateSnapshot(&context.snapshot)
            if let group = queued.group, PodGroup.declaredSize(of: queued.pod) > 1 {
                return scheduleGang(queued, group: group, context: &context)
            }
            return schedulePod(queued, context: &context)
        }
        SchedulerMetrics.record(result, startedAt: started)
        return result
    }

    private func schedulePod(_ queued: QueuedPod, context: inout CycleContext) -> SchedulingResult {
        let pod = queued.pod
        let snapshot = context.snapshot
        guard snapshot.count > 0 else {
            return failWithError(queued, message: FitError.noNodesAvailable)
        }
        var state = CycleState(pod: pod, table: snapshot.table)
        let nominations = queue.nominations()
        if let plugins = columnPlugins, nominations.isEmpty, pod.status.nominatedNodeName.isEmpty {
            // Every node's verdict and scores for this pod's shape, judged again only where nodes changed.
            var scored = state
            let skipped = framework.preScoreAll(pod, state: &scored)
            let scores = context.shapeScores.scores(for: PodShape(state))
            scores.update(pod, columns: snapshot.columns, state: scored, skipped: skipped, plugins: plugins)
            if let chosen = scores.selectHost(random: &context.random) {
                if scores.feasibleCount > 1 { state = scored }
                return commit(queued, node: snapshot.nodes[chosen], state: &state)
            }
        }
        let (feasible, statuses) = findFeasible(pod, state: state, snapshot: snapshot, nominations: nominations)
        guard !feasible.isEmpty else {
            var fitError = FitError(numAllNodes: snapshot.count, nodeStatuses: statuses)
            var nomination = NominationChange.keep
            if configuration.preemption {
                let outcome = preemption.evaluate(
                    pod,
                    state: state,
                    snapshot: snapshot,
                    statuses: statuses,
                    framework: framework
                ) { index in
                    Self.withNominated(snapshot.nodes[index], pod: pod, state: state, nominations: nominations)
                }
                switch outcome {
                case .nominate(let candidate):
                    evict(candidate, for: pod, priority: state.priority, nominations: nominations)
                    nomination = .set(candidate.node)
                case .notHelpful(let message):
                    fitError.postFilterMessage = message
                    nomination = .clear
                case .ineligible(let message):
                    fitError.postFilterMessage = "preemption: " + message
                }
            }
            return failUnschedulable(queued, fitError, nomination: nomination)
        }
        let chosen: Int
        if feasible.count == 1 {
            chosen = feasible[0]
        } else {
            let totals = framework.prioritize(pod, snapshot: snapshot, feasible: feasible, state: &state)
            chosen = feasible[framework.selectHost(totals, random: &context.random)]
        }
        return commit(queued, node: snapshot.nodes[chosen], state: &state)
    }

    /// Filters every node (the pod's nominated node first: when it fits, it is taken without looking further,
    /// as kube-scheduler does after a preemption).
    func findFeasible(
        _ pod: Pod,
        state: CycleState,
        snapshot: Snapshot,
        nominations: [String: [Pod]]
    ) -> (feasible: [Int], statuses: [String: Status]) {
        let nominated = pod.status.nominatedNodeName
        if !nominated.isEmpty, let index = snapshot.index(of: nominated) {
            let node = Self.withNominated(snapshot.nodes[index], pod: pod, state: state, nominations: nominations)
            if framework.runFilters(pod, node, state).isSuccess {
                return ([index], [:])
            }
        }
        // Nodes with nominated pods are judged one by one with those pods counted in; every other node over the
        // snapshot's columns. Only when no node fits are all nodes judged again one by one, for the reasons.
        var nominatedPositions: [Int] = []
        for name in nominations.keys {
            if let position = snapshot.index(of: name) { nominatedPositions.append(position) }
        }
        var feasible = framework.feasibleNodes(pod, snapshot: snapshot, state: state, excluded: nominatedPositions)
        if !nominatedPositions.isEmpty {
            for position in nominatedPositions {
                let node = Self.withNominated(snapshot.nodes[position], pod: pod, state: state, nominations: nominations)
                if framework.runFilters(pod, node, state).isSuccess { feasible.append(position) }
            }
            feasible.sort()
        }
        if !feasible.isEmpty { return (feasible, [:]) }
        return judgeEveryNode(pod, state: state, snapshot: snapshot, nominations: nominations)
    }

    /// Runs every filter on every node, one by one, keeping each rejection (for the unschedulable message and
    /// preemption).
    func judgeEveryNode(
        _ pod: Pod,
        state: CycleState,
        snapshot: Snapshot,
        nominations: [String: [Pod]]
    ) -> (feasible: [Int], statuses: [String: Status]) {
        var feasible: [Int] = []
        var statuses: [String: Status] = [:]
        // Reading nodes through the buffer borrows them instead of copying each one (it matters in debug builds).
        snapshot.nodes.withUnsafeBufferPointer { nodes in
            for index in nodes.indices {
                let status: Status
                if nominations.isEmpty {
                    status = framework.runFilters(pod, nodes[index], state)
                } else {
                    let node = Self.withNominated(nodes[index], pod: pod, state: state, nominations: nominations)
                    status = framework.runFilters(pod, node, state)
                }
                if status.isSuccess {
                    feasible.append(index)
                } else {
                    statuses[nodes[index].name] = status
                }
            }
        }
        return (feasible, statuses)
    }

    /// The node with the pods nominated to it that are at least as important as `pod` counted in, as
    /// kube-scheduler's `RunFilterPluginsWithNominatedPods` (so that a lower-priority pod does not take the room a
    /// preemption freed).
    static func withNominated(_ node: NodeInfo, pod: Pod, state: CycleState, nominations: [String: [Pod]]) -> NodeInfo {
        guard let nominated = nominations[node.name] else { return node }
        var copy = node
        let key = PodKey(pod)
        for other in nominated where PodKey(other) != key && (other.spec.priority ?? 0) >= state.priority {
            copy.addPod(
                PlacedPod(
                    key: PodKey(other),
                    uid: other.metadata.uid,
                    priority: other.spec.priority ?? 0,
                    request: PodRequest(other, table: state.table),
                    startTime: other.status.startTime ?? other.metadata.creationTimestamp
                )
            )
        }
        return copy
    }

    /// Reserves devices, assumes the placement and binds.
    private func commit(_ queued: QueuedPod, node: NodeInfo, state: inout CycleState) -> SchedulingResult {
        let pod = queued.pod
        let reserved = framework.reserve(pod, node, &state)
        guard reserved.isSuccess else {
            return failUnschedulable(
                queued,
                FitError(numAllNodes: 1, nodeStatuses: [node.name: reserved]),
                nomination: .clear
            )
        }
        let placed = placedPod(pod, state: state)
        do {
            try cache.assume(placed, on: node.name)
        } catch {
            framework.unreserve(pod, node, &state)
            return failWithError(queued, message: error.description)
        }
        if configuration.bindInBackground {
            bindInBackground(BindingQueue.Item(queued: queued, node: node.name, devices: state.devices))
            return SchedulingResult(placements: [.init(pod: placed.key, node: node.name, devices: state.devices)])
        }
        do {
            try binder.bind(pod, to: node.name, devices: state.devices)
        } catch {
            framework.unreserve(pod, node, &state)
            return finishBinding(queued, node: node.name, devices: state.devices, error: error)
        }
        return finishBinding(queued, node: node.name, devices: state.devices, error: nil)
    }

    func placedPod(_ pod: Pod, state: CycleState) -> PlacedPod {
        PlacedPod(
            key: PodKey(pod),
            uid: pod.metadata.uid,
            priority: state.priority,
            request: state.request,
            startTime: pod.status.startTime ?? pod.metadata.creationTimestamp,
            devices: state.devices,
            group: PodGroup(pod)
        )
    }

    // MARK: - Failures

    /// Marks the pod `PodScheduled=False` (`Unschedulable`, the fit error's message), updates its nomination and
    /// puts it in the unschedulable set.
    func failUnschedulable(_ queued: QueuedPod, _ fitError: FitError, nomination: NominationChange) -> SchedulingResult
    {
        let message = fitError.message
        let plugins = fitError.unschedulablePlugins
        queue.requeueUnschedulable(queued, rejectedBy: plugins, events: framework.requeueEvents(for: plugins))
        return reportFailure(queued, reason: "Unschedulable", message: message, nomination: nomination)
    }

    /// Marks the pod `PodScheduled=False` (`SchedulerError`) and puts it in the backoff queue.
    func failWithError(_ queued: QueuedPod, message: String) -> SchedulingResult {
        queue.requeueAfterError(queued)
        return reportFailure(queued, reason: "SchedulerError", message: message, nomination: .keep)
    }

    func reportFailure(
        _ queued: QueuedPod,
        reason: String,
        message: String,
        nomination: NominationChange
    ) -> SchedulingResult {
        let pod = queued.pod
        var nominatedNode: String?
        switch nomination {
        case .keep:
            nominatedNode = pod.status.nominatedNodeName.isEmpty ? nil : pod.status.nominatedNodeName
        case .clear:
            queue.nominate(pod, to: nil)
        case .set(let node):
            var nominatedPod = pod
            nominatedPod.status.nominatedNodeName = node
            queue.nominate(nominatedPod, to: node)
            nominatedNode = node
        }
        writeUnscheduled(pod, reason: reason, message: message, nomination: nomination)
        emit("Warning", "FailedScheduling", message, pod: pod)
        return SchedulingResult(
            failures: [.init(pod: queued.key, reason: reason, message: message, nominatedNode: nominatedNode)]
        )
    }

    /// Writes `PodScheduled=False` and the nomination, only when they change (as kube-scheduler's `updatePod`).
    func writeUnscheduled(_ pod: Pod, reason: String, message: String, nomination: NominationChange) {
        let key = PodKey(pod)
        for _ in 0..<3 {
            guard var current = store.get(Pod.self, namespace: key.namespace, name: key.name),
                current.metadata.uid == pod.metadata.uid, current.spec.nodeName.isEmpty
            else { return }
            var changed = current.status.conditions.set(
                PodCondition(type: .podScheduled, status: .false, reason: reason, message: message),
                now: clock.wallNow
            )
            switch nomination {
            case .keep:
                break
            case .clear:
                changed = changed || !current.status.nominatedNodeName.isEmpty
                current.status.nominatedNodeName = ""
            case .set(let node):
                changed = changed || current.status.nominatedNodeName != node
                current.status.nominatedNodeName = node
            }
            guard changed else { return }
            do {
                _ = try store.updateStatus(current)
                return
            } catch {
                if error.reason != .conflict { return }
            }
        }
    }

    // MARK: - Preemption and devices

    /// Evicts the candidate's victims (a `DisruptionTarget` condition, then a store delete) and clears the
    /// nominations of lower-priority pods to the same node, as kube-scheduler's `prepareCandidate`.
    private func evict(
        _ candidate: DefaultPreemption.Candidate,
        for pod: Pod,
        priority: Int32,
        nominations: [String: [Pod]]
    ) {
        for victim in candidate.victims where !victim.isTerminating {
            if var current = store.get(Pod.self, namespace: victim.key.namespace, name: victim.key.name),
                current.metadata.uid == victim.uid
            {
                let condition = PodCondition(
                    type: "DisruptionTarget",
                    status: .true,
                    reason: "PreemptionByScheduler",
                    message: "\(pod.spec.schedulerName): preempting to accommodate a higher priority pod"
                )
                if current.status.conditions.set(condition, now: clock.wallNow) {
                    _ = try? store.updateStatus(current)
                }
            }
            _ = try? store.delete(victim.key.objectKey, preconditions: DeletePreconditions(uid: victim.uid))
            configuration.eventSink?(
                SchedulerEvent(
                    type: "Normal",
                    reason: "Preempted",
                    message: "Preempted by pod \(pod.metadata.uid) on node \(candidate.node)",
                    pod: victim.key,
                    uid: victim.uid
                )
            )
        }
        for other in nominations[candidate.node] ?? [] where (other.spec.priority ?? 0) < priority {
            queue.nominate(other, to: nil)
            writeUnscheduledNominationCleared(other)
        }
    }

    private func writeUnscheduledNominationCleared(_ pod: Pod) {
        let key = PodKey(pod)
        guard var current = store.get(Pod.self, namespace: key.namespace, name: key.name),
            current.metadata.uid == pod.metadata.uid, !current.status.nominatedNodeName.isEmpty
        else { return }
        current.status.nominatedNodeName = ""
        _ = try? store.updateStatus(current)
    }

    /// Records on pods bound without the scheduler the devices the cache set aside for them.
    func recordUnrecordedDevices() {
        for pending in cache.takeUnrecordedDevices() {
            try? binder.recordDevices(pending.devices, on: pending.pod, uid: pending.uid)
        }
    }
}
