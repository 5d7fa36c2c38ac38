/// A type whose `init()` is its empty value (an object with no status yet, for example).
public protocol EmptyInitializable {
    init()
}

/// One kind of object: its type description, metadata, spec and status, and how it is read and written.
///
/// Kinds decode themselves from a ``MappingReader`` over the document's root mapping — reading, defaulting and
/// validating their fields in one pass so that every error carries its line and column — and encode into an
/// ordered ``JSONObject``. The store compares `spec` to decide whether `metadata.generation` moves.
public protocol APIObject: Sendable {
    associatedtype Spec: Sendable & Equatable
    associatedtype Status: Sendable & Equatable & EmptyInitializable

    /// Names, group, version and scope of the kind.
    static var resource: ResourceType { get }
    /// How `metadata.name` is validated; most kinds use DNS-1123 subdomains.
    static var nameRule: NameRule { get }

    var metadata: ObjectMeta { get set }
    var spec: Spec { get set }
    var status: Status { get set }

    init(metadata: ObjectMeta, spec: Spec, status: Status)

    /// Reads the kind's own top-level fields (usually `spec`) from the root mapping, applies defaults and
    /// validates, recording problems in `root.context`. Returns nil only when it cannot build a spec at all.
    static func decodeSpec(from root: MappingReader) -> Spec?
    /// Reads `status` from the root mapping; called only when the context includes status (API writes,
    /// persistence). User manifests never declare status.
    static func decodeStatus(from root: MappingReader) -> Status?
    /// Writes the kind's own top-level fields (usually `spec`).
    func encodeSpec(into object: inout JSONObject)
    /// Writes `status` (nothing when empty).
    func encodeStatus(into object: inout JSONObject)
}

/// Which of Kubernetes' name rules applies to a kind's `metadata.name`.
public enum NameRule: Sendable, Hashable {
    /// Lowercase RFC 1123 subdomain, at most 253 characters (most kinds).
    case dns1123Subdomain
    /// Lowercase RFC 1123 label, at most 63 characters (namespaces).
    case dns1123Label
}

extension APIObject {
    public static var nameRule: NameRule { .dns1123Subdomain }

    /// The object's identity in the store.
    public var key: ObjectKey {
        ObjectKey(Self.resource.groupKind, namespace: metadata.namespace, name: metadata.name)
    }

    /// Whether `other` is the same kind with equal metadata, spec and status.
    public func isEqual(to other: any APIObject) -> Bool {
        guard let other = other as? Self else { return false }
        return metadata == other.metadata && spec == other.spec && status == other.status
    }

    /// Whether `other` is the same kind with an equal spec (the store bumps `generation` otherwise).
    public func hasSameSpec(as other: any APIObject) -> Bool {
        guard let other = other as? Self else { return false }
        return spec == other.spec
    }

    /// A copy carrying `other`'s status when it is the same kind (status writes never touch spec).
    public func withStatus(of other: any APIObject) -> Self {
        guard let other = other as? Self else { return self }
        var copy = self
        copy.status = other.status
        return copy
    }

    /// The whole object as Kubernetes prints it: `apiVersion`, `kind`, `metadata`, spec fields, `status`.
    public func encoded() -> JSONValue {
        var object = JSONObject()
        object["apiVersion"] = .string(Self.resource.apiVersion)
        object["kind"] = .string(Self.resource.kind)
        object["metadata"] = metadata.encoded()
        encodeSpec(into: &object)
        encodeStatus(into: &object)
        return .object(object)
    }
}
