/// A pod as its runtime sees it: the parts of `PodStatus` the kubelet reports.
public struct PodRuntimeStatus: Sendable, Hashable {
    /// The phase, computed as the kubelet computes it from the containers and the restart policy.
    public var phase: PodPhase
    /// CamelCase reason for the phase, if any.
    public var reason: String
    /// Human-readable detail.
    public var message: String
    /// When the runtime accepted the pod.
    public var startTime: Timestamp?
    /// `Initialized`, `ContainersReady`, `Ready`, and ``PodConditionType/limitsEnforced`` where the runtime
    /// enforces limits.
    public var conditions: [PodCondition]
    /// One per init container, in spec order.
    public var initContainerStatuses: [ContainerStatus]
    /// One per container, in spec order.
    public var containerStatuses: [ContainerStatus]

    /// A value with the given fields.
    public init(
        phase: PodPhase,
        reason: String = "",
        message: String = "",
        startTime: Timestamp? = nil,
        conditions: [PodCondition] = [],
        initContainerStatuses: [ContainerStatus] = [],
        containerStatuses: [ContainerStatus] = []
    ) {
        self.phase = phase
        self.reason = reason
        self.message = message
        self.startTime = startTime
        self.conditions = conditions
        self.initContainerStatuses = initContainerStatuses
        self.containerStatuses = containerStatuses
    }

    /// Writes this into a pod's status as the kubelet's status manager does: phase, start time and container
    /// statuses replaced, conditions set one by one (transition times move only when a status changes), other
    /// conditions (`PodScheduled`) kept.
    /// - Returns: whether anything changed.
    @discardableResult
    public func apply(to status: inout PodStatus, now: Timestamp) -> Bool {
        let before = status
        status.phase = phase
        status.reason = reason
        status.message = message
        if status.startTime == nil { status.startTime = startTime }
        status.initContainerStatuses = initContainerStatuses
        status.containerStatuses = containerStatuses
        for condition in conditions {
            status.conditions.set(condition, now: now)
        }
        return status != before
    }
}
