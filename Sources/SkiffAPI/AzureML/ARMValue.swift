/// A value of an ARM template expression. Object entries remember where they were written (the literal's node,
/// or the expression that built them), so that a setting computed by `union(...)` and `createObject(...)` is
/// still reported at the line that produced it.
public indirect enum ARMValue: Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case string(String)
    case array([ARMValue])
    case object([ARMObjectEntry])

    /// The type name ARM uses in messages.
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "bool"
        case .int: return "int"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }

    /// Deep equality, as ARM's `equals` compares (positions ignored).
    public func isEqual(to other: ARMValue) -> Bool {
        switch (self, other) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.int(let a), .int(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.array(let a), .array(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.isEqual(to: $1) }
        case (.object(let a), .object(let b)):
            guard a.count == b.count else { return false }
            return a.allSatisfy { entry in
                b.first { $0.key.lowercased() == entry.key.lowercased() }.map { $0.value.isEqual(to: entry.value) }
                    ?? false
            }
        default: return false
        }
    }

    /// An object's entry by name, compared case-insensitively as ARM looks properties up.
    public subscript(key: String) -> ARMObjectEntry? {
        guard case .object(let entries) = self else { return nil }
        return entries.last { $0.key.lowercased() == key.lowercased() }
    }

    /// The value of a YAML/JSON node taken literally (no expression evaluation); every object entry is marked with
    /// its value's position.
    public init(literal node: YAMLNode) {
        switch node.content {
        case .scalar(let scalar):
            switch scalar.kind {
            case .null: self = .null
            case .bool(let b): self = .bool(b)
            case .int(let i): self = .int(i)
            case .float, .string: self = .string(scalar.value)
            }
        case .sequence(let items):
            self = .array(items.map { ARMValue(literal: $0) })
        case .mapping(let pairs):
            self = .object(
                pairs.map {
                    ARMObjectEntry(
                        key: $0.key.scalar?.value ?? "",
                        value: ARMValue(literal: $0.value),
                        mark: $0.value.mark
                    )
                }
            )
        }
    }
}
