extension ScalarStyle {
    /// The style that writes `text` so that any YAML reader reads it back as that same string.
    ///
    /// - Plain when libyaml's emitter would write it plain in block context and no reader would resolve it as
    ///   something else. "Any reader" includes YAML 1.1 readers such as the Go decoder behind kubectl, which also
    ///   take `yes`/`on`/`y`, `0777`, `1_000`, `12:30` and timestamps as non-strings; those are quoted too.
    /// - Literal block style for text with line breaks (`\n` only) that a block scalar can carry exactly.
    /// - Otherwise single quotes when they are enough (`'a: b'`, `'#x'`, `' padded '`), and double quotes for
    ///   the rest (non-string look-alikes such as `"1"`, `"true"`, `""`, and text that needs escapes).
    ///
    /// Mirrors libyaml's own analysis (`yaml_emitter_analyze_scalar`), so the emitter keeps the chosen style
    /// instead of silently replacing it.
    static func choice(forString text: String) -> ScalarStyle {
        if text.isEmpty { return .doubleQuoted }
        let analysis = ScalarAnalysis(text)
        if analysis.lineBreaks {
            return analysis.literalAllowed ? .literal : .doubleQuoted
        }
        if analysis.specialCharacters || ScalarAnalysis.readsAsNonString(text) { return .doubleQuoted }
        return analysis.plainAllowed ? .plain : .singleQuoted
    }
}

/// What libyaml's emitter finds in a scalar's text, reduced to what the style choice needs.
private struct ScalarAnalysis {
    /// Contains a line break of any kind (`\n`, `\r`, NEL, LS, PS).
    var lineBreaks = false
    /// Contains a character libyaml's emitter only writes escaped (tabs, controls, BOM, non-BMP).
    var specialCharacters = false
    /// Plain style is possible in block context.
    var plainAllowed = true
    /// Literal block style carries the text exactly.
    var literalAllowed = true

    init(_ text: String) {
        var previousSpace = false
        var previousBreak = false
        var precededByWhitespace = true
        var onlyLineFeeds = true
        if text.hasPrefix("---") || text.hasPrefix("...") {
            plainAllowed = false
        }
        // One pass with one scalar of lookahead, as libyaml's analysis does; no buffer is allocated.
        var scalars = text.unicodeScalars.makeIterator()
        var current = scalars.next()
        var isFirst = true
        while let scalar = current {
            let next = scalars.next()
            let isLast = next == nil
            let followedByWhitespace = next.map(Self.isBlank) ?? true
            if isFirst {
                if Self.leadingIndicators.contains(scalar) { plainAllowed = false }
                if (scalar == "?" || scalar == ":" || scalar == "-") && followedByWhitespace { plainAllowed = false }
            } else {
                if scalar == ":" && followedByWhitespace { plainAllowed = false }
                if scalar == "#" && precededByWhitespace { plainAllowed = false }
            }
            if !Self.isPrintable(scalar) {
                specialCharacters = true
            }
            if Self.isBreak(scalar) {
                lineBreaks = true
                if scalar != "\n" { onlyLineFeeds = false }
                if isFirst || isLast { plainAllowed = false }
                if previousSpace {
                    // A space before a break is lost by every style but double quotes.
                    literalAllowed = false
                }
                previousSpace = false
                previousBreak = true
            } else if scalar == " " {
                if isFirst { plainAllowed = false }
                if isLast {
                    plainAllowed = false
                    literalAllowed = false
                }
                if previousBreak { plainAllowed = false }
                previousSpace = true
                previousBreak = false
            } else {
                previousSpace = false
                previousBreak = false
            }
            precededByWhitespace = Self.isBlank(scalar)
            current = next
            isFirst = false
        }
        if lineBreaks { plainAllowed = false }
        if specialCharacters {
            plainAllowed = false
            literalAllowed = false
        }
        if !onlyLineFeeds {
            // libyaml would write `\r` and friends into the block raw; a reader normalises them to `\n`.
            literalAllowed = false
        }
    }

    /// Characters that cannot start a plain scalar.
    private static let leadingIndicators: Set<Unicode.Scalar> = [
        "#", ",", "[", "]", "{", "}", "&", "*", "!", "|", ">", "'", "\"", "%", "@", "`",
    ]

    /// libyaml's IS_PRINTABLE: what its emitter writes unescaped. It leaves out tabs and characters
    /// outside the Basic Multilingual Plane.
    private static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A, 0x20...0x7E, 0xA0...0xD7FF: true
        case 0xE000...0xFFFD: scalar.value != 0xFEFF
        default: false
        }
    }

    private static func isBreak(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A, 0x0D, 0x85, 0x2028, 0x2029: true
        default: false
        }
    }

    private static func isBlank(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || isBreak(scalar)
    }

    /// True when a YAML 1.2 core-schema reader, or a YAML 1.1 reader, would take the plain text as something
    /// other than a string (null, boolean, number, timestamp, merge key).
    static func readsAsNonString(_ text: String) -> Bool {
        if YAMLScalar(text).plainKind != .string { return true }
        if text.utf8.count <= 3 {
            switch text {
            case "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
                "on", "On", "ON", "off", "Off", "OFF", "<<", "=":
                return true
            default:
                break
            }
        }
        guard let first = text.utf8.first else { return true }
        guard CoreSchema.isDecimalDigit(first) || first == UInt8(ascii: "+") || first == UInt8(ascii: "-")
            || first == UInt8(ascii: ".")
        else { return false }
        let utf8 = Array(text.utf8)
        let startsLikeNumber: Bool
        if CoreSchema.isDecimalDigit(first) {
            startsLikeNumber = true
        } else if first == UInt8(ascii: "+") || first == UInt8(ascii: "-") || first == UInt8(ascii: ".") {
            startsLikeNumber = utf8.count > 1 && (CoreSchema.isDecimalDigit(utf8[1]) || utf8[1] == UInt8(ascii: "."))
        } else {
            startsLikeNumber = false
        }
        guard startsLikeNumber, utf8.contains(where: CoreSchema.isDecimalDigit) else { return false }
        // YAML 1.1 numbers: 0b1010, 0777, 1_000, 190:20:30, 0x_1F, 1.5e+3 and the like.
        if utf8.allSatisfy({ "0123456789abcdefABCDEFxXoObB_.:+-".utf8.contains($0) }) { return true }
        // YAML 1.1 timestamps start with a date: 2001-12-14, 2001-12-14t21:59:43.10-05:00.
        return isDatePrefix(utf8)
    }

    private static func isDatePrefix(_ utf8: [UInt8]) -> Bool {
        var index = 0
        func digits(_ range: ClosedRange<Int>) -> Bool {
            let start = index
            while index < utf8.count, CoreSchema.isDecimalDigit(utf8[index]) { index += 1 }
            return range.contains(index - start)
        }
        func dash() -> Bool {
            guard index < utf8.count, utf8[index] == UInt8(ascii: "-") else { return false }
            index += 1
            return true
        }
        return digits(4...4) && dash() && digits(1...2) && dash() && digits(1...2)
    }
}
