/// Kubernetes' name and label checks (`k8s.io/apimachinery/pkg/util/validation`), with its exact messages.
///
/// Each check returns the list of problems, empty when the value is valid, as the Go functions do, so callers can
/// join them into a field error exactly as the API server words it. The patterns are matched by hand over the
/// UTF-8 bytes: the regular expressions are quoted in the messages but never compiled.
public enum NameValidation {
    /// The longest DNS-1123 label (a namespace name, a label key's name part).
    public static let dns1123LabelMaxLength = 63
    /// The longest DNS-1123 subdomain (most object names).
    public static let dns1123SubdomainMaxLength = 253
    /// The longest DNS-1035 label.
    public static let dns1035LabelMaxLength = 63
    /// The longest name part of a qualified name (label or annotation key).
    public static let qualifiedNameMaxLength = 63
    /// The longest label value.
    public static let labelValueMaxLength = 63

    /// The pattern of a DNS-1123 label, as Kubernetes quotes it.
    public static let dns1123LabelFormat = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
    /// The pattern of a DNS-1123 subdomain, as Kubernetes quotes it.
    public static let dns1123SubdomainFormat = dns1123LabelFormat + "(\\." + dns1123LabelFormat + ")*"
    /// The pattern of a DNS-1035 label, as Kubernetes quotes it.
    public static let dns1035LabelFormat = "[a-z]([-a-z0-9]*[a-z0-9])?"
    /// The pattern of a qualified name's name part, as Kubernetes quotes it.
    public static let qualifiedNameFormat = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
    /// The pattern of a label value, as Kubernetes quotes it.
    public static let labelValueFormat = "(" + qualifiedNameFormat + ")?"
    /// The pattern of an environment variable name, as Kubernetes quotes it.
    public static let envVarNameFormat = "[-._a-zA-Z][-._a-zA-Z0-9]*"

    private static let dns1123LabelMessage =
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and "
        + "end with an alphanumeric character"
    private static let dns1123SubdomainMessage =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must "
        + "start and end with an alphanumeric character"
    private static let dns1035LabelMessage =
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic "
        + "character, and end with an alphanumeric character"
    private static let qualifiedNameMessage =
        "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric "
        + "character"
    private static let labelValueMessage =
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must "
        + "start and end with an alphanumeric character"
    private static let envVarNameMessage =
        "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and "
        + "must not start with a digit"

    // MARK: Messages

    /// Kubernetes' `MaxLenError`: "must be no more than N characters".
    public static func maxLengthError(_ length: Int) -> String {
        "must be no more than \(length) characters"
    }

    /// Kubernetes' `EmptyError`: "must be non-empty".
    public static let emptyError = "must be non-empty"

    /// Kubernetes' `RegexError`, including its quirk of a comma before " or " between examples.
    public static func regexError(_ message: String, format: String, examples: [String] = []) -> String {
        if examples.isEmpty {
            return message + " (regex used for validation is '" + format + "')"
        }
        var text = message + " (e.g. "
        for (index, example) in examples.enumerated() {
            if index > 0 {
                text += " or "
            }
            text += "'" + example + "', "
        }
        return text + "regex used for validation is '" + format + "')"
    }

    // MARK: Checks

    /// Kubernetes' `IsDNS1123Label`: a namespace name, for example.
    public static func isDNS1123Label(_ value: String) -> [String] {
        var errors: [String] = []
        let bytes = value.utf8
        if bytes.count > dns1123LabelMaxLength {
            errors.append(maxLengthError(dns1123LabelMaxLength))
        }
        if !matchesDNS1123Label(bytes[...]) {
            if matchesDNS1123Subdomain(bytes) {
                // A valid subdomain but not a label: with the length already checked, it must be the dots.
                errors.append("must not contain dots")
            } else {
                errors.append(
                    regexError(dns1123LabelMessage, format: dns1123LabelFormat, examples: ["my-name", "123-abc"])
                )
            }
        }
        return errors
    }

