/// Quantities by resource name (Kubernetes' `v1.ResourceList`), such as a pod's requests or a node's allocatable.
///
/// Kept as a small array sorted by name: lists hold a handful of resources, so this beats a hash map for lookups,
/// iterates in a deterministic order, and merges in one pass for `+`, `-` and `fits(in:)`.
public struct ResourceList: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral, CustomStringConvertible {
    /// One resource and its quantity.
    public struct Entry: Sendable, Hashable {
        /// The resource.
        public var name: ResourceName
        /// How much of it.
        public var quantity: Quantity

        /// Pairs a resource with a quantity.
        public init(name: ResourceName, quantity: Quantity) {
            self.name = name
            self.quantity = quantity
        }
    }

    /// Sorted by name, names unique.
    private var entries: [Entry]

    private init(sortedEntries: [Entry]) {
        entries = sortedEntries
    }

    /// An empty list.
    public init() {
        entries = []
    }

    /// A list holding the given quantities.
    public init(_ quantities: [ResourceName: Quantity]) {
        entries = quantities.map { Entry(name: $0.key, quantity: $0.value) }.sorted { $0.name < $1.name }
    }

    /// A list holding the given quantities; for a name given twice, the last quantity wins.
    public init(_ quantities: some Sequence<(ResourceName, Quantity)>) {
        self.init()
        for (name, quantity) in quantities {
            self[name] = quantity
        }
    }

    /// A list written as a literal: `[.cpu: "500m", .memory: "1Gi"]`.
    public init(dictionaryLiteral elements: (ResourceName, Quantity)...) {
        self.init(elements)
    }

    /// The number of resources listed.
    public var count: Int { entries.count }

    /// Whether no resource is listed.
    public var isEmpty: Bool { entries.isEmpty }

    /// The listed resource names, sorted.
    public var names: [ResourceName] { entries.map(\.name) }

