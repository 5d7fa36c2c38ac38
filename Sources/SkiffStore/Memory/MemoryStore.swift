import Synchronization

/// The in-memory ``ObjectStore``: objects by kind, namespace and name with a label index and custom indexes
/// maintained on every write, a bounded event history for resuming watches, and watch fan-out.
///
/// Locking: one mutex guards the data and is held only for the store's own work (never while a handler runs).
/// Events are delivered by the writing threads, one at a time in resourceVersion order, under a second,
/// delivery mutex taken after the write is visible; a write returns once its event has reached every
/// callback watcher. A handler that calls back into the store on the delivering thread is recognised and not
/// made to wait for itself.
public final class MemoryStore: ObjectStore {
    private let configuration: StoreConfiguration
    private let state: Locked<MemoryStoreState>
    private let delivery = PthreadLock()
    /// The thread that holds `delivery` (0 when none), so that a handler's re-entrant call is recognised.
    private let deliverer = Atomic<UInt>(0)
    /// The thread running a batch (0 when none): its calls into the store run on the state it holds locked.
    private let batchOwner = Atomic<UInt>(0)
    /// The locked state of the running batch, for its thread's calls (see ``withState(_:)``).
    private let batchState = BatchStateSlot()

    public init(configuration: StoreConfiguration = StoreConfiguration()) {
        self.configuration = configuration
        self.state = Locked(MemoryStoreState(configuration: configuration))
    }

    /// A store that makes every write durable through `journal` before it becomes visible, starting with
    /// `objects` as they were saved (their uids, resourceVersions, generations and timestamps kept) and the store
    /// version `resourceVersion` (at least the largest of theirs). Watches resume only from that version on.
    public init(
        configuration: StoreConfiguration,
        journal: any StoreJournal,
        objects: [any APIObject] = [],
        resourceVersion: ResourceVersion = 0
    ) {
        self.configuration = configuration
        self.state = Locked(
            MemoryStoreState(
                configuration: configuration,
                journal: journal,
                objects: objects,
                resourceVersion: resourceVersion
            )
        )
    }

    deinit {
        let watchers = state.withLock { $0.removeAllWatchers() }
        for watcher in watchers { watcher.finish() }
    }

    // MARK: - Reads

    public var currentResourceVersion: ResourceVersion {
        withState { $0.resourceVersion }
    }

    public var watcherCount: Int {
        withState { $0.watchers.count }
    }

    /// How many objects of each kind the store holds.
    public var counts: [GroupKind: Int] {
        withState { state in state.tables.compactMapValues { $0.count > 0 ? $0.count : nil } }
    }

    public func get(_ key: ObjectKey) -> (any APIObject)? {
        withState { $0.object(key) }
    }

    public func list(_ groupKind: GroupKind, options: ListOptions) throws(StoreError) -> ListResult {
        try withState { (state) throws(StoreError) -> ListResult in try state.list(groupKind, options: options) }
    }

    public func keys(index: String, value: String) -> [ObjectKey] {
        withState { $0.keys(index: index, value: value) }
    }

    /// Where a list's candidates would come from (lets tests prove that selective lists use an index).
    func listPlan(_ groupKind: GroupKind, options: ListOptions) -> ListPlan.Source {
        withState { $0.listPlan(groupKind, options: options) }
    }

    // MARK: - Writes

    @discardableResult
    public func create<Object: APIObject>(_ object: Object) throws(StoreError) -> Object {
        let now = configuration.clock()
        let uid = configuration.makeUID()
        let written = try withState { (state) throws(StoreError) -> MemoryStoreState.Written<any APIObject> in
            try state.create(object, now: now, uid: uid)
        }
        if written.deliver { deliverPending() }
        return try Self.typed(written.value)
    }

    @discardableResult
    public func update<Object: APIObject>(_ object: Object) throws(StoreError) -> Object {
        try write(object, statusOnly: false)
    }

    @discardableResult
    public func updateStatus<Object: APIObject>(_ object: Object) throws(StoreError) -> Object {
        try write(object, statusOnly: true)
    }

