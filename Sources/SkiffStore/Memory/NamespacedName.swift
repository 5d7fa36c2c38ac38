/// An object's place within its kind, ordered as Kubernetes' etcd keys are: by `namespace/name` as bytes, so a
/// namespace sorts as if followed by `/` (`a-b/x` before `a/x`), and cluster-scoped objects (namespace "")
/// simply by name.
struct NamespacedName: Hashable, Comparable, Sendable {
    var namespace: String
    var name: String

    static func < (lhs: NamespacedName, rhs: NamespacedName) -> Bool {
        if lhs.namespace != rhs.namespace { return NamespaceName.precedes(lhs.namespace, rhs.namespace) }
        return lhs.name < rhs.name
    }

    /// The store key of this object of `groupKind`.
    func key(_ groupKind: GroupKind) -> ObjectKey {
        ObjectKey(groupKind, namespace: namespace, name: name)
    }
}

extension ObjectKey {
    /// The key without its kind.
    var namespacedName: NamespacedName { NamespacedName(namespace: namespace, name: name) }
}

/// A namespace in etcd key order (see ``NamespacedName``).
struct NamespaceName: Hashable, Comparable, Sendable {
    var value: String

    init(_ value: String) {
        self.value = value
    }

    static func < (lhs: NamespaceName, rhs: NamespaceName) -> Bool {
        precedes(lhs.value, rhs.value)
    }

    /// Whether `a + "/"` sorts before `b + "/"` bytewise, without building either string.
    static func precedes(_ a: String, _ b: String) -> Bool {
        let slash = UInt8(ascii: "/")
        var left = a.utf8.makeIterator()
        var right = b.utf8.makeIterator()
        while true {
            let x = left.next()
            let y = right.next()
            if x == nil && y == nil { return false }
            let byteX = x ?? slash
            let byteY = y ?? slash
            if byteX != byteY { return byteX < byteY }
            if x == nil { return true }
            if y == nil { return false }
        }
    }
}
