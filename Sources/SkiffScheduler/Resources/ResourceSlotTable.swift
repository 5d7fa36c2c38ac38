/// Which position of a ``ResourceVector`` holds which resource: cpu (in millicores), memory, ephemeral storage and
/// the pod count at fixed positions, then every scalar resource (extended resources such as `nvidia.com/gpu`,
/// huge pages, `kubernetes.io/` prefixed and attachable-volume resources) in the order the scheduler first met them.
///
/// Resources kube-scheduler ignores (`storage`, unknown native names) get no slot. Slots are never reassigned, so a
/// vector built against an older table stays valid against a newer one.
public struct ResourceSlotTable: Sendable {
    /// Millicores.
    public static let cpu = 0
    /// Bytes.
    public static let memory = 1
    /// Bytes.
    public static let ephemeralStorage = 2
    /// Pods (allocatable only: a pod never requests it, it counts as one).
    public static let pods = 3

    /// The resource of each slot.
    public private(set) var names: [ResourceName]
    /// `Insufficient <name>` per slot, made once so that failing filters do not format strings.
    public private(set) var insufficientReasons: [String]
    private var index: [ResourceName: Int]

    /// A table with the four fixed slots.
    public init() {
        names = [.cpu, .memory, .ephemeralStorage, .pods]
        insufficientReasons = names.map { "Insufficient \($0.rawValue)" }
        index = [.cpu: 0, .memory: 1, .ephemeralStorage: 2, .pods: 3]
    }

    /// The number of slots.
    public var count: Int { names.count }

    /// The slot of `name`, nil when it has none yet.
    public func slot(of name: ResourceName) -> Int? {
        index[name]
    }

    /// The slot of `name`, adding one for a scalar resource met for the first time; nil for resources the
    /// scheduler does not account.
    public mutating func register(_ name: ResourceName) -> Int? {
        if let slot = index[name] { return slot }
        guard Self.isScalar(name) else { return nil }
        let slot = names.count
        names.append(name)
        insufficientReasons.append("Insufficient \(name.rawValue)")
        index[name] = slot
        return slot
    }

    /// kube-scheduler's `IsScalarResourceName`: an extended resource, huge pages, a `kubernetes.io/` prefixed
    /// native resource or an attachable-volume count.
    public static func isScalar(_ name: ResourceName) -> Bool {
        name.isExtendedResource || name.isHugePages || name.rawValue.contains(ResourceName.defaultNamespacePrefix)
            || name.rawValue.hasPrefix("attachable-volumes-")
    }

    /// The amount of `quantity` in the slot's unit: millicores for cpu, whole units (rounded up) otherwise.
    public static func amount(_ quantity: Quantity, slot: Int) -> Int64 {
        slot == cpu ? quantity.milliValue : quantity.value
    }
}
