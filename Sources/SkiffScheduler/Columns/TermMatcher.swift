/// A node selector term judged over label columns: each expression becomes a table of which value ids (and
/// whether "no such label") satisfy it, worked out once per cycle with the requirement's own `matches`, so that
/// the per-node test is a few array reads and the semantics stay exactly the requirement's.
struct TermMatcher {
    private struct Expression {
        /// The column's ids by position.
        var ids: [Int32]
        /// Whether each value id passes, at `id + 1`; index 0 is for a node without the label.
        var allowed: [Bool]
    }

    private var expressions: [Expression] = []
    private var fields: [NodeSelectorRequirement]
    /// Whether the term can match no node at all (empty, or an expression no node can satisfy).
    private(set) var matchesNothing = false

    init(_ term: NodeSelectorTerm, columns: NodeColumns) {
        fields = term.matchFields
        if term.matchExpressions.isEmpty && term.matchFields.isEmpty {
            matchesNothing = true
            return
        }
        for requirement in term.matchExpressions {
            let absent = requirement.matches(labels: [:])
            guard let column = columns.labels[requirement.key] else {
                // No node has the label: the requirement reads the same on every node.
                if !absent { matchesNothing = true }
                continue
            }
            var allowed = [Bool](repeating: false, count: column.values.count + 1)
            allowed[0] = absent
            var any = absent
            for (id, value) in column.values.enumerated() {
                let passes = requirement.matches(labels: [requirement.key: value])
                allowed[id + 1] = passes
                any = any || passes
            }
            if !any { matchesNothing = true }
            expressions.append(Expression(ids: column.ids, allowed: allowed))
        }
    }

    /// Whether the node at `position`, named `name`, satisfies the term.
    @inline(__always)
    func matches(_ position: Int, name: String) -> Bool {
        if matchesNothing { return false }
        for expression in expressions where !expression.allowed[Int(expression.ids[position]) + 1] {
            return false
        }
        for field in fields where !field.matches(nodeName: name) {
            return false
        }
        return true
    }
}
