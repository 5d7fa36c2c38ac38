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
                                // leastRequestedScore and mostRequestedScore, with the division done by
                                // `quotient` (exact, and several times cheaper than a 64-bit idiv).
                                let resourceScore: Int64
                                if mostAllocated {
                                    resourceScore = Self.quotient(min(requested, capacity) * maxNodeScore, capacity)
                                } else if requested > capacity {
                                    resourceScore = 0
                                } else {
                                    resourceScore = Self.quotient((capacity - requested) * maxNodeScore, capacity)
                                }
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

    /// `dividend / divisor` (truncating, as Swift's `/`), exactly: for operands that a Double holds exactly, the
    /// floating-point quotient is within one of the true one and is corrected by one multiplication; others take
    /// the integer division.
    @inline(__always)
    static func quotient(_ dividend: Int64, _ divisor: Int64) -> Int64 {
        let exact: Int64 = 1 << 53
        guard dividend >= 0, dividend < exact, divisor > 0, divisor < exact else { return dividend / divisor }
        var quotient = Int64(Double(dividend) / Double(divisor))
        if quotient * divisor > dividend {
            quotient -= 1
        } else if (quotient + 1) * divisor <= dividend {
            quotient += 1
        }
        return quotient
    }
}
