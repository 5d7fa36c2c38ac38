/// The three values of a condition's `status`.
public enum ConditionStatus: String, Sendable, Hashable, CaseIterable {
    case `true` = "True"
    case `false` = "False"
    case unknown = "Unknown"
}

/// Kubernetes' `metav1.Condition`: one observation about an object, with why and since when.
public struct Condition: Sendable, Hashable {
    public var type: String
    public var status: ConditionStatus
    /// CamelCase, machine-readable (`NamespaceNotFound`).
    public var reason: String
    /// Human-readable detail.
    public var message: String
    public var lastTransitionTime: Timestamp?
    /// The `metadata.generation` the condition was computed from.
    public var observedGeneration: Int64?

    public init(
        type: String,
        status: ConditionStatus,
        reason: String,
        message: String = "",
        lastTransitionTime: Timestamp? = nil,
        observedGeneration: Int64? = nil
    ) {
        self.type = type
        self.status = status
        self.reason = reason
        self.message = message
        self.lastTransitionTime = lastTransitionTime
        self.observedGeneration = observedGeneration
    }
}

extension Array where Element == Condition {
    /// The condition of that type, if present.
    public subscript(type type: String) -> Condition? {
        first(where: { $0.type == type })
    }

    /// Sets a condition as `meta.SetStatusCondition` does: `lastTransitionTime` moves only when the status
    /// changes; reason, message and observedGeneration are updated in place.
    /// - Returns: whether anything changed.
    @discardableResult
    public mutating func set(_ condition: Condition, now: Timestamp) -> Bool {
        guard let index = firstIndex(where: { $0.type == condition.type }) else {
            var new = condition
            new.lastTransitionTime = condition.lastTransitionTime ?? now
            append(new)
            return true
        }
        var updated = condition
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
