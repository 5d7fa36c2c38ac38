/// What a delete did: removed the object, or marked it for deletion because finalizers remain.
public struct DeleteResult: Sendable {
    /// The object as it was removed (with the deletion's resourceVersion), or as it now is, terminating.
    public var object: any APIObject
    /// True when finalizers keep the object until they are removed (Kubernetes answers 202 Accepted); false when
    /// the object is gone (200 OK).
    public var isPending: Bool

    public init(object: any APIObject, isPending: Bool) {
        self.object = object
        self.isPending = isPending
    }
}
