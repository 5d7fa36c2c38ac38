/// The type of a pod condition (Kubernetes' `v1.PodConditionType`); readiness gates may add their own.
public struct PodConditionType: RawRepresentable, Sendable, Hashable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    /// The text as written.
    public var rawValue: String

    /// Wraps the text as written.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// A value written as a literal.
    public init(stringLiteral value: String) {
        self.rawValue = value
    }

    /// The text as written.
    public var description: String { rawValue }

    /// The pod has been bound to a node (or cannot be, with reason `Unschedulable`).
    public static let podScheduled: PodConditionType = "PodScheduled"
    /// Every init container has completed.
    public static let initialized: PodConditionType = "Initialized"
    /// Every container is ready.
    public static let containersReady: PodConditionType = "ContainersReady"
    /// The pod can serve (its containers are ready and its readiness gates pass).
    public static let ready: PodConditionType = "Ready"
}

/// One observation about a pod (Kubernetes' `v1.PodCondition`), which unlike `metav1.Condition` carries
/// `lastProbeTime` and no `observedGeneration`.
public struct PodCondition: Sendable, Hashable {
    /// The condition type.
    public var type: PodConditionType
    /// Whether the condition holds.
    public var status: ConditionStatus
    /// When the condition was last probed.
    public var lastProbeTime: Timestamp?
    /// When the status last changed.
    public var lastTransitionTime: Timestamp?
    /// CamelCase, machine-readable (`Unschedulable`).
    public var reason: String
    /// Human-readable detail.
    public var message: String

    /// A value with the given fields; omitted ones are empty, as Kubernetes leaves them.
    public init(
        type: PodConditionType,
        status: ConditionStatus,
        reason: String = "",
        message: String = "",
        lastProbeTime: Timestamp? = nil,
        lastTransitionTime: Timestamp? = nil
    ) {
        self.type = type
        self.status = status
        self.reason = reason
        self.message = message
        self.lastProbeTime = lastProbeTime
        self.lastTransitionTime = lastTransitionTime
    }
}

extension PodCondition {
    static func decode(_ r: MappingReader) -> PodCondition? {
        guard let type = r.string("type", required: true) else { return nil }
        let status = r.enumeration("status", ConditionStatus.allCases.map(\.rawValue), required: true)
        return PodCondition(
            type: PodConditionType(rawValue: type),
            status: status.flatMap(ConditionStatus.init(rawValue:)) ?? .unknown,
            reason: r.string("reason") ?? "",
            message: r.string("message") ?? "",
            lastProbeTime: r.timestamp("lastProbeTime"),
            lastTransitionTime: r.timestamp("lastTransitionTime")
        )
    }

    /// The condition as Kubernetes prints it (unset times print as `null`, as Go prints a zero `metav1.Time`).
    public var encoded: JSONValue {
        var o = JSONObject()
        o["type"] = .string(type.rawValue)
        o["status"] = .string(status.rawValue)
        o["lastProbeTime"] = lastProbeTime.map { .string($0.rfc3339) } ?? .null
        o["lastTransitionTime"] = lastTransitionTime.map { .string($0.rfc3339) } ?? .null
        o.put("reason", nonEmpty: reason)
        o.put("message", nonEmpty: message)
        return .object(o)
    }
}

extension Array where Element == PodCondition {
    /// The condition of that type, if present.
    public subscript(type type: PodConditionType) -> PodCondition? {
        first(where: { $0.type == type })
    }

    /// Sets a condition as the kubelet's status manager does: `lastTransitionTime` moves only when the status
    /// changes (to `now` unless the condition carries its own); everything else is replaced.
    /// - Returns: whether anything changed.
    @discardableResult
    public mutating func set(_ condition: PodCondition, now: Timestamp) -> Bool {
        var updated = condition
        guard let index = firstIndex(where: { $0.type == condition.type }) else {
            updated.lastTransitionTime = condition.lastTransitionTime ?? now
            append(updated)
            return true
        }
        if self[index].status == condition.status {
            updated.lastTransitionTime = self[index].lastTransitionTime
        } else {
            updated.lastTransitionTime = condition.lastTransitionTime ?? now
        }
        if self[index] == updated { return false }
        self[index] = updated
        return true
    }
}
