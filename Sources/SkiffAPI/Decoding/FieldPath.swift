/// A path to a field, printed as Kubernetes prints field paths: `spec.containers[0].resources.limits`.
public struct FieldPath: Sendable, Hashable, CustomStringConvertible {
    private var text: String

    public init(_ root: String = "") {
        text = root
    }

    /// The path of a named field below this one.
    public func child(_ name: String) -> FieldPath {
        FieldPath(text.isEmpty ? name : "\(text).\(name)")
    }

    /// The path of a list element below this one.
    public func index(_ i: Int) -> FieldPath {
        FieldPath("\(text)[\(i)]")
    }

    /// The path of a map entry whose key is not a plain identifier (`labels[app.kubernetes.io/name]`).
    public func key(_ key: String) -> FieldPath {
        FieldPath("\(text)[\(key)]")
    }

    public var isEmpty: Bool { text.isEmpty }
    public var description: String { text }
}
