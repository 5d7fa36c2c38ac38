/// Buckets of object keys by a string value; an emptied bucket is dropped so that churn does not leak memory.
struct KeySetIndex: Sendable {
    private(set) var buckets: [String: Set<NamespacedName>] = [:]

    mutating func insert(_ key: NamespacedName, under value: String) {
        buckets[value, default: []].insert(key)
    }

    mutating func remove(_ key: NamespacedName, from value: String) {
        guard buckets[value]?.remove(key) != nil else { return }
        if buckets[value]?.isEmpty == true { buckets.removeValue(forKey: value) }
    }

    func count(of value: String) -> Int {
        buckets[value]?.count ?? 0
    }

    var isEmpty: Bool { buckets.isEmpty }
}
