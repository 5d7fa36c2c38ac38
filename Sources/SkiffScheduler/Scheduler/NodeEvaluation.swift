/// One node's filter verdicts for a pod (see ``Scheduler/evaluate(_:)``).
public struct NodeEvaluation: Sendable, Hashable {
    /// The node.
    public var node: String
    /// Each filter's verdict, in the order filters run.
    public var statuses: [Status]

    /// Whether every filter passed.
    public var fits: Bool { statuses.allSatisfy(\.isSuccess) }
}
