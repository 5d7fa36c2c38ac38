/// How a document spells its field names. Skiff's own kinds use Kubernetes camelCase; Azure ML's CLI v2 YAML
/// spells the same fields in snake_case (`min_instances` for `minInstances`). Readers shared by both forms name
/// each field once, in camelCase, and ask the naming for the key to look up, so that errors quote the key the
/// user actually wrote.
public enum FieldNaming: Sendable, Hashable {
    /// `minInstances` (Skiff kinds, REST bodies).
    case camelCase
    /// `min_instances` (Azure ML CLI v2 YAML).
    case snakeCase

    /// The key for a field named in camelCase.
    public func callAsFunction(_ camelCaseName: String) -> String {
        switch self {
        case .camelCase: return camelCaseName
        case .snakeCase: return FieldNaming.snakeCased(camelCaseName)
        }
    }

    /// `minInstances` → `min_instances`; `sshKeyValue` → `ssh_key_value`. Digits stay attached to the word
    /// before them, as Python's names do.
    public static func snakeCased(_ name: String) -> String {
        // Field names are ASCII: convert the bytes, without the Unicode property lookups `Character` needs (this
        // runs for every snake_case field a decoder looks up).
        let utf8 = name.utf8
        if utf8.allSatisfy({ $0 < 0x80 }) {
            let uppercase = utf8.reduce(0) { $0 + (isASCIIUppercase($1) ? 1 : 0) }
            if uppercase == 0 { return name }
            return String(unsafeUninitializedCapacity: utf8.count + uppercase) { buffer in
                var count = 0
                for byte in utf8 {
                    if isASCIIUppercase(byte) {
                        if count > 0 {
                            buffer[count] = UInt8(ascii: "_")
                            count += 1
                        }
                        buffer[count] = byte + (UInt8(ascii: "a") - UInt8(ascii: "A"))
                    } else {
                        buffer[count] = byte
                    }
                    count += 1
                }
                return count
            }
        }
        var out = ""
        out.reserveCapacity(name.utf8.count + 4)
        for character in name {
            if character.isUppercase {
                if !out.isEmpty { out.append("_") }
                out.append(contentsOf: character.lowercased())
            } else {
                out.append(character)
            }
        }
        return out
    }

    @inline(__always)
    private static func isASCIIUppercase(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")
    }

    /// An enumeration value as Azure ML's SDK normalises it before comparing (`StringTransformedEnum` with
    /// `camel_to_snake`): `SystemAssigned` and `system_assigned` both give `system_assigned`; `LowPriority` gives
    /// `low_priority`.
    public static func normalizedEnumValue(_ value: String) -> String {
        var out = ""
        var previousWasLowerOrDigit = false
        for character in value {
            if character.isUppercase {
                if previousWasLowerOrDigit { out.append("_") }
                out.append(contentsOf: character.lowercased())
                previousWasLowerOrDigit = false
            } else {
                out.append(character)
                previousWasLowerOrDigit = character.isLowercase || character.isNumber
            }
        }
        return out
    }
}
