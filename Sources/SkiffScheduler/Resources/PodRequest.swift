/// What a pod asks of a node, precomputed once per pod: its effective requests (requests default to limits; the
/// containers' sum, raised to the largest init container's) as a ``ResourceVector``, the non-zero entries for quick
/// filtering, and the cpu and memory kube-scheduler's scorers assume for containers that request none.
public struct PodRequest: Sendable, Hashable {
    /// One requested amount.
    public struct Amount: Sendable, Hashable {
        /// The slot in the ``ResourceSlotTable``.
        public var slot: Int
        /// The amount (millicores for cpu).
        public var amount: Int64
    }

    /// A requested resource that no node has ever declared (no slot in the table the request was made against).
    public struct UnknownResource: Sendable, Hashable {
        /// The resource.
        public var name: ResourceName
        /// The amount.
        public var amount: Int64
    }

    /// kube-scheduler's `DefaultMilliCPURequest`: what scoring assumes for a container without a cpu request.
    public static let defaultMilliCPURequest: Int64 = 100
    /// kube-scheduler's `DefaultMemoryRequest` (200 MiB): what scoring assumes for a container without a memory
    /// request.
    public static let defaultMemoryRequest: Int64 = 200 * 1024 * 1024

    /// The effective requests by slot.
    public private(set) var vector: ResourceVector
    /// The non-zero requests, in slot order.
    public private(set) var amounts: [Amount]
    /// Requested resources without a slot.
    public private(set) var unknown: [UnknownResource]
    /// Millicores with the scoring default for containers that request no cpu.
    public private(set) var nonZeroCPU: Int64
    /// Bytes with the scoring default for containers that request no memory.
    public private(set) var nonZeroMemory: Int64

    /// No request at all.
    public init() {
        vector = ResourceVector()
        amounts = []
        unknown = []
        nonZeroCPU = 0
        nonZeroMemory = 0
    }

    /// The request of `pod` against `table`; resources missing from the table are listed in ``unknown``.
    public init(_ pod: Pod, table: ResourceSlotTable) {
        self.init()
        for entry in pod.effectiveRequests {
            if let slot = table.slot(of: entry.name) {
                vector[slot] += ResourceSlotTable.amount(entry.quantity, slot: slot)
            } else if ResourceSlotTable.isScalar(entry.name), entry.quantity.value != 0 {
                unknown.append(UnknownResource(name: entry.name, amount: entry.quantity.value))
            }
        }
        finish(pod)
    }

    /// The request of `pod`, registering scalar resources the table has not met yet.
    public init(_ pod: Pod, registeringIn table: inout ResourceSlotTable) {
        self.init()
        vector = ResourceVector(pod.effectiveRequests, table: &table)
        finish(pod)
    }

    private mutating func finish(_ pod: Pod) {
        amounts = vector.values.indices.compactMap { slot in
            slot != ResourceSlotTable.pods && vector[slot] != 0 ? Amount(slot: slot, amount: vector[slot]) : nil
        }
        (nonZeroCPU, nonZeroMemory) = Self.nonZeroRequests(pod.spec)
    }

    /// Whether the pod requests nothing (it still takes one pod slot).
    public var isEmpty: Bool { amounts.isEmpty && unknown.isEmpty }

    /// The amount requested in `slot`.
    public subscript(slot: Int) -> Int64 { vector[slot] }

    /// kube-scheduler's `PodRequests` with `NonMissingContainerRequests`: every container (init containers too)
    /// that lists no cpu or memory request counts the defaults, then containers are summed and raised to the
    /// largest init container.
    private static func nonZeroRequests(_ spec: PodSpec) -> (cpu: Int64, memory: Int64) {
        func container(_ c: Container) -> (Int64, Int64) {
            let requests = c.resources.requests
            return (
                requests[.cpu]?.milliValue ?? defaultMilliCPURequest,
                requests[.memory]?.value ?? defaultMemoryRequest
            )
        }
        var cpu: Int64 = 0
        var memory: Int64 = 0
        for c in spec.containers {
            let (containerCPU, containerMemory) = container(c)
            cpu += containerCPU
            memory += containerMemory
        }
        for c in spec.initContainers {
            let (initCPU, initMemory) = container(c)
            cpu = max(cpu, initCPU)
            memory = max(memory, initMemory)
        }
        return (cpu, memory)
    }
}
