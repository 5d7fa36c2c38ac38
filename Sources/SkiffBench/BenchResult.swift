import SkiffAPI

/// One figure of a scenario, printed as one JSON line: the measured `value`, the `floor` measured in the same run
/// on the same machine, and `ratio`, how many times the floor's cost the figure is (≥ 1 means slower than the
/// floor; for throughputs that is floor ÷ value, for latencies and sizes value ÷ floor), so results compare across
/// noisy machines.
public struct BenchResult: Sendable {
    public enum Direction: Sendable {
        /// More is better (pods/s, MB/s).
        case higherIsBetter
        /// Less is better (ms, MB).
        case lowerIsBetter
    }

    public var name: String
    public var value: Double
    public var unit: String
    public var floor: Double
    public var direction: Direction
    public var params: [String: String]

    public init(
        name: String,
        value: Double,
        unit: String,
        floor: Double,
        direction: Direction,
        params: [String: String] = [:]
    ) {
        self.name = name
        self.value = value
        self.unit = unit
        self.floor = floor
        self.direction = direction
        self.params = params
    }

    /// How many times the floor's cost this figure is.
    public var ratio: Double {
        guard value > 0, floor > 0 else { return 0 }
        return direction == .higherIsBetter ? floor / value : value / floor
    }

    /// `{"name", "value", "unit", "floor", "ratio", "params"}` on one line.
    public var jsonLine: String {
        var out: [UInt8] = []
        var parameters = JSONObject()
        for key in params.keys.sorted() { parameters[key] = .string(params[key]!) }
        JSONValue.object([
            "name": .string(name),
            "value": .number(Self.decimal(value)),
            "unit": .string(unit),
            "floor": .number(Self.decimal(floor)),
            "ratio": .number(Self.decimal(ratio)),
            "params": .object(parameters),
        ]).write(to: &out, pretty: false, indent: 0)
        return String(decoding: out, as: UTF8.self)
    }

    /// Three decimals at most, no exponent.
    public static func decimal(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let thousandths = Int64((value * 1000).rounded())
        let sign = thousandths < 0 ? "-" : ""
        let magnitude = thousandths.magnitude
        let fraction = magnitude % 1000
        if fraction == 0 { return "\(sign)\(magnitude / 1000)" }
        var digits = String(fraction)
        while digits.count < 3 { digits = "0" + digits }
        while digits.hasSuffix("0") { digits.removeLast() }
        return "\(sign)\(magnitude / 1000).\(digits)"
    }
}
