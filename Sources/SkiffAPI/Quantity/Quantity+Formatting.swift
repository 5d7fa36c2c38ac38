extension Quantity: CustomStringConvertible {
    /// The canonical text, the same as `canonical`.
    public var description: String { canonical }

    /// The canonical text, as Kubernetes' `CanonicalizeBytes`: no fractional digits, the largest suffix of the
    /// quantity's format that loses nothing, and a sign only when negative (`1.5` → `1500m`, `1.5Gi` → `1536Mi`,
    /// `1000m` → `1`, `1e3` → `1e3`, zero → `0`).
    ///
    /// A BinarySI value strictly between -1024 and 1024, or with a fractional part, prints as DecimalSI; a DecimalSI
    /// value beyond `E` (10^18) or below `n` prints with an exponent (`1e21`), as current Kubernetes does.
    /// Unlike Kubernetes' `String()`, this never echoes non-canonical input text (`+1`, `1E3`, `1.001` print `1`,
    /// `1e3`, `1001m`): Kubernetes caches some parsed strings verbatim, which its issue #138165 calls a bug.
    public var canonical: String {
        if isZero {
            return "0"
        }
        var format = self.format
        if format == .binarySI {
            if QuantityAmount.compare(amount, .small(mantissa: -1024, exponent: 0)) > 0
                && QuantityAmount.compare(amount, .small(mantissa: 1024, exponent: 0)) < 0
            {
                format = .decimalSI
            } else if let binary = binaryCanonical() {
                return binary
            } else {
                format = .decimalSI
            }
        }
        return decimalCanonical(format)
    }

    private static let decimalSuffixes = ["n", "u", "m", "", "k", "M", "G", "T", "P", "E"]
    private static let binarySuffixes = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"]

    /// Mantissa digits and an exponent that is a multiple of three, the mantissa as short as that allows.
    private func decimalDigitsAndExponent() -> (digits: String, exponent: Int) {
        if case .small(let mantissa, let storedExponent) = amount {
            var magnitude = mantissa.magnitude
            var exponent = Int(storedExponent)
            while magnitude % 10 == 0 {
                magnitude /= 10
                exponent += 1
            }
            let remainder = ((exponent % 3) + 3) % 3
            let factor: UInt64 = remainder == 0 ? 1 : (remainder == 1 ? 10 : 100)
            let (scaled, overflow) = magnitude.multipliedReportingOverflow(by: factor)
            if !overflow {
                return (String(scaled), exponent - remainder)
            }
        }
        let normalized = amount.decimal.normalized
        let remainder = ((normalized.exponent % 3) + 3) % 3
        return (normalized.magnitude.multipliedByPowerOfTen(remainder).decimalString, normalized.exponent - remainder)
    }

    private func decimalCanonical(_ format: Format) -> String {
        let (digits, exponent) = decimalDigitsAndExponent()
        let sign = self.sign < 0 ? "-" : ""
        let suffix: String
        if format == .decimalSI && exponent >= -9 && exponent <= 18 {
            suffix = Quantity.decimalSuffixes[(exponent + 9) / 3]
        } else {
            suffix = exponent == 0 ? "" : "e\(exponent)"
        }
        return sign + digits + suffix
    }

    /// The BinarySI text when the value is a whole number, else nil. Factors of 1024 move into the suffix up to
    /// `Ei`; Kubernetes would drop the suffix of a larger power (printing 2^70 as `1`), Skiff prints `1024Ei`.
    private func binaryCanonical() -> String? {
        let sign = self.sign < 0 ? "-" : ""
        if case .small(let mantissa, let exponent) = amount {
            var whole: UInt64?
            if exponent >= 0 {
                if let shifted = QuantityAmount.shifted(mantissa, by: Int(exponent)) {
                    whole = shifted.magnitude
                }
            } else if exponent < -18 {
                return nil
            } else {
                let divisor = QuantityAmount.powersOfTen[Int(-exponent)]
                guard mantissa % divisor == 0 else { return nil }
                whole = (mantissa / divisor).magnitude
            }
            if var value = whole {
                var power = 0
                while power < 6 && value % 1024 == 0 {
                    value /= 1024
                    power += 1
                }
                return sign + String(value) + Quantity.binarySuffixes[power]
            }
        }
        let normalized = amount.decimal.normalized
        guard normalized.exponent >= 0 else { return nil }
        var value = normalized.magnitude.multipliedByPowerOfTen(normalized.exponent)
        var power = 0
        while power < 6 && value.remainder(dividingBy: 1024) == 0 {
            value.divide(by: 1024)
            power += 1
        }
        return sign + value.decimalString + Quantity.binarySuffixes[power]
    }
}
