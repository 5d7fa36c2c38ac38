/// JSON merge patch (RFC 7386), `application/merge-patch+json`.
public enum JSONMergePatch {
    /// Applies `patch` to `target`: `null` deletes a key, objects merge recursively, anything else (arrays
    /// included) replaces. A non-object patch replaces the whole target.
    public static func apply(_ patch: JSONValue, to target: JSONValue) -> JSONValue {
        guard case .object(let patchObject) = patch else { return patch }
        var result: JSONObject
        if case .object(let targetObject) = target { result = targetObject } else { result = JSONObject() }
        for entry in patchObject.entries {
            if entry.value == .null {
                result[entry.key] = nil
            } else {
                result[entry.key] = apply(entry.value, to: result[entry.key] ?? .null)
            }
        }
        return .object(result)
    }
}
