extension BalancedAllocationPlugin: ColumnScorePlugin {
    /// The same arithmetic as ``score(_:_:_:)``, over the columns.
    public func score(_ pod: Pod, columns: NodeColumns, feasible: [Int], state: CycleState, into scores: inout [Int64])
    {
        let inputs =
            (state.values[Self.pluginName] as? NodeResourcesFitPlugin.Inputs)?.items
            ?? NodeResourcesFitPlugin.inputs(resources, state: state, defaultedRequests: false)
        let usable = inputs.filter { $0.slot < columns.allocatable.count }
        if usable.count <= 2 {
            scoreTwo(usable, columns: columns, feasible: feasible, into: &scores)
            return
        }
        // Per node: how many resources counted, the first two fractions, and every fraction past two.
        var counts = [Int](repeating: 0, count: feasible.count)
        var first = [Double](repeating: 0, count: feasible.count)
        var second = [Double](repeating: 0, count: feasible.count)
        var totals = [Double](repeating: 0, count: feasible.count)
        var more: [Int: [Double]] = [:]
        for input in inputs where input.slot < columns.allocatable.count {
            columns.allocatable[input.slot].withUnsafeBufferPointer { allocatable in
                columns.requested[input.slot].withUnsafeBufferPointer { requested in
                    for (k, position) in feasible.enumerated() {
                        let capacity = allocatable[position]
                        guard capacity != 0 else { continue }
                        let fraction = min(Double(requested[position] + input.podRequest) / Double(capacity), 1)
                        totals[k] += fraction
                        switch counts[k] {
                        case 0: first[k] = fraction
                        case 1: second[k] = fraction
                        case 2: more[k] = [first[k], second[k], fraction]
                        default: more[k]!.append(fraction)
                        }
                        counts[k] += 1
                    }
                }
            }
        }
        for k in feasible.indices {
            var deviation = 0.0
            if counts[k] == 2 {
                deviation = abs((first[k] - second[k]) / 2)
            } else if counts[k] > 2 {
                let fractions = more[k]!
                let mean = totals[k] / Double(counts[k])
                let sum = fractions.reduce(0.0) { $0 + ($1 - mean) * ($1 - mean) }
                deviation = (sum / Double(counts[k])).squareRoot()
            }
            scores[k] = Int64((1 - deviation) * Double(maxNodeScore))
        }
    }

    /// The common case of at most two resources (cpu and memory): one pass, no per-node arrays.
    private func scoreTwo(
        _ inputs: [NodeResourcesFitPlugin.Input],
        columns: NodeColumns,
        feasible: [Int],
        into scores: inout [Int64]
    ) {
        guard inputs.count == 2 else {
            // One resource (or none) has no spread: every node scores the maximum.
            for k in scores.indices { scores[k] = maxNodeScore }
            return
        }
        let a = inputs[0]
        let b = inputs[1]
        columns.allocatable[a.slot].withUnsafeBufferPointer { allocatableA in
            columns.requested[a.slot].withUnsafeBufferPointer { requestedA in
                columns.allocatable[b.slot].withUnsafeBufferPointer { allocatableB in
                    columns.requested[b.slot].withUnsafeBufferPointer { requestedB in
                        scores.withUnsafeMutableBufferPointer { scores in
                            for k in 0..<feasible.count {
                                let position = feasible[k]
                                let capacityA = allocatableA[position]
                                let capacityB = allocatableB[position]
                                var deviation = 0.0
                                if capacityA != 0 && capacityB != 0 {
                                    let first = min(Double(requestedA[position] + a.podRequest) / Double(capacityA), 1)
                                    let second = min(Double(requestedB[position] + b.podRequest) / Double(capacityB), 1)
                                    deviation = abs((first - second) / 2)
                                }
                                scores[k] = Int64((1 - deviation) * Double(maxNodeScore))
                            }
                        }
                    }
                }
            }
        }
    }
}
