/// JSON patch (RFC 6902), `application/json-patch+json`.
public enum JSONPatch {
    /// Applies the array of operations in order; any failing operation fails the whole patch.
    public static func apply(_ operations: JSONValue, to target: JSONValue) throws(PatchError) -> JSONValue {
        throw .unsupported("JSON patch is not implemented yet")
    }
}
