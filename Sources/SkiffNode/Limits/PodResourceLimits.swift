/// What a pod's cgroup enforces, computed as the kubelet computes a pod-level cgroup (`ResourceConfigForPod`):
/// a memory or CPU limit only when every container (init containers included) declares one, as the larger of
/// the containers' sum and the largest init container; CPU weight from the requests.
public struct PodResourceLimits: Sendable, Hashable {
    /// The memory limit in bytes; nil for none.
    public var memoryBytes: Int64?
    /// The CPU limit in millicores; nil for none.
    public var cpuMillis: Int64?
    /// The CPU request in millicores (0 when none), which sets the CPU weight.
    public var cpuRequestMillis: Int64
    /// The process-count limit (the kubelet's `podPidsLimit`, a node setting); nil for none.
    public var pids: Int64?

    /// Limits with the given values.
    public init(memoryBytes: Int64? = nil, cpuMillis: Int64? = nil, cpuRequestMillis: Int64 = 0, pids: Int64? = nil) {
        self.memoryBytes = memoryBytes
        self.cpuMillis = cpuMillis
        self.cpuRequestMillis = cpuRequestMillis
        self.pids = pids
    }

    /// The limits for a pod with `spec`, plus the node's per-pod process limit.
    public init(spec: PodSpec, podPidsLimit: Int64? = nil) {
        let all = spec.containers + spec.initContainers
        func limit(_ name: ResourceName, _ scale: (Quantity) -> Int64) -> Int64? {
            guard !spec.containers.isEmpty, all.allSatisfy({ $0.resources.limits[name] != nil }) else { return nil }
            let sum = spec.containers.reduce(Int64(0)) { $0 + scale($1.resources.limits.quantity(for: name)) }
            let largestInit = spec.initContainers.map { scale($0.resources.limits.quantity(for: name)) }.max() ?? 0
            return max(sum, largestInit)
        }
        self.init(
            memoryBytes: limit(.memory) { $0.value },
            cpuMillis: limit(.cpu) { $0.milliValue },
            cpuRequestMillis: spec.effectiveRequests.quantity(for: .cpu).milliValue,
            pids: podPidsLimit
        )
    }

    /// Whether anything is limited.
    public var isEmpty: Bool { memoryBytes == nil && cpuMillis == nil && pids == nil }

    /// The CFS period the kubelet uses, in microseconds.
    public static let cpuPeriodMicros: Int64 = 100_000

    /// The CFS quota for ``cpuMillis`` per ``cpuPeriodMicros`` (the kubelet's `MilliCPUToQuota`: at least 1 ms).
    public var cpuQuotaMicros: Int64? {
        cpuMillis.map { max($0 * Self.cpuPeriodMicros / 1000, 1000) }
    }

    /// v1 `cpu.shares` for the request (the kubelet's `MilliCPUToShares`: 2 to 262144).
    public var cpuShares: Int64 {
        min(max(cpuRequestMillis * 1024 / 1000, 2), 262_144)
    }

    /// v2 `cpu.weight` for the same request (the kubelet's `CpuSharesToCpuWeight`).
    public var cpuWeight: Int64 {
        1 + ((cpuShares - 2) * 9999) / 262_142
    }
}
