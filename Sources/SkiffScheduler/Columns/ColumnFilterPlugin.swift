/// A filter plugin that can also judge many nodes at once from the snapshot's ``NodeColumns``. The framework uses
/// it on the hot path: its verdict must be exactly that of ``FilterPlugin/filter(_:_:_:)`` on each node.
public protocol ColumnFilterPlugin: FilterPlugin {
    /// Removes from `candidates` (ascending positions in the snapshot) every node that ``FilterPlugin/filter(_:_:_:)``
    /// would reject, keeping the order.
    func filter(_ pod: Pod, columns: NodeColumns, state: CycleState, candidates: inout [Int])
}
