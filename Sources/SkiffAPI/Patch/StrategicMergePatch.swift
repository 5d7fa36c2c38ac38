/// Strategic merge patch, `application/strategic-merge-patch+json`, for the core kinds.
public enum StrategicMergePatch {
    /// `kind` is the core kind's name (Pod, Node, Namespace, Event); unknown kinds → PatchError.unsupported (the API
    /// answers 415 as Kubernetes does for custom resources).
    public static func apply(_ patch: JSONValue, to target: JSONValue, kind: String) throws(PatchError) -> JSONValue {
        throw .unsupported("strategic merge patch is not implemented yet")
    }
}
