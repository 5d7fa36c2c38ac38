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
        state.withLock { $0.resourceVersion }
    }

    public var watcherCount: Int {
        state.withLock { $0.watchers.count }
    }

    /// How many objects of each kind the store holds.
    public var counts: [GroupKind: Int] {
        state.withLock { state in state.tables.compactMapValues { $0.count > 0 ? $0.count : nil } }
    }

    public func get(_ key: ObjectKey) -> (any APIObject)? {
        state.withLock { $0.object(key) }
    }

    public func list(_ groupKind: GroupKind, options: ListOptions) throws(StoreError) -> ListResult {
        try state.withLock { (state) throws(StoreError) -> ListResult in try state.list(groupKind, options: options) }
    }

    public func keys(index: String, value: String) -> [ObjectKey] {
        state.withLock { $0.keys(index: index, value: value) }
    }

    /// Where a list's candidates would come from (lets tests prove that selective lists use an index).
    func listPlan(_ groupKind: GroupKind, options: ListOptions) -> ListPlan.Source {
        state.withLock { $0.listPlan(groupKind, options: options) }
    }

    // MARK: - Writes

    @discardableResult
    public func create<Object: APIObject>(_ object: Object) throws(StoreError) -> Object {
        let now = configuration.clock()
        let uid = configuration.makeUID()
        let written = try state.withLock { (state) throws(StoreError) -> MemoryStoreState.Written<any APIObject> in
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
        let written = try state.withLock { (state) throws(StoreError) -> MemoryStoreState.Written<any APIObject> in
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
        let written = try state.withLock { (state) throws(StoreError) -> MemoryStoreState.Written<DeleteResult> in
            try state.delete(key, preconditions: preconditions, now: now)
        }
        if written.deliver { deliverPending() }
        return written.value
    }

    public func addIndex(_ definition: IndexDefinition) {
        state.withLock { $0.addIndex(definition) }
    }

    public func sendBookmarks() {
        if state.withLock({ $0.queueBookmark() }) { deliverPending() }
    }

    // MARK: - Watches

    public func watch(
        _ options: WatchOptions,
        handler: @escaping @Sendable (WatchEvent) -> Void
    ) throws(StoreError)
        -> WatchRegistration
    {
        let watcher = try withDeliveryLock { () throws(StoreError) -> Watcher in
            let (watcher, start) = try state.withLock {
                (state) throws(StoreError) -> (watcher: Watcher, start: [WatchEvent]) in
                try state.register(options) { _, _ in .handler(handler) }
            }
            for event in start { watcher.send(event) }
            return watcher
        }
        return WatchRegistration { [weak self] in self?.removeWatcher(id: watcher.id) }
    }

    public func watchStream(_ options: WatchOptions) throws(StoreError) -> WatchStream {
        let capacity = options.bufferCapacity ?? configuration.watchBufferCapacity
        let (watcher, events) = try withDeliveryLock {
            () throws(StoreError) -> (Watcher, AsyncThrowingStream<WatchEvent, any Error>) in
            var stream: AsyncThrowingStream<WatchEvent, any Error>?
            let (watcher, start) = try state.withLock {
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
        let watcher = state.withLock { $0.removeWatcher(id: id) }
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
            let (events, watchers) = state.withLock { $0.takePending() }
            if events.isEmpty { return }
            for event in events {
                for watcher in watchers { watcher.deliver(event) }
            }
        }
    }
}
