/// One write of the store, as a durable log records it.
public enum StoreChange: Sendable {
    /// The object was created or replaced; it carries its new resourceVersion.
    case put(any APIObject)
    /// The object was removed; `resourceVersion` is the version of its removal.
    case remove(ObjectKey, resourceVersion: ResourceVersion)

    /// The store's resourceVersion once this change is in.
    public var resourceVersion: ResourceVersion {
        switch self {
        case .put(let object): object.metadata.resourceVersion
        case .remove(_, let version): version
        }
    }
}

/// Where a ``MemoryStore`` makes its writes durable. The store calls ``record(_:)`` with its data lock held,
/// after a write has been checked and before it becomes visible: when `record` throws, the write does not happen
/// and the error reaches the writer, so that nothing is acknowledged (returned, seen by a watch) unsaved.
public protocol StoreJournal: Sendable {
    /// Saves one change durably before returning.
    /// - Throws: a `ServiceUnavailable` ``StoreError`` when it cannot be saved (disk full, unwritable folder).
    func record(_ change: StoreChange) throws(StoreError)

    /// Saves the changes of a batch durably, all or none (one transaction), before returning; the store's saved
    /// resourceVersion becomes the last change's.
    /// - Throws: a `ServiceUnavailable` ``StoreError`` when they cannot be saved; then none of them is.
    func record(_ changes: [StoreChange]) throws(StoreError)

    /// Saves the changes of a batch and its side-table records durably, all or none (one transaction).
    func record(_ changes: [StoreChange], records: [StoreRecordChange]) throws(StoreError)

    /// Whether the journal saves side tables; when it does not, the store keeps their records in memory.
    var keepsRecords: Bool { get }

    /// Every saved record of a side table, by key.
    func records(table: String) throws(StoreError) -> [String: [UInt8]]
}

extension StoreJournal {
    public var keepsRecords: Bool { false }

    /// A journal without side tables: the changes are saved as usual, the records stay in the store's memory.
    public func record(_ changes: [StoreChange], records: [StoreRecordChange]) throws(StoreError) {
        if !changes.isEmpty { try record(changes) }
    }

    public func records(table: String) throws(StoreError) -> [String: [UInt8]] { [:] }
}
