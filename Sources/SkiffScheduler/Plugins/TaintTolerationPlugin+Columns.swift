extension TaintTolerationPlugin: ColumnFilterPlugin, ColumnScorePlugin {
    /// Judges each distinct taint list once, then drops the nodes whose list is not tolerated.
    public func filter(_ pod: Pod, columns: NodeColumns, state: CycleState, candidates: inout [Int]) {
        var allTolerated = true
        let tolerated = columns.taintClasses.map { taints in
            let passes = Self.firstUntolerated(taints, state: state) == nil
            allTolerated = allTolerated && passes
            return passes
        }
        if allTolerated { return }
        tolerated.withUnsafeBufferPointer { tolerated in
            columns.taintClass.withUnsafeBufferPointer { classes in
                candidates.removeAll { !tolerated[Int(classes[$0])] }
            }
        }
    }

    /// Counts each distinct taint list's untolerated `PreferNoSchedule` taints once.
    public func score(_ pod: Pod, columns: NodeColumns, feasible: [Int], state: CycleState, into scores: inout [Int64]) {
        let counts = columns.taintClasses.map { Self.untoleratedPreferences($0, state: state) }
        // Usually no node has a PreferNoSchedule taint the pod minds: every score stays zero.
        guard counts.contains(where: { $0 != 0 }) else { return }
        counts.withUnsafeBufferPointer { counts in
            columns.taintClass.withUnsafeBufferPointer { classes in
                scores.withUnsafeMutableBufferPointer { scores in
                    for k in 0..<feasible.count {
                        scores[k] = counts[Int(classes[feasible[k]])]
                    }
                }
            }
        }
    }
}
