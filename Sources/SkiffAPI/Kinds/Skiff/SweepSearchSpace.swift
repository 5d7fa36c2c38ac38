/// A sweep's search space: its parameters sorted by name (the order sampling draws them in, so a sweep's
/// trials do not depend on how its file orders them).
public struct SweepSearchSpace: Sendable, Hashable {
    /// Each parameter and its distribution, sorted by name.
    public var parameters: [(name: String, distribution: SweepDistribution)] {
        names.indices.map { (names[$0], distributions[$0]) }
    }

    public private(set) var names: [String]
    public private(set) var distributions: [SweepDistribution]

    public init(_ parameters: [(String, SweepDistribution)]) {
        let sorted = parameters.sorted { $0.0 < $1.0 }
        names = sorted.map(\.0)
        distributions = sorted.map(\.1)
    }

    /// Reads `search_space` as the Job keeps it.
    public static func parse(_ object: JSONObject) throws(SweepSpecError) -> SweepSearchSpace {
        guard !object.isEmpty else { throw SweepSpecError("the sweep has no search_space") }
        var parameters: [(String, SweepDistribution)] = []
        for entry in object.entries {
            parameters.append((entry.key, try SweepDistribution.parse(name: entry.key, entry.value)))
        }
        return SweepSearchSpace(parameters)
    }

    public var count: Int { names.count }

    /// Grid sampling's refusal: the first parameter (by name) that is not a `choice`, or nil when all are.
    public var firstNonChoice: (name: String, type: String)? {
        for (name, distribution) in parameters {
            if case .choice = distribution { continue }
            return (name, distribution.typeName)
        }
        return nil
    }
}
