/// How a sweep picks hyperparameters: `random` (optionally seeded, with the `sobol` rule), `grid` or `bayesian`.
/// Written as a string or as a mapping with `type`.
public struct SamplingAlgorithm: Sendable, Hashable {
    /// The algorithms.
    public static let types = ["random", "grid", "bayesian"]

    /// One of ``types``.
    public var type: String
    /// The random seed (random sampling only).
    public var seed: Int64?
    /// `random` or `sobol` (random sampling only).
    public var rule: String?
    /// The log base for log-scaled parameters (random sampling only), as written.
    public var logbase: String?

    public init(type: String, seed: Int64? = nil, rule: String? = nil, logbase: String? = nil) {
        self.type = type
        self.seed = seed
        self.rule = rule
        self.logbase = logbase
    }

    /// Reads `key` as a string or a mapping.
    public static func decode(_ r: MappingReader, key: String) -> SamplingAlgorithm? {
        guard let node = r.node(key) else { return nil }
        if node.scalar != nil {
            return r.enumeration(key, types, caseInsensitive: true).map { SamplingAlgorithm(type: $0) }
        }
        return r.mapping(key) { m in
            guard let type = m.enumeration("type", types, required: true, caseInsensitive: true) else { return nil }
            guard type == "random" else { return SamplingAlgorithm(type: type) }
            var algorithm = SamplingAlgorithm(type: type, seed: m.int("seed"))
            algorithm.rule = m.enumeration("rule", ["random", "sobol"], caseInsensitive: true)
            if let logbase = m.node("logbase") {
                algorithm.logbase = MappingReader.string(
                    logbase,
                    path: m.path.child("logbase"),
                    context: m.context,
                    lenient: true
                )
            }
            return algorithm
        }
    }

    /// A bare string when only the type is set, as Azure ML's examples write it.
    public var encoded: JSONValue {
        guard seed != nil || rule != nil || logbase != nil else { return .string(type) }
        var o = JSONObject()
        o["type"] = .string(type)
        o.put("seed", seed.map { .int($0) })
        o.put("rule", nonEmpty: rule)
        o.put("logbase", nonEmpty: logbase)
        return .object(o)
    }
}
