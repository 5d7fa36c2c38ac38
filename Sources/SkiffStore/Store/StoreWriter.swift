/// The reads and writes of one object, with Kubernetes' rules: what ``ObjectStore`` offers, and what the writer of
/// an ``ObjectStore/batch(_:)`` offers (there the writes commit together when the batch ends).
public protocol StoreWriter {
    /// The object with that key (inside a batch, as the batch sees it), or nil.
    func get(_ key: ObjectKey) -> (any APIObject)?

    /// Stores a new object: assigns `uid`, `creationTimestamp`, `generation` 1 and a new resourceVersion, and
    /// derives the name from `generateName` when the name is empty. Status is stored as given.
    /// Generic so that a typed object comes back typed; an `any APIObject` argument is opened implicitly.
    /// - Returns: the stored object.
    /// - Throws: `AlreadyExists`; `Invalid` for a missing name or a namespace that does not fit the kind's
    ///   scope.
    @discardableResult
    func create<Object: APIObject>(_ object: Object) throws(StoreError) -> Object

    /// Replaces an object's spec and metadata (labels, annotations, owner references, finalizers), keeping its
    /// status, uid, creationTimestamp and deletionTimestamp. `generation` moves when the spec changed. A write that
    /// changes nothing keeps the resourceVersion and emits no event. Removing the last finalizer of an object
    /// with a deletionTimestamp deletes it.
    /// - Returns: the stored (or, when it was deleted, the final) object.
    /// - Throws: `NotFound`; `Conflict` when the object's resourceVersion is set and not the stored one;
    ///   `Invalid` for a changed uid or finalizers added to a terminating object.
    @discardableResult
    func update<Object: APIObject>(_ object: Object) throws(StoreError) -> Object

    /// Replaces only an object's status; never moves `generation`. Same conflict rule as ``update(_:)``.
    @discardableResult
    func updateStatus<Object: APIObject>(_ object: Object) throws(StoreError) -> Object

    /// Deletes an object: with finalizers it gets a deletionTimestamp (a `MODIFIED` event) and stays until they
    /// are removed; without, it is removed (a `DELETED` event carrying it with a new resourceVersion).
    /// - Throws: `NotFound`; `Conflict` when a precondition does not hold.
    @discardableResult
    func delete(_ key: ObjectKey, preconditions: DeletePreconditions) throws(StoreError) -> DeleteResult

    /// Saves `value` as the record `key` of the side table `table` (see ``StoreRecordChange``), or removes it when
    /// `value` is nil. In a batch it is made durable in the batch's transaction, so that it is saved exactly when
    /// the batch's writes are; outside one, at once.
    /// - Throws: `ServiceUnavailable` when it cannot be saved.
    func putRecord(_ value: [UInt8]?, key: String, table: String) throws(StoreError)
}

extension StoreWriter {
    /// The object of type `T` with that namespace and name, or nil.
    public func get<T: APIObject>(_ type: T.Type, namespace: String = "", name: String) -> T? {
        get(ObjectKey(T.resource.groupKind, namespace: namespace, name: name)) as? T
    }
}
