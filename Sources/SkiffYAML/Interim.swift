// Interim until helper/yaml lands: replaced by YAMLScalar+Kind.swift and YAMLNode+Access.swift.
extension YAMLScalar {
    public var kind: ScalarKind {
        if let tag {
            switch tag {
            case "tag:yaml.org,2002:str": return .string
            case "tag:yaml.org,2002:null": return .null
            default: break
            }
        }
        guard style == .plain else { return .string }
        switch value {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        default: break
        }
        if let i = Int64(value) { return .int(i) }
        if let first = value.utf8.first, (first >= 48 && first <= 57) || first == 45 || first == 43 || first == 46,
            Double(value) != nil
        {
            return .float(value)
        }
        return .string
    }
}

extension YAMLNode {
    public var scalar: YAMLScalar? {
        if case .scalar(let s) = content { return s }
        return nil
    }
    public var pairs: [YAMLPair]? {
        if case .mapping(let p) = content { return p }
        return nil
    }
    public var items: [YAMLNode]? {
        if case .sequence(let i) = content { return i }
        return nil
    }
    public subscript(key key: String) -> YAMLNode? {
        pairs?.first(where: { $0.key.scalar?.value == key })?.value
    }
    public var kindDescription: String {
        switch content {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar(let s):
            switch s.kind {
            case .null: return "null"
            case .bool: return "a boolean"
            case .int, .float: return "a number"
            case .string: return "a string"
            }
        }
    }
    public static func string(_ s: String) -> YAMLNode {
        let plain = YAMLScalar(s)
        return YAMLNode(.scalar(YAMLScalar(s, style: plain.kind == .string ? .plain : .doubleQuoted)))
    }
    public static func int(_ i: Int64) -> YAMLNode { YAMLNode(.scalar(YAMLScalar(String(i)))) }
    public static func bool(_ b: Bool) -> YAMLNode { YAMLNode(.scalar(YAMLScalar(b ? "true" : "false"))) }
    public static var null: YAMLNode { YAMLNode(.scalar(YAMLScalar("null"))) }
    public static func float(_ text: String) -> YAMLNode { YAMLNode(.scalar(YAMLScalar(text))) }
    public static func mapping(_ entries: [(String, YAMLNode)]) -> YAMLNode {
        YAMLNode(.mapping(entries.map { YAMLPair(key: .string($0.0), value: $0.1) }))
    }
    public static func sequence(_ items: [YAMLNode]) -> YAMLNode { YAMLNode(.sequence(items)) }
}