    /// Kubernetes' `IsDNS1123Subdomain`: most object names.
    public static func isDNS1123Subdomain(_ value: String) -> [String] {
        if value.utf8.withContiguousStorageIfAvailable({ isValidSubdomain($0, from: 0, to: $0.count) }) == true {
            return []
        }
        var errors: [String] = []
        let bytes = value.utf8
        if bytes.count > dns1123SubdomainMaxLength {
            errors.append(maxLengthError(dns1123SubdomainMaxLength))
        }
        if !matchesDNS1123Subdomain(bytes) {
            errors.append(
                regexError(dns1123SubdomainMessage, format: dns1123SubdomainFormat, examples: ["example.com"])
            )
        }
        return errors
    }

    /// Kubernetes' `IsDNS1035Label`: a service name, for example.
    public static func isDNS1035Label(_ value: String) -> [String] {
        var errors: [String] = []
        let bytes = value.utf8
        if bytes.count > dns1035LabelMaxLength {
            errors.append(maxLengthError(dns1035LabelMaxLength))
        }
        if !matchesDNS1123Label(bytes[...]) || !isLowercaseLetter(bytes.first ?? 0) {
            errors.append(
                regexError(dns1035LabelMessage, format: dns1035LabelFormat, examples: ["my-name", "abc-123"])
            )
        }
        return errors
    }

    /// Kubernetes' `IsQualifiedName`: a label or annotation key, an optional DNS-1123 subdomain prefix and `/`
    /// followed by a name of at most 63 alphanumerics, `-`, `_` or `.`, starting and ending alphanumeric.
    public static func isQualifiedName(_ value: String) -> [String] {
        if value.utf8.withContiguousStorageIfAvailable(isValidQualifiedName) == true {
            return []
        }
        var errors: [String] = []
        let parts = value.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        let name: Substring.UTF8View
        switch parts.count {
        case 1:
            name = parts[0]
        case 2:
            let prefix = parts[0]
            name = parts[1]
            if prefix.isEmpty {
                errors.append("prefix part " + emptyError)
            } else {
                errors += isDNS1123Subdomain(String(Substring(prefix))).map { "prefix part " + $0 }
            }
        default:
            return [
                "a qualified name "
                    + regexError(
                        qualifiedNameMessage,
                        format: qualifiedNameFormat,
                        examples: ["MyName", "my.name", "123-abc"]
                    )
                    + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
            ]
        }
        if name.isEmpty {
            errors.append("name part " + emptyError)
        } else if name.count > qualifiedNameMaxLength {
            errors.append("name part " + maxLengthError(qualifiedNameMaxLength))
        }
        if !matchesQualifiedNamePart(name) {
            errors.append(
                "name part "
                    + regexError(
                        qualifiedNameMessage,
                        format: qualifiedNameFormat,
                        examples: ["MyName", "my.name", "123-abc"]
                    )
            )
        }
        return errors
    }

    /// Kubernetes' `IsValidLabelValue`: empty, or at most 63 alphanumerics, `-`, `_` or `.`, starting and ending
    /// alphanumeric.
    public static func isValidLabelValue(_ value: String) -> [String] {
        var errors: [String] = []
        let bytes = value.utf8
        if bytes.count > labelValueMaxLength {
            errors.append(maxLengthError(labelValueMaxLength))
        }
        if !bytes.isEmpty && !matchesQualifiedNamePart(bytes[...]) {
            errors.append(
                regexError(labelValueMessage, format: labelValueFormat, examples: ["MyValue", "my_value", "12345"])
            )
        }
        return errors
    }

