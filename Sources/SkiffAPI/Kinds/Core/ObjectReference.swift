/// A reference to an object (Kubernetes' `v1.ObjectReference`), as an event's `involvedObject`.
public struct ObjectReference: Sendable, Hashable {
    /// The kind (`Pod`).
    public var kind: String
    /// The namespace; empty for cluster-scoped objects.
    public var namespace: String
    /// The object's name.
    public var name: String
    /// The object's uid.
    public var uid: String
    /// The object's `apiVersion`.
    public var apiVersion: String
    /// The object's resourceVersion when the reference was made.
    public var resourceVersion: String
    /// A part of the object (`spec.containers{main}`).
    public var fieldPath: String

    /// A value with the given fields; omitted ones are empty, as Kubernetes leaves them.
    public init(
        kind: String = "",
        namespace: String = "",
        name: String = "",
        uid: String = "",
        apiVersion: String = "",
        resourceVersion: String = "",
        fieldPath: String = ""
    ) {
        self.kind = kind
        self.namespace = namespace
        self.name = name
        self.uid = uid
        self.apiVersion = apiVersion
        self.resourceVersion = resourceVersion
        self.fieldPath = fieldPath
    }

    /// A reference to a stored object.
    public init(to object: some APIObject, fieldPath: String = "") {
        self.init(
            kind: type(of: object).resource.kind,
            namespace: object.metadata.namespace,
            name: object.metadata.name,
            uid: object.metadata.uid,
            apiVersion: type(of: object).resource.apiVersion,
            resourceVersion: object.metadata.resourceVersion > 0 ? String(object.metadata.resourceVersion) : "",
            fieldPath: fieldPath
        )
    }
}

extension ObjectReference {
    static func decode(_ r: MappingReader) -> ObjectReference {
        ObjectReference(
            kind: r.string("kind") ?? "",
            namespace: r.string("namespace") ?? "",
            name: r.string("name") ?? "",
            uid: r.string("uid") ?? "",
            apiVersion: r.string("apiVersion") ?? "",
            resourceVersion: r.string("resourceVersion") ?? "",
            fieldPath: r.string("fieldPath") ?? ""
        )
    }

    /// The reference as Kubernetes prints it.
    public var encoded: JSONValue {
        var o = JSONObject()
        o.put("kind", nonEmpty: kind)
        o.put("namespace", nonEmpty: namespace)
        o.put("name", nonEmpty: name)
        o.put("uid", nonEmpty: uid)
        o.put("apiVersion", nonEmpty: apiVersion)
        o.put("resourceVersion", nonEmpty: resourceVersion)
        o.put("fieldPath", nonEmpty: fieldPath)
        return .object(o)
    }
}
