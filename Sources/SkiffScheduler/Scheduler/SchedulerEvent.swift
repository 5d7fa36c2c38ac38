/// An event the scheduler reports about a pod, worded as kube-scheduler's (`Scheduled`: "Successfully assigned
/// default/train-0 to node-a"; `FailedScheduling`: the unschedulable message; `Preempted`).
public struct SchedulerEvent: Sendable, Hashable {
    /// `Normal` or `Warning`.
    public var type: String
    /// `Scheduled`, `FailedScheduling` or `Preempted`.
    public var reason: String
    /// The text.
    public var message: String
    /// The pod the event is about.
    public var pod: PodKey
    /// Its uid.
    public var uid: String

    /// An event with the given fields.
    public init(type: String, reason: String, message: String, pod: PodKey, uid: String) {
        self.type = type
        self.reason = reason
        self.message = message
        self.pod = pod
        self.uid = uid
    }
}
