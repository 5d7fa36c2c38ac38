/// How a list finds its candidates: the cheapest source its namespace and selectors allow, so that a selective
/// list costs what it returns rather than what the kind holds.
struct ListPlan: Sendable {
    enum Source: Hashable, Sendable {
        /// Provably nothing selected.
        case nothing
        /// Every object in scope, in key order.
        case scan
        /// `metadata.name=` lookups.
        case names
        /// The label index bucket(s) of this label key.
        case labelIndex(String)
        /// The bucket of this custom index.
        case fieldIndex(String)
    }

    var source: Source
    /// Only this namespace ("" for cluster-scoped kinds); nil for every namespace.
    var namespace: String?
    /// For index and name sources: the keys to examine, unordered.
    var candidates: [NamespacedName]

    static let nothing = ListPlan(source: .nothing, namespace: nil, candidates: [])
}

/// Where a page starts: after (or at, when `inclusive`) a key.
struct ListBound: Hashable, Sendable {
    var key: NamespacedName
    var inclusive: Bool

    func admits(_ candidate: NamespacedName) -> Bool {
        inclusive ? !(candidate < key) : key < candidate
    }
}
