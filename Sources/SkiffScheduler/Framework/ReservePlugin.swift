/// A plugin that claims node-local things for a pod once its node is chosen, before binding (kube-scheduler's
/// `ReservePlugin`): here, device indices. Unreserve undoes it when a later step fails.
public protocol ReservePlugin: SchedulerPlugin {
    /// Claims what `pod` needs on `node`, recording it in `state`.
    func reserve(_ pod: Pod, _ node: NodeInfo, _ state: inout CycleState) -> Status

    /// Gives back what ``reserve(_:_:_:)`` claimed.
    func unreserve(_ pod: Pod, _ node: NodeInfo, _ state: inout CycleState)
}