    private func write<Object: APIObject>(_ object: Object, statusOnly: Bool) throws(StoreError) -> Object {
        let written = try withState { (state) throws(StoreError) -> MemoryStoreState.Written<any APIObject> in
            try state.update(object, statusOnly: statusOnly)
        }
        if written.deliver { deliverPending() }
        return try Self.typed(written.value)
    }

    /// The stored object as the writer's type; they differ only if two Swift types claim one group and kind.
    private static func typed<Object: APIObject>(_ object: any APIObject) throws(StoreError) -> Object {
        guard let typed = object as? Object else {
            throw .badRequest("\(Object.resource.groupKind) is stored as \(type(of: object)), not \(Object.self)")
        }
        return typed
    }

    @discardableResult
    public func delete(_ key: ObjectKey, preconditions: DeletePreconditions) throws(StoreError) -> DeleteResult {
        let now = configuration.clock()
        let written = try withState { (state) throws(StoreError) -> MemoryStoreState.Written<DeleteResult> in
            try state.delete(key, preconditions: preconditions, now: now)
        }
        if written.deliver { deliverPending() }
        return written.value
    }

    public func putRecord(_ value: [UInt8]?, key: String, table: String) throws(StoreError) {
        let change = StoreRecordChange(table: table, key: key, value: value)
        try withState { (state) throws(StoreError) in try state.putRecord(change) }
    }

    public func records(table: String) -> [String: [UInt8]] {
        let (journal, keeps) = withState { ($0.journal, $0.journalKeepsRecords) }
        // Read from the journal without the store's lock: it may go to the disk.
        if keeps, let journal { return (try? journal.records(table: table)) ?? [:] }
        return withState { $0.memoryRecords[table] ?? [:] }
    }

    public func addIndex(_ definition: IndexDefinition) {
        withState { $0.addIndex(definition) }
    }

    public func sendBookmarks() {
        if withState({ $0.queueBookmark() }) { deliverPending() }
    }

    // MARK: - Batches

    /// Runs `body` holding the data lock (other writers and readers wait): its writes are checked and applied as
    /// usual, each may fail alone, then all are journaled in one transaction and their events delivered. The
    /// writer is the store itself: any call the body makes into the store on this thread runs on the locked state,
    /// so nothing deadlocks; a batch begun inside another joins it. When the journal fails, every write of the
    /// batch is undone and the journal's `ServiceUnavailable` error is thrown (over the body's own error).
    /// The body must not start a watch (it would see uncommitted writes) nor wait for another thread that uses the
    /// store.
    public func batch<Result>(_ body: (any StoreWriter) throws -> Result) throws -> Result {
        let thread = ThreadIdentity.current
        if batchOwner.load(ordering: .relaxed) == thread { return try body(self) }
        let outcome = try state.withLock {
            (state) throws(StoreError) -> (result: Swift.Result<Result, any Error>, deliver: Bool) in
            state.beginBatch()
            let result = withUnsafeMutablePointer(to: &state) { pointer in
                batchState.pointer = pointer
                batchOwner.store(thread, ordering: .relaxed)
                defer {
                    batchOwner.store(0, ordering: .relaxed)
                    batchState.pointer = nil
                }
                return Swift.Result { try body(self) }
            }
            return (result, try state.endBatch())
        }
        if outcome.deliver { deliverPending() }
        return try outcome.result.get()
    }

    /// Runs `body` on the state: directly when this thread runs a batch (it holds the lock), else under the lock.
    private func withState<Result, Failure: Error>(
        _ body: (inout MemoryStoreState) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        if batchOwner.load(ordering: .relaxed) == ThreadIdentity.current, let pointer = batchState.pointer {
            return try body(&pointer.pointee)
        }
        return try state.withLock(body)
    }

    /// Throws when this thread runs a batch: a watch started there would see writes not yet durable.
    private func checkNotInBatch() throws(StoreError) {
        if batchOwner.load(ordering: .relaxed) == ThreadIdentity.current {
            throw .badRequest("a watch cannot start inside a store batch")
        }
    }

