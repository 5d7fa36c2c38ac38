extension Quantity {
    /// The sum, exact. The result keeps `lhs`'s format unless `lhs` is zero, then it takes `rhs`'s (Kubernetes' `Add`).
    public static func + (lhs: Quantity, rhs: Quantity) -> Quantity {
        Quantity(amount: lhs.amount + rhs.amount, format: lhs.isZero ? rhs.format : lhs.format)
    }

    /// The difference, exact. The result keeps `lhs`'s format unless `lhs` is zero, then it takes `rhs`'s
    /// (Kubernetes' `Sub`).
    public static func - (lhs: Quantity, rhs: Quantity) -> Quantity {
        Quantity(amount: lhs.amount + -rhs.amount, format: lhs.isZero ? rhs.format : lhs.format)
    }

    /// The negated value, same format (Kubernetes' `Neg`).
    public static prefix func - (operand: Quantity) -> Quantity {
        Quantity(amount: -operand.amount, format: operand.format)
    }

    /// Adds in place (Kubernetes' `Add`).
    public static func += (lhs: inout Quantity, rhs: Quantity) {
        lhs = lhs + rhs
    }

    /// Subtracts in place (Kubernetes' `Sub`).
    public static func -= (lhs: inout Quantity, rhs: Quantity) {
        lhs = lhs - rhs
    }

    /// The value times a whole number, exact, same format (Kubernetes' `Mul`, which never loses the value here).
    public func multiplied(by factor: Int64) -> Quantity {
        Quantity(amount: amount * factor, format: format)
    }

    /// The quantity rounded away from zero to a multiple of `10^exponent` (Kubernetes' `RoundUp`), and whether that
    /// was exact: `9.01` rounded to exponent -1 is `9.1`, not exact.
    public func roundedUp(toExponent exponent: Int32) -> (quantity: Quantity, exact: Bool) {
        let units = amount.scaledValue(exponent: Int(exponent))
        let rounded = QuantityAmount.small(mantissa: units, exponent: units == 0 ? 0 : exponent)
        if QuantityAmount.compare(rounded, amount) == 0 {
            return (self, true)
        }
        if units == .min || units == .max {
            // Saturated: the value is beyond what 64 bits hold at that exponent; keep it rather than clip it.
            return roundedUpExactly(toExponent: Int(exponent))
        }
        return (Quantity(amount: rounded, format: format), false)
    }

    private func roundedUpExactly(toExponent exponent: Int) -> (quantity: Quantity, exact: Bool) {
        let value = amount.decimal
        guard value.exponent < exponent else { return (self, true) }
        var magnitude = value.magnitude
        var shift = exponent - value.exponent
        var inexact = false
        while shift > 0 {
            let step = min(shift, 9)
            if magnitude.divide(by: BigUInt.smallPowersOfTen[step]) != 0 {
                inexact = true
            }
            shift -= step
        }
        if inexact {
            magnitude.multiply(by: 1, adding: 1)
        }
        let rounded = BigDecimal(negative: value.negative, magnitude: magnitude, exponent: exponent)
        return (Quantity(amount: QuantityAmount(rounded), format: format), !inexact)
    }
}
