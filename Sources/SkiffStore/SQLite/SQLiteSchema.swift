import GRDB

/// The state database's tables, created and upgraded by GRDB's migrator (each migration runs once, in order, and
/// is recorded in `grdb_migrations`).
///
/// - `object`: one row per stored object — its group, kind, namespace and name (the key), resourceVersion, uid and
///   the whole object as its Kubernetes JSON (`body`), status included.
/// - `meta`: the store's resourceVersion (`resourceVersion`), kept apart from the objects so that it survives the
///   deletion of the newest object.
/// - `record` (v2): side-table records (``StoreRecordChange``) by table and key, such as the manifest loader's
///   file table, written in the same transactions as the objects.
enum SQLiteSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE object (
                        grp TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        namespace TEXT NOT NULL,
                        name TEXT NOT NULL,
                        resourceVersion INTEGER NOT NULL,
                        uid TEXT NOT NULL,
                        body TEXT NOT NULL,
                        PRIMARY KEY (grp, kind, namespace, name)
                    );
                    CREATE INDEX object_by_kind_version ON object (grp, kind, resourceVersion);
                    CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value INTEGER NOT NULL);
                    INSERT INTO meta (key, value) VALUES ('resourceVersion', 0);
                    """
            )
        }
        migrator.registerMigration("v2") { db in
            try db.execute(
                sql: """
                    CREATE TABLE record (
                        tbl TEXT NOT NULL,
                        key TEXT NOT NULL,
                        value BLOB NOT NULL,
                        PRIMARY KEY (tbl, key)
                    ) WITHOUT ROWID;
                    """
            )
        }
        return migrator
    }
}
