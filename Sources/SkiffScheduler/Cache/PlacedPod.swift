/// A pod bound (or assumed bound) to a node, as the scheduler accounts it there.
public struct PlacedPod: Sendable, Hashable {
    /// The pod.
    public var key: PodKey
    /// The pod's uid, to tell it from a re-created pod of the same name.
    public var uid: String
    /// `spec.priority`, 0 when unset.
    public var priority: Int32
    /// What it takes from the node.
    public var request: PodRequest
    /// When it started (`status.startTime`, else its creation time): the older of two equal-priority pods is the
    /// more important one for preemption.
    public var startTime: Timestamp?
    /// Whether it has a `deletionTimestamp` (still holding its resources until it is gone).
    public var isTerminating: Bool
    /// The devices it holds.
    public var devices: DeviceAssignment
    /// True between the scheduler's decision and the store confirming the binding.
    public var isAssumed: Bool
    /// The gang the pod belongs to.
    public var group: PodGroup?

    /// A placed pod with the given fields.
    public init(
        key: PodKey,
        uid: String,
        priority: Int32,
        request: PodRequest,
        startTime: Timestamp?,
        isTerminating: Bool = false,
        devices: DeviceAssignment = DeviceAssignment(),
        isAssumed: Bool = false,
        group: PodGroup? = nil
    ) {
        self.key = key
        self.uid = uid
        self.priority = priority
        self.request = request
        self.startTime = startTime
        self.isTerminating = isTerminating
        self.devices = devices
        self.isAssumed = isAssumed
        self.group = group
    }

    /// kube-scheduler's `MoreImportantPod`: higher priority, then the earlier start.
    public func isMoreImportant(than other: PlacedPod) -> Bool {
        if priority != other.priority { return priority > other.priority }
        switch (startTime, other.startTime) {
        case (.some(let mine), .some(let theirs)): return mine < theirs
        case (.some, .none): return true
        default: return false
        }
    }
}
