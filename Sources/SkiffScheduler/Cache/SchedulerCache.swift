import DequeModule
import SkiffStore
import Synchronization

/// The scheduler's view of the cluster: every node's ``NodeInfo`` with the pods bound to it, kept current from the
/// store's watch events one event at a time (never by rescanning pods), plus the pods the scheduler has decided on
/// but whose binding the store has not confirmed yet ("assumed" pods, as kube-scheduler's cache has).
///
/// It is the authority on device indices: ``assume(_:on:)`` refuses a placement whose devices another pod holds,
/// so no index is ever held by two pods. It also keeps a bounded ledger of which device went to which pod and when.
///
/// Locking: one mutex, held only for the cache's own bookkeeping; never while calling out.
public final class SchedulerCache: Sendable {
    /// What the cache needs to know about the cluster's conventions.
    public struct Configuration: Sendable {
        /// The pods a node allows when its allocatable does not say.
        public var defaultPodsAllocatable: Int64
        /// Resources whose units are devices with indices.
        public var deviceResources: [ResourceName]
        /// How many ledger entries are kept.
        public var ledgerCapacity: Int
        /// The time written into ledger entries.
        public var now: @Sendable () -> Timestamp

        /// A configuration; the defaults are the kubelet's 110 pods, `nvidia.com/gpu` devices, 4,096 ledger
        /// entries and the system clock.
        public init(
            defaultPodsAllocatable: Int64 = 110,
            deviceResources: [ResourceName] = [.nvidiaGPU],
            ledgerCapacity: Int = 4096,
            now: @escaping @Sendable () -> Timestamp = SystemSchedulerClock().wallTimestamp
        ) {
            self.defaultPodsAllocatable = defaultPodsAllocatable
            self.deviceResources = deviceResources
            self.ledgerCapacity = ledgerCapacity
            self.now = now
        }
    }

    /// Why ``assume(_:on:)`` refused a placement.
    public enum AssumeError: Error, Sendable, Hashable, CustomStringConvertible {
        /// The node is not (or no longer) in the cache.
        case nodeNotFound(String)
        /// The pod is already accounted on a node.
        case alreadyPlaced(PodKey, node: String)
        /// A device is held by another pod or is not offered by the node.
        case deviceUnavailable(ResourceName, index: Int, node: String)

        /// What went wrong.
        public var description: String {
            switch self {
            case .nodeNotFound(let node): "node \"\(node)\" not found"
            case .alreadyPlaced(let pod, let node): "pod \(pod) is already placed on node \"\(node)\""
            case .deviceUnavailable(let resource, let index, let node):
                "\(resource.rawValue) device \(index) on node \"\(node)\" is not free"
            }
        }
    }

    /// Devices the cache gave a pod that was bound without them (its `spec.nodeName` set by hand), for the
    /// scheduler to record on the pod.
    public struct UnrecordedDevices: Sendable, Hashable {
        /// The pod.
        public var pod: PodKey
        /// Its uid.
        public var uid: String
        /// The devices the cache reserved for it.
        public var devices: DeviceAssignment
    }

    private struct State {
        var nodes: [String: NodeInfo] = [:]
        var podNodes: [PodKey: String] = [:]
        var table = ResourceSlotTable()
        var generation: UInt64 = 0
        var lastSnapshotGeneration: UInt64 = 0
        var dirty: Set<String> = []
        var ledger: Deque<DeviceLedgerEntry> = []
        var unrecorded: [PodKey: UnrecordedDevices] = [:]
        var groupMembers: [PodGroup: Int] = [:]

        mutating func countMember(_ pod: PlacedPod, _ delta: Int) {
            guard let group = pod.group else { return }
            groupMembers[group, default: 0] += delta
            if groupMembers[group] == 0 { groupMembers[group] = nil }
        }

        mutating func touch(_ name: String) {
            generation += 1
            nodes[name]?.generation = generation
            dirty.insert(name)
        }
    }

    private let configuration: Configuration
    // A pthread lock rather than `Mutex`: watch handlers and the scheduling cycle contend for it, and ThreadSanitizer
    // cannot see a contended `Mutex`'s synchronization.
    private let state = Locked(State())