    // MARK: - Watches

    public func watch(
        _ options: WatchOptions,
        handler: @escaping @Sendable (WatchEvent) -> Void
    ) throws(StoreError)
        -> WatchRegistration
    {
        try checkNotInBatch()
        let watcher = try withDeliveryLock { () throws(StoreError) -> Watcher in
            let (watcher, start) = try withState {
                (state) throws(StoreError) -> (watcher: Watcher, start: [WatchEvent]) in
                try state.register(options) { _, _ in .handler(handler) }
            }
            for event in start { watcher.send(event) }
            return watcher
        }
        return WatchRegistration { [weak self] in self?.removeWatcher(id: watcher.id) }
    }

    public func watchStream(_ options: WatchOptions) throws(StoreError) -> WatchStream {
        try checkNotInBatch()
        let capacity = options.bufferCapacity ?? configuration.watchBufferCapacity
        let (watcher, events) = try withDeliveryLock {
            () throws(StoreError) -> (Watcher, AsyncThrowingStream<WatchEvent, any Error>) in
            var stream: AsyncThrowingStream<WatchEvent, any Error>?
            let (watcher, start) = try withState {
                (state) throws(StoreError) -> (watcher: Watcher, start: [WatchEvent]) in
                try state.register(options) { id, startCount in
                    // The start is delivered at once, so the buffer holds it on top of the live capacity.
                    let (events, continuation) = AsyncThrowingStream<WatchEvent, any Error>.makeStream(
                        bufferingPolicy: .bufferingOldest(startCount + capacity)
                    )
                    continuation.onTermination = { [weak self] _ in _ = self?.removeWatcher(id: id) }
                    stream = events
                    return .stream(continuation, capacity: capacity)
                }
            }
            for event in start { watcher.send(event) }
            return (watcher, stream!)
        }
        let registration = WatchRegistration { [weak self] in
            self?.removeWatcher(id: watcher.id)
            watcher.finish()
        }
        return WatchStream(events: events, registration: registration)
    }

    @discardableResult
    private func removeWatcher(id: UInt64) -> Watcher? {
        let watcher = withState { $0.removeWatcher(id: id) }
        watcher?.markCancelled()
        return watcher
    }

    // MARK: - Delivery

    /// Delivers every queued event (see the type's discussion of locking).
    private func deliverPending() {
        withDeliveryLock {}
    }

    /// Runs `body` holding the delivery mutex (or directly, when this thread already holds it), then delivers
    /// what is queued before letting go, so that nothing committed meanwhile is left waiting.
    private func withDeliveryLock<Result, Failure: Error>(
        _ body: () throws(Failure) -> Result
    ) throws(Failure) -> Result {
        let thread = ThreadIdentity.current
        if deliverer.load(ordering: .relaxed) == thread {
            // A handler calling back on the delivering thread: the delivery loop below it drains the queue.
            return try body()
        }
        return try delivery.withLock { () throws(Failure) -> Result in
            deliverer.store(thread, ordering: .relaxed)
            defer {
                drain()
                deliverer.store(0, ordering: .relaxed)
            }
            return try body()
        }
    }

    /// Hands queued events to watchers until the queue stays empty. Called only with the delivery mutex held.
    private func drain() {
        while true {
            let (events, watchers) = withState { $0.takePending() }
            if events.isEmpty { return }
            for event in events {
                for watcher in watchers { watcher.deliver(event) }
            }
        }
    }
}

/// Where a running batch's locked state is reachable by the batch's own thread.
///
/// `@unchecked Sendable` is safe because `pointer` is written only by the thread running a batch, while it holds
/// the store's data lock, before it publishes itself as the batch's owner and after it withdraws; it is read only by
/// a thread that finds itself the owner, so by that same thread.
private final class BatchStateSlot: @unchecked Sendable {
    var pointer: UnsafeMutablePointer<MemoryStoreState>?
}
