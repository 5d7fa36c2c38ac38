/// Conditions a delete must meet (Kubernetes' `DeleteOptions.preconditions`); a mismatch is a `Conflict`.
public struct DeletePreconditions: Sendable, Hashable {
    /// The uid the object must have (guards against deleting a re-created object of the same name).
    public var uid: String?
    /// The resourceVersion the object must be at.
    public var resourceVersion: ResourceVersion?

    public init(uid: String? = nil, resourceVersion: ResourceVersion? = nil) {
        self.uid = uid
        self.resourceVersion = resourceVersion
    }

    /// No preconditions.
    public static let none = DeletePreconditions()
}