    /// An empty cache.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    // MARK: - Nodes

    /// Adds or updates a node; returns the events the change amounts to (empty when nothing the scheduler reads
    /// changed).
    @discardableResult
    public func addOrUpdateNode(_ node: Node) -> ClusterEvents {
        let name = node.metadata.name
        return state.withLock { state in
            var info = state.nodes[name] ?? NodeInfo(name: name)
            let previous = info
            info.setNode(
                node,
                table: &state.table,
                defaultPodsAllocatable: configuration.defaultPodsAllocatable,
                deviceResources: configuration.deviceResources
            )
            var events: ClusterEvents = []
            if previous.node == nil {
                events.insert(.nodeAdded)
            } else {
                if previous.allocatable != info.allocatable { events.insert(.nodeAllocatableChanged) }
                if previous.labels != info.labels { events.insert(.nodeLabelsChanged) }
                if previous.taints != info.taints || previous.isUnschedulable != info.isUnschedulable {
                    events.insert(.nodeTaintsChanged)
                }
            }
            state.nodes[name] = info
            if !events.isEmpty || !(previous.node?.isEqual(to: node) ?? false) { state.touch(name) }
            return events
        }
    }

    /// Removes a node. Pods still bound to it stay accounted until they go, as kube-scheduler keeps them.
    public func removeNode(_ name: String) {
        state.withLock { state in
            guard var info = state.nodes[name] else { return }
            if info.podCount == 0 {
                state.nodes[name] = nil
            } else {
                info.clearNode()
                state.nodes[name] = info
            }
            state.generation += 1
            state.dirty.insert(name)
        }
    }

    // MARK: - Pods

    /// Accounts a pod the store shows bound to a node and not finished, confirming it when it was assumed. A pod
    /// that asks for devices and carries none recorded gets free indices here (see ``takeUnrecordedDevices()``).
    public func addOrUpdatePod(_ pod: Pod) {
        let key = PodKey(pod)
        let nodeName = pod.spec.nodeName
        guard !nodeName.isEmpty else { return }
        let now = configuration.now()
        state.withLock { state in
            let previousNode = state.podNodes[key]
            let previous = previousNode.flatMap { state.nodes[$0] }.flatMap { $0.pod(key) }
            var placed = PlacedPod(
                key: key,
                uid: pod.metadata.uid,
                priority: pod.spec.priority ?? 0,
                request: PodRequest(pod, registeringIn: &state.table),
                startTime: pod.status.startTime ?? pod.metadata.creationTimestamp,
                isTerminating: pod.metadata.deletionTimestamp != nil,
                devices: DeviceAssignment(pod: pod),
                group: PodGroup(pod)
            )
            if placed.devices.isEmpty, let previous, previous.uid == placed.uid {
                // The binding write and the device annotation arrive together; an assumed pod keeps what it
                // was given until the store says otherwise.
                placed.devices = previous.devices
            }
            if let previous, previousNode == nodeName, previous == placed {
                // Nothing the cache keeps changed (a status write, say): the node stays as it is.
                noteRecordedDevices(&state, placed, pod: pod)
                return
            }
            if let previous, previousNode == nodeName, previous.uid == placed.uid, previous.request == placed.request,
                previous.devices == placed.devices
            {
                // The store confirms what the node already accounts (usually an assumed pod's binding): the pod is
                // replaced in place, with nothing given back and taken again.
                var info = state.nodes.removeValue(forKey: nodeName)!
                let replaced = info.replacePod(placed)
                state.nodes[nodeName] = info
                if replaced {
                    state.touch(nodeName)
                    noteRecordedDevices(&state, placed, pod: pod)
                    return
                }
            }
            if let previousNode {
                let removed = state.nodes[previousNode]?.removePod(key)
                if let removed {
                    state.countMember(removed, -1)
                    if previousNode != nodeName || removed.uid != placed.uid {
                        record(&state, removed, node: previousNode, event: .released, now: now)
                    }
                }
                cleanUp(&state, previousNode)
            }
            // Taken out of the dictionary while it changes, so that the dictionary's reference does not force a
            // copy of its storage.
            var info = state.nodes.removeValue(forKey: nodeName) ?? NodeInfo(name: nodeName)
            placed.devices = completeDevices(placed, on: info, table: state.table)
            info.addPod(placed)
            state.countMember(placed, 1)
            state.nodes[nodeName] = info
            state.podNodes[key] = nodeName
            state.touch(nodeName)
            let isNewHolding = previous == nil || previousNode != nodeName || previous?.uid != placed.uid
            if isNewHolding {
                record(&state, placed, node: nodeName, event: .allocated, now: now)
            }
            noteRecordedDevices(&state, placed, pod: pod)
        }
    }

