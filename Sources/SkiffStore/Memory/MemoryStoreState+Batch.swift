/// What a batch (``ObjectStore/batch(_:)``) has done so far: the changes to journal together, the events to commit
/// once they are durable, and how to undo its writes to the tables if they cannot be made durable.
struct BatchLog: Sendable {
    /// One write to a kind's table, undone by its inverse.
    enum Undo: Sendable {
        case inserted(any APIObject)
        case replaced(any APIObject, with: any APIObject)
        case removed(any APIObject)
    }

    /// A kind's table as the batch found it, before its first write there.
    struct KindBefore: Sendable {
        var existed: Bool
        var objectType: (any APIObject.Type)?
    }

    /// The store's resourceVersion when the batch began.
    let startVersion: ResourceVersion
    var changes: [StoreChange] = []
    /// Side-table records, saved with the changes.
    var records: [StoreRecordChange] = []
    var events: [WatchEvent] = []
    var undo: [(groupKind: GroupKind, write: Undo)] = []
    var kinds: [GroupKind: KindBefore] = [:]

    init(startVersion: ResourceVersion) {
        self.startVersion = startVersion
    }
}

extension MemoryStoreState {
    var isBatching: Bool { batchLog != nil }

    /// Opens a batch: from now on writes are checked and applied as usual, but journaled and committed only by
    /// ``endBatch()``.
    mutating func beginBatch() {
        precondition(batchLog == nil, "store batches do not nest")
        batchLog = BatchLog(startVersion: resourceVersion)
    }

    /// Records a write of the open batch in its undo log (and the kind's table as it was, at its first write).
    mutating func noteBatchWrite(_ write: BatchLog.Undo, kind groupKind: GroupKind) {
        if batchLog!.kinds[groupKind] == nil {
            let table = tables[groupKind]
            batchLog!.kinds[groupKind] = BatchLog.KindBefore(existed: table != nil, objectType: table?.objectType)
        }
        batchLog!.undo.append((groupKind, write))
    }

    /// Closes the batch: its changes go to the journal in one transaction, then its events are committed to the
    /// history and queued for watchers. When the journal fails, every write of the batch is undone (tables,
    /// indexes, resourceVersion; its events were never committed) and the journal's error is thrown.
    /// - Returns: whether watchers wait for the batch's events.
    mutating func endBatch() throws(StoreError) -> Bool {
        guard let log = batchLog else { return false }
        batchLog = nil
        if let journal, !log.changes.isEmpty || !log.records.isEmpty {
            do {
                if log.records.isEmpty {
                    try journal.record(log.changes)
                } else {
                    try journal.record(log.changes, records: log.records)
                }
            } catch {
                rollback(log)
                throw error
            }
        }
        for record in log.records { keepInMemory(record) }
        var deliver = false
        for event in log.events {
            if commit(event) { deliver = true }
        }
        return deliver
    }

    /// Undoes a batch's writes, newest first, and puts back the tables it created or first typed.
    private mutating func rollback(_ log: BatchLog) {
        for (groupKind, write) in log.undo.reversed() {
            undo(write, of: groupKind)
        }
        for (groupKind, before) in log.kinds {
            restoreKind(groupKind, to: before)
        }
        rewindResourceVersion(to: log.startVersion)
    }
}
