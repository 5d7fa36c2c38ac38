/// A pod's identity within the scheduler: its namespace and name (the uid is kept alongside where a recreated pod
/// must be told apart from its predecessor).
public struct PodKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The pod's namespace.
    public var namespace: String
    /// The pod's name.
    public var name: String

    /// The key of the pod `namespace/name`.
    public init(namespace: String, name: String) {
        self.namespace = namespace
        self.name = name
    }

    /// The key of `pod`.
    public init(_ pod: Pod) {
        self.init(namespace: pod.metadata.namespace, name: pod.metadata.name)
    }

    /// The store key of the pod.
    public var objectKey: ObjectKey {
        ObjectKey(Pod.resource.groupKind, namespace: namespace, name: name)
    }

    /// Orders by namespace, then name.
    public static func < (lhs: PodKey, rhs: PodKey) -> Bool {
        (lhs.namespace, lhs.name) < (rhs.namespace, rhs.name)
    }

    /// `namespace/name`, as kube-scheduler names pods in its messages.
    public var description: String { "\(namespace)/\(name)" }
}