    /// Whether the devices the cache gave `placed` still need writing on `pod`.
    private func noteRecordedDevices(_ state: inout State, _ placed: PlacedPod, pod: Pod) {
        let recordedOnPod = DeviceAssignment(pod: pod)
        if placed.devices.isEmpty || placed.devices == recordedOnPod {
            state.unrecorded[placed.key] = nil
        } else {
            state.unrecorded[placed.key] = UnrecordedDevices(pod: placed.key, uid: placed.uid, devices: placed.devices)
        }
    }

    /// Stops accounting a pod that finished or was deleted (only the pod with `uid`, when given); its devices
    /// are free again. Returns whether it was accounted.
    @discardableResult
    public func removePod(_ key: PodKey, uid: String? = nil) -> Bool {
        let now = configuration.now()
        return state.withLock { state in
            guard let nodeName = state.podNodes[key], var info = state.nodes[nodeName] else { return false }
            if let uid, let placed = info.pod(key), placed.uid != uid { return false }
            guard let removed = info.removePod(key) else { return false }
            state.countMember(removed, -1)
            state.nodes[nodeName] = info
            state.podNodes[key] = nil
            state.unrecorded[key] = nil
            state.touch(nodeName)
            record(&state, removed, node: nodeName, event: .released, now: now)
            cleanUp(&state, nodeName)
            return true
        }
    }

    /// Accounts `pod` on `node` before its binding is written, so that the next cycle sees the resources and
    /// devices taken. Fails when the node is gone, the pod is already placed, or one of its devices is not free.
    public func assume(_ pod: PlacedPod, on node: String) throws(AssumeError) {
        let now = configuration.now()
        try state.withLock { (state) throws(AssumeError) in
            if let existing = state.podNodes[pod.key] {
                throw .alreadyPlaced(pod.key, node: existing)
            }
            guard var info = state.nodes[node], info.node != nil else { throw .nodeNotFound(node) }
            for resource in pod.devices.resources {
                let table = info.devices[resource] ?? DeviceTable(capacity: 0)
                for index in pod.devices[resource]
                where index >= table.capacity || !table.canHold([index], for: pod.key) {
                    throw .deviceUnavailable(resource, index: index, node: node)
                }
            }
            var assumed = pod
            assumed.isAssumed = true
            state.nodes[node] = nil  // the local copy is then the only reference: no copy of its storage
            info.addPod(assumed)
            state.countMember(assumed, 1)
            state.nodes[node] = info
            state.podNodes[pod.key] = node
            state.touch(node)
            record(&state, assumed, node: node, event: .allocated, now: now)
        }
    }

    /// Undoes ``assume(_:on:)`` for a pod whose binding failed; a pod the store has confirmed meanwhile stays.
    public func forget(_ key: PodKey) {
        let now = configuration.now()
        state.withLock { state in
            guard let nodeName = state.podNodes[key], var info = state.nodes[nodeName],
                info.pod(key)?.isAssumed == true
            else { return }
            let removed = info.removePod(key)
            state.nodes[nodeName] = info
            state.podNodes[key] = nil
            state.touch(nodeName)
            if let removed {
                state.countMember(removed, -1)
                record(&state, removed, node: nodeName, event: .released, now: now)
            }
            cleanUp(&state, nodeName)
        }
    }

    /// The devices reserved for pods bound without the scheduler that still need recording on the pod; each is
    /// returned once (a failed recording is offered again at the pod's next change).
    public func takeUnrecordedDevices() -> [UnrecordedDevices] {
        state.withLock { state in
            let pending = state.unrecorded.values.sorted { $0.pod < $1.pod }
            state.unrecorded.removeAll()
            return pending
        }
    }

