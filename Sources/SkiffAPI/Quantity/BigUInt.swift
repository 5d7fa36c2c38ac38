/// An arbitrary-precision unsigned integer, just large enough for `Quantity`'s rare slow path.
///
/// Kubernetes backs quantities that leave the 64-bit range with `inf.Dec` (a `big.Int` mantissa), so a decimal
/// quantity such as `18446744073709551616` or the sum of two `8Ei` keeps its exact value. Skiff needs only the
/// handful of operations below, so it carries this small implementation instead of a dependency.
/// Limbs are 32-bit, least significant first, with no most-significant zero limbs (zero is the empty array).
struct BigUInt: Sendable, Hashable {
    private(set) var limbs: [UInt32]

    init() {
        limbs = []
    }

    init(_ value: UInt64) {
        limbs = []
        if value != 0 {
            limbs.append(UInt32(truncatingIfNeeded: value))
            let high = UInt32(truncatingIfNeeded: value >> 32)
            if high != 0 {
                limbs.append(high)
            }
        }
    }

    /// Parses a run of ASCII decimal digits; the caller has checked that every byte is a digit.
    init(decimalDigits digits: some Collection<UInt8>) {
        self.init()
        var chunk: UInt32 = 0
        var chunkLength = 0
        for digit in digits {
            chunk = chunk * 10 + UInt32(digit &- UInt8(ascii: "0"))
            chunkLength += 1
            if chunkLength == 9 {
                multiply(by: 1_000_000_000, adding: chunk)
                chunk = 0
                chunkLength = 0
            }
        }
        if chunkLength > 0 {
            multiply(by: BigUInt.smallPowersOfTen[chunkLength], adding: chunk)
        }
    }

    /// 10^0 ... 10^9, each fitting one limb.
    static let smallPowersOfTen: [UInt32] = [
        1, 10, 100, 1000, 10000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000,
    ]

    var isZero: Bool { limbs.isEmpty }

    /// The value, when it fits 64 bits.
    var uint64Value: UInt64? {
        switch limbs.count {
        case 0: return 0
        case 1: return UInt64(limbs[0])
        case 2: return UInt64(limbs[1]) << 32 | UInt64(limbs[0])
        default: return nil
        }
    }

    /// The number of significant bits (0 for zero).
    var bitWidth: Int {
        guard let top = limbs.last else { return 0 }
        return (limbs.count - 1) * 32 + (32 - top.leadingZeroBitCount)
    }

    private mutating func trimLeadingZeroLimbs() {
        while let top = limbs.last, top == 0 {
            limbs.removeLast()
        }
    }

    /// Three-way comparison: -1, 0 or 1.
    static func compare(_ lhs: BigUInt, _ rhs: BigUInt) -> Int {
        if lhs.limbs.count != rhs.limbs.count {
            return lhs.limbs.count < rhs.limbs.count ? -1 : 1
        }
        var index = lhs.limbs.count - 1
        while index >= 0 {
            let left = lhs.limbs[index]
            let right = rhs.limbs[index]
            if left != right {
                return left < right ? -1 : 1
            }
            index -= 1
        }
        return 0
    }

    /// self = self * factor + addend.
    mutating func multiply(by factor: UInt32, adding addend: UInt32 = 0) {
        var carry = UInt64(addend)
        for index in limbs.indices {
            let product = UInt64(limbs[index]) * UInt64(factor) + carry
            limbs[index] = UInt32(truncatingIfNeeded: product)
            carry = product >> 32
        }
        if carry != 0 {
            limbs.append(UInt32(truncatingIfNeeded: carry))
        }
        trimLeadingZeroLimbs()
    }

    /// Divides in place and returns the remainder.
    @discardableResult
    mutating func divide(by divisor: UInt32) -> UInt32 {
        var remainder: UInt64 = 0
        var index = limbs.count - 1
        while index >= 0 {
            let current = remainder << 32 | UInt64(limbs[index])
            limbs[index] = UInt32(truncatingIfNeeded: current / UInt64(divisor))
            remainder = current % UInt64(divisor)
            index -= 1
        }
        trimLeadingZeroLimbs()
        return UInt32(truncatingIfNeeded: remainder)
    }

