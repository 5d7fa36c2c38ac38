extension JSONValue {
    /// Reads a YAML node as JSON data: plain scalars resolve to null, booleans and numbers; everything else is a
    /// string. Used for free-form fields (job inputs, sweep search spaces) and for generic handling of objects.
    public init(yaml node: YAMLNode) {
        switch node.content {
        case .scalar(let scalar):
            switch scalar.kind {
            case .null: self = .null
            case .bool(let b): self = .bool(b)
            case .int(let i): self = .int(i)
            case .float(let text): self = .number(text)
            case .string: self = .string(scalar.value)
            }
        case .sequence(let items):
            self = .array(items.map { JSONValue(yaml: $0) })
        case .mapping(let pairs):
            var object = JSONObject()
            for pair in pairs {
                object[pair.key.scalar?.value ?? JSONValue(yaml: pair.key).serialized()] = JSONValue(yaml: pair.value)
            }
            self = .object(object)
        }
    }

    /// The YAML tree for this value, for `-o yaml` output; strings that would read back as other types are quoted.
    public var yamlNode: YAMLNode {
        switch self {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .number(let text): return .float(text)
        case .string(let s): return .string(s)
        case .array(let items): return .sequence(items.map(\.yamlNode))
        case .object(let object): return .mapping(object.entries.map { ($0.key, $0.value.yamlNode) })
        }
    }
}
