extension Quantity {
    /// The largest decimal exponent a suffix may carry (`1e32767`).
    ///
    /// Kubernetes accepts any `int32` exponent (silently truncating larger ones), but then adding `1e2000000000`
    /// to `1` builds a two-billion-digit number. Skiff rejects such exponents with the suffix error instead, so a
    /// hostile manifest cannot stall the scheduler; no real quantity comes near the bound.
    public static let maximumExponent = 32767

    /// Parses Kubernetes' quantity syntax (`ParseQuantity`), with its errors for malformed text.
    public init(parsing text: some StringProtocol) throws(QuantityError) {
        var copy = String(text)
        let result = copy.withUTF8 { bytes in Quantity.parse(bytes) }
        switch result {
        case .success(let quantity): self = quantity
        case .failure(let error): throw error
        }
    }

    /// Parses `text`, or returns nil when it is not a quantity.
    public static func parse(_ text: some StringProtocol) -> Quantity? {
        try? Quantity(parsing: text)
    }

    private static let zeroDigit = UInt8(ascii: "0")

    @inline(__always)
    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    /// The pieces of a quantity's text, as Kubernetes' `parseQuantityString` splits it.
    private struct Pieces {
        var positive = true
        /// The integer digits after leading zeros were dropped.
        var integer: Range<Int> = 0..<0
        /// The digits after the decimal point.
        var fraction: Range<Int> = 0..<0
        var suffix: Range<Int> = 0..<0
        /// Whether the number part had a digit at all (`.` and `-.` do not); see `ParseQuantity`'s `inf.Dec` path.
        var hasDigits = true
    }

