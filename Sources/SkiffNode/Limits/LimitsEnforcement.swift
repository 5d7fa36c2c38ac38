/// Whether a pod's limits are enforced, and why not: what the runtime reports as the pod condition
/// ``PodConditionType/limitsEnforced``.
public struct LimitsEnforcement: Sendable, Hashable {
    /// Whether every limit the pod has is enforced.
    public var enforced: Bool
    /// CamelCase reason (`CgroupLimitsApplied`, `CgroupsUnavailable`, `ControllerUnavailable`, `CgroupSetupFailed`).
    public var reason: String
    /// What is enforced, or what is not and why.
    public var message: String

    /// A value with the given fields.
    public init(enforced: Bool, reason: String, message: String) {
        self.enforced = enforced
        self.reason = reason
        self.message = message
    }

    /// The pod condition.
    public var condition: PodCondition {
        PodCondition(type: .limitsEnforced, status: enforced ? .true : .false, reason: reason, message: message)
    }
}

extension PodConditionType {
    /// Whether the pod's memory, CPU and process-count limits are enforced (cgroups), and if not, why not.
    public static let limitsEnforced: PodConditionType = "LimitsEnforced"
}
