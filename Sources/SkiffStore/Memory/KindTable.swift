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
    /// Custom indexes, iterated by position on every write: iterating a dictionary's keys while mutating its
    /// values would share (and so copy) each index's buckets on every write.
    private(set) var indexes: [CustomIndex] = []
    /// Index name → position in `indexes`.
    private var indexPositions: [String: Int] = [:]
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
        for position in indexes.indices {
            for value in indexes[position].definition.values(object) {
                indexes[position].buckets.insert(key, under: value)
            }
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
        for position in indexes.indices {
            let oldValues = indexes[position].definition.values(old)
            let newValues = indexes[position].definition.values(new)
            guard oldValues != newValues else { continue }
            for value in oldValues { indexes[position].buckets.remove(key, from: value) }
            for value in newValues { indexes[position].buckets.insert(key, under: value) }
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
        for position in indexes.indices {
            for value in indexes[position].definition.values(object) {
                indexes[position].buckets.remove(key, from: value)
            }
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
        indexPositions[definition.name] = indexes.count
        indexes.append(index)
        if let field = definition.field { fieldIndexes[field] = definition.name }
    }

    mutating func removeIndex(named name: String) {
        guard let position = indexPositions.removeValue(forKey: name) else { return }
        let removed = indexes.remove(at: position)
        for (other, otherPosition) in indexPositions where otherPosition > position {
            indexPositions[other] = otherPosition - 1
        }
        if let field = removed.definition.field, fieldIndexes[field] == name { fieldIndexes.removeValue(forKey: field) }
    }

    /// The named index, if registered.
    func index(named name: String) -> CustomIndex? {
        indexPositions[name].map { indexes[$0] }
    }

    /// The objects filed under `value` in the named index, in key order.
    func keys(index name: String, value: String) -> [NamespacedName] {
        guard let bucket = index(named: name)?.buckets.buckets[value] else { return [] }
        return bucket.sorted()
    }
}
