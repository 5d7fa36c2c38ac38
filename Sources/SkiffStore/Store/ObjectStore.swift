/// The store of API objects, with Kubernetes' semantics: one resourceVersion that increases across all kinds,
/// optimistic concurrency, `generation` that moves only with the spec, status written apart from the spec,
/// finalizers and `deletionTimestamp`, label and field selectors, paged lists and resumable watches.
///
/// Implementations: ``MemoryStore`` (in memory) and ``SQLiteStore`` (the same engine, every write committed to
/// SQLite before it is visible); both pass the same test suite. Every method is safe to call from any thread, including from a watch handler.
///
/// `get`, `create`, `update`, `updateStatus` and `delete` come from ``StoreWriter``, which a batch's writer shares.
public protocol ObjectStore: StoreWriter, Sendable {
    /// The resourceVersion of the latest write (0 for an empty store).
    var currentResourceVersion: ResourceVersion { get }

    /// How many watches are running.
    var watcherCount: Int { get }

    /// The objects of a kind that `options` select, sorted by namespace and name, with the store's
    /// resourceVersion at the time of the list.
    /// - Throws: `BadRequest` for an unsupported field selector field or a malformed continue token; `Expired`
    ///   for a continue token older than the watch history.
    func list(_ groupKind: GroupKind, options: ListOptions) throws(StoreError) -> ListResult

    /// Calls `handler` with every selected event, in resourceVersion order, synchronously on the writing thread
    /// right after the write is visible (events of the start are delivered before this method returns). The
    /// handler runs with no store lock held, so it may read and write the store; it must be quick and must
    /// never wait for another thread that writes to the store. A write made from a handler is delivered after
    /// the handler returns.
    /// - Throws: `Expired` or `Timeout` (too large) for a start resourceVersion the history cannot serve.
    func watch(
        _ options: WatchOptions,
        handler: @escaping @Sendable (WatchEvent) -> Void
    ) throws(StoreError)
        -> WatchRegistration

    /// The selected events as an asynchronous sequence with a bounded buffer (see ``WatchStream``).
    func watchStream(_ options: WatchOptions) throws(StoreError) -> WatchStream

    /// Sends a `BOOKMARK` at the current resourceVersion to every watcher that asked for bookmarks, so that
    /// watchers of quiet kinds can resume from a recent version. The API layer calls this periodically.
    func sendBookmarks()

    /// Runs `body`, whose writes commit together when it returns: one durable transaction for all of them, their
    /// watch events delivered after it. Other writers wait while a batch runs. Each write follows the usual rules
    /// and may fail alone (the body decides what to do with its error); when the batch cannot be made durable, none
    /// of its writes happened and this throws the store's `ServiceUnavailable` error. An error the body throws is
    /// rethrown after the writes made before it are committed.
    func batch<Result>(_ body: (any StoreWriter) throws -> Result) throws -> Result

    /// Every record of the side table `table` (see ``StoreRecordChange``) as last saved, by key: for a durable
    /// store, as read back from the disk.
    func records(table: String) -> [String: [UInt8]]

    /// Registers (or replaces) a secondary index and files every existing object of its kind.
    func addIndex(_ definition: IndexDefinition)

    /// The keys of the objects filed under `value` in the named index, sorted; empty for an unknown index.
    func keys(index: String, value: String) -> [ObjectKey]
}
