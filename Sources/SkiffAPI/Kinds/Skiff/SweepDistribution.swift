import Glibc

/// One search-space distribution of a sweep, with Azure ML's parameter names (`values`, `upper`, `min_value`,
/// `max_value`, `mu`, `sigma`, `q`). The `log*` distributions take their bounds as exponents, as Azure ML's do:
/// `loguniform(min_value, max_value)` is `exp(uniform(min_value, max_value))`.
public enum SweepDistribution: Sendable, Hashable {
    /// One of `values`, each as written.
    case choice([JSONValue])
    /// An integer in `[0, upper)`.
    case randint(upper: Int64)
    /// `uniform(min_value, max_value)`.
    case uniform(min: Double, max: Double)
    /// `round(uniform(min_value, max_value) / q) * q`.
    case quniform(min: Double, max: Double, q: Double)
    /// `exp(uniform(min_value, max_value))`.
    case loguniform(min: Double, max: Double)
    /// `round(exp(uniform(min_value, max_value)) / q) * q`.
    case qloguniform(min: Double, max: Double, q: Double)
    /// `normal(mu, sigma)`.
    case normal(mu: Double, sigma: Double)
    /// `round(normal(mu, sigma) / q) * q`.
    case qnormal(mu: Double, sigma: Double, q: Double)
    /// `exp(normal(mu, sigma))`.
    case lognormal(mu: Double, sigma: Double)
    /// `round(exp(normal(mu, sigma)) / q) * q`.
    case qlognormal(mu: Double, sigma: Double, q: Double)

    /// The distribution's `type`, as Azure ML writes it.
    public var typeName: String {
        switch self {
        case .choice: "choice"
        case .randint: "randint"
        case .uniform: "uniform"
        case .quniform: "quniform"
        case .loguniform: "loguniform"
        case .qloguniform: "qloguniform"
        case .normal: "normal"
        case .qnormal: "qnormal"
        case .lognormal: "lognormal"
        case .qlognormal: "qlognormal"
        }
    }

    /// The quantum of a `q*` distribution.
    public var quantum: Double? {
        switch self {
        case .quniform(_, _, let q), .qloguniform(_, _, let q), .qnormal(_, _, let q), .qlognormal(_, _, let q): q
        default: nil
        }
    }

    /// Reads `{type, …}`; throws a message naming the parameter and what is wrong.
    public static func parse(name: String, _ value: JSONValue) throws(SweepSpecError) -> SweepDistribution {
        guard case .object(let fields) = value else {
            throw SweepSpecError("search_space.\(name): expected a mapping with a type")
        }
        guard let type = fields["type"]?.stringValue?.lowercased() else {
            throw SweepSpecError("search_space.\(name): the distribution has no type")
        }
        func number(_ key: String) throws(SweepSpecError) -> Double {
            guard let field = fields[key] else {
                throw SweepSpecError("search_space.\(name): a \(type) distribution needs \(key)")
            }
            guard let number = SweepDistribution.double(field), number.isFinite else {
                throw SweepSpecError("search_space.\(name).\(key): expected a number")
            }
            return number
        }
        func range() throws(SweepSpecError) -> (Double, Double) {
            let (low, high) = (try number("min_value"), try number("max_value"))
            guard low <= high else {
                throw SweepSpecError("search_space.\(name): min_value \(low) is greater than max_value \(high)")
            }
            return (low, high)
        }
        func sigma() throws(SweepSpecError) -> Double {
            let sigma = try number("sigma")
            guard sigma >= 0 else { throw SweepSpecError("search_space.\(name).sigma: must not be negative") }
            return sigma
        }
        func quantum() throws(SweepSpecError) -> Double {
            let q = try number("q")
            guard q > 0 else { throw SweepSpecError("search_space.\(name).q: must be greater than 0") }
            return q
        }
        switch type {
        case "choice":
            guard case .array(let values) = fields["values"], !values.isEmpty else {
                throw SweepSpecError("search_space.\(name): a choice distribution needs a non-empty list of values")
            }
            return .choice(values)
        case "randint":
            guard let upper = fields["upper"].flatMap(SweepDistribution.double), upper.rounded() == upper, upper >= 1,
                upper < 9.0e18
            else {
                throw SweepSpecError("search_space.\(name).upper: expected an integer of at least 1")
            }
            return .randint(upper: Int64(upper))
        case "uniform":
            let (low, high) = try range()
            return .uniform(min: low, max: high)
        case "quniform":
            let (low, high) = try range()
            return .quniform(min: low, max: high, q: try quantum())
        case "loguniform":
            let (low, high) = try range()
            return .loguniform(min: low, max: high)
        case "qloguniform":
            let (low, high) = try range()
            return .qloguniform(min: low, max: high, q: try quantum())
        case "normal":
            return .normal(mu: try number("mu"), sigma: try sigma())
        case "qnormal":
            return .qnormal(mu: try number("mu"), sigma: try sigma(), q: try quantum())
        case "lognormal":
            return .lognormal(mu: try number("mu"), sigma: try sigma())
        case "qlognormal":
            return .qlognormal(mu: try number("mu"), sigma: try sigma(), q: try quantum())
        default:
            throw SweepSpecError(
                "search_space.\(name).type: \"\(type)\" is not a distribution (choice, randint, uniform, quniform, "
                    + "loguniform, qloguniform, normal, qnormal, lognormal, qlognormal)"
            )
        }
    }

