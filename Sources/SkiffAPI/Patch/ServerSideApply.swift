/// Server-side apply (`application/apply-patch+yaml`) and the field ownership of other writes, as
/// structured-merge-diff does it.
public enum ServerSideApply {
    /// Applies `applied` (the manifest as a JSON object) for `manager` onto `live` (nil = create). Returns the merged
    /// object with `metadata.managedFields` updated. Conflicts with other managers' fields → PatchError.conflict with
    /// Kubernetes' message (`Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using v1: .spec.x`)
    /// unless `force`.
    public static func apply(
        _ applied: JSONValue, to live: JSONValue?, manager: String, force: Bool, now: String
    ) throws(PatchError) -> JSONValue {
        throw .unsupported("server-side apply is not implemented yet")
    }

    /// Records an Update (POST/PUT/PATCH that is not apply) by `manager`: the fields that changed between old and new.
    public static func recordUpdate(old: JSONValue?, new: JSONValue, manager: String, now: String) -> JSONValue {
        new
    }
}
