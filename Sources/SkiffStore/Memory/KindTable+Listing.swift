extension KindTable {
    /// Whether the kind is namespaced (assumed until an object says otherwise).
    var isNamespaced: Bool { objectType?.resource.namespaced ?? true }

    /// Chooses where a list's candidates come from: the smallest of the scope (namespace or kind), a
    /// `metadata.name=` lookup, the label index for an equality requirement, or a custom index answering a field
    /// equality requirement.
    func plan(namespace requested: String?, labels: (any LabelMatcher)?, fields: (any FieldMatcher)?) -> ListPlan {
        var namespace: String? = isNamespaced ? requested : ""
        var name: String?
        for requirement in fields?.fieldRequirements ?? [] where requirement.op == .equals {
            switch requirement.field {
            case "metadata.namespace" where isNamespaced:
                if let namespace, namespace != requirement.value { return .nothing }
                namespace = requirement.value
            case "metadata.name":
                if let name, name != requirement.value { return .nothing }
                name = requirement.value
            default:
                break
            }
        }
        let scopeSize = namespace.map { namespaces[$0]?.objects.count ?? 0 } ?? count
        guard scopeSize > 0 else { return .nothing }
        if let name {
            let found: [NamespacedName]
            if let namespace {
                found =
                    namespaces[namespace]?.objects[name] == nil
                    ? [] : [NamespacedName(namespace: namespace, name: name)]
            } else {
                found = namespaces.compactMap { entry in
                    entry.value.objects[name] == nil ? nil : NamespacedName(namespace: entry.key, name: name)
                }
            }
            return ListPlan(source: .names, namespace: namespace, candidates: found)
        }
        var bestSize = scopeSize
        var best: ListPlan.Source = .scan
        var bestBuckets: [Set<NamespacedName>] = []
        for requirement in labels?.indexableRequirements ?? [] {
            let buckets = Set(requirement.values).compactMap { self.labels[requirement.key]?.buckets[$0] }
            let size = buckets.reduce(0) { $0 + $1.count }
            if size < bestSize {
                (bestSize, best, bestBuckets) = (size, .labelIndex(requirement.key), buckets)
            }
        }
        for requirement in fields?.fieldRequirements ?? [] where requirement.op == .equals {
            guard let indexName = fieldIndexes[requirement.field], let index = index(named: indexName) else { continue }
            let bucket = index.buckets.buckets[requirement.value] ?? []
            if bucket.count < bestSize {
                (bestSize, best, bestBuckets) = (bucket.count, .fieldIndex(indexName), [bucket])
            }
        }
        if best == .scan { return ListPlan(source: .scan, namespace: namespace, candidates: []) }
        var candidates: [NamespacedName] = []
        candidates.reserveCapacity(bestSize)
        for bucket in bestBuckets { candidates += bucket }
        return ListPlan(source: best, namespace: namespace, candidates: candidates)
    }

    /// Runs a plan: the selected objects after `bound`, in key order, at most `limit` of them (none or 0: all),
    /// and whether more selected objects follow.
    func select(
        _ plan: ListPlan,
        labels: (any LabelMatcher)?,
        fields: (any FieldMatcher)?,
        after bound: ListBound?,
        limit: Int?
    ) -> (items: [any APIObject], more: Bool) {
        let wanted = limit.flatMap { $0 > 0 ? $0 : nil }
        var items: [any APIObject] = []
        var more = false
        // Returns false once the page is full and one more selected object proved that more follow.
        func offer(_ object: any APIObject) -> Bool {
            if let labels, !labels.matches(object.metadata.labels) { return true }
            if let fields, !fields.matches(object) { return true }
            if let wanted, items.count == wanted {
                more = true
                return false
            }
            items.append(object)
            return true
        }
        func visit(_ table: NamespaceTable, after name: String?, inclusive: Bool) -> Bool {
            var going = true
            table.names.forEach(from: name, inclusive: inclusive) { name in
                going = offer(table.objects[name]!)
                return going
            }
            return going
        }

        switch plan.source {
        case .nothing:
            break
        case .scan:
            if let namespace = plan.namespace {
                guard let table = namespaces[namespace] else { break }
                if let bound, bound.key.namespace == namespace {
                    _ = visit(table, after: bound.key.name, inclusive: bound.inclusive)
                } else if bound == nil || NamespaceName.precedes(bound!.key.namespace, namespace) {
                    _ = visit(table, after: nil, inclusive: true)
                }
            } else {
                namespaceOrder.forEach(from: bound.map { NamespaceName($0.key.namespace) }) { namespace in
                    let table = namespaces[namespace.value]!
                    if let bound, bound.key.namespace == namespace.value {
                        return visit(table, after: bound.key.name, inclusive: bound.inclusive)
                    }
                    return visit(table, after: nil, inclusive: true)
                }
            }
        case .names, .labelIndex, .fieldIndex:
            var keys = plan.candidates.filter { key in
                (plan.namespace == nil || key.namespace == plan.namespace) && (bound?.admits(key) ?? true)
            }
            keys.sort()
            for key in keys {
                guard let object = object(key) else { continue }
                if !offer(object) { break }
            }
        }
        return (items, more)
    }
}
