extension YAMLScalar {
    /// What the scalar means under the YAML 1.2 core schema.
    ///
    /// - Plain scalars resolve by their text: `~`, `null`, `Null`, `NULL` and the empty scalar are null;
    ///   `true`/`True`/`TRUE`/`false`/`False`/`FALSE` are booleans; decimal integers with an optional sign,
    ///   `0o` octal and `0x` hexadecimal are `.int` (or `.float(text)` when too large for 64 bits); decimals
    ///   with a `.` or an exponent, `.inf`, `-.inf` and `.nan` are `.float(text)`; everything else is a string.
    /// - Quoted, literal and folded scalars are strings.
    /// - An explicit `!!str`, `!!int`, `!!float`, `!!bool` or `!!null` tag (`tag:yaml.org,2002:…` as libyaml
    ///   reports it) decides instead of the style. A tagged text that is not a valid value of its tag (`!!int abc`)
    ///   resolves as `.string`, so that a schema check reports "expected a number, found a string". The
    ///   non-specific tag `!` makes a string; other tags resolve as if absent.
    ///
    /// Cheap enough to run for every scalar of a large file: the first byte rules out most strings before
    /// anything else is looked at, and nothing is allocated unless the result is a float.
    public var kind: ScalarKind {
        if let tag, let tagged = resolve(taggedAs: tag) {
            return tagged
        }
        guard style == .plain else { return .string }
        return plainKind
    }

    /// The kind the text would have as an untagged plain scalar.
    var plainKind: ScalarKind {
        withUTF8Bytes { CoreSchema.resolvePlain($0, text: value) }
    }

    /// The kind an explicit tag forces, or nil when the tag is not one of the core schema's.
    private func resolve(taggedAs tag: String) -> ScalarKind? {
        if tag == "!" { return .string }
        let suffix: Substring
        if tag.hasPrefix(CoreSchema.tagPrefix) {
            suffix = tag.dropFirst(CoreSchema.tagPrefix.count)
        } else if tag.hasPrefix("!!") {
            suffix = tag.dropFirst(2)
        } else {
            return nil
        }
        switch suffix {
        case "str":
            return .string
        case "null":
            return plainKind == .null ? .null : .string
        case "bool":
            let plain = plainKind
            if case .bool = plain { return plain }
            return .string
        case "int":
            return withUTF8Bytes { CoreSchema.resolveInteger($0, text: value) } ?? .string
        case "float":
            switch plainKind {
            case .int, .float: return .float(value)
            default: return .string
            }
        default:
            return nil
        }
    }

    private func withUTF8Bytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let result = value.utf8.withContiguousStorageIfAvailable(body) {
            return result
        }
        return Array(value.utf8).withUnsafeBufferPointer(body)
    }
}

/// The YAML 1.2 core schema's resolution of plain scalars, on raw UTF-8 bytes.
enum CoreSchema {
    static let tagPrefix = "tag:yaml.org,2002:"

    static func resolvePlain(_ bytes: UnsafeBufferPointer<UInt8>, text: String) -> ScalarKind {
        guard let first = bytes.first else { return .null }
        switch first {
        case UInt8(ascii: "~"):
            return bytes.count == 1 ? .null : .string
        case UInt8(ascii: "n"), UInt8(ascii: "N"):
            return isOneOf(bytes, "null", "Null", "NULL") ? .null : .string
        case UInt8(ascii: "t"), UInt8(ascii: "T"):
            return isOneOf(bytes, "true", "True", "TRUE") ? .bool(true) : .string
        case UInt8(ascii: "f"), UInt8(ascii: "F"):
            return isOneOf(bytes, "false", "False", "FALSE") ? .bool(false) : .string
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."):
            return resolveNumber(bytes, text: text)
        default:
            return .string
        }
    }