    /// Maps `u` in `[0, 1)` onto the distribution by its inverse distribution function (for quasi-random points);
    /// `normal` draws use ``SweepDistribution/normalQuantile(_:)``.
    public func value(at u: Double) -> JSONValue {
        switch self {
        case .choice(let values):
            return values[min(Int(u * Double(values.count)), values.count - 1)]
        case .randint(let upper):
            return .int(min(Int64(u * Double(upper)), upper - 1))
        case .uniform(let low, let high):
            return Self.number(low + u * (high - low))
        case .quniform(let low, let high, let q):
            return Self.quantised(low + u * (high - low), q: q)
        case .loguniform(let low, let high):
            return Self.number(Self.exp(low + u * (high - low)))
        case .qloguniform(let low, let high, let q):
            return Self.quantised(Self.exp(low + u * (high - low)), q: q)
        case .normal(let mu, let sigma):
            return Self.number(mu + sigma * Self.normalQuantile(u))
        case .qnormal(let mu, let sigma, let q):
            return Self.quantised(mu + sigma * Self.normalQuantile(u), q: q)
        case .lognormal(let mu, let sigma):
            return Self.number(Self.exp(mu + sigma * Self.normalQuantile(u)))
        case .qlognormal(let mu, let sigma, let q):
            return Self.quantised(Self.exp(mu + sigma * Self.normalQuantile(u)), q: q)
        }
    }

    /// `round(x / q) * q`, rounding half to even as Python's `round` (Azure ML's sampler is Python). With an
    /// integral `q` the result is an integer and is written as one (`32`, not `32.0`), so `argparse` `type=int`
    /// accepts it.
    public static func quantised(_ x: Double, q: Double) -> JSONValue {
        let value = (x / q).rounded(.toNearestOrEven) * q
        if q.rounded() == q, abs(value) < 9.0e15 { return .int(Int64(value)) }
        return number(value)
    }

    /// A double as JSON: the shortest text that reads back as the same double (Swift's, like Python's `repr`).
    public static func number(_ x: Double) -> JSONValue {
        .number("\(x)")
    }

    private static func exp(_ x: Double) -> Double { Glibc.exp(x) }

    /// A JSON number (or numeric string) as a double.
    public static func double(_ value: JSONValue) -> Double? {
        switch value {
        case .int(let i): Double(i)
        case .number(let text): Double(text)
        case .string(let text): Double(text)
        default: nil
        }
    }
}

/// Why a sweep cannot run as declared (bad search space, unsupported sampling, bad early termination).
public struct SweepSpecError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
