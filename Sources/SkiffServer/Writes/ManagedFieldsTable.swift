import Synchronization

/// `metadata.managedFields` of the objects written through the API, kept beside the store (the typed objects do
/// not carry them) by key and uid, so that server-side apply knows which manager owns which field. Lost on a
/// restart: the next apply then finds no owners and no conflicts, as after a `kubectl replace`.
public final class ManagedFieldsTable: Sendable {
    private struct Entry {
        var uid: String
        var fields: JSONValue
    }

    private let entries = Mutex<[ObjectKey: Entry]>([:])

    public init() {}

    /// The managed fields of the object with that key and uid, if any were recorded.
    public func fields(of key: ObjectKey, uid: String) -> JSONValue? {
        entries.withLock { entries in
            guard let entry = entries[key], entry.uid == uid else { return nil }
            return entry.fields
        }
    }

    /// Records an object's managed fields (nil or an empty list forgets them).
    public func set(_ fields: JSONValue?, of key: ObjectKey, uid: String) {
        entries.withLock { entries in
            if let fields, fields != .array([]), fields != .null {
                entries[key] = Entry(uid: uid, fields: fields)
            } else {
                entries[key] = nil
            }
        }
    }

    /// Forgets a deleted object.
    public func remove(_ key: ObjectKey) {
        _ = entries.withLock { $0.removeValue(forKey: key) }
    }
}
