/// The type of a node condition (Kubernetes' `v1.NodeConditionType`).
public struct NodeConditionType: RawRepresentable, Sendable, Hashable, ExpressibleByStringLiteral,
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

    /// The node is healthy and ready to accept pods.
    public static let ready: NodeConditionType = "Ready"
    /// `MemoryPressure`.
    public static let memoryPressure: NodeConditionType = "MemoryPressure"
    /// `DiskPressure`.
    public static let diskPressure: NodeConditionType = "DiskPressure"
    /// `PIDPressure`.
    public static let pidPressure: NodeConditionType = "PIDPressure"
    /// `NetworkUnavailable`.
    public static let networkUnavailable: NodeConditionType = "NetworkUnavailable"
}

/// One observation about a node (Kubernetes' `v1.NodeCondition`), with the time it was last reported.
public struct NodeCondition: Sendable, Hashable {
    /// The condition type.
    public var type: NodeConditionType
    /// Whether the condition holds.
    public var status: ConditionStatus
    /// When the node last reported this condition.
    public var lastHeartbeatTime: Timestamp?
    /// When the status last changed.
    public var lastTransitionTime: Timestamp?
    /// CamelCase, machine-readable (`KubeletReady`).
    public var reason: String
    /// Human-readable detail.
    public var message: String

    /// A value with the given fields; omitted ones are empty, as Kubernetes leaves them.
    public init(
        type: NodeConditionType,
        status: ConditionStatus,
        reason: String = "",
        message: String = "",
        lastHeartbeatTime: Timestamp? = nil,
        lastTransitionTime: Timestamp? = nil
    ) {
        self.type = type
        self.status = status
        self.reason = reason
        self.message = message
        self.lastHeartbeatTime = lastHeartbeatTime
        self.lastTransitionTime = lastTransitionTime
    }
}

extension NodeCondition {
    static func decode(_ r: MappingReader) -> NodeCondition? {
        guard let type = r.string("type", required: true) else { return nil }
        let status = r.enumeration("status", ConditionStatus.allCases.map(\.rawValue), required: true)
        return NodeCondition(
            type: NodeConditionType(rawValue: type),
            status: status.flatMap(ConditionStatus.init(rawValue:)) ?? .unknown,
            reason: r.string("reason") ?? "",
            message: r.string("message") ?? "",
            lastHeartbeatTime: r.timestamp("lastHeartbeatTime"),
            lastTransitionTime: r.timestamp("lastTransitionTime")
        )
    }

    /// The condition as Kubernetes prints it (unset times print as `null`).
    public var encoded: JSONValue {
        var o = JSONObject()
        o["type"] = .string(type.rawValue)
        o["status"] = .string(status.rawValue)
        o["lastHeartbeatTime"] = lastHeartbeatTime.map { .string($0.rfc3339) } ?? .null
        o["lastTransitionTime"] = lastTransitionTime.map { .string($0.rfc3339) } ?? .null
        o.put("reason", nonEmpty: reason)
        o.put("message", nonEmpty: message)
        return .object(o)
    }
}

extension Array where Element == NodeCondition {
    /// The condition of that type, if present.
    public subscript(type type: NodeConditionType) -> NodeCondition? {
        first(where: { $0.type == type })
    }

    /// Sets a condition as the kubelet does: the heartbeat always moves to `now` (unless the condition carries
    /// its own), `lastTransitionTime` only when the status changes.
    /// - Returns: whether anything changed.
    @discardableResult
    public mutating func set(_ condition: NodeCondition, now: Timestamp) -> Bool {
        var updated = condition
        updated.lastHeartbeatTime = condition.lastHeartbeatTime ?? now
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
