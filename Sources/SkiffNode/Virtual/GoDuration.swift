/// Durations in Go's `time.ParseDuration` syntax (`90s`, `5m`, `1h30m`, `1.5h`, `300ms`, `-2m`): what Kubernetes
/// users write wherever a duration is a string.
public enum GoDuration {
    /// Nanoseconds per unit, as Go's `unitMap`.
    private static let units: [String: Int64] = [
        "ns": 1,
        "us": 1000,
        "\u{00B5}s": 1000,  // µ, the micro sign
        "\u{03BC}s": 1000,  // μ, the Greek letter mu
        "ms": 1_000_000,
        "s": 1_000_000_000,
        "m": 60_000_000_000,
        "h": 3_600_000_000_000,
    ]

    /// Parses `text`; nil where Go's parser returns an error (no unit, unknown unit, overflow past ±292 years).
    public static func parse(_ text: String) -> Duration? {
        var bytes = Substring(text).utf8[...]
        var negative = false
        if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            negative = sign == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        if bytes.elementsEqual("0".utf8) { return .zero }
        guard !bytes.isEmpty else { return nil }
        var total: UInt64 = 0
        while !bytes.isEmpty {
            guard let first = bytes.first, first == UInt8(ascii: ".") || isDigit(first) else { return nil }
            // The whole part.
            var whole: UInt64 = 0
            let wholeDigits = bytes.prefix(while: isDigit)
            for digit in wholeDigits {
                let (times, overflow1) = whole.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times.addingReportingOverflow(UInt64(digit - UInt8(ascii: "0")))
                guard !overflow1, !overflow2 else { return nil }
                whole = sum
            }
            bytes = bytes.dropFirst(wholeDigits.count)
            // The fraction: digits past what 63 bits hold are dropped, as Go drops them.
            var fraction: UInt64 = 0
            var scale: Double = 1
            var fractionDigits = 0
            if bytes.first == UInt8(ascii: ".") {
                bytes = bytes.dropFirst()
                let digits = bytes.prefix(while: isDigit)
                fractionDigits = digits.count
                var overflowed = false
                for digit in digits where !overflowed {
                    let next = fraction &* 10 &+ UInt64(digit - UInt8(ascii: "0"))
                    if fraction > UInt64(Int64.max) / 10 || next > 1 << 63 {
                        overflowed = true
                    } else {
                        fraction = next
                        scale *= 10
                    }
                }
                bytes = bytes.dropFirst(digits.count)
            }
            guard !wholeDigits.isEmpty || fractionDigits > 0 else { return nil }
            // The unit: everything up to the next number.
            let unitBytes = bytes.prefix { $0 != UInt8(ascii: ".") && !isDigit($0) }
            guard !unitBytes.isEmpty, let unit = units[String(decoding: unitBytes, as: UTF8.self)] else { return nil }
            bytes = bytes.dropFirst(unitBytes.count)

            let (scaled, overflow) = whole.multipliedReportingOverflow(by: UInt64(unit))
            guard !overflow else { return nil }
            var value = scaled
            if fraction > 0 {
                let part = UInt64(Double(fraction) * (Double(unit) / scale))
                let (sum, overflow) = value.addingReportingOverflow(part)
                guard !overflow else { return nil }
                value = sum
            }
            let (sum, overflowTotal) = total.addingReportingOverflow(value)
            guard !overflowTotal, sum <= UInt64(Int64.max) else { return nil }
            total = sum
        }
        let nanoseconds = Int64(total)
        return .nanoseconds(negative ? -nanoseconds : nanoseconds)
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