    /// The remainder of a division, without changing the value.
    func remainder(dividingBy divisor: UInt32) -> UInt32 {
        var remainder: UInt64 = 0
        var index = limbs.count - 1
        while index >= 0 {
            remainder = (remainder << 32 | UInt64(limbs[index])) % UInt64(divisor)
            index -= 1
        }
        return UInt32(truncatingIfNeeded: remainder)
    }

    static func + (lhs: BigUInt, rhs: BigUInt) -> BigUInt {
        let (long, short) = lhs.limbs.count >= rhs.limbs.count ? (lhs, rhs) : (rhs, lhs)
        var result = long
        var carry: UInt64 = 0
        for index in result.limbs.indices {
            let sum = UInt64(result.limbs[index]) + (index < short.limbs.count ? UInt64(short.limbs[index]) : 0) + carry
            result.limbs[index] = UInt32(truncatingIfNeeded: sum)
            carry = sum >> 32
            if carry == 0 && index >= short.limbs.count {
                break
            }
        }
        if carry != 0 {
            result.limbs.append(UInt32(truncatingIfNeeded: carry))
        }
        return result
    }

    /// lhs - rhs; the caller guarantees lhs >= rhs.
    static func - (lhs: BigUInt, rhs: BigUInt) -> BigUInt {
        var result = lhs
        var borrow: Int64 = 0
        for index in result.limbs.indices {
            var difference = Int64(result.limbs[index]) - (index < rhs.limbs.count ? Int64(rhs.limbs[index]) : 0)
            difference -= borrow
            if difference < 0 {
                difference += 1 << 32
                borrow = 1
            } else {
                borrow = 0
            }
            result.limbs[index] = UInt32(truncatingIfNeeded: difference)
            if borrow == 0 && index >= rhs.limbs.count {
                break
            }
        }
        result.trimLeadingZeroLimbs()
        return result
    }

    static func * (lhs: BigUInt, rhs: BigUInt) -> BigUInt {
        if lhs.isZero || rhs.isZero {
            return BigUInt()
        }
        var product = [UInt32](repeating: 0, count: lhs.limbs.count + rhs.limbs.count)
        for (i, left) in lhs.limbs.enumerated() {
            var carry: UInt64 = 0
            for (j, right) in rhs.limbs.enumerated() {
                let current = UInt64(left) * UInt64(right) + UInt64(product[i + j]) + carry
                product[i + j] = UInt32(truncatingIfNeeded: current)
                carry = current >> 32
            }
            product[i + rhs.limbs.count] = UInt32(truncatingIfNeeded: carry)
        }
        var result = BigUInt()
        result.limbs = product
        result.trimLeadingZeroLimbs()
        return result
    }

    /// self * 10^count.
    func multipliedByPowerOfTen(_ count: Int) -> BigUInt {
        var result = self
        if result.isZero {
            return result
        }
        var remaining = count
        while remaining >= 9 {
            result.multiply(by: 1_000_000_000)
            remaining -= 9
        }
        if remaining > 0 {
            result.multiply(by: BigUInt.smallPowersOfTen[remaining])
        }
        return result
    }

    /// Removes every factor of ten and returns how many there were.
    mutating func removeFactorsOfTen() -> Int {
        var count = 0
        while !isZero && remainder(dividingBy: 1_000_000_000) == 0 {
            divide(by: 1_000_000_000)
            count += 9
        }
        while !isZero && remainder(dividingBy: 10) == 0 {
            divide(by: 10)
            count += 1
        }
        return count
    }

    /// The base-10 digits, without sign or leading zeros ("0" for zero).
    var decimalString: String {
        if let small = uint64Value {
            return String(small)
        }
        var chunks: [UInt32] = []
        var rest = self
        while !rest.isZero {
            chunks.append(rest.divide(by: 1_000_000_000))
        }
        var text = String(chunks.removeLast())
        for chunk in chunks.reversed() {
            let digits = String(chunk)
            text += String(repeating: "0", count: 9 - digits.count) + digits
        }
        return text
    }
}
