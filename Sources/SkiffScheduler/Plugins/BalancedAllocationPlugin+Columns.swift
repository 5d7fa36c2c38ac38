extension BalancedAllocationPlugin: ColumnScorePlugin {
    /// The same arithmetic as ``score(_:_:_:)``, over the columns.
    public func score(_ pod: Pod, columns: NodeColumns, feasible: [Int], state: CycleState, into scores: inout [Int64]) {
        let inputs =
            (state.values[Self.pluginName] as? NodeResourcesFitPlugin.Inputs)?.items
            ?? NodeResourcesFitPlugin.inputs(resources, state: state, defaultedRequests: false)
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
}
