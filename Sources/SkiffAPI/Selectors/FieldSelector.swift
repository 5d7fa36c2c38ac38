/// A parsed field selector (Kubernetes' `fields.Selector`): a conjunction of `field=value` and `field!=value`
/// terms, such as `spec.nodeName=node-1,status.phase!=Succeeded`.
///
/// Matching asks a caller-supplied lookup for each field's value, so each object kind decides which fields it
/// offers; a field the lookup does not know reads as the empty string, as in Kubernetes.
public struct FieldSelector: Sendable, Hashable, CustomStringConvertible {
    /// How a term relates a field to its value (`==` parses to `equals`, as in Kubernetes).
    public enum Operator: String, Sendable, Hashable, CaseIterable {
        /// `field=value` or `field==value`.
        case equals = "="
        /// `field!=value`.
        case notEquals = "!="
    }

    /// One term (Kubernetes' `fields.Requirement`).
    public struct Requirement: Sendable, Hashable, CustomStringConvertible {
        /// The field path, such as `metadata.name` or `spec.nodeName`.
        public var field: String
        /// How the field relates to `value`.
        public var `operator`: Operator
        /// The value, unescaped.
        public var value: String

        /// A term.
        public init(field: String, operator: Operator, value: String) {
            self.field = field
            self.operator = `operator`
            self.value = value
        }

        /// Whether the object's value of the field (empty when unknown) satisfies the term.
        public func matches(_ lookup: (String) -> String?) -> Bool {
            let actual = lookup(field) ?? ""
            return `operator` == .equals ? actual == value : actual != value
        }

        /// `field=value` or `field!=value`, the value escaped.
        public var description: String {
            field + `operator`.rawValue + FieldSelector.escapeValue(value)
        }
    }

    /// The terms, all of which must hold, in the order Kubernetes keeps them (parsed terms sorted by their text).
    public let requirements: [Requirement]

    /// A selector requiring all of `requirements`, in the given order.
    public init(requirements: [Requirement]) {
        self.requirements = requirements
    }

    /// The selector matching exactly these field values (Kubernetes' `SelectorFromSet`), terms sorted by field.
    public init(matching fields: [String: String]) {
        let sorted = fields.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        self.init(requirements: sorted.map { Requirement(field: $0.key, operator: .equals, value: $0.value) })
    }

    /// Matches everything (Kubernetes' `fields.Everything()`).
    public static let everything = FieldSelector(requirements: [])

    /// Whether the selector does not restrict anything.
    public var isEmpty: Bool { requirements.isEmpty }

    /// Whether an object satisfies every term; `lookup` returns a field's value, or nil for an unknown field.
    public func matches(_ lookup: (String) -> String?) -> Bool {
        requirements.allSatisfy { $0.matches(lookup) }
    }

    /// Whether a set of field values satisfies every term.
    public func matches(_ fields: [String: String]) -> Bool {
        matches { fields[$0] }
    }

    /// The value a matching object must have for `field` when a `=` term pins it (Kubernetes'
    /// `RequiresExactMatch`), so a store can answer from an index.
    public func exactMatchValue(for field: String) -> String? {
        requirements.first { $0.field == field && $0.operator == .equals }?.value
    }

    /// The selector in Kubernetes' syntax, terms joined by `,`.
    public var description: String {
        requirements.map(\.description).joined(separator: ",")
    }

    // MARK: Parsing

    /// Parses Kubernetes' field selector syntax (`fields.ParseSelector`): comma-separated `field=value`,
    /// `field==value` or `field!=value`, where a value escapes `\`, `,` and `=` with a backslash.
    public init(parsing text: String) throws(SelectorError) {
        var terms = FieldSelector.splitTerms(text)
        terms.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        var requirements: [Requirement] = []
        for term in terms where !term.isEmpty {
            guard let (field, op, rawValue) = FieldSelector.splitTerm(term) else {
                throw SelectorError("invalid selector: '\(text)'; can't understand '\(term)'")
            }
            requirements.append(
                Requirement(field: field, operator: op, value: try FieldSelector.unescapeValue(rawValue))
            )
        }
        self.init(requirements: requirements)
    }

    /// Splits on commas not escaped by a backslash, keeping the backslashes.
    private static func splitTerms(_ text: String) -> [String] {
        if text.isEmpty {
            return []
        }
        var terms: [String] = []
        let bytes = Array(text.utf8)
        var start = 0
        var escaped = false
        for (index, byte) in bytes.enumerated() {
            if escaped {
                escaped = false
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
            } else if byte == UInt8(ascii: ",") {
                terms.append(String(decoding: bytes[start..<index], as: UTF8.self))
                start = index + 1
            }
        }
        terms.append(String(decoding: bytes[start...], as: UTF8.self))
        return terms
    }

    /// Splits a term at its first operator (`!=`, then `==`, then `=` at each position); the field is not
    /// unescaped, the value is returned raw.
    private static func splitTerm(_ term: String) -> (String, Operator, String)? {
        let bytes = Array(term.utf8)
        for index in bytes.indices {
            let first = bytes[index]
            let second: UInt8? = index + 1 < bytes.count ? bytes[index + 1] : nil
            let field = String(decoding: bytes[..<index], as: UTF8.self)
            if first == UInt8(ascii: "!") && second == UInt8(ascii: "=") {
                return (field, .notEquals, String(decoding: bytes[(index + 2)...], as: UTF8.self))
            }
            if first == UInt8(ascii: "=") && second == UInt8(ascii: "=") {
                return (field, .equals, String(decoding: bytes[(index + 2)...], as: UTF8.self))
            }
            if first == UInt8(ascii: "=") {
                return (field, .equals, String(decoding: bytes[(index + 1)...], as: UTF8.self))
            }
        }
        return nil
    }

    /// Escapes `\`, `,` and `=` with a backslash so a value can be written in a selector (Kubernetes'
    /// `EscapeValue`).
    public static func escapeValue(_ value: String) -> String {
        guard
            value.utf8.contains(where: {
                $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "=")
            })
        else {
            return value
        }
        var result = ""
        for character in value.unicodeScalars {
            if character == "\\" || character == "," || character == "=" {
                result += "\\"
            }
            result.unicodeScalars.append(character)
        }
        return result
    }

    /// Undoes `escapeValue`, rejecting other escapes and unescaped `,` or `=` with Kubernetes' messages
    /// (`UnescapeValue`; note that Go prints the offending character as its code, e.g. 61 for `=`).
    public static func unescapeValue(_ text: String) throws(SelectorError) -> String {
        var result = ""
        var escaped = false
        for scalar in text.unicodeScalars {
            if escaped {
                guard scalar == "\\" || scalar == "," || scalar == "=" else {
                    throw SelectorError("invalid field selector: invalid escape sequence: \\" + String(scalar))
                }
                result.unicodeScalars.append(scalar)
                escaped = false
                continue
            }
            switch scalar {
            case "\\":
                escaped = true
            case ",", "=":
                throw SelectorError("invalid field selector: unescaped character in value: \(scalar.value)")
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        if escaped {
            throw SelectorError("invalid field selector: invalid escape sequence: \\")
        }
        return result
    }
}