    /// The integer forms of the core schema: `[-+]?[0-9]+`, `0o[0-7]+`, `0x[0-9a-fA-F]+`. Returns `.int`, or
    /// `.float(text)` when the value does not fit 64 bits; nil when the text is not written as an integer.
    static func resolveInteger(_ b: UnsafeBufferPointer<UInt8>, text: String) -> ScalarKind? {
        let count = b.count
        guard count > 0 else { return nil }
        // 0o17 and 0x1F take no sign in the core schema.
        if count > 2, b[0] == UInt8(ascii: "0") {
            if b[1] == UInt8(ascii: "o") {
                return integer(b, from: 2, radix: 8, negative: false, text: text)
            }
            if b[1] == UInt8(ascii: "x") {
                return integer(b, from: 2, radix: 16, negative: false, text: text)
            }
        }
        let signed = b[0] == UInt8(ascii: "+") || b[0] == UInt8(ascii: "-")
        let start = signed ? 1 : 0
        guard start < count else { return nil }
        return integer(b, from: start, radix: 10, negative: b[0] == UInt8(ascii: "-"), text: text)
    }

    private static func resolveNumber(_ b: UnsafeBufferPointer<UInt8>, text: String) -> ScalarKind {
        if let integer = resolveInteger(b, text: text) { return integer }
        let count = b.count
        var index = 0
        if b[0] == UInt8(ascii: "+") || b[0] == UInt8(ascii: "-") { index = 1 }
        guard index < count else { return .string }
        if b[index] == UInt8(ascii: ".") {
            let rest = UnsafeBufferPointer(rebasing: b[(index + 1)...])
            if isOneOf(rest, "inf", "Inf", "INF") { return .float(text) }
            if index == 0, isOneOf(rest, "nan", "NaN", "NAN") { return .float(text) }
        }
        let integerStart = index
        while index < count, isDecimalDigit(b[index]) { index += 1 }
        let integerDigits = index - integerStart
        // [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
        if b[index] == UInt8(ascii: ".") {
            index += 1
            let fractionStart = index
            while index < count, isDecimalDigit(b[index]) { index += 1 }
            if integerDigits == 0, index == fractionStart { return .string }
        } else if integerDigits == 0 {
            return .string
        }
        if index < count, b[index] == UInt8(ascii: "e") || b[index] == UInt8(ascii: "E") {
            index += 1
            if index < count, b[index] == UInt8(ascii: "+") || b[index] == UInt8(ascii: "-") { index += 1 }
            let exponentStart = index
            while index < count, isDecimalDigit(b[index]) { index += 1 }
            if index == exponentStart { return .string }
        }
        return index == count ? .float(text) : .string
    }

    /// Parses digits `b[start...]` in `radix`; nil when a byte is not a digit, `.float(text)` on overflow.
    private static func integer(
        _ b: UnsafeBufferPointer<UInt8>,
        from start: Int,
        radix: UInt64,
        negative: Bool,
        text: String
    ) -> ScalarKind? {
        var magnitude: UInt64 = 0
        var overflow = false
        for index in start..<b.count {
            guard let digit = digitValue(b[index], radix: radix) else { return nil }
            if overflow { continue }
            let (shifted, o1) = magnitude.multipliedReportingOverflow(by: radix)
            let (sum, o2) = shifted.addingReportingOverflow(digit)
            if o1 || o2 { overflow = true } else { magnitude = sum }
        }
        if overflow { return .float(text) }
        if negative {
            if magnitude <= UInt64(Int64.max) { return .int(-Int64(magnitude)) }
            if magnitude == UInt64(Int64.max) + 1 { return .int(Int64.min) }
            return .float(text)
        }
        return magnitude <= UInt64(Int64.max) ? .int(Int64(magnitude)) : .float(text)
    }

    private static func digitValue(_ byte: UInt8, radix: UInt64) -> UInt64? {
        let value: UInt64
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): value = UInt64(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): value = UInt64(byte - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): value = UInt64(byte - UInt8(ascii: "A")) + 10
        default: return nil
        }
        return value < radix ? value : nil
    }

    static func isDecimalDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private static func isOneOf(
        _ bytes: UnsafeBufferPointer<UInt8>,
        _ a: StaticString,
        _ b: StaticString,
        _ c: StaticString
    ) -> Bool {
        equals(bytes, a) || equals(bytes, b) || equals(bytes, c)
    }

    private static func equals(_ bytes: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
        guard bytes.count == word.utf8CodeUnitCount else { return false }
        let pointer = word.utf8Start
        for index in 0..<bytes.count where bytes[index] != pointer[index] {
            return false
        }
        return true
    }
}
