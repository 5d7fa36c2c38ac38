/// A plugin that decides whether a pod may run on a node (kube-scheduler's `FilterPlugin`). Filters run in order
/// and the first rejection decides a node's reason.
public protocol FilterPlugin: SchedulerPlugin {
    /// Whether `pod` fits `node`: ``Status/success``, or a rejection whose reasons read as kube-scheduler's.
    func filter(_ pod: Pod, _ node: NodeInfo, _ state: CycleState) -> Status

    /// The cluster events that can turn this plugin's rejection into a pass (kube-scheduler's
    /// `EventsToRegister`); a pod it rejected is retried only on one of them (or after its time in the
    /// unschedulable set runs out).
    var requeueEvents: ClusterEvents { get }
}