    private static func split(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<Pieces, QuantityError> {
        var pieces = Pieces()
        let end = bytes.count
        var position = 0
        if position < end {
            switch bytes[0] {
            case UInt8(ascii: "-"):
                pieces.positive = false
                position += 1
            case UInt8(ascii: "+"):
                position += 1
            default:
                break
            }
        }
        let afterSign = position
        while true {
            if position >= end {
                // Only zeros (or nothing) after the sign: Kubernetes returns zero straight away.
                return .success(pieces)
            }
            if bytes[position] != zeroDigit {
                break
            }
            position += 1
        }
        let integerStart = position
        while position < end && isDigit(bytes[position]) {
            position += 1
        }
        pieces.integer = integerStart..<position
        if position >= end {
            return .success(pieces)
        }
        if bytes[position] == UInt8(ascii: ".") {
            position += 1
            let fractionStart = position
            while position < end && isDigit(bytes[position]) {
                position += 1
            }
            pieces.fraction = fractionStart..<position
        }
        pieces.hasDigits = integerStart > afterSign || !pieces.integer.isEmpty || !pieces.fraction.isEmpty
        let suffixStart = position
        while position < end && isSuffixLetter(bytes[position]) {
            position += 1
        }
        if position < end && (bytes[position] == UInt8(ascii: "-") || bytes[position] == UInt8(ascii: "+")) {
            position += 1
        }
        while position < end && isDigit(bytes[position]) {
            position += 1
        }
        if position < end {
            return .failure(.formatWrong)
        }
        pieces.suffix = suffixStart..<end
        return .success(pieces)
    }

    @inline(__always)
    private static func isSuffixLetter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "i"), UInt8(ascii: "n"), UInt8(ascii: "u"),
            UInt8(ascii: "m"), UInt8(ascii: "k"), UInt8(ascii: "K"), UInt8(ascii: "M"), UInt8(ascii: "G"),
            UInt8(ascii: "T"), UInt8(ascii: "P"):
            return true
        default:
            return false
        }
    }

    /// A suffix's meaning: the value is multiplied by `base^exponent`.
    private struct SuffixMeaning {
        var binary: Bool
        var exponent: Int
        var format: Format
    }

    private static func interpret(_ suffix: UnsafeBufferPointer<UInt8>.SubSequence) -> SuffixMeaning? {
        switch suffix.count {
        case 0:
            return SuffixMeaning(binary: false, exponent: 0, format: .decimalSI)
        case 1:
            let exponent: Int
            switch suffix[suffix.startIndex] {
            case UInt8(ascii: "n"): exponent = -9
            case UInt8(ascii: "u"): exponent = -6
            case UInt8(ascii: "m"): exponent = -3
            case UInt8(ascii: "k"): exponent = 3
            case UInt8(ascii: "M"): exponent = 6
            case UInt8(ascii: "G"): exponent = 9
            case UInt8(ascii: "T"): exponent = 12
            case UInt8(ascii: "P"): exponent = 15
            case UInt8(ascii: "E"): exponent = 18
            default: return nil
            }
            return SuffixMeaning(binary: false, exponent: exponent, format: .decimalSI)
        default:
            let first = suffix[suffix.startIndex]
            if suffix.count == 2 && suffix[suffix.startIndex + 1] == UInt8(ascii: "i") {
                let exponent: Int
                switch first {
                case UInt8(ascii: "K"): exponent = 10
                case UInt8(ascii: "M"): exponent = 20
                case UInt8(ascii: "G"): exponent = 30
                case UInt8(ascii: "T"): exponent = 40
                case UInt8(ascii: "P"): exponent = 50
                case UInt8(ascii: "E"): exponent = 60
                default: return nil
                }
                return SuffixMeaning(binary: true, exponent: exponent, format: .binarySI)
            }
            guard first == UInt8(ascii: "e") || first == UInt8(ascii: "E") else { return nil }
            guard let exponent = parseExponent(suffix.dropFirst()) else { return nil }
            return SuffixMeaning(binary: false, exponent: exponent, format: .decimalExponent)
        }
    }

    /// Go's `strconv.ParseInt(s, 10, 64)` syntax (optional sign, at least one digit), bounded by `maximumExponent`.
    private static func parseExponent(_ text: UnsafeBufferPointer<UInt8>.SubSequence) -> Int? {
        var digits = text[...]
        var negative = false
        if let first = digits.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty else { return nil }
        var value = 0
        for digit in digits {
            guard isDigit(digit) else { return nil }
            value = value * 10 + Int(digit - zeroDigit)
            if value > maximumExponent {
                return nil
            }
        }
        return negative ? -value : value
    }

    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<Quantity, QuantityError> {
        if bytes.isEmpty {
            return .failure(.formatWrong)
        }
        let pieces: Pieces
        switch split(bytes) {
        case .success(let split): pieces = split
        case .failure(let error): return .failure(error)
        }
        guard let meaning = interpret(bytes[pieces.suffix]) else {
            return .failure(.suffix)
        }
        if !pieces.hasDigits && !meaning.binary && meaning.exponent < -9 {
            // Kubernetes takes its inf.Dec path here, which cannot read a number without digits.
            return .failure(.numeric)
        }
        // The significant digits: integer then fraction, leading zeros dropped.
        var digits: [UInt8] = []
        digits.reserveCapacity(pieces.integer.count + pieces.fraction.count)
        for index in pieces.integer {
            digits.append(bytes[index])
        }
        for index in pieces.fraction where !(digits.isEmpty && bytes[index] == zeroDigit) {
            digits.append(bytes[index])
        }
        if digits.isEmpty {
            return .success(Quantity(amount: .zero, format: meaning.format))
        }
        if meaning.binary {
            return .success(binaryQuantity(digits, fractionDigits: pieces.fraction.count, pieces, meaning))
        }
        return .success(decimalQuantity(digits, fractionDigits: pieces.fraction.count, pieces, meaning))
    }

    /// Rounds a non-zero magnitude away from zero to `exponent >= -9`, Kubernetes' nano precision.
    private static func roundToNano(_ magnitude: inout BigUInt, exponent: inout Int) {
        guard exponent < -9 else { return }
        var shift = -9 - exponent
        exponent = -9
        if shift >= magnitude.bitWidth {
            magnitude = BigUInt(1)
            return
        }
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
    }

    private static func decimalQuantity(
        _ digits: [UInt8],
        fractionDigits: Int,
        _ pieces: Pieces,
        _ meaning: SuffixMeaning
    ) -> Quantity {
        var exponent = meaning.exponent - fractionDigits
        if digits.count <= 18 {
            var magnitude: Int64 = 0
            for digit in digits {
                magnitude = magnitude * 10 + Int64(digit - zeroDigit)
            }
            if exponent < -9 {
                let shift = -9 - exponent
                exponent = -9
                if shift > 18 {
                    magnitude = 1
                } else {
                    let (quotient, remainder) = magnitude.quotientAndRemainder(
                        dividingBy: QuantityAmount.powersOfTen[shift]
                    )
                    magnitude = remainder == 0 ? quotient : quotient + 1
                }
            }
            let mantissa = pieces.positive ? magnitude : -magnitude
            return Quantity(amount: .small(mantissa: mantissa, exponent: Int32(exponent)), format: meaning.format)
        }
        var magnitude = BigUInt(decimalDigits: digits)
        roundToNano(&magnitude, exponent: &exponent)
        let value = BigDecimal(negative: !pieces.positive, magnitude: magnitude, exponent: exponent)
        return Quantity(amount: QuantityAmount(value), format: meaning.format)
    }

    private static func binaryQuantity(
        _ digits: [UInt8],
        fractionDigits: Int,
        _ pieces: Pieces,
        _ meaning: SuffixMeaning
    ) -> Quantity {
        let cap = QuantityAmount.small(mantissa: pieces.positive ? .max : -.max, exponent: 0)
        if fractionDigits == 0 && digits.count <= 18 {
            var magnitude: Int64 = 0
            for digit in digits {
                magnitude = magnitude * 10 + Int64(digit - zeroDigit)
            }
            // Parsing caps a binary quantity at 2^63-1 (`maxAllowed`).
            guard magnitude.leadingZeroBitCount > meaning.exponent else {
                return Quantity(amount: cap, format: .binarySI)
            }
            let value = magnitude << meaning.exponent
            return Quantity(amount: .small(mantissa: pieces.positive ? value : -value, exponent: 0), format: .binarySI)
        }
        var magnitude = BigUInt(decimalDigits: digits)
        for _ in 0..<(meaning.exponent / 10) {
            magnitude.multiply(by: 1024)
        }
        var exponent = -fractionDigits
        roundToNano(&magnitude, exponent: &exponent)
        let absolute = QuantityAmount(BigDecimal(negative: false, magnitude: magnitude, exponent: exponent))
        if QuantityAmount.compare(absolute, .small(mantissa: .max, exponent: 0)) > 0 {
            return Quantity(amount: cap, format: .binarySI)
        }
        // A binary quantity between 0 and 1 switches to DecimalSI, "to avoid rounding and confusion".
        let format: Format =
            QuantityAmount.compare(absolute, .small(mantissa: 1, exponent: 0)) < 0 ? .decimalSI : .binarySI
        let amount = pieces.positive ? absolute : -absolute
        return Quantity(amount: amount, format: format)
    }
}

extension Quantity: ExpressibleByStringLiteral {
    /// A quantity written in code, such as `let limit: Quantity = "500Mi"`; a malformed literal is a programming
    /// error and stops the program (Kubernetes' `MustParse`).
    public init(stringLiteral text: String) {
        do {
            try self.init(parsing: text)
        } catch {
            preconditionFailure("cannot parse '\(text)': \(error)")
        }
    }
}

extension Quantity: ExpressibleByIntegerLiteral {
    /// A whole number in DecimalSI, such as `let gpus: Quantity = 2`.
    public init(integerLiteral value: Int64) {
        self.init(value)
    }
}

extension Quantity: Codable {
    /// Decodes a quantity string (surrounding whitespace ignored, as Kubernetes' `UnmarshalJSON`) or an integer.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let whole = try? container.decode(Int64.self) {
            self.init(whole)
            return
        }
        let text = try container.decode(String.self)
        self = try Quantity(parsing: text.trimmingASCIIWhitespace())
    }

    /// Encodes the canonical string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(canonical)
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs, carriage returns and newlines.
    fileprivate func trimmingASCIIWhitespace() -> Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return self[first...last]
    }
}
