import Foundation
import GRDB
import Synchronization
import SkiffYAML

/// The durable log of a ``SQLiteStore``: every change (or batch of changes) is one SQLite transaction, committed (with
/// `synchronous=FULL`, so a power cut does not lose it either) before ``record(_:)`` returns.
final class SQLiteJournal: StoreJournal {
    let path: String
    private let pool: DatabasePool
    /// Whether the last write (or probe) succeeded; the readiness check reads it.
    private let healthy = Atomic<Bool>(true)

    /// Opens (creating if needed) the database at `path`, checks it and brings its schema up to date.
    init(path: String) throws(SQLiteStoreError) {
        self.path = path
        do {
            var configuration = Configuration()
            // A write waits for a checkpointing reader rather than failing at once.
            configuration.busyMode = .timeout(5)
            pool = try DatabasePool(path: path, configuration: configuration)
            // DatabasePool sets synchronous=NORMAL on its writer after preparing it: FULL must come after opening.
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
            let check = try pool.read { db in try String.fetchAll(db, sql: "PRAGMA quick_check") }
            if check != ["ok"] {
                throw SQLiteStoreError(kind: .corrupt, path: path, detail: check.prefix(3).joined(separator: "; "))
            }
            try SQLiteSchema.migrator.migrate(pool)
        } catch let error as SQLiteStoreError {
            throw error
        } catch let error as DatabaseError {
            switch error.resultCode {
            case .SQLITE_CORRUPT, .SQLITE_NOTADB:
                throw SQLiteStoreError(kind: .corrupt, path: path, detail: error.message ?? "\(error)")
            default:
                throw SQLiteStoreError(kind: .cannotOpen, path: path, detail: "\(error)")
            }
        } catch {
            throw SQLiteStoreError(kind: .cannotOpen, path: path, detail: "\(error)")
        }
    }

    var isHealthy: Bool { healthy.load(ordering: .relaxed) }

    func record(_ change: StoreChange) throws(StoreError) {
        try record([change])
    }

    /// Saves every change in one transaction (one fsync), so that a batch costs one commit, not one per write.
    func record(_ changes: [StoreChange]) throws(StoreError) {
        try record(changes, records: [])
    }

    /// Side tables live in the `record` table.
    var keepsRecords: Bool { true }

    /// Saves the changes and side-table records in one transaction.
    func record(_ changes: [StoreChange], records: [StoreRecordChange]) throws(StoreError) {
        guard !changes.isEmpty || !records.isEmpty else { return }
        do {
            try pool.write { db in
                let put = try db.cachedStatement(
                    sql: """
                        INSERT OR REPLACE INTO object (grp, kind, namespace, name, resourceVersion, uid, body)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """
                )
                let remove = try db.cachedStatement(
                    sql: "DELETE FROM object WHERE grp = ? AND kind = ? AND namespace = ? AND name = ?"
                )
                for change in changes {
                    switch change {
                    case .put(let object):
                        let key = object.key
                        try put.execute(arguments: [
                            key.groupKind.group, key.groupKind.kind, key.namespace, key.name,
                            Int64(object.metadata.resourceVersion), object.metadata.uid,
                            object.encoded().serialized(),
                        ])
                    case .remove(let key, _):
                        try remove.execute(arguments: [
                            key.groupKind.group, key.groupKind.kind, key.namespace, key.name,
                        ])
                    }
                }
                if let last = changes.last {
                    try db.execute(
                        sql: "UPDATE meta SET value = ? WHERE key = 'resourceVersion'",
                        arguments: [Int64(last.resourceVersion)]
                    )
                }
                if !records.isEmpty {
                    let putRecord = try db.cachedStatement(
                        sql: "INSERT OR REPLACE INTO record (tbl, key, value) VALUES (?, ?, ?)"
                    )
                    let removeRecord = try db.cachedStatement(sql: "DELETE FROM record WHERE tbl = ? AND key = ?")
                    for record in records {
                        if let value = record.value {
                            try putRecord.execute(arguments: [record.table, record.key, Data(value)])
                        } else {
                            try removeRecord.execute(arguments: [record.table, record.key])
                        }
                    }
                }
            }
            healthy.store(true, ordering: .relaxed)
        } catch {
            healthy.store(false, ordering: .relaxed)
            let what = changes.count == 1 ? "nothing was changed" : "none of the \(changes.count) writes was made"
            throw .unavailable("the state database \(path) cannot be written, \(what): \(error)")
        }
    }

