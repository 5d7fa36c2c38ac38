/// The exact value of a `Quantity`: `mantissa × 10^exponent`.
///
/// Almost every quantity in practice (`100m`, `2Gi`, `1.5`) fits the `small` case, which is two machine words,
/// trivially copyable and handled with checked 64-bit arithmetic. A result that overflows moves to `big`, the way
/// Kubernetes moves from `int64Amount` to `inf.Dec`, so no value is ever approximated.
/// Invariant: a `big` value never fits `small` (see `init(_:)`), which keeps `hash(into:)` simple.
enum QuantityAmount: Sendable {
    case small(mantissa: Int64, exponent: Int32)
    case big(BigDecimal)

    static let zero = QuantityAmount.small(mantissa: 0, exponent: 0)

    /// 10^0 ... 10^18, all the powers of ten that fit `Int64`.
    static let powersOfTen: [Int64] = {
        var table: [Int64] = [1]
        for _ in 1...18 {
            table.append(table[table.count - 1] * 10)
        }
        return table
    }()

    /// Chooses the small form whenever the value fits it.
    init(_ decimal: BigDecimal) {
        if let bits = decimal.magnitude.uint64Value, let exponent = Int32(exactly: decimal.exponent) {
            if !decimal.negative && bits <= UInt64(Int64.max) {
                self = .small(mantissa: Int64(bits), exponent: bits == 0 ? 0 : exponent)
                return
            }
            if decimal.negative && bits <= UInt64(Int64.max) + 1 {
                self = .small(mantissa: Int64(truncatingIfNeeded: 0 &- bits), exponent: exponent)
                return
            }
        }
        self = .big(decimal)
    }

    var decimal: BigDecimal {
        switch self {
        case .small(let mantissa, let exponent): BigDecimal(mantissa, exponent: Int(exponent))
        case .big(let value): value
        }
    }

    var sign: Int {
        switch self {
        case .small(let mantissa, _): Int(mantissa.signum())
        case .big(let value): value.sign
        }
    }

    /// mantissa × 10^shift when it fits `Int64`.
    @inline(__always)
    static func shifted(_ mantissa: Int64, by shift: Int) -> Int64? {
        guard shift <= 18 else { return nil }
        let (product, overflow) = mantissa.multipliedReportingOverflow(by: powersOfTen[shift])
        return overflow ? nil : product
    }

    static func compare(_ lhs: QuantityAmount, _ rhs: QuantityAmount) -> Int {
        guard case .small(let left, let leftExponent) = lhs, case .small(let right, let rightExponent) = rhs else {
            return BigDecimal.compare(lhs.decimal, rhs.decimal)
        }
        if leftExponent == rightExponent {
            return left == right ? 0 : (left < right ? -1 : 1)
        }
        let (leftSign, rightSign) = (Int(left.signum()), Int(right.signum()))
        if leftSign != rightSign {
            return leftSign < rightSign ? -1 : 1
        }
        if leftSign == 0 {
            return 0
        }
        // Same sign, both non-zero: align the one with the larger exponent. If that overflows, its magnitude
        // exceeds Int64's, so it is the larger one in magnitude.
        if leftExponent > rightExponent {
            guard let aligned = shifted(left, by: Int(leftExponent) - Int(rightExponent)) else {
                return leftSign
            }
            return aligned == right ? 0 : (aligned < right ? -1 : 1)
        }
        guard let aligned = shifted(right, by: Int(rightExponent) - Int(leftExponent)) else {
            return -leftSign
        }
        return left == aligned ? 0 : (left < aligned ? -1 : 1)
    }

