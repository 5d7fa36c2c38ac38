import Synchronization

/// What the scheduler knows about one node: the node object's labels, taints and cordon, its allocatable
/// resources, the sum of what its pods request, its pods and which devices they hold.
///
/// A value type with copy-on-write storage: the cache keeps the current one, each scheduling cycle reads a copy in
/// its ``Snapshot`` (copying is one reference count), and preemption and gang dry runs mutate private copies.
public struct NodeInfo: Sendable {
    /// The node's state. Copy-on-write: every mutation goes through ``NodeInfo/storageForWriting()``, which copies
    /// a shared instance first, so an instance reachable from two values (or two threads) is never written — which
    /// is why the unchecked `Sendable` is safe.
    private final class Storage: @unchecked Sendable {
        var node: Node?
        var labels: [String: String] = [:]
        var taints: [Taint] = []
        var isUnschedulable = false
        var allocatable = ResourceVector()
        var requested = ResourceVector()
        var nonZeroRequestedCPU: Int64 = 0
        var nonZeroRequestedMemory: Int64 = 0
        var pods = PlacedPodList()
        var devices: [ResourceName: DeviceTable] = [:]
        var objectStamp: UInt64 = 0

        init() {}

        func copy() -> Storage {
            let copy = Storage()
            copy.node = node
            copy.labels = labels
            copy.taints = taints
            copy.isUnschedulable = isUnschedulable
            copy.allocatable = allocatable
            copy.requested = requested
            copy.nonZeroRequestedCPU = nonZeroRequestedCPU
            copy.nonZeroRequestedMemory = nonZeroRequestedMemory
            copy.pods = pods
            copy.devices = devices
            copy.objectStamp = objectStamp
            return copy
        }
    }

    /// The node's name.
    public let name: String
    private var storage: Storage
    /// The cache generation of the last change (lets snapshots copy only what changed).
    var generation: UInt64 = 0

    /// A node known only by name (its object not seen yet).
    public init(name: String) {
        self.name = name
        storage = Storage()
    }

    /// A node built from `node`.
    public init(
        node: Node,
        table: inout ResourceSlotTable,
        defaultPodsAllocatable: Int64 = 110,
        deviceResources: [ResourceName] = [.nvidiaGPU]
    ) {
        self.init(name: node.metadata.name)
        setNode(node, table: &table, defaultPodsAllocatable: defaultPodsAllocatable, deviceResources: deviceResources)
    }

    private mutating func storageForWriting() -> Storage {
        if !isKnownUniquelyReferenced(&storage) {
            storage = storage.copy()
        }
        return storage
    }

    private static let objectStamps = Atomic<UInt64>(0)

    /// Changes (to a number no other node information ever had) whenever what comes from the node object —
    /// labels, taints, cordon, allocatable — is set, so that ``NodeColumns`` rewrites those only when it changed.
    var objectStamp: UInt64 { storage.objectStamp }

    /// The node object; nil while pods are still accounted to a node that was removed.
    public var node: Node? { storage.node }
    /// The node's labels.
    public var labels: [String: String] { storage.labels }
    /// The node's taints.
    public var taints: [Taint] { storage.taints }
    /// `spec.unschedulable` (cordoned).
    public var isUnschedulable: Bool { storage.isUnschedulable }
    /// What pods may use, by slot; the `pods` slot is the number of pods allowed.
    public var allocatable: ResourceVector { storage.allocatable }
    /// The sum of the requests of the node's pods, by slot.
    public var requested: ResourceVector { storage.requested }
    /// The sum of the pods' cpu requests with the scoring default for containers that request none.
    public var nonZeroRequestedCPU: Int64 { storage.nonZeroRequestedCPU }
    /// The sum of the pods' memory requests with the scoring default for containers that request none.
    public var nonZeroRequestedMemory: Int64 { storage.nonZeroRequestedMemory }
    /// The pods bound or assumed here.
    public var pods: [PlacedPod] { storage.pods.elements }
    /// The devices of each device resource the node offers, with their holders.
    public var devices: [ResourceName: DeviceTable] { storage.devices }

    /// The number of pods the node accepts.
    public var allowedPodCount: Int64 { storage.allocatable[ResourceSlotTable.pods] }

    /// The number of pods bound or assumed here.
    public var podCount: Int { storage.pods.count }

    /// The allocatable amount of `slot` not requested by the node's pods.
    public func free(_ slot: Int) -> Int64 {
        storage.allocatable[slot] - storage.requested[slot]
    }

    /// The allocatable amount of `slot` (what ``allocatable`` holds there, without copying the vector).
    public func allocatable(_ slot: Int) -> Int64 {
        storage.allocatable[slot]
    }

