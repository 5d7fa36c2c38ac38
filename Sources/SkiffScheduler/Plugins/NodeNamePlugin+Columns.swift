extension NodeNamePlugin: ColumnFilterPlugin {
    public func filter(_ pod: Pod, columns: NodeColumns, state: CycleState, candidates: inout [Int]) {
        let wanted = state.nodeName
        guard !wanted.isEmpty else { return }
        columns.names.withUnsafeBufferPointer { names in
            candidates.removeAll { names[$0] != wanted }
        }
    }
}