    // MARK: - Snapshots and queries

    /// Brings `snapshot` up to date: copies only the nodes changed since it was last updated from this cache, or
    /// rebuilds it when it comes from elsewhere or another snapshot was updated in between.
    public func updateSnapshot(_ snapshot: inout Snapshot) {
        let identity = ObjectIdentifier(self)
        state.withLock { state in
            if snapshot.source == identity && snapshot.generation == state.lastSnapshotGeneration {
                for name in state.dirty.sorted() {
                    if let info = state.nodes[name], info.node != nil {
                        snapshot.upsert(info)
                    } else {
                        snapshot.remove(name)
                    }
                }
            } else {
                snapshot = Snapshot(
                    nodes: state.nodes.values.filter { $0.node != nil }.sorted { $0.name < $1.name },
                    table: state.table
                )
            }
            snapshot.table = state.table
            snapshot.source = identity
            snapshot.generation = state.generation
            state.lastSnapshotGeneration = state.generation
            state.dirty.removeAll(keepingCapacity: true)
        }
    }

    /// A new snapshot of every node.
    public func makeSnapshot() -> Snapshot {
        state.withLock { state in
            Snapshot(
                nodes: state.nodes.values.filter { $0.node != nil }.sorted { $0.name < $1.name },
                table: state.table
            )
        }
    }

    /// The current ``NodeInfo`` of a node.
    public func nodeInfo(_ name: String) -> NodeInfo? {
        state.withLock { $0.nodes[name] }
    }

    /// The node a pod is accounted on.
    public func node(of pod: PodKey) -> String? {
        state.withLock { $0.podNodes[pod] }
    }

    /// How many members of `group` are bound (or assumed) and not finished.
    public func placedMembers(of group: PodGroup) -> Int {
        state.withLock { $0.groupMembers[group] ?? 0 }
    }

    /// How many nodes (with their objects) and pods the cache holds.
    public var counts: (nodes: Int, pods: Int) {
        state.withLock { state in
            (state.nodes.values.reduce(0) { $0 + ($1.node == nil ? 0 : 1) }, state.podNodes.count)
        }
    }

    /// The device ledger, oldest first; only one node's entries when `node` is given.
    public func deviceHistory(node: String? = nil) -> [DeviceLedgerEntry] {
        state.withLock { state in
            guard let node else { return Array(state.ledger) }
            return state.ledger.filter { $0.node == node }
        }
    }

    // MARK: - Helpers

    /// The pod's devices made whole: a pod that asks for more device units than it has recorded gets the lowest
    /// free indices (when the node has enough), to be recorded on the pod.
    private func completeDevices(_ pod: PlacedPod, on info: NodeInfo, table: ResourceSlotTable) -> DeviceAssignment {
        var devices = pod.devices
        for resource in configuration.deviceResources {
            guard let slot = table.slot(of: resource) else { continue }
            let wanted = Int(clamping: pod.request[slot])
            let held = devices[resource].count
            guard wanted > held, let devicesHere = info.devices[resource] else { continue }
            let free = devicesHere.free.filter { !devices[resource].contains($0) }
            guard free.count >= wanted - held else { continue }
            devices[resource] = devices[resource] + free.prefix(wanted - held)
        }
        return devices
    }

    private func record(
        _ state: inout State,
        _ pod: PlacedPod,
        node: String,
        event: DeviceLedgerEntry.Event,
        now: Timestamp
    ) {
        guard configuration.ledgerCapacity > 0 else { return }
        for resource in pod.devices.resources {
            for index in pod.devices[resource] {
                state.ledger.append(
                    DeviceLedgerEntry(
                        time: now,
                        node: node,
                        resource: resource,
                        index: index,
                        pod: pod.key,
                        event: event
                    )
                )
            }
        }
        while state.ledger.count > configuration.ledgerCapacity {
            state.ledger.removeFirst()
        }
    }

    /// Drops a removed node's entry once its last pod is gone.
    private func cleanUp(_ state: inout State, _ name: String) {
        if let info = state.nodes[name], info.node == nil, info.podCount == 0 {
            state.nodes[name] = nil
            state.generation += 1
            state.dirty.insert(name)
        }
    }
}