    /// Tries a write that changes nothing, so that readiness notices a full disk or an unwritable file before the
    /// next real write does, and notices when it is writable again.
    func probe() -> Bool {
        do {
            try pool.write { db in
                try db.execute(sql: "UPDATE meta SET value = value WHERE key = 'resourceVersion'")
            }
            healthy.store(true, ordering: .relaxed)
            return true
        } catch {
            healthy.store(false, ordering: .relaxed)
            return false
        }
    }

    /// Drops the oldest Events beyond `keep` (Events are bounded: the oldest go first).
    func pruneEvents(keep: Int) throws(SQLiteStoreError) {
        do {
            try pool.write { db in
                try db.execute(
                    sql: """
                        DELETE FROM object WHERE grp = '' AND kind = 'Event' AND resourceVersion <= (
                            SELECT resourceVersion FROM object WHERE grp = '' AND kind = 'Event'
                            ORDER BY resourceVersion DESC LIMIT 1 OFFSET ?)
                        """,
                    arguments: [max(0, keep)]
                )
            }
        } catch {
            throw SQLiteStoreError(kind: .cannotOpen, path: path, detail: "\(error)")
        }
    }

    /// Every saved record of a side table.
    func records(table: String) throws(StoreError) -> [String: [UInt8]] {
        do {
            return try pool.read { db in
                var records: [String: [UInt8]] = [:]
                let rows = try Row.fetchCursor(db, sql: "SELECT key, value FROM record WHERE tbl = ?", arguments: [table])
                while let row = try rows.next() {
                    let key: String = row["key"]
                    let value: Data = row["value"]
                    records[key] = [UInt8](value)
                }
                return records
            }
        } catch {
            throw .unavailable("the state database \(path) cannot be read: \(error)")
        }
    }

    /// A saved row: the kind and the object's JSON.
    struct SavedObject: Sendable {
        var groupKind: GroupKind
        var namespace: String
        var name: String
        var body: String
    }

    /// Every saved object and the saved store resourceVersion.
    func load() throws(SQLiteStoreError) -> (objects: [SavedObject], resourceVersion: ResourceVersion) {
        do {
            return try pool.read { db in
                let version = try Int64.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'resourceVersion'") ?? 0
                let rows = try Row.fetchAll(
                    db,
                    sql: "SELECT grp, kind, namespace, name, body FROM object ORDER BY resourceVersion"
                )
                let objects = rows.map { row in
                    SavedObject(
                        groupKind: GroupKind(group: row["grp"], kind: row["kind"]),
                        namespace: row["namespace"],
                        name: row["name"],
                        body: row["body"]
                    )
                }
                return (objects, ResourceVersion(max(0, version)))
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CORRUPT {
            throw SQLiteStoreError(kind: .corrupt, path: path, detail: error.message ?? "\(error)")
        } catch {
            throw SQLiteStoreError(kind: .cannotOpen, path: path, detail: "\(error)")
        }
    }

    /// Closes the database (the store is unusable afterwards).
    func close() {
        try? pool.close()
    }
}

extension SQLiteJournal {
    /// Caps the database's size in pages on the writer connection (`PRAGMA max_page_count`): a write that needs
    /// more fails as on a full disk. For tests of that failure.
    func limitPages(to count: Int) throws {
        try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA max_page_count = \(count)") }
    }

    /// The database's size in pages.
    func pageCount() throws -> Int {
        try pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0 }
    }
}
