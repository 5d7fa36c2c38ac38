/// Tells whether a pod shape (node selector and requests) could ever fit a node, and if not, names the shortfall:
/// the labels no node has, or per resource what is asked and what the largest matching node offers.
/// Allocatable only: what other pods use now does not matter, since they end.
public struct ShortfallAnalyzer: Sendable {
    /// How messages are worded: `requests … the largest node offers …` for jobs, `asks … the largest matching
    /// node has …` for instance types.
    public struct Wording: Sendable {
        public var asks: String
        public var largest: String

        public init(asks: String, largest: String) {
            self.asks = asks
            self.largest = largest
        }

        public static let job = Wording(asks: "requests", largest: "the largest node offers")
        public static let instanceType = Wording(asks: "asks", largest: "the largest matching node has")
    }

    public var wording: Wording

    public init(wording: Wording) {
        self.wording = wording
    }

    /// Judges a pod shape against every node in `store` and, when the selector pins it to a compute cluster
    /// (`skiff.dev/compute`), a node of the cluster's VM size that it could add.
    public static func verdict(
        requests: ResourceList,
        nodeSelector: [String: String],
        in store: any ObjectStore,
        wording: Wording
    ) -> FitVerdict {
        var candidates = ((try? store.list(Node.self)) ?? []).map(CapacityCandidate.init(node:))
        if let cluster = nodeSelector[JobLabels.compute], let amlc = store.get(AmlCompute.self, name: cluster),
            amlc.spec.maxInstances > 0, let size = VMSizeCatalog.builtIn.size(named: amlc.spec.size)
        {
            candidates.append(CapacityCandidate(potentialNodeOf: cluster, size: size))
        }
        return ShortfallAnalyzer(wording: wording).analyze(
            requests: requests,
            nodeSelector: nodeSelector,
            candidates: candidates
        )
    }

    /// Judges a pod shape against `candidates`.
    public func analyze(requests: ResourceList, nodeSelector: [String: String], candidates: [CapacityCandidate])
        -> FitVerdict
    {
        guard !candidates.isEmpty else { return .undecided }
        let matching = candidates.filter { $0.matches(nodeSelector) }
        guard !matching.isEmpty else { return .never(missingLabels(nodeSelector, candidates: candidates)) }
        let wanted = requests.elements.filter { !$0.quantity.isZero && $0.name != .pods }
        let fitting = matching.filter { node in
            wanted.allSatisfy { node.allocatable.quantity(for: $0.name) >= $0.quantity }
        }
        if !fitting.isEmpty {
            let real = fitting.filter { !$0.isPotential }.map(\.name).sorted()
            return .fits(real.isEmpty ? fitting.map(\.name) : real)
        }
        var shortfalls: [String] = []
        for entry in wanted {
            let largest = matching.map { $0.allocatable.quantity(for: entry.name) }.max() ?? .zero
            if largest < entry.quantity {
                shortfalls.append(
                    "\(wording.asks) \(entry.name.rawValue): \(entry.quantity); \(wording.largest) \(largest)"
                )
            }
        }
        if shortfalls.isEmpty {
            let asked = wanted.map { "\($0.name.rawValue): \($0.quantity)" }.joined(separator: ", ")
            return .never("\(wording.asks) \(asked); no single matching node offers all of them at once")
        }
        return .never(shortfalls.joined(separator: "; "))
    }

    /// Which selector labels no node has; when each exists somewhere, that no node has them all.
    private func missingLabels(_ selector: [String: String], candidates: [CapacityCandidate]) -> String {
        let entries = selector.sorted { $0.key < $1.key }
        let missing = entries.filter { entry in !candidates.contains { $0.labels[entry.key] == entry.value } }
        if missing.isEmpty {
            let all = entries.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
            return "no node has all of the labels \(all)"
        }
        let list = missing.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
        return missing.count == 1 ? "no node has the label \(list)" : "no node has the labels \(list)"
    }
}
