extension YAMLNode {
    /// The scalar, when this node is one.
    public var scalar: YAMLScalar? {
        if case .scalar(let scalar) = content { return scalar }
        return nil
    }

    /// The key/value pairs in document order, when this node is a mapping.
    public var pairs: [YAMLPair]? {
        if case .mapping(let pairs) = content { return pairs }
        return nil
    }

    /// The items, when this node is a sequence.
    public var items: [YAMLNode]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    /// The value of the first pair whose key is a scalar with the text `key` (in any quoting style); nil when
    /// there is none or this node is not a mapping. `node[key: "spec"]` and `node["spec"]` are the same.
    ///
    /// Looks through the pairs in order: fine for the handful of fields of an object. To look up many keys of
    /// one large mapping, walk ``pairs`` once instead.
    public subscript(key key: String) -> YAMLNode? {
        self[key]
    }

    /// The value of the first pair whose key is a scalar with the text `key`; see ``subscript(key:)``.
    public subscript(_ key: String) -> YAMLNode? {
        guard case .mapping(let pairs) = content else { return nil }
        for pair in pairs {
            if case .scalar(let scalar) = pair.key.content, scalar.value == key {
                return pair.value
            }
        }
        return nil
    }

    /// What the node is, for messages such as "expected a mapping, found a list": "a mapping", "a list",
    /// "a string", "a number", "a boolean" or "null".
    public var kindDescription: String {
        switch content {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar(let scalar):
            switch scalar.kind {
            case .null: return "null"
            case .bool: return "a boolean"
            case .int, .float: return "a number"
            case .string: return "a string"
            }
        }
    }

    /// The same tree with every mark set to ``Mark/none``: for comparing trees by content only, such as a
    /// parsed file against one built in code.
    public func removingMarks() -> YAMLNode {
        switch content {
        case .scalar:
            return YAMLNode(content)
        case .sequence(let items):
            return YAMLNode(.sequence(items.map { $0.removingMarks() }))
        case .mapping(let pairs):
            return YAMLNode(
                .mapping(pairs.map { YAMLPair(key: $0.key.removingMarks(), value: $0.value.removingMarks()) })
            )
        }
    }
}

// MARK: - Building trees in code

extension YAMLNode {
    /// A string scalar written in a style that reads back as exactly `value`, as a string: plain when that is
    /// safe (`nginx`, `1Gi`, `nvidia.com/gpu`); quoted when the plain text would read as something else
    /// (`"1"`, `"true"`, `"null"`, `"0x1F"`, `""`, `"yes"`) or could not be written plain (`'a: b'`, `'- x'`,
    /// `'#x'`, `' padded '`); literal block style (`|`) for multi-line text.
    public static func string(_ value: String) -> YAMLNode {
        YAMLNode(.scalar(YAMLScalar(value, style: .choice(forString: value))))
    }

    /// An integer scalar, written plain in decimal.
    public static func int(_ value: some BinaryInteger) -> YAMLNode {
        YAMLNode(.scalar(YAMLScalar(String(value))))
    }

    /// `true` or `false`, written plain.
    public static func bool(_ value: Bool) -> YAMLNode {
        YAMLNode(.scalar(YAMLScalar(value ? "true" : "false")))
    }

    /// A null scalar, written `null` as kubectl prints it.
    public static var null: YAMLNode {
        YAMLNode(.scalar(YAMLScalar("null")))
    }

    /// A number written plain exactly as `text`, which should be a number in the core schema's syntax
    /// (`0.5`, `1e-3`, `42`, `.inf`, `.nan`) so that it reads back as one. Keeps a number's spelling, e.g.
    /// the `1.0` of a manifest, where converting through `Double` would not.
    public static func float(_ text: String) -> YAMLNode {
        YAMLNode(.scalar(YAMLScalar(text)))
    }

    /// A floating-point number, written plain in Swift's shortest round-tripping form (`0.5`, `1e-05`), with
    /// `.inf`, `-.inf` and `.nan` for the special values.
    public static func float(_ value: Double) -> YAMLNode {
        let text: String
        if value.isNaN {
            text = ".nan"
        } else if value.isInfinite {
            text = value < 0 ? "-.inf" : ".inf"
        } else {
            text = "\(value)"
        }
        return float(text)
    }

    /// A mapping with string keys, in the order given. Keys are written as ``string(_:)`` writes values.
    public static func mapping(_ pairs: [(String, YAMLNode)]) -> YAMLNode {
        YAMLNode(.mapping(pairs.map { YAMLPair(key: .string($0.0), value: $0.1) }))
    }

    /// A sequence of the given items.
    public static func sequence(_ items: [YAMLNode]) -> YAMLNode {
        YAMLNode(.sequence(items))
    }
}
