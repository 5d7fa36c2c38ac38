/// The writes of a ``ObjectStore/batch(_:)``: the same operations and rules as the store's own, but they commit
/// together when the batch ends.
public protocol StoreWriter {
    /// The object with that key as the batch sees it (its own writes included), or nil.
    func get(_ key: ObjectKey) -> (any APIObject)?

    /// As ``ObjectStore/create(_:)``.
    @discardableResult
    func create<Object: APIObject>(_ object: Object) throws(StoreError) -> Object

    /// As ``ObjectStore/update(_:)``.
    @discardableResult
    func update<Object: APIObject>(_ object: Object) throws(StoreError) -> Object

    /// As ``ObjectStore/updateStatus(_:)``.
    @discardableResult
    func updateStatus<Object: APIObject>(_ object: Object) throws(StoreError) -> Object

    /// As ``ObjectStore/delete(_:preconditions:)``.
    @discardableResult
    func delete(_ key: ObjectKey, preconditions: DeletePreconditions) throws(StoreError) -> DeleteResult
}

extension StoreWriter {
    /// The object of that type, namespace and name as the batch sees it, or nil.
    public func get<T: APIObject>(_ type: T.Type, namespace: String = "", name: String) -> T? {
        get(ObjectKey(T.resource.groupKind, namespace: namespace, name: name)) as? T
    }
}
