/// A set of field paths, as structured-merge-diff's `fieldpath.Set`, with the `FieldsV1` encoding
/// (`{"f:metadata":{"f:labels":{"f:app":{}}}}`, `"."` marking a path that is a member and has children).
struct ManagedFieldSet: Hashable, Sendable {
    private(set) var paths: Set<ManagedFieldPath>

    init(_ paths: Set<ManagedFieldPath> = []) { self.paths = paths }

    var isEmpty: Bool { paths.isEmpty }

    mutating func insert(_ path: ManagedFieldPath) { paths.insert(path) }

    func union(_ other: ManagedFieldSet) -> ManagedFieldSet { ManagedFieldSet(paths.union(other.paths)) }
    func intersection(_ other: ManagedFieldSet) -> ManagedFieldSet { ManagedFieldSet(paths.intersection(other.paths)) }
    func subtracting(_ other: ManagedFieldSet) -> ManagedFieldSet { ManagedFieldSet(paths.subtracting(other.paths)) }

    /// True when `path` or one of its descendants is a member.
    func containsPrefix(_ path: ManagedFieldPath) -> Bool { paths.contains { $0.hasPrefix(path) } }

    /// The members in structured-merge-diff's iteration order: at each level the members (sorted), then the
    /// children (sorted), depth first.
    var ordered: [ManagedFieldPath] {
        var out: [ManagedFieldPath] = []
        Node(paths).walk(prefix: ManagedFieldPath(), into: &out)
        return out
    }

    /// The `FieldsV1` JSON object.
    var fieldsV1: JSONValue { Node(paths).encoded }

    /// Reads a `FieldsV1` object; unknown keys are ignored.
    init(fieldsV1: JSONValue) {
        var paths: Set<ManagedFieldPath> = []
        Self.decode(fieldsV1, prefix: ManagedFieldPath(), into: &paths)
        self.paths = paths
    }

    private static func decode(_ value: JSONValue, prefix: ManagedFieldPath, into paths: inout Set<ManagedFieldPath>) {
        guard case .object(let object) = value else { return }
        for entry in object.entries where entry.key != "." {
            guard let element = ManagedPathElement(fieldsV1Key: entry.key) else { continue }
            let path = prefix.appending(element)
            if case .object(let child) = entry.value, !child.isEmpty, child["."] == nil {
                decode(entry.value, prefix: path, into: &paths)
            } else {
                paths.insert(path)
                decode(entry.value, prefix: path, into: &paths)
            }
        }
    }

    /// The tree form, for encoding and ordered iteration.
    private struct Node {
        var isMember = false
        var children: [ManagedPathElement: Node] = [:]

        init() {}

        init(_ paths: Set<ManagedFieldPath>) {
            for path in paths { insert(path.elements[...]) }
        }

        mutating func insert(_ elements: ArraySlice<ManagedPathElement>) {
            guard let first = elements.first else {
                isMember = true
                return
            }
            children[first, default: Node()].insert(elements.dropFirst())
        }

        var encoded: JSONValue {
            var object = JSONObject()
            for element in children.keys.sorted() {
                let child = children[element]!
                var childObject = JSONObject()
                if child.isMember && !child.children.isEmpty { childObject["."] = .object(JSONObject()) }
                if case .object(let grand) = child.encoded {
                    for entry in grand.entries { childObject[entry.key] = entry.value }
                }
                object[element.fieldsV1Key] = .object(childObject)
            }
            return .object(object)
        }

        func walk(prefix: ManagedFieldPath, into out: inout [ManagedFieldPath]) {
            let sorted = children.keys.sorted()
            for element in sorted where children[element]!.isMember { out.append(prefix.appending(element)) }
            for element in sorted { children[element]!.walk(prefix: prefix.appending(element), into: &out) }
        }
    }
}
