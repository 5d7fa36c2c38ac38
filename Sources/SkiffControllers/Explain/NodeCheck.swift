/// One line of a node's verdict on a pod in an explanation: a check (`selector`, `taints`, `nvidia.com/gpu`, …),
/// whether the node passes it, and the amounts or labels behind the verdict.
public struct NodeCheck: Sendable, Hashable {
    /// What was checked.
    public var check: String
    /// Whether the node passes.
    public var ok: Bool
    /// The amounts or labels behind the verdict (`needs 4, free 2 (held by ml/job-y-0: 0,1)`); empty when there is
    /// nothing to add.
    public var detail: String

    /// A check with the given fields.
    public init(_ check: String, ok: Bool, detail: String = "") {
        self.check = check
        self.ok = ok
        self.detail = detail
    }

    /// `{"check", "ok", "detail"}`.
    public var encoded: JSONValue {
        .object(["check": .string(check), "ok": .bool(ok), "detail": .string(detail)])
    }
}
