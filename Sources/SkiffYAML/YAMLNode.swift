/// A position in a source text, 1-based as editors and compilers print it.
public struct Mark: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// 1-based line.
    public var line: Int
    /// 1-based column (in Unicode scalars, as libyaml counts them).
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// The mark of something that did not come from a file (built in code, defaulted).
    public static let none = Mark(line: 0, column: 0)

    public static func < (lhs: Mark, rhs: Mark) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }

    public var description: String { "\(line):\(column)" }
}

/// How a scalar was written. Quoted and block scalars are always strings; only plain scalars are resolved
/// to null, booleans and numbers.
public enum ScalarStyle: Sendable, Hashable {
    case plain
    case singleQuoted
    case doubleQuoted
    case literal
    case folded
}

/// What a scalar resolves to under the YAML 1.2 core schema (the schema Kubernetes' decoders follow for
/// plain scalars), or `.string` for quoted and block scalars and for explicit `!!str` tags.
public enum ScalarKind: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    /// A number that is not an integer, or an integer too large for 64 bits; the text is kept exactly.
    case float(String)
    case string
}

/// One scalar: its text exactly as written after unescaping, and how it was written.
public struct YAMLScalar: Sendable, Hashable {
    public var value: String
    public var style: ScalarStyle
    /// The explicit tag (`!!str`, `tag:yaml.org,2002:int`, …) when one was written; nil otherwise.
    public var tag: String?

    public init(_ value: String, style: ScalarStyle = .plain, tag: String? = nil) {
        self.value = value
        self.style = style
        self.tag = tag
    }
}

/// A YAML node with the position it started at. Aliases are expanded when the tree is built, so a tree has
/// no anchors left; mappings keep their keys in document order.
public struct YAMLNode: Sendable, Hashable {
    public enum Content: Sendable, Hashable {
        case scalar(YAMLScalar)
        case sequence([YAMLNode])
        case mapping([YAMLPair])
    }

    public var content: Content
    /// Where the node starts in its file.
    public var mark: Mark

    public init(_ content: Content, mark: Mark = .none) {
        self.content = content
        self.mark = mark
    }
}

/// A key/value entry of a mapping. Keys are nodes (usually plain scalars) so that errors can point at them.
public struct YAMLPair: Sendable, Hashable {
    public var key: YAMLNode
    public var value: YAMLNode

    public init(key: YAMLNode, value: YAMLNode) {
        self.key = key
        self.value = value
    }
}

/// One document of a (possibly multi-document) file.
public struct YAMLDocument: Sendable, Hashable {
    /// The root node; nil for an empty document (a file holding only comments, or `---` with nothing after).
    public var root: YAMLNode?
    /// Where the document starts.
    public var mark: Mark

    public init(root: YAMLNode?, mark: Mark) {
        self.root = root
        self.mark = mark
    }
}