    /// The requested amount of `slot` (what ``requested`` holds there, without copying the vector).
    public func requested(_ slot: Int) -> Int64 {
        storage.requested[slot]
    }

    /// The node's resource list the scheduler reads: `status.allocatable`, else `status.capacity`, else the
    /// allocatable a node manifest declared (the node controller copies it into status; reading it here lets a
    /// declared node be scheduled on before that happens).
    public static func allocatableList(of node: Node) -> ResourceList {
        if !node.status.allocatable.isEmpty { return node.status.allocatable }
        if !node.status.capacity.isEmpty { return node.status.capacity }
        return node.spec.declaredAllocatable
    }

    /// Takes labels, taints, cordon and allocatable from `node`. A node that declares no `pods` allocatable allows
    /// `defaultPodsAllocatable` pods (the kubelet's default of 110).
    public mutating func setNode(
        _ node: Node,
        table: inout ResourceSlotTable,
        defaultPodsAllocatable: Int64 = 110,
        deviceResources: [ResourceName] = [.nvidiaGPU]
    ) {
        let storage = storageForWriting()
        storage.objectStamp = Self.objectStamps.add(1, ordering: .relaxed).newValue
        storage.node = node
        storage.labels = node.metadata.labels
        storage.taints = node.spec.taints
        storage.isUnschedulable = node.spec.unschedulable
        let list = Self.allocatableList(of: node)
        storage.allocatable = ResourceVector(list, table: &table)
        if list[.pods] == nil {
            storage.allocatable[ResourceSlotTable.pods] = defaultPodsAllocatable
        }
        var tables: [ResourceName: DeviceTable] = [:]
        for resource in deviceResources {
            let capacity = Int(clamping: list[resource]?.value ?? 0)
            var table = storage.devices[resource] ?? DeviceTable(capacity: capacity)
            table.capacity = max(0, capacity)
            if table.capacity > 0 || !table.holders.isEmpty {
                tables[resource] = table
            }
        }
        storage.devices = tables
    }

    /// Forgets the node object, keeping its pods' accounting (the node was removed while pods remain bound).
    mutating func clearNode() {
        let storage = storageForWriting()
        storage.objectStamp = Self.objectStamps.add(1, ordering: .relaxed).newValue
        storage.node = nil
        storage.labels = [:]
        storage.taints = []
        storage.isUnschedulable = false
        storage.allocatable = ResourceVector()
    }

    /// The index of `key` in ``pods``.
    public func podIndex(_ key: PodKey) -> Int? {
        pods.firstIndex { $0.key == key }
    }

    /// The pod `key` when it is accounted here.
    public func pod(_ key: PodKey) -> PlacedPod? {
        storage.pods.pod(key)
    }

    /// Accounts `pod` here: its requests and its devices.
    public mutating func addPod(_ pod: PlacedPod) {
        let storage = storageForWriting()
        storage.requested.add(pod.request.vector)
        storage.nonZeroRequestedCPU += pod.request.nonZeroCPU
        storage.nonZeroRequestedMemory += pod.request.nonZeroMemory
        for resource in pod.devices.resources {
            var table = storage.devices[resource] ?? DeviceTable(capacity: 0)
            table.hold(pod.devices[resource], for: pod.key)
            storage.devices[resource] = table
        }
        storage.pods.append(pod)
    }

    /// Puts `pod` in place of the pod with its key, which must request the same and hold the same devices (an
    /// assumed pod the store confirmed): nothing accounted changes. False when the pod is not here.
    mutating func replacePod(_ pod: PlacedPod) -> Bool {
        guard let current = storage.pods.pod(pod.key), current.request == pod.request, current.devices == pod.devices
        else { return false }
        return storageForWriting().pods.replace(pod)
    }

    /// Stops accounting the pod `key`; returns it, or nil when it is not here.
    @discardableResult
    public mutating func removePod(_ key: PodKey) -> PlacedPod? {
        guard storage.pods.pod(key) != nil else { return nil }
        let storage = storageForWriting()
        guard let pod = storage.pods.remove(key) else { return nil }
        storage.requested.subtract(pod.request.vector)
        storage.nonZeroRequestedCPU -= pod.request.nonZeroCPU
        storage.nonZeroRequestedMemory -= pod.request.nonZeroMemory
        for resource in pod.devices.resources {
            storage.devices[resource]?.release(pod.devices[resource], for: pod.key)
        }
        return pod
    }

    /// The free device indices of `resource`, ascending.
    public func freeDevices(_ resource: ResourceName) -> [Int] {
        storage.devices[resource]?.free ?? []
    }
}
