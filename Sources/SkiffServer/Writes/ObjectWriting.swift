/// Where the API's writes of objects go. The daemon's implementation writes user objects to the manifests folder
/// first (the folder stays the source of truth) and lets the loader apply them before it returns; controller-owned
/// objects and every status write go to the store only. ``StoreObjectWriter`` writes everything to the store.
///
/// Every method returns only once the store holds the result, so the API answers with the stored object.
public protocol ObjectWriting: Sendable {
    /// Creates `object` (its name already set).
    /// - Throws: `AlreadyExists`, `Invalid`, or `Conflict` naming `file:line` when its file cannot be written.
    func create(_ object: any APIObject) throws(APIStatus) -> any APIObject

    /// Replaces an object's spec and metadata. A non-zero `metadata.resourceVersion` must be the stored one
    /// (`Conflict` otherwise).
    func update(_ object: any APIObject) throws(APIStatus) -> any APIObject

    /// Replaces an object's status only (always to the store).
    func updateStatus(_ object: any APIObject) throws(APIStatus) -> any APIObject

    /// Deletes an object: removes its declaration, then the store deletes it (or marks it terminating while
    /// finalizers remain).
    func delete(_ key: ObjectKey, preconditions: DeletePreconditions) throws(APIStatus) -> DeleteResult
}

extension APIStatus {
    /// The Status for a store error, with `details` (name, group, kind, causes) as Kubernetes sends them.
    public init(storeError error: StoreError) {
        self.init(
            code: error.code,
            reason: error.reason.rawValue,
            message: error.message,
            details: Details(
                name: error.name ?? "",
                group: error.group ?? "",
                kind: error.kind ?? "",
                causes: error.causes.map { Cause(reason: $0.type, field: $0.field, message: $0.message) }
            )
        )
    }
}
