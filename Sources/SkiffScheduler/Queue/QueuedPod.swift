/// A pending pod as the scheduling queue holds it (kube-scheduler's `QueuedPodInfo`).
public struct QueuedPod: Sendable {
    /// The latest version of the pod the queue has seen.
    public internal(set) var pod: Pod
    /// The pod's key.
    public let key: PodKey
    /// How many times it has been taken out of the queue for scheduling.
    public internal(set) var attempts: Int
    /// When it last entered the queue or failed (the base of its backoff), on the clock's monotonic time line.
    public internal(set) var timestamp: Duration
    /// When it was first taken for scheduling.
    public internal(set) var initialAttempt: Duration?
    /// The plugins that rejected it in its last attempt.
    public internal(set) var unschedulablePlugins: Set<String>
    /// The cluster events that may make it schedulable again.
    public internal(set) var requeueEvents: ClusterEvents
    /// The scheduling cycle that last took it.
    public internal(set) var cycle: Int
    /// The gang it belongs to.
    public let group: PodGroup?

    init(pod: Pod, now: Duration) {
        self.pod = pod
        key = PodKey(pod)
        attempts = 0
        timestamp = now
        initialAttempt = nil
        unschedulablePlugins = []
        requeueEvents = .all
        cycle = 0
        group = PodGroup(pod)
    }

    /// `spec.priority`, 0 when unset.
    public var priority: Int32 { pod.spec.priority ?? 0 }
}
