extension Scheduler {
    /// The name under which a gang's waiting for members is recorded as its rejecting plugin.
    public static let podGroupPluginName = "PodGroup"

    /// Places every pending member of a gang in one cycle, or none: members are placed one after another on a
    /// private copy of the snapshot (each seeing the ones before it); only when all fit are they assumed and
    /// bound. A gang with fewer members than its declared size (counting members already bound) waits for the
    /// rest. Preemption is not attempted for gangs.
    func scheduleGang(_ first: QueuedPod, group: PodGroup, context: inout CycleContext) -> SchedulingResult {
        let members = ([first] + queue.takeGroup(group, except: first.key)).sorted { $0.key < $1.key }
        let size = PodGroup.declaredSize(of: first.pod)
        let placedAlready = cache.placedMembers(of: group)
        guard members.count + placedAlready >= size else {
            let message =
                "pod group \"\(group.name)\" has \(members.count + placedAlready) of \(size) pods; waiting for the rest"
            return failGang(members, plugins: [Self.podGroupPluginName], events: .podGroupMemberAdded) { _ in message }
        }
        var working = context.snapshot
        guard working.count > 0 else {
            return members.reduce(into: SchedulingResult()) { result, member in
                result.failures += failWithError(member, message: FitError.noNodesAvailable).failures
            }
        }
        let nominations = queue.nominations()
        var placements: [(member: QueuedPod, node: Int, state: CycleState)] = []
        for member in members {
            var state = CycleState(pod: member.pod, table: working.table)
            let (feasible, statuses) = findFeasible(
                member.pod,
                state: state,
                snapshot: working,
                nominations: nominations
            )
            var chosen = feasible.first
            if feasible.count > 1 {
                let totals = framework.prioritize(member.pod, snapshot: working, feasible: feasible, state: &state)
                chosen = feasible[framework.selectHost(totals, random: &context.random)]
            }
            var fitError: FitError?
            if let index = chosen {
                let reserved = framework.reserve(member.pod, working.nodes[index], &state)
                if !reserved.isSuccess {
                    fitError = FitError(numAllNodes: 1, nodeStatuses: [working.nodes[index].name: reserved])
                }
            } else {
                fitError = FitError(numAllNodes: working.count, nodeStatuses: statuses)
            }
            if let fitError {
                let plugins = fitError.unschedulablePlugins
                let failing = member.key
                let together = "pod group \"\(group.name)\" cannot be placed together: pod \(failing.name): "
                return failGang(members, plugins: plugins, events: framework.requeueEvents(for: plugins)) { key in
                    key == failing ? fitError.message : together + fitError.message
                }
            }
            let index = chosen ?? 0
            working.addPod(placedPod(member.pod, state: state), toNodeAt: index)
            placements.append((member, index, state))
        }
        return commitGang(group, placements.map { ($0.member, working.nodes[$0.node].name, $0.state) })
    }

    /// Assumes every member's placement, checks that none changed in the store, then binds them all.
    private func commitGang(
        _ group: PodGroup,
        _ placements: [(member: QueuedPod, node: String, state: CycleState)]
    )
        -> SchedulingResult
    {
        let members = placements.map(\.member)
        var assumed: [PodKey] = []
        func undo() {
            for key in assumed { cache.forget(key) }
        }
        for placement in placements {
            do {
                try cache.assume(placedPod(placement.member.pod, state: placement.state), on: placement.node)
                assumed.append(placement.member.key)
            } catch {
                undo()
                return failGangWithError(members, message: "pod group \"\(group.name)\": \(error)")
            }
        }
        for member in members {
            let key = member.key
            guard let current = store.get(Pod.self, namespace: key.namespace, name: key.name),
                current.metadata.uid == member.pod.metadata.uid, current.spec.nodeName.isEmpty,
                current.metadata.deletionTimestamp == nil
            else {
                undo()
                return failGangWithError(
                    members,
                    message: "pod group \"\(group.name)\": pod \(key.name) changed before it could be bound"
                )
            }
        }
        // The members are written together (one store batch), then each is finished as its own binding.
        let outcomes = binder.bindAll(
            placements.map { BindRequest(pod: $0.member.pod, node: $0.node, devices: $0.state.devices) }
        )
        var result = SchedulingResult()
        for (placement, error) in zip(placements, outcomes) {
            let finished = finishBinding(
                placement.member,
                node: placement.node,
                devices: placement.state.devices,
                error: error
            )
            result.placements += finished.placements
            result.failures += finished.failures
        }
        return result
    }

    private func failGang(
        _ members: [QueuedPod],
        plugins: Set<String>,
        events: ClusterEvents,
        message: (PodKey) -> String
    ) -> SchedulingResult {
        var result = SchedulingResult()
        for member in members {
            queue.requeueUnschedulable(member, rejectedBy: plugins, events: events)
            result.failures +=
                reportFailure(member, reason: "Unschedulable", message: message(member.key), nomination: .keep)
                .failures
        }
        return result
    }

    private func failGangWithError(_ members: [QueuedPod], message: String) -> SchedulingResult {
        members.reduce(into: SchedulingResult()) { result, member in
            result.failures += failWithError(member, message: message).failures
        }
    }
}
