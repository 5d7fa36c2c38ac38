extension NodeAffinityPlugin: ColumnFilterPlugin, ColumnScorePlugin {
    /// `nodeSelector` pairs as comparisons of interned value ids; required terms through ``TermMatcher``.
    public func filter(_ pod: Pod, columns: NodeColumns, state: CycleState, candidates: inout [Int]) {
        let affinity = state.nodeAffinity
        for pair in affinity.labelSelector {
            guard let column = columns.labels[pair.key], let wanted = column.idOfValue[pair.value] else {
                candidates.removeAll()
                return
            }
            column.ids.withUnsafeBufferPointer { ids in
                candidates.removeAll { ids[$0] != wanted }
            }
        }
        guard let terms = affinity.terms else { return }
        let matchers = terms.map { TermMatcher($0, columns: columns) }.filter { !$0.matchesNothing }
        let names = columns.names
        candidates.removeAll { position in
            !matchers.contains { $0.matches(position, name: names[position]) }
        }
    }

    /// The summed weights of the preferred terms each node matches.
    public func score(_ pod: Pod, columns: NodeColumns, feasible: [Int], state: CycleState, into scores: inout [Int64]) {
        let names = columns.names
        for term in state.preferredTerms {
            let matcher = TermMatcher(term.preference, columns: columns)
            if matcher.matchesNothing { continue }
            let weight = Int64(term.weight)
            for (k, position) in feasible.enumerated() where matcher.matches(position, name: names[position]) {
                scores[k] += weight
            }
        }
    }
}
