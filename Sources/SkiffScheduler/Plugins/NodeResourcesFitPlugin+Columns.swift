extension NodeResourcesFitPlugin: ColumnFilterPlugin, ColumnScorePlugin {
    /// Room for one more pod, then each requested amount against what is left, one slot at a time.
    public func filter(_ pod: Pod, columns: NodeColumns, state: CycleState, candidates: inout [Int]) {
        if !state.request.unknown.isEmpty {
            candidates.removeAll()
            return
        }
        // One pass: the pod count, then every requested slot (cpu, memory and a device resource usually).
        var slots: [(allocatable: [Int64], requested: [Int64], amount: Int64)] = []
        for item in state.request.amounts {
            guard item.slot < columns.allocatable.count else {
                // No node offers the resource: nothing is free anywhere.
                if item.amount > 0 {
                    candidates.removeAll()
                    return
                }
                continue
            }
            slots.append((columns.allocatable[item.slot], columns.requested[item.slot], item.amount))
        }
        columns.podCount.withUnsafeBufferPointer { count in
            columns.allowedPods.withUnsafeBufferPointer { allowed in
                candidates.removeAll { position in
                    if count[position] + 1 > allowed[position] { return true }
                    for slot in slots where slot.amount > slot.allocatable[position] - slot.requested[position] {
                        return true
                    }
                    return false
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
                    scores[k] = weights[k] == 0 ? 0 : Self.quotient(scores[k], weights[k])
                }
            }
        }
    }
}
