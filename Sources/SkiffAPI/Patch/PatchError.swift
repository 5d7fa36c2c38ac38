/// Why a patch could not be applied. The API server maps each case onto a Kubernetes Status.
public enum PatchError: Error, Sendable, Equatable {
    /// The patch is malformed or does not apply to the object (400 for a malformed patch, 422 for a failed JSON
    /// patch `test` or a missing path, as Kubernetes answers).
    case invalid(String)
    /// Server-side apply found fields owned by other managers with different values (409).
    case conflict(String)
    /// The patch type is not supported for this kind (415, as Kubernetes answers a strategic merge patch of a
    /// custom resource).
    case unsupported(String)
}
