/// A group and kind, the identity of an object type independent of its version.
public struct GroupKind: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Empty for the core group (`v1`).
    public var group: String
    public var kind: String

    public init(group: String, kind: String) {
        self.group = group
        self.kind = kind
    }

    public static func < (lhs: GroupKind, rhs: GroupKind) -> Bool {
        (lhs.group, lhs.kind) < (rhs.group, rhs.kind)
    }

    /// `Kind` for the core group, `Kind.group` otherwise, as kubectl prints resource types.
    public var description: String { group.isEmpty ? kind : "\(kind).\(group)" }
}

/// Everything the API server, kubectl and the loader need to know about one kind: names, scope, categories.
public struct ResourceType: Sendable, Hashable {
    public var group: String
    public var version: String
    public var kind: String
    /// Lowercase plural (`instancetypes`), the path segment in URLs.
    public var plural: String
    /// Lowercase singular (`instancetype`).
    public var singular: String
    public var shortNames: [String]
    /// Whether objects live in a namespace.
    public var namespaced: Bool
    /// Categories (`all`, `skiff`) for `kubectl get all`.
    public var categories: [String]

    public init(
        group: String,
        version: String,
        kind: String,
        plural: String,
        singular: String? = nil,
        shortNames: [String] = [],
        namespaced: Bool,
        categories: [String] = []
    ) {
        self.group = group
        self.version = version
        self.kind = kind
        self.plural = plural
        self.singular = singular ?? kind.lowercased()
        self.shortNames = shortNames
        self.namespaced = namespaced
        self.categories = categories
    }

    /// `v1` or `group/version`.
    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    public var groupKind: GroupKind { GroupKind(group: group, kind: kind) }

    /// `KindList`.
    public var listKind: String { kind + "List" }

    /// The URL path of the collection: `/api/v1/namespaces/NS/pods` or `/apis/GROUP/VERSION/plural`.
    public func collectionPath(namespace: String?) -> String {
        let base = group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)"
        if namespaced, let namespace, !namespace.isEmpty {
            return "\(base)/namespaces/\(namespace)/\(plural)"
        }
        return "\(base)/\(plural)"
    }
}