    /// Where `name` is, or where it would be inserted.
    private func position(of name: ResourceName) -> (index: Int, found: Bool) {
        var low = 0
        var high = entries.count
        while low < high {
            let middle = (low + high) / 2
            let candidate = entries[middle].name
            if candidate == name {
                return (middle, true)
            }
            if candidate < name {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return (low, false)
    }

    /// The quantity listed for `name`, or nil; assigning nil removes the resource.
    public subscript(name: ResourceName) -> Quantity? {
        get {
            let (index, found) = position(of: name)
            return found ? entries[index].quantity : nil
        }
        set {
            let (index, found) = position(of: name)
            switch (found, newValue) {
            case (true, .some(let quantity)): entries[index].quantity = quantity
            case (true, .none): entries.remove(at: index)
            case (false, .some(let quantity)): entries.insert(Entry(name: name, quantity: quantity), at: index)
            case (false, .none): break
            }
        }
    }

    /// The quantity listed for `name`, zero when it is not listed (as Kubernetes' `ResourceList.Name(...)`).
    public func quantity(for name: ResourceName) -> Quantity {
        self[name] ?? .zero
    }

    /// Iterates in name order.
    public func makeIterator() -> IndexingIterator<[Entry]> {
        entries.makeIterator()
    }

    /// The entries in name order.
    public var elements: [Entry] { entries }

    /// The list as a dictionary.
    public var dictionary: [ResourceName: Quantity] {
        Dictionary(uniqueKeysWithValues: entries.map { ($0.name, $0.quantity) })
    }

    /// Walks two sorted lists together, calling `body` with each name and its quantity on either side.
    private static func merge(
        _ lhs: ResourceList,
        _ rhs: ResourceList,
        _ body: (ResourceName, Quantity?, Quantity?) -> Quantity?
    ) -> ResourceList {
        var result: [Entry] = []
        result.reserveCapacity(Swift.max(lhs.entries.count, rhs.entries.count))
        var left = 0
        var right = 0
        while left < lhs.entries.count || right < rhs.entries.count {
            let name: ResourceName
            var leftQuantity: Quantity?
            var rightQuantity: Quantity?
            if right >= rhs.entries.count
                || (left < lhs.entries.count && lhs.entries[left].name < rhs.entries[right].name)
            {
                name = lhs.entries[left].name
                leftQuantity = lhs.entries[left].quantity
                left += 1
            } else if left >= lhs.entries.count || rhs.entries[right].name < lhs.entries[left].name {
                name = rhs.entries[right].name
                rightQuantity = rhs.entries[right].quantity
                right += 1
            } else {
                name = lhs.entries[left].name
                leftQuantity = lhs.entries[left].quantity
                rightQuantity = rhs.entries[right].quantity
                left += 1
                right += 1
            }
            if let quantity = body(name, leftQuantity, rightQuantity) {
                result.append(Entry(name: name, quantity: quantity))
            }
        }
        return ResourceList(sortedEntries: result)
    }

    /// The sum per resource; a resource on one side only keeps its quantity (Kubernetes' quota `Add`).
    public static func + (lhs: ResourceList, rhs: ResourceList) -> ResourceList {
        merge(lhs, rhs) { _, left, right in
            switch (left, right) {
            case (.some(let left), .some(let right)): left + right
            case (.some(let only), .none), (.none, .some(let only)): only
            case (.none, .none): nil
            }
        }
    }

    /// The difference per resource; a resource only on the right comes out negated (Kubernetes' quota `Subtract`).
    public static func - (lhs: ResourceList, rhs: ResourceList) -> ResourceList {
        merge(lhs, rhs) { _, left, right in
            switch (left, right) {
            case (.some(let left), .some(let right)): left - right
            case (.some(let left), .none): left
            case (.none, .some(let right)): -right
            case (.none, .none): nil
            }
        }
    }

    /// Adds in place.
    public static func += (lhs: inout ResourceList, rhs: ResourceList) {
        lhs = lhs + rhs
    }

    /// Subtracts in place.
    public static func -= (lhs: inout ResourceList, rhs: ResourceList) {
        lhs = lhs - rhs
    }

    /// The larger quantity per resource, over the resources of both (Kubernetes' quota `Max`): how a pod's
    /// effective request combines its containers with its init containers.
    public static func maximum(_ lhs: ResourceList, _ rhs: ResourceList) -> ResourceList {
        merge(lhs, rhs) { _, left, right in
            switch (left, right) {
            case (.some(let left), .some(let right)): left < right ? right : left
            case (.some(let only), .none), (.none, .some(let only)): only
            case (.none, .none): nil
            }
        }
    }

    /// Whether every listed quantity is at most what `capacity` lists for the resource, a resource missing from
    /// `capacity` counting as zero: `[nvidia.com/gpu: 1]` does not fit a node without GPUs.
    public func fits(in capacity: ResourceList) -> Bool {
        var capacityIndex = 0
        for entry in entries {
            while capacityIndex < capacity.entries.count && capacity.entries[capacityIndex].name < entry.name {
                capacityIndex += 1
            }
            let available: Quantity =
                capacityIndex < capacity.entries.count && capacity.entries[capacityIndex].name == entry.name
                ? capacity.entries[capacityIndex].quantity : .zero
            if available < entry.quantity {
                return false
            }
        }
        return true
    }

    /// The resources, in name order, whose quantity exceeds what `capacity` lists (missing counts as zero): the
    /// names behind a scheduler's "Insufficient nvidia.com/gpu".
    public func insufficientResources(in capacity: ResourceList) -> [ResourceName] {
        entries.compactMap { entry in
            capacity.quantity(for: entry.name) < entry.quantity ? entry.name : nil
        }
    }

    /// Whether every listed quantity is zero (an empty list included).
    public var isZero: Bool {
        entries.allSatisfy(\.quantity.isZero)
    }

    /// `cpu: 500m, memory: 1Gi`, in name order.
    public var description: String {
        entries.map { "\($0.name.rawValue): \($0.quantity.canonical)" }.joined(separator: ", ")
    }
}

extension ResourceList: Codable {
    /// Decodes a mapping from resource name to quantity.
    public init(from decoder: any Decoder) throws {
        let quantities = try decoder.singleValueContainer().decode([String: Quantity].self)
        self.init(quantities.map { (ResourceName($0.key), $0.value) })
    }

    /// Encodes a mapping from resource name to canonical quantity.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Dictionary(uniqueKeysWithValues: entries.map { ($0.name.rawValue, $0.quantity) }))
    }
}
