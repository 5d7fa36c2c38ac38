/// What one scheduling cycle did: the pods it placed (one, or a whole gang) or why it could not.
public struct SchedulingResult: Sendable, Hashable {
    /// A pod bound to a node.
    public struct Placement: Sendable, Hashable {
        /// The pod.
        public var pod: PodKey
        /// The node.
        public var node: String
        /// The devices it holds there.
        public var devices: DeviceAssignment
    }

    /// A pod that stays pending.
    public struct Failure: Sendable, Hashable {
        /// The pod.
        public var pod: PodKey
        /// `Unschedulable`, or `SchedulerError` when something other than fit failed.
        public var reason: String
        /// The `PodScheduled=False` message (kube-scheduler's `0/3 nodes are available: …`).
        public var message: String
        /// The node the pod was nominated to by preemption, if any.
        public var nominatedNode: String?
    }

    /// The pods placed.
    public var placements: [Placement] = []
    /// The pods not placed.
    public var failures: [Failure] = []

    /// Whether every pod of the cycle was placed.
    public var isSuccess: Bool { failures.isEmpty && !placements.isEmpty }
}
