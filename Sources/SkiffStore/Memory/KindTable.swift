/// Every object of one kind: by namespace and name (hash lookups), in key order (for sorted, paged lists), and
/// in the label index and the kind's custom indexes, all maintained on every write.
struct KindTable: Sendable {
    /// The Swift type of the kind's objects, learnt from the first one stored.
    var objectType: (any APIObject.Type)?
    private(set) var namespaces: [String: NamespaceTable] = [:]
    /// Namespaces with at least one object, in key order.
    private(set) var namespaceOrder = SortedKeys<NamespaceName>()
    private(set) var count = 0
    /// Label key → label value → objects.
    private(set) var labels: [String: KeySetIndex] = [:]
    /// Custom indexes by name.
    private(set) var indexes: [String: CustomIndex] = [:]
    /// Field selector field → the custom index that answers it.
    private(set) var fieldIndexes: [String: String] = [:]

    /// A registered index and its buckets.
    struct CustomIndex: Sendable {
        var definition: IndexDefinition
        var buckets = KeySetIndex()
    }

    func object(_ key: NamespacedName) -> (any APIObject)? {
        namespaces[key.namespace]?.objects[key.name]
    }

    // MARK: - Writes

    mutating func insert(_ object: any APIObject) {
        let key = object.key.namespacedName
        if objectType == nil { objectType = type(of: object) }
        if namespaces[key.namespace] == nil {
            namespaces[key.namespace] = NamespaceTable()
            namespaceOrder.insert(NamespaceName(key.namespace))
        }
        namespaces[key.namespace]!.objects[key.name] = object
        namespaces[key.namespace]!.names.insert(key.name)
        count += 1
        for (label, value) in object.metadata.labels {
            labels[label, default: KeySetIndex()].insert(key, under: value)
        }
        for name in indexes.keys {
            let values = indexes[name]!.definition.values(object)
            for value in values { indexes[name]!.buckets.insert(key, under: value) }
        }
    }

    /// Replaces `old` by `new` (same key), touching only the index entries that changed.
    mutating func replace(_ old: any APIObject, with new: any APIObject) {
        let key = new.key.namespacedName
        namespaces[key.namespace]!.objects[key.name] = new
        let oldLabels = old.metadata.labels
        let newLabels = new.metadata.labels
        if oldLabels != newLabels {
            for (label, value) in oldLabels where newLabels[label] != value {
                removeLabel(label, value: value, key: key)
            }
            for (label, value) in newLabels where oldLabels[label] != value {
                labels[label, default: KeySetIndex()].insert(key, under: value)
            }
        }
        for name in indexes.keys {
            let oldValues = indexes[name]!.definition.values(old)
            let newValues = indexes[name]!.definition.values(new)
            guard oldValues != newValues else { continue }
            for value in oldValues { indexes[name]!.buckets.remove(key, from: value) }
            for value in newValues { indexes[name]!.buckets.insert(key, under: value) }
        }
    }

    mutating func remove(_ object: any APIObject) {
        let key = object.key.namespacedName
        guard namespaces[key.namespace]?.objects.removeValue(forKey: key.name) != nil else { return }
        namespaces[key.namespace]!.names.remove(key.name)
        if namespaces[key.namespace]!.objects.isEmpty {
            namespaces.removeValue(forKey: key.namespace)
            namespaceOrder.remove(NamespaceName(key.namespace))
        }
        count -= 1
        for (label, value) in object.metadata.labels {
            removeLabel(label, value: value, key: key)
        }
        for name in indexes.keys {
            for value in indexes[name]!.definition.values(object) { indexes[name]!.buckets.remove(key, from: value) }
        }
    }

    private mutating func removeLabel(_ label: String, value: String, key: NamespacedName) {
        labels[label]?.remove(key, from: value)
        if labels[label]?.isEmpty == true { labels.removeValue(forKey: label) }
    }

    // MARK: - Custom indexes

    /// Registers (or replaces) an index and files every object already stored.
    mutating func addIndex(_ definition: IndexDefinition) {
        removeIndex(named: definition.name)
        var index = CustomIndex(definition: definition)
        for (namespace, table) in namespaces {
            for (name, object) in table.objects {
                let key = NamespacedName(namespace: namespace, name: name)
                for value in definition.values(object) { index.buckets.insert(key, under: value) }
            }
        }
        indexes[definition.name] = index
        if let field = definition.field { fieldIndexes[field] = definition.name }
    }

    mutating func removeIndex(named name: String) {
        guard let removed = indexes.removeValue(forKey: name) else { return }
        if let field = removed.definition.field, fieldIndexes[field] == name { fieldIndexes.removeValue(forKey: field) }
    }

    /// The objects filed under `value` in the named index, in key order.
    func keys(index name: String, value: String) -> [NamespacedName] {
        guard let bucket = indexes[name]?.buckets.buckets[value] else { return [] }
        return bucket.sorted()
    }
}