    static func + (lhs: QuantityAmount, rhs: QuantityAmount) -> QuantityAmount {
        if case .small(let left, let leftExponent) = lhs, case .small(let right, let rightExponent) = rhs {
            if right == 0 {
                return lhs
            }
            if left == 0 {
                return rhs
            }
            if leftExponent == rightExponent {
                let (sum, overflow) = left.addingReportingOverflow(right)
                if !overflow {
                    return .small(mantissa: sum, exponent: leftExponent)
                }
            } else if leftExponent > rightExponent {
                if let aligned = shifted(left, by: Int(leftExponent) - Int(rightExponent)) {
                    let (sum, overflow) = aligned.addingReportingOverflow(right)
                    if !overflow {
                        return .small(mantissa: sum, exponent: rightExponent)
                    }
                }
            } else if let aligned = shifted(right, by: Int(rightExponent) - Int(leftExponent)) {
                let (sum, overflow) = left.addingReportingOverflow(aligned)
                if !overflow {
                    return .small(mantissa: sum, exponent: leftExponent)
                }
            }
        }
        return QuantityAmount(lhs.decimal + rhs.decimal)
    }

    static prefix func - (operand: QuantityAmount) -> QuantityAmount {
        if case .small(let mantissa, let exponent) = operand, mantissa != .min {
            return .small(mantissa: -mantissa, exponent: exponent)
        }
        return QuantityAmount(-operand.decimal)
    }

    static func * (lhs: QuantityAmount, factor: Int64) -> QuantityAmount {
        if case .small(let mantissa, let exponent) = lhs {
            let (product, overflow) = mantissa.multipliedReportingOverflow(by: factor)
            if !overflow {
                return .small(mantissa: product, exponent: product == 0 ? 0 : exponent)
            }
        }
        return QuantityAmount(lhs.decimal * BigDecimal(factor, exponent: 0))
    }

    /// `value / 10^target`, rounded away from zero and saturated to the `Int64` range.
    func scaledValue(exponent target: Int) -> Int64 {
        guard case .small(let mantissa, let exponent) = self else {
            return decimal.scaledValue(exponent: target)
        }
        let shift = Int(exponent) - target
        if shift == 0 || mantissa == 0 {
            return mantissa
        }
        if shift > 0 {
            if let product = QuantityAmount.shifted(mantissa, by: shift) {
                return product
            }
            return mantissa < 0 ? .min : .max
        }
        // Every non-zero Int64 is below 10^19 in magnitude.
        if -shift > 18 {
            return mantissa < 0 ? -1 : 1
        }
        let divisor = QuantityAmount.powersOfTen[-shift]
        let (quotient, remainder) = mantissa.quotientAndRemainder(dividingBy: divisor)
        if remainder == 0 {
            return quotient
        }
        return mantissa < 0 ? quotient - 1 : quotient + 1
    }

    /// Whether the value has no fractional part.
    var isInteger: Bool {
        switch self {
        case .small(let mantissa, let exponent):
            if exponent >= 0 || mantissa == 0 {
                return true
            }
            if exponent < -18 {
                // Only a multiple of 10^19 would do, and no non-zero Int64 is one.
                return false
            }
            return mantissa % QuantityAmount.powersOfTen[Int(-exponent)] == 0
        case .big(let value):
            let normalized = value.normalized
            return normalized.exponent >= 0 || normalized.magnitude.isZero
        }
    }

    /// Hashes the value, not the representation: `1` and `1000m` hash alike, as they compare equal.
    func hash(into hasher: inout Hasher) {
        switch self {
        case .small(var mantissa, var exponent):
            if mantissa == 0 {
                exponent = 0
            } else {
                while mantissa % 10 == 0 {
                    mantissa /= 10
                    exponent &+= 1
                }
            }
            hasher.combine(mantissa < 0)
            hasher.combine(Int(exponent))
            hasher.combine(mantissa.magnitude)
        case .big(let value):
            let normalized = value.normalized
            hasher.combine(normalized.negative)
            hasher.combine(normalized.exponent)
            if let bits = normalized.magnitude.uint64Value {
                hasher.combine(bits)
            } else {
                hasher.combine(normalized.magnitude.limbs)
            }
        }
    }
}
