/// One step of a field path, as structured-merge-diff names it: a field of a map, a keyed list item, an item of a
/// set, or an item of an atomic list by index.
enum ManagedPathElement: Hashable, Sendable, Comparable {
    case field(String)
    /// A list item named by its key fields, sorted by name.
    case key([JSONEntry])
    case value(JSONValue)
    case index(Int)

    /// The `FieldsV1` spelling: `f:name`, `k:{"name":"main"}`, `v:"x"`, `i:0`.
    var fieldsV1Key: String {
        switch self {
        case .field(let name): return "f:" + name
        case .key(let entries):
            var object = JSONObject()
            for entry in entries { object[entry.key] = entry.value }
            return "k:" + JSONValue.object(object).serialized()
        case .value(let value): return "v:" + value.serialized()
        case .index(let index): return "i:\(index)"
        }
    }

    /// Parses a `FieldsV1` key; nil for anything else.
    init?(fieldsV1Key key: String) {
        if key.hasPrefix("f:") {
            self = .field(String(key.dropFirst(2)))
        } else if key.hasPrefix("i:"), let index = Int(key.dropFirst(2)) {
            self = .index(index)
        } else if key.hasPrefix("k:"),
            case .object(let object)? = ManagedFieldPath.parseJSON(String(key.dropFirst(2)))
        {
            self = .key(object.entries.sorted { $0.key < $1.key })
        } else if key.hasPrefix("v:"), let value = ManagedFieldPath.parseJSON(String(key.dropFirst(2))) {
            self = .value(value)
        } else {
            return nil
        }
    }

    /// The path spelling used in conflict messages: `.name`, `[name="main"]`, `[="x"]`, `[0]`.
    var description: String {
        switch self {
        case .field(let name): return "." + name
        case .key(let entries):
            return "[" + entries.map { "\($0.key)=\($0.value.serialized())" }.joined(separator: ",") + "]"
        case .value(let value): return "[=\(value.serialized())]"
        case .index(let index): return "[\(index)]"
        }
    }

    private var rank: Int {
        switch self {
        case .field: return 0
        case .key: return 1
        case .value: return 2
        case .index: return 3
        }
    }

    static func < (a: ManagedPathElement, b: ManagedPathElement) -> Bool {
        if a.rank != b.rank { return a.rank < b.rank }
        switch (a, b) {
        case (.field(let x), .field(let y)): return x < y
        case (.index(let x), .index(let y)): return x < y
        default: return a.fieldsV1Key < b.fieldsV1Key
        }
    }
}

/// A path from the object's root.
struct ManagedFieldPath: Hashable, Sendable, Comparable {
    var elements: [ManagedPathElement]

    init(_ elements: [ManagedPathElement] = []) { self.elements = elements }

    func appending(_ element: ManagedPathElement) -> ManagedFieldPath { ManagedFieldPath(elements + [element]) }

    var description: String { elements.map(\.description).joined() }

    func hasPrefix(_ other: ManagedFieldPath) -> Bool {
        other.elements.count <= elements.count && Array(elements.prefix(other.elements.count)) == other.elements
    }

    static func < (a: ManagedFieldPath, b: ManagedFieldPath) -> Bool {
        a.elements.lexicographicallyPrecedes(b.elements)
    }

    /// Parses the compact JSON of a `k:`/`v:` key (JSON is YAML's flow style).
    static func parseJSON(_ text: String) -> JSONValue? {
        guard let documents = try? YAMLParser().parse(text), let root = documents.first?.root else { return nil }
        return JSONValue(yaml: root)
    }
}
