/// Writes straight to the store: the daemon's route for controller-owned objects and status, and the whole
/// writer where there is no manifests folder (tests, tools).
public struct StoreObjectWriter: ObjectWriting {
    public let store: any ObjectStore

    public init(store: any ObjectStore) {
        self.store = store
    }

    public func create(_ object: any APIObject) throws(APIStatus) -> any APIObject {
        do {
            return try store.create(object)
        } catch {
            throw APIStatus(storeError: error)
        }
    }

    public func update(_ object: any APIObject) throws(APIStatus) -> any APIObject {
        do {
            return try store.update(object)
        } catch {
            throw APIStatus(storeError: error)
        }
    }

    public func updateStatus(_ object: any APIObject) throws(APIStatus) -> any APIObject {
        do {
            return try store.updateStatus(object)
        } catch {
            throw APIStatus(storeError: error)
        }
    }

    public func delete(_ key: ObjectKey, preconditions: DeletePreconditions) throws(APIStatus) -> DeleteResult {
        do {
            return try store.delete(key, preconditions: preconditions)
        } catch {
            throw APIStatus(storeError: error)
        }
    }
}