    /// Kubernetes' `IsEnvVarName`: letters, digits, `_`, `-` or `.`, not starting with a digit, and not `.`, `..`
    /// or starting with `..`.
    public static func isEnvVarName(_ value: String) -> [String] {
        var errors: [String] = []
        let bytes = value.utf8
        var valid = !bytes.isEmpty
        for (index, byte) in bytes.enumerated() {
            let allowed =
                isASCIILetter(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
                || byte == UInt8(ascii: "_") || (index > 0 && isDigit(byte))
            if !allowed {
                valid = false
                break
            }
        }
        if !valid {
            errors.append(
                regexError(
                    envVarNameMessage,
                    format: envVarNameFormat,
                    examples: ["my.env-name", "MY_ENV.NAME", "MyEnvName1"]
                )
            )
        }
        if value == "." {
            errors.append("must not be '.'")
        } else if value == ".." {
            errors.append("must not be '..'")
        } else if value.hasPrefix("..") {
            errors.append("must not start with '..'")
        }
        return errors
    }

    // MARK: Matchers

    // The fast paths below say whether a value is valid in one pass over its bytes, without allocating; a value
    // they do not accept goes through the full checks, which word the problems.

    /// Whether `b[start..<end]` is a DNS-1123 subdomain of at most 253 bytes.
    private static func isValidSubdomain(_ b: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Bool {
        guard end > start, end - start <= dns1123SubdomainMaxLength else { return false }
        var labelStart = start
        var i = start
        while i <= end {
            if i == end || b[i] == UInt8(ascii: ".") {
                guard i > labelStart, isLowerAlphanumeric(b[labelStart]), isLowerAlphanumeric(b[i - 1]) else {
                    return false
                }
                labelStart = i + 1
            } else if !isLowerAlphanumeric(b[i]) && b[i] != UInt8(ascii: "-") {
                return false
            }
            i += 1
        }
        return true
    }

    /// Whether `b` is a qualified name: an optional valid subdomain prefix and `/`, then a name part of 1 to 63
    /// bytes matching ``qualifiedNameFormat``.
    private static func isValidQualifiedName(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var nameStart = 0
        if let slash = b.firstIndex(of: UInt8(ascii: "/")) {
            guard !b[(slash + 1)...].contains(UInt8(ascii: "/")), isValidSubdomain(b, from: 0, to: slash) else {
                return false
            }
            nameStart = slash + 1
        }
        let count = b.count - nameStart
        guard count > 0, count <= qualifiedNameMaxLength else { return false }
        let first = b[nameStart]
        let last = b[b.count - 1]
        guard isASCIILetter(first) || isDigit(first), isASCIILetter(last) || isDigit(last) else { return false }
        for i in nameStart..<b.count {
            let byte = b[i]
            guard isASCIILetter(byte) || isDigit(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
                || byte == UInt8(ascii: ".")
            else { return false }
        }
        return true
    }

    @inline(__always)
    private static func isLowerAlphanumeric(_ byte: UInt8) -> Bool {
        isLowercaseLetter(byte) || isDigit(byte)
    }

    @inline(__always)
    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    @inline(__always)
    private static func isLowercaseLetter(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")
    }

    @inline(__always)
    private static func isASCIILetter(_ byte: UInt8) -> Bool {
        isLowercaseLetter(byte) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
    }

    /// `^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`
    private static func matchesDNS1123Label(_ bytes: Substring.UTF8View) -> Bool {
        guard let first = bytes.first, let last = bytes.last else { return false }
        let isLowerAlphanumeric = { (byte: UInt8) in isLowercaseLetter(byte) || isDigit(byte) }
        guard isLowerAlphanumeric(first), isLowerAlphanumeric(last) else { return false }
        return bytes.allSatisfy { isLowerAlphanumeric($0) || $0 == UInt8(ascii: "-") }
    }

    /// `^label(\.label)*$`
    private static func matchesDNS1123Subdomain(_ bytes: String.UTF8View) -> Bool {
        bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).allSatisfy {
            matchesDNS1123Label($0)
        }
    }

    /// `^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$`
    private static func matchesQualifiedNamePart(_ bytes: Substring.UTF8View) -> Bool {
        guard let first = bytes.first, let last = bytes.last else { return false }
        let isAlphanumeric = { (byte: UInt8) in isASCIILetter(byte) || isDigit(byte) }
        guard isAlphanumeric(first), isAlphanumeric(last) else { return false }
        return bytes.allSatisfy {
            isAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".")
        }
    }
}
