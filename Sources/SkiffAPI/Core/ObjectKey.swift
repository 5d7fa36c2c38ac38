/// The identity of one object: its group/kind, namespace (empty for cluster-scoped kinds) and name.
public struct ObjectKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var groupKind: GroupKind
    public var namespace: String
    public var name: String

    public init(_ groupKind: GroupKind, namespace: String = "", name: String) {
        self.groupKind = groupKind
        self.namespace = namespace
        self.name = name
    }

    public static func < (lhs: ObjectKey, rhs: ObjectKey) -> Bool {
        (lhs.groupKind, lhs.namespace, lhs.name) < (rhs.groupKind, rhs.namespace, rhs.name)
    }

    /// `Kind/name` or `Kind namespace/name`.
    public var description: String {
        namespace.isEmpty ? "\(groupKind.kind)/\(name)" : "\(groupKind.kind) \(namespace)/\(name)"
    }
}

/// A monotonically increasing version across the whole store; printed as a decimal string, as Kubernetes does.
public typealias ResourceVersion = UInt64
