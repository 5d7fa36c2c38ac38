/// A position in a source text, 1-based as editors and compilers print it.
public struct Mark: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// 1-based line.
    public var line: Int
    /// 1-based column (in Unicode scalars, as libyaml counts them).
    public var column: Int

    /// A mark at a 1-based line and column.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// The mark of something that did not come from a file (built in code, defaulted).
    public static let none = Mark(line: 0, column: 0)

    /// Earlier in the text: by line, then by column.
    public static func < (lhs: Mark, rhs: Mark) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }

    /// `LINE:COLUMN`.
    public var description: String { "\(line):\(column)" }
}

/// How a scalar was written. Quoted and block scalars are always strings; only plain scalars are resolved
/// to null, booleans and numbers.
public enum ScalarStyle: Sendable, Hashable {
    /// Unquoted: `name: nginx`.
    case plain
    /// `'text'`.
    case singleQuoted
    /// `"text"`, with backslash escapes.
    case doubleQuoted
    /// `|` block: line breaks kept.
    case literal
    /// `>` block: single line breaks folded into spaces.
    case folded
}

/// What a scalar resolves to under the YAML 1.2 core schema, or `.string` for quoted and block scalars and for
/// explicit `!!str` tags (see ``YAMLScalar/kind``). Kubernetes' own decoder (go-yaml v2) also reads some YAML 1.1
/// forms as non-strings (`yes`/`on` as booleans, `0777` as octal); here those are strings, and
/// ``YAMLNode/string(_:)`` quotes them so that text written here reads the same in both.
public enum ScalarKind: Sendable, Hashable {
    /// `null`, `~`, or nothing.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// An integer that fits 64 bits.
    case int(Int64)
    /// A number that is not an integer, or an integer too large for 64 bits; the text is kept exactly.
    case float(String)
    /// Text.
    case string
}

/// One scalar: its text exactly as written after unescaping, and how it was written.
public struct YAMLScalar: Sendable, Hashable {
    /// The text after unquoting and unescaping.
    public var value: String
    /// How the scalar was written, or how it is to be written.
    public var style: ScalarStyle
    /// The explicit tag (`!!str`, `tag:yaml.org,2002:int`, …) when one was written; nil otherwise.
    public var tag: String?

    /// A scalar with the given text, style and explicit tag.
    public init(_ value: String, style: ScalarStyle = .plain, tag: String? = nil) {
        self.value = value
        self.style = style
        self.tag = tag
    }
}

/// A YAML node with the position it started at. Aliases are expanded when the tree is built, so a tree has
/// no anchors left; mappings keep their keys in document order.
public struct YAMLNode: Sendable, Hashable {
    /// What a node holds.
    public enum Content: Sendable, Hashable {
        /// A single value.
        case scalar(YAMLScalar)
        /// A list, in document order.
        case sequence([YAMLNode])
        /// Key/value pairs, in document order.
        case mapping([YAMLPair])
    }

    /// What the node holds.
    public var content: Content
    /// Where the node starts in its file (at its anchor or tag when it has one, as libyaml reports it); for a
    /// node repeated by an alias, where the alias is. ``Mark/none`` for nodes built in code.
    public var mark: Mark

    /// A node with the given content, at `mark` (``Mark/none`` when built in code).
    public init(_ content: Content, mark: Mark = .none) {
        self.content = content
        self.mark = mark
    }
}

/// A key/value entry of a mapping. Keys are nodes (usually plain scalars) so that errors can point at them.
public struct YAMLPair: Sendable, Hashable {
    /// The key, usually a plain scalar.
    public var key: YAMLNode
    /// The value.
    public var value: YAMLNode

    /// A pair of the given key and value.
    public init(key: YAMLNode, value: YAMLNode) {
        self.key = key
        self.value = value
    }
}

/// One document of a (possibly multi-document) file.
public struct YAMLDocument: Sendable, Hashable {
    /// The root node; nil for an explicit document with no content (`---` alone, or `--- # comment`). A file
    /// that is empty or holds only comments has no documents at all.
    public var root: YAMLNode?
    /// Where the document starts.
    public var mark: Mark

    /// A document with the given root, starting at `mark`.
    public init(root: YAMLNode?, mark: Mark) {
        self.root = root
        self.mark = mark
    }
}
