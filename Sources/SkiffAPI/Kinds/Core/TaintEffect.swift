/// What a taint does to pods that do not tolerate it (Kubernetes' `TaintEffect`).
public enum TaintEffect: String, Sendable, Hashable, CaseIterable {
    /// New pods are not scheduled onto the node; pods already there stay.
    case noSchedule = "NoSchedule"
    /// The scheduler avoids the node when it can.
    case preferNoSchedule = "PreferNoSchedule"
    /// New pods are not scheduled and running pods that do not tolerate it are evicted.
    case noExecute = "NoExecute"
}
