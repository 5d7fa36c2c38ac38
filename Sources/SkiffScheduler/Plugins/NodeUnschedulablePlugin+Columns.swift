extension NodeUnschedulablePlugin: ColumnFilterPlugin {
    public func filter(_ pod: Pod, columns: NodeColumns, state: CycleState, candidates: inout [Int]) {
        if columns.cordonedCount == 0 { return }
        if state.tolerations.contains(where: { $0.tolerates(Self.unschedulableTaint) }) { return }
        columns.unschedulable.withUnsafeBufferPointer { cordoned in
            candidates.removeAll { cordoned[$0] }
        }
    }
}
