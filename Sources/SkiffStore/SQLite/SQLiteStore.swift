import Foundation
import SkiffYAML

/// The ``ObjectStore`` that survives restarts: a ``MemoryStore`` (indexes, lists, watches) whose every write is
/// first committed to a SQLite database (GRDB, WAL mode, `synchronous=FULL`) — a write returns, and its watch
/// event goes out, only once it is on disk; one that cannot be saved fails with `ServiceUnavailable` (503) and
/// changes nothing. Opening loads every saved object as it was (uid, resourceVersion, generation, timestamps,
/// status) and the store's resourceVersion, so versions keep increasing across restarts; watches resume from the
/// loaded version on (older ones are `Expired`, as after an API server restart).
///
/// Everything the store holds is saved, the objects declared by files included: their uids and status then
/// survive, and the daemon's rescan of the folder finds them unchanged.
public final class SQLiteStore: ObjectStore {
    /// The database's name in the state directory.
    public static let fileName = "state.sqlite"

    /// The database file.
    public let path: String
    /// The in-memory engine that serves reads and watches.
    public let memory: MemoryStore
    /// Saved rows that could not be read back (an unknown kind, a document the current version rejects), one
    /// message each; they are left out of the store and removed from the file by the next write of their key.
    public let loadProblems: [String]
    let journal: SQLiteJournal

    /// Opens (or creates) the database at `path` and loads it.
    /// - Parameters:
    ///   - configuration: the store's settings; `kinds` (default: the built-in kinds) says how to read saved objects.
    ///   - maxEvents: Events kept at most; older ones are dropped on opening (the event recorder bounds them while
    ///     the daemon runs).
    /// - Throws: ``SQLiteStoreError`` — `corrupt` for a damaged file (the message names it and says how to rebuild),
    ///   `cannotOpen` otherwise.
    public init(
        path: String,
        configuration: StoreConfiguration = StoreConfiguration(),
        maxEvents: Int = 5_000
    ) throws(SQLiteStoreError) {
        self.path = path
        let journal = try SQLiteJournal(path: path)
        try journal.pruneEvents(keep: maxEvents)
        let saved = try journal.load()
        let registry = configuration.kinds ?? KindRegistry.builtIn
        // Decoding is most of opening a large state, and independent from row to row: it runs on every core.
        let rows = saved.objects
        let decoded = ParallelSlots<Result<any APIObject, Failure>>(count: rows.count)
        DispatchQueue.concurrentPerform(iterations: Self.chunks(rows.count)) { chunk in
            for index in Self.range(of: chunk, in: rows.count) {
                let row = rows[index]
                guard let type = registry.type(for: row.groupKind) else {
                    decoded.set(index, .failure(Failure(message: "the kind is not known to this version")))
                    continue
                }
                decoded.set(index, Self.decode(row.body, as: type, file: path))
            }
        }
        var objects: [any APIObject] = []
        var problems: [String] = []
        objects.reserveCapacity(rows.count)
        for (index, row) in rows.enumerated() {
            switch decoded.get(index)! {
            case .success(let object): objects.append(object)
            case .failure(let failure):
                let what = "\(row.groupKind) \(row.namespace.isEmpty ? "" : row.namespace + "/")\(row.name)"
                problems.append("\(what): \(failure.message); left out")
            }
        }
        self.journal = journal
        self.loadProblems = problems
        self.memory = MemoryStore(
            configuration: configuration,
            journal: journal,
            objects: objects,
            resourceVersion: saved.resourceVersion
        )
    }

    /// How many pieces `count` rows are decoded in: a few per core, so that the cores stay busy to the end.
    private static func chunks(_ count: Int) -> Int {
        min(count, 64)
    }

    /// The rows of piece `chunk` of `chunks(count)`.
    private static func range(of chunk: Int, in count: Int) -> Range<Int> {
        let pieces = chunks(count)
        return (count * chunk / pieces)..<(count * (chunk + 1) / pieces)
    }

    /// Reads a saved object's JSON back, status included: through ``SavedJSONParser``, or when that fails through
    /// the YAML parser, whose errors say where.
    static func decode(_ body: String, as type: any APIObject.Type, file: String) -> Result<any APIObject, Failure> {
        if let root = SavedJSONParser.parse(body) {
            let context = DecodeContext(file: file, includeStatus: true)
            if let reader = MappingReader(root, path: FieldPath(), context: context),
                let object = ObjectDecoder.decode(type, root: reader)
            {
                return .success(object)
            }
        }
        return decodeThroughYAML(body, as: type, file: file)
    }

