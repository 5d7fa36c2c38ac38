/// An exact signed decimal, `±magnitude × 10^exponent`, for the quantities that leave `Int64`.
///
/// Only `QuantityAmount` uses it, when a value or an intermediate result does not fit the 64-bit fast path.
struct BigDecimal: Sendable {
    /// True only for values below zero; zero is never negative.
    var negative: Bool
    var magnitude: BigUInt
    var exponent: Int

    init(negative: Bool, magnitude: BigUInt, exponent: Int) {
        self.negative = negative && !magnitude.isZero
        self.magnitude = magnitude
        self.exponent = exponent
    }

    init(_ mantissa: Int64, exponent: Int) {
        self.init(negative: mantissa < 0, magnitude: BigUInt(mantissa.magnitude), exponent: exponent)
    }

    var sign: Int {
        magnitude.isZero ? 0 : (negative ? -1 : 1)
    }

    /// Compares |lhs| with |rhs| without building the aligned form when the exponents are far apart.
    static func compareMagnitudes(_ lhs: BigDecimal, _ rhs: BigDecimal) -> Int {
        if lhs.magnitude.isZero || rhs.magnitude.isZero {
            return lhs.magnitude.isZero ? (rhs.magnitude.isZero ? 0 : -1) : 1
        }
        if lhs.exponent == rhs.exponent {
            return BigUInt.compare(lhs.magnitude, rhs.magnitude)
        }
        if lhs.exponent > rhs.exponent {
            let gap = lhs.exponent - rhs.exponent
            // lhs >= 10^gap >= 2^gap, and rhs < 2^bitWidth: no need to align.
            if gap >= rhs.magnitude.bitWidth {
                return 1
            }
            return BigUInt.compare(lhs.magnitude.multipliedByPowerOfTen(gap), rhs.magnitude)
        }
        return -compareMagnitudes(rhs, lhs)
    }

    static func compare(_ lhs: BigDecimal, _ rhs: BigDecimal) -> Int {
        let (leftSign, rightSign) = (lhs.sign, rhs.sign)
        if leftSign != rightSign {
            return leftSign < rightSign ? -1 : 1
        }
        if leftSign == 0 {
            return 0
        }
        let magnitudeOrder = compareMagnitudes(lhs, rhs)
        return leftSign > 0 ? magnitudeOrder : -magnitudeOrder
    }

    static func + (lhs: BigDecimal, rhs: BigDecimal) -> BigDecimal {
        if lhs.magnitude.isZero {
            return rhs
        }
        if rhs.magnitude.isZero {
            return lhs
        }
        let exponent = min(lhs.exponent, rhs.exponent)
        let left = lhs.magnitude.multipliedByPowerOfTen(lhs.exponent - exponent)
        let right = rhs.magnitude.multipliedByPowerOfTen(rhs.exponent - exponent)
        if lhs.negative == rhs.negative {
            return BigDecimal(negative: lhs.negative, magnitude: left + right, exponent: exponent)
        }
        switch BigUInt.compare(left, right) {
        case 0:
            return BigDecimal(negative: false, magnitude: BigUInt(), exponent: 0)
        case 1:
            return BigDecimal(negative: lhs.negative, magnitude: left - right, exponent: exponent)
        default:
            return BigDecimal(negative: rhs.negative, magnitude: right - left, exponent: exponent)
        }
    }

    static prefix func - (operand: BigDecimal) -> BigDecimal {
        BigDecimal(negative: !operand.negative, magnitude: operand.magnitude, exponent: operand.exponent)
    }

    static func * (lhs: BigDecimal, rhs: BigDecimal) -> BigDecimal {
        BigDecimal(
            negative: lhs.negative != rhs.negative,
            magnitude: lhs.magnitude * rhs.magnitude,
            exponent: lhs.exponent + rhs.exponent
        )
    }

    /// The same value with every trailing decimal zero moved into the exponent (zero has exponent 0).
    var normalized: BigDecimal {
        if magnitude.isZero {
            return BigDecimal(negative: false, magnitude: magnitude, exponent: 0)
        }
        var result = self
        result.exponent += result.magnitude.removeFactorsOfTen()
        return result
    }

    /// `ceil(|self| / 10^target)` rounded away from zero, with the sign, saturated to the `Int64` range.
    func scaledValue(exponent target: Int) -> Int64 {
        if magnitude.isZero {
            return 0
        }
        var quantity: BigUInt
        var inexact = false
        if exponent >= target {
            let shift = exponent - target
            // Anything non-zero times 10^19 is beyond Int64 already.
            if shift > 19 {
                return negative ? .min : .max
            }
            quantity = magnitude.multipliedByPowerOfTen(shift)
        } else {
            var shift = target - exponent
            if shift >= magnitude.bitWidth {
                return negative ? -1 : 1
            }
            quantity = magnitude
            while shift > 0 {
                let step = min(shift, 9)
                if quantity.divide(by: BigUInt.smallPowersOfTen[step]) != 0 {
                    inexact = true
                }
                shift -= step
            }
        }
        guard let bits = quantity.uint64Value else {
            return negative ? .min : .max
        }
        let rounded = inexact ? bits &+ 1 : bits
        if inexact && rounded == 0 {
            return negative ? .min : .max
        }
        if negative {
            return rounded > UInt64(Int64.max) + 1 ? .min : Int64(truncatingIfNeeded: 0 &- rounded)
        }
        return rounded > UInt64(Int64.max) ? .max : Int64(rounded)
    }
}
