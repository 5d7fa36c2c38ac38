/// Why a label or field selector could not be parsed or built, worded exactly as Kubernetes words it
/// (`unable to parse requirement: <nil>: Invalid value: "-a": name part must consist of ...`).
public struct SelectorError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Kubernetes' message, word for word.
    public let message: String

    /// Wraps a message.
    public init(_ message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}

/// Renders values the way Go's `fmt` does in the Kubernetes messages selectors reproduce.
enum GoFormat {
    /// Go's `%q` for a string: double-quoted, with `"` and `\` and control characters escaped.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            case "\u{07}": result += "\\a"
            case "\u{08}": result += "\\b"
            case "\u{0C}": result += "\\f"
            case "\u{0B}": result += "\\v"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    result += "\\x" + String(repeating: "0", count: 2 - hex.count) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }

    /// Go's `%#v` for a `[]string`; an empty list prints as the nil slice `LabelSelectorAsSelector` passes.
    static func stringSlice(_ values: [String]) -> String {
        if values.isEmpty {
            return "[]string(nil)"
        }
        return "[]string{" + values.map(quoted).joined(separator: ", ") + "}"
    }

    /// A `field.Invalid` error's text: `path: Invalid value: value: detail`.
    static func invalid(path: String, value: String, detail: String) -> String {
        path + ": Invalid value: " + value + ": " + detail
    }

    /// `utilerrors.NewAggregate(...).Error()`: one message alone, several de-duplicated in brackets.
    static func aggregate(_ messages: [String]) -> String {
        var seen = Set<String>()
        let unique = messages.filter { seen.insert($0).inserted }
        return unique.count == 1 ? unique[0] : "[" + unique.joined(separator: ", ") + "]"
    }
}
