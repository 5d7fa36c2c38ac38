extension NodeResourcesFitPlugin: ColumnFilterPlugin, ColumnScorePlugin {
    /// Room for one more pod, then each requested amount against what is left, one slot at a time.
    public func filter(_ pod: Pod, columns: NodeColumns, state: CycleState, candidates: inout [Int]) {
        columns.podCount.withUnsafeBufferPointer { count in
            columns.allowedPods.withUnsafeBufferPointer { allowed in
                candidates.removeAll { count[$0] + 1 > allowed[$0] }
            }
        }
        if state.request.isEmpty { return }
        if !state.request.unknown.isEmpty {
            candidates.removeAll()
            return
        }
        for item in state.request.amounts {
            guard item.slot < columns.allocatable.count else {
                // No node offers the resource: nothing is free anywhere.
                if item.amount > 0 { candidates.removeAll() }
                continue
            }
            let amount = item.amount
            columns.allocatable[item.slot].withUnsafeBufferPointer { allocatable in
                columns.requested[item.slot].withUnsafeBufferPointer { requested in
                    candidates.removeAll { amount > allocatable[$0] - requested[$0] }
                }
            }
        }
    }

    /// The same arithmetic as ``score(_:_:_:)``, over the columns: the weighted sum per node, then the division.
    public func score(_ pod: Pod, columns: NodeColumns, feasible: [Int], state: CycleState, into scores: inout [Int64]) {
        let inputs =
            (state.values[Self.pluginName] as? Inputs)?.items
            ?? Self.inputs(resources, state: state, defaultedRequests: true)
        var weights = [Int64](repeating: 0, count: feasible.count)
        let mostAllocated = strategy == .mostAllocated
        for input in inputs where input.slot < columns.allocatable.count {
            let used: [Int64] =
                switch input.slot {
                case ResourceSlotTable.cpu: columns.nonZeroCPU
                case ResourceSlotTable.memory: columns.nonZeroMemory
                default: columns.requested[input.slot]
                }
            let podRequest = input.podRequest
            let weight = input.weight
            columns.allocatable[input.slot].withUnsafeBufferPointer { allocatable in
                used.withUnsafeBufferPointer { used in
                    scores.withUnsafeMutableBufferPointer { scores in
                        weights.withUnsafeMutableBufferPointer { weights in
                            for k in 0..<feasible.count {
                                let position = feasible[k]
                                let capacity = allocatable[position]
                                guard capacity != 0 else { continue }
                                let requested = used[position] + podRequest
                                let resourceScore =
                                    mostAllocated
                                    ? Self.mostRequestedScore(requested, capacity)
                                    : Self.leastRequestedScore(requested, capacity)
                                scores[k] += resourceScore * weight
                                weights[k] += weight
                            }
                        }
                    }
                }
            }
        }
        scores.withUnsafeMutableBufferPointer { scores in
            weights.withUnsafeBufferPointer { weights in
                for k in 0..<scores.count {
                    scores[k] = weights[k] == 0 ? 0 : scores[k] / weights[k]
                }
            }
        }
    }
}
