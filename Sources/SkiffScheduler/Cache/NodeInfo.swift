/// What the scheduler knows about one node: the node object's labels, taints and cordon, its allocatable
/// resources, the sum of what its pods request, its pods and which devices they hold.
///
/// A value type: the cache keeps the current one, each scheduling cycle works on a copy in its ``Snapshot``, and a
/// preemption or gang dry run mutates private copies.
public struct NodeInfo: Sendable {
    /// The node's name.
    public let name: String
    /// The node object; nil while pods are still accounted to a node that was removed.
    public private(set) var node: Node?
    /// The node's labels.
    public private(set) var labels: [String: String]
    /// The node's taints.
    public private(set) var taints: [Taint]
    /// `spec.unschedulable` (cordoned).
    public private(set) var isUnschedulable: Bool
    /// What pods may use, by slot; the `pods` slot is the number of pods allowed.
    public private(set) var allocatable: ResourceVector
    /// The sum of the requests of the node's pods, by slot.
    public private(set) var requested: ResourceVector
    /// The sum of the pods' cpu requests with the scoring default for containers that request none.
    public private(set) var nonZeroRequestedCPU: Int64
    /// The sum of the pods' memory requests with the scoring default for containers that request none.
    public private(set) var nonZeroRequestedMemory: Int64
    /// The pods bound or assumed here.
    public private(set) var pods: [PlacedPod]
    /// The devices of each device resource the node offers, with their holders.
    public private(set) var devices: [ResourceName: DeviceTable]
    /// The cache generation of the last change (lets snapshots copy only what changed).
    var generation: UInt64 = 0

    /// A node known only by name (its object not seen yet).
    public init(name: String) {
        self.name = name
        node = nil
        labels = [:]
        taints = []
        isUnschedulable = false
        allocatable = ResourceVector()
        requested = ResourceVector()
        nonZeroRequestedCPU = 0
        nonZeroRequestedMemory = 0
        pods = []
        devices = [:]
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

    /// The number of pods the node accepts.
    public var allowedPodCount: Int64 { allocatable[ResourceSlotTable.pods] }

    /// The number of pods bound or assumed here.
    public var podCount: Int { pods.count }

    /// The allocatable amount of `slot` not requested by the node's pods.
    public func free(_ slot: Int) -> Int64 {
        allocatable[slot] - requested[slot]
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
        self.node = node
        labels = node.metadata.labels
        taints = node.spec.taints
        isUnschedulable = node.spec.unschedulable
        let list = Self.allocatableList(of: node)
        allocatable = ResourceVector(list, table: &table)
        if list[.pods] == nil {
            allocatable[ResourceSlotTable.pods] = defaultPodsAllocatable
        }
        var tables: [ResourceName: DeviceTable] = [:]
        for resource in deviceResources {
            let capacity = Int(clamping: list[resource]?.value ?? 0)
            var table = devices[resource] ?? DeviceTable(capacity: capacity)
            table.capacity = max(0, capacity)
            if table.capacity > 0 || !table.holders.isEmpty {
                tables[resource] = table
            }
        }
        devices = tables
    }

    /// Forgets the node object, keeping its pods' accounting (the node was removed while pods remain bound).
    mutating func clearNode() {
        node = nil
        labels = [:]
        taints = []
        isUnschedulable = false
        allocatable = ResourceVector()
    }

    /// The index of `key` in ``pods``.
    public func podIndex(_ key: PodKey) -> Int? {
        pods.firstIndex { $0.key == key }
    }

    /// Accounts `pod` here: its requests and its devices.
    public mutating func addPod(_ pod: PlacedPod) {
        requested.add(pod.request.vector)
        nonZeroRequestedCPU += pod.request.nonZeroCPU
        nonZeroRequestedMemory += pod.request.nonZeroMemory
        for resource in pod.devices.resources {
            var table = devices[resource] ?? DeviceTable(capacity: 0)
            table.hold(pod.devices[resource], for: pod.key)
            devices[resource] = table
        }
        pods.append(pod)
    }

    /// Stops accounting the pod `key`; returns it, or nil when it is not here.
    @discardableResult
    public mutating func removePod(_ key: PodKey) -> PlacedPod? {
        guard let index = podIndex(key) else { return nil }
        let pod = pods.remove(at: index)
        requested.subtract(pod.request.vector)
        nonZeroRequestedCPU -= pod.request.nonZeroCPU
        nonZeroRequestedMemory -= pod.request.nonZeroMemory
        for resource in pod.devices.resources {
            devices[resource]?.release(pod.devices[resource], for: pod.key)
        }
        return pod
    }

    /// Replaces the accounting of a pod already here (same key) by `pod`.
    mutating func replacePod(_ pod: PlacedPod) {
        removePod(pod.key)
        addPod(pod)
    }

    /// The free device indices of `resource`, ascending.
    public func freeDevices(_ resource: ResourceName) -> [Int] {
        devices[resource]?.free ?? []
    }
}