    /// Reads a saved object's JSON back through the YAML parser.
    static func decodeThroughYAML(
        _ body: String,
        as type: any APIObject.Type,
        file: String
    ) -> Result<any APIObject, Failure> {
        // Saved objects are ours: allow any size the database held.
        let limits = YAMLLimits(maxBytes: max(YAMLLimits.default.maxBytes, body.utf8.count + 1))
        let documents: [YAMLDocument]
        do {
            documents = try YAMLParser(limits: limits).parse(body, file: file)
        } catch {
            return .failure(Failure(message: error.description))
        }
        let context = DecodeContext(file: file, includeStatus: true)
        guard let root = documents.first?.root,
            let reader = MappingReader(root, path: FieldPath(), context: context),
            let object = ObjectDecoder.decode(type, root: reader)
        else {
            let errors = context.errors.map(\.detail).joined(separator: "; ")
            return .failure(Failure(message: errors.isEmpty ? "not an object" : errors))
        }
        return .success(object)
    }

    /// Why a saved object could not be read.
    struct Failure: Error, Sendable {
        var message: String
    }

    /// Whether writes reach the disk: false after a write failed (disk full, file unwritable) until one succeeds.
    public var isWritable: Bool { journal.isHealthy }

    /// Tries a write that changes nothing and returns whether it succeeded (see ``isWritable``).
    @discardableResult
    public func probeWritable() -> Bool { journal.probe() }

    /// Moves a database file (and its WAL and shared-memory files) aside, to `<path>.broken-<seconds>`, so that a
    /// new one can be made; returns the new name.
    public static func moveAside(_ path: String, now: Timestamp = .now()) throws -> String {
        let target = "\(path).broken-\(now.seconds)"
        let manager = FileManager.default
        for suffix in ["", "-wal", "-shm"] where manager.fileExists(atPath: path + suffix) {
            try manager.moveItem(atPath: path + suffix, toPath: target + suffix)
        }
        return target
    }

    /// How many objects of each kind the store holds.
    public var counts: [GroupKind: Int] { memory.counts }

    // MARK: - ObjectStore, served by the memory engine

    public var currentResourceVersion: ResourceVersion { memory.currentResourceVersion }

    public var watcherCount: Int { memory.watcherCount }

    public func get(_ key: ObjectKey) -> (any APIObject)? { memory.get(key) }

    public func list(_ groupKind: GroupKind, options: ListOptions) throws(StoreError) -> ListResult {
        try memory.list(groupKind, options: options)
    }

    @discardableResult
    public func create<Object: APIObject>(_ object: Object) throws(StoreError) -> Object {
        try memory.create(object)
    }

    @discardableResult
    public func update<Object: APIObject>(_ object: Object) throws(StoreError) -> Object {
        try memory.update(object)
    }

    @discardableResult
    public func updateStatus<Object: APIObject>(_ object: Object) throws(StoreError) -> Object {
        try memory.updateStatus(object)
    }

    @discardableResult
    public func delete(_ key: ObjectKey, preconditions: DeletePreconditions) throws(StoreError) -> DeleteResult {
        try memory.delete(key, preconditions: preconditions)
    }

    public func watch(
        _ options: WatchOptions,
        handler: @escaping @Sendable (WatchEvent) -> Void
    ) throws(StoreError)
        -> WatchRegistration
    {
        try memory.watch(options, handler: handler)
    }

    public func watchStream(_ options: WatchOptions) throws(StoreError) -> WatchStream {
        try memory.watchStream(options)
    }

    public func sendBookmarks() { memory.sendBookmarks() }

    /// Runs `body` as one SQLite transaction (see ``MemoryStore/batch(_:)``): one fsync for all its writes.
    public func batch<Result>(_ body: (any StoreWriter) throws -> Result) throws -> Result {
        try memory.batch(body)
    }

    public func addIndex(_ definition: IndexDefinition) { memory.addIndex(definition) }

    public func putRecord(_ value: [UInt8]?, key: String, table: String) throws(StoreError) {
        try memory.putRecord(value, key: key, table: table)
    }

    public func records(table: String) -> [String: [UInt8]] { memory.records(table: table) }

    public func keys(index: String, value: String) -> [ObjectKey] { memory.keys(index: index, value: value) }
}

extension SQLiteStore {
    /// Caps the database's size (see `PRAGMA max_page_count`), so that tests can make writes fail as on a full
    /// disk.
    func limitPages(to count: Int) throws { try journal.limitPages(to: count) }

    /// The database's size in pages.
    func pageCount() throws -> Int { try journal.pageCount() }
}
