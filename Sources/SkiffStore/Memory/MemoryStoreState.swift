/// Everything a ``MemoryStore`` holds, guarded by its mutex. Methods here never call user code other than the
/// configuration's generators and index functions, so the lock is held only for the store's own work.
struct MemoryStoreState: Sendable {
    let configuration: StoreConfiguration
    private(set) var resourceVersion: ResourceVersion = 0
    private(set) var tables: [GroupKind: KindTable] = [:]
    private(set) var history: EventHistory
    /// Committed events not yet handed to watchers, in resourceVersion order.
    private var pending: [WatchEvent] = []
    private(set) var watchers: [Watcher] = []
    private var nextWatcherID: UInt64 = 1
    /// Which kind each custom index belongs to.
    private var indexKinds: [String: GroupKind] = [:]
    /// Where writes are made durable before they become visible (nil: memory only).
    let journal: (any StoreJournal)?
    /// The open batch's changes, events and undo log (nil outside a batch): its writes are journaled together and
    /// their events committed when it ends, or undone when the journal fails.
    var batchLog: BatchLog?
    /// Side-table records, by table and key, kept here only when the journal keeps none (no journal, or one
    /// without side tables).
    private(set) var memoryRecords: [String: [String: [UInt8]]] = [:]
    /// Whether the journal keeps side tables itself (then ``memoryRecords`` stays empty).
    var journalKeepsRecords = false

    init(configuration: StoreConfiguration, journal: (any StoreJournal)? = nil) {
        self.configuration = configuration
        self.journal = journal
        self.journalKeepsRecords = journal?.keepsRecords ?? false
        self.history = EventHistory(capacity: configuration.historyCapacity)
    }

    /// A state holding `objects` as saved (uids, resourceVersions, generations and timestamps kept) at the
    /// store version `resourceVersion`; watches may resume only from that version on, as after a watch cache's
    /// restart.
    init(
        configuration: StoreConfiguration,
        journal: (any StoreJournal)?,
        objects: [any APIObject],
        resourceVersion: ResourceVersion
    ) {
        self.init(configuration: configuration, journal: journal)
        var version = resourceVersion
        for object in objects {
            store(object)
            version = max(version, object.metadata.resourceVersion)
        }
        self.resourceVersion = version
        self.history = EventHistory(capacity: configuration.historyCapacity, startingAt: version)
    }

    // MARK: - Kinds

    /// The kind's Swift type, from its objects or the configured registry.
    func objectType(of groupKind: GroupKind) -> (any APIObject.Type)? {
        tables[groupKind]?.objectType ?? configuration.kinds?.type(for: groupKind)
    }

    /// The resource name error messages use.
    func resource(of groupKind: GroupKind) -> QualifiedResource {
        objectType(of: groupKind).map { QualifiedResource($0.resource) } ?? QualifiedResource(guessingFrom: groupKind)
    }

    // MARK: - Reads

    func object(_ key: ObjectKey) -> (any APIObject)? {
        tables[key.groupKind]?.object(key.namespacedName)
    }

    func list(_ groupKind: GroupKind, options: ListOptions) throws(StoreError) -> ListResult {
        try checkFieldSelector(options.fields, of: groupKind)
        guard let table = tables[groupKind] else { return ListResult(items: [], resourceVersion: resourceVersion) }
        let allNamespaces = options.namespace == nil && table.isNamespaced
        var listVersion = resourceVersion
        var bound: ListBound?
        if let text = options.continueToken, !text.isEmpty {
            let token = try ContinueToken.decode(text)
            if token.resourceVersion < history.oldestResumable {
                throw .expired(
                    "The provided continue parameter is too old to display a consistent list result. You can start "
                        + "a new list without the continue parameter, or use the continue value from the response "
                        + "to continue with inconsistent list."
                )
            }
            let position = try token.position(allNamespaces: allNamespaces)
            if allNamespaces && position.namespace == nil {
                throw .badRequest("invalid continue token: continue key is not valid: \(token.start)")
            }
            let namespace = position.namespace ?? (table.isNamespaced ? options.namespace ?? "" : "")
            bound = ListBound(
                key: NamespacedName(namespace: namespace, name: position.name),
                inclusive: position.inclusive
            )
            listVersion = token.resourceVersion
        }
        let plan = table.plan(namespace: options.namespace, labels: options.labels, fields: options.fields)
        let page = table.select(
            plan,
            labels: options.labels,
            fields: options.fields,
            after: bound,
            limit: options.limit
        )
        var result = ListResult(items: page.items, resourceVersion: listVersion)
        if page.more, let last = page.items.last {
            result.continueToken =
                ContinueToken(resourceVersion: listVersion, after: last.key, allNamespaces: allNamespaces).encoded
        }
        return result
    }

    /// The plan a list would use (for tests of index use).
    func listPlan(_ groupKind: GroupKind, options: ListOptions) -> ListPlan.Source {
        tables[groupKind]?.plan(namespace: options.namespace, labels: options.labels, fields: options.fields).source
            ?? .nothing
    }

    /// Rejects field selector fields the kind does not support, as Kubernetes does (`BadRequest`).
    private func checkFieldSelector(_ fields: (any FieldMatcher)?, of groupKind: GroupKind) throws(StoreError) {
        guard let fields, let type = objectType(of: groupKind) else { return }
        let supported = (type as? any FieldSelectable.Type)?.selectableFields ?? []
        for requirement in fields.fieldRequirements {
            let field = requirement.field
            if field != "metadata.name" && field != "metadata.namespace" && !supported.contains(field) {
                throw .badRequest("field label not supported: \(field)")
            }
        }
    }

    func keys(index name: String, value: String) -> [ObjectKey] {
        guard let groupKind = indexKinds[name], let table = tables[groupKind] else { return [] }
        return table.keys(index: name, value: value).map { $0.key(groupKind) }
    }

    // MARK: - Indexes

    mutating func addIndex(_ definition: IndexDefinition) {
        if let previous = indexKinds[definition.name], previous != definition.groupKind {
            tables[previous]?.removeIndex(named: definition.name)
        }
        indexKinds[definition.name] = definition.groupKind
        tables[definition.groupKind, default: KindTable()].addIndex(definition)
    }

    // MARK: - Commit and delivery queue

    /// Records a committed event; returns whether watchers are waiting for it.
    mutating func commit(_ event: WatchEvent) -> Bool {
        if batchLog != nil {
            // Held back until the batch is durable (see `endBatch`).
            batchLog!.events.append(event)
            return false
        }
        history.append(event)
        guard !watchers.isEmpty else { return false }
        pending.append(event)
        return true
    }

    /// Hands the queued events and the current watchers to the delivering thread.
    mutating func takePending() -> (events: [WatchEvent], watchers: [Watcher]) {
        guard !pending.isEmpty else { return ([], []) }
        let events = pending
        pending.removeAll(keepingCapacity: true)
        return (events, watchers)
    }

    /// Queues a bookmark for the watchers that asked for them; returns whether there are any.
    mutating func queueBookmark() -> Bool {
        // Inside a batch the current version is not durable yet: no bookmark may promise it.
        guard batchLog == nil, watchers.contains(where: \.bookmarks) else { return false }
        pending.append(.bookmark(resourceVersion))
        return true
    }

    // MARK: - Writes

    /// Undoes one write of a batch that could not be made durable, by its inverse.
    mutating func undo(_ write: BatchLog.Undo, of groupKind: GroupKind) {
        switch write {
        case .inserted(let object): tables[groupKind]!.remove(object)
        case .replaced(let old, with: let new): tables[groupKind]!.replace(new, with: old)
        case .removed(let object): tables[groupKind]!.insert(object)
        }
    }

    /// Puts a kind's table back as an undone batch found it: gone if the batch made it, else its type as it was.
    mutating func restoreKind(_ groupKind: GroupKind, to before: BatchLog.KindBefore) {
        if before.existed {
            tables[groupKind]!.objectType = before.objectType
        } else {
            tables.removeValue(forKey: groupKind)
        }
    }

    /// Gives back the versions a batch took, when it is undone.
    mutating func rewindResourceVersion(to version: ResourceVersion) {
        resourceVersion = version
    }

    mutating func nextResourceVersion() -> ResourceVersion {
        resourceVersion += 1
        return resourceVersion
    }

    /// Makes a change durable before it is applied; on failure the resourceVersion just taken for it is given
    /// back, so that the failed write leaves no trace.
    mutating func persist(_ change: StoreChange) throws(StoreError) {
        guard let journal else { return }
        if batchLog != nil {
            batchLog!.changes.append(change)
            return
        }
        do {
            try journal.record(change)
        } catch {
            resourceVersion -= 1
            throw error
        }
    }

    mutating func store(_ object: any APIObject) {
        let groupKind = type(of: object).resource.groupKind
        if batchLog != nil { noteBatchWrite(.inserted(object), kind: groupKind) }
        tables[groupKind, default: KindTable()].insert(object)
    }

    mutating func replace(_ old: any APIObject, with new: any APIObject) {
        let groupKind = type(of: new).resource.groupKind
        if batchLog != nil { noteBatchWrite(.replaced(old, with: new), kind: groupKind) }
        tables[groupKind]!.replace(old, with: new)
    }

    mutating func remove(_ object: any APIObject) {
        let groupKind = type(of: object).resource.groupKind
        if batchLog != nil { noteBatchWrite(.removed(object), kind: groupKind) }
        tables[groupKind]!.remove(object)
    }

    // MARK: - Side tables

    /// Saves a side-table record: with the open batch, or at once.
    mutating func putRecord(_ change: StoreRecordChange) throws(StoreError) {
        if batchLog != nil {
            batchLog!.records.append(change)
            return
        }
        if let journal { try journal.record([], records: [change]) }
        keepInMemory(change)
    }

    /// Applies a saved record to the memory copy, unless the journal keeps the side tables.
    mutating func keepInMemory(_ change: StoreRecordChange) {
        guard !journalKeepsRecords else { return }
        if let value = change.value {
            memoryRecords[change.table, default: [:]][change.key] = value
        } else {
            memoryRecords[change.table]?[change.key] = nil
        }
    }

    // MARK: - Watchers

    /// Registers a watcher and returns the events of its start: a replay of the history after its
    /// resourceVersion, or `ADDED` for every selected object. Live events after the current version follow.
    mutating func register(
        _ options: WatchOptions,
        sink makeSink: (_ id: UInt64, _ startCount: Int) -> Watcher.Sink
    ) throws(StoreError) -> (watcher: Watcher, start: [WatchEvent]) {
        let filter = WatchFilter(options)
        let start: [WatchEvent]
        if let version = options.resourceVersion, version > 0 {
            if version > resourceVersion { throw .tooLargeResourceVersion(version, current: resourceVersion) }
            if version < history.oldestResumable {
                throw .expired("too old resource version: \(version) (\(history.oldestResumable))")
            }
            start = history.events(after: version).compactMap(filter.translate)
        } else {
            start = initialEvents(filter)
        }
        let id = nextWatcherID
        nextWatcherID += 1
        let watcher = Watcher(id: id, options: options, startAfter: resourceVersion, sink: makeSink(id, start.count))
        watchers.append(watcher)
        return (watcher, start)
    }

    /// `ADDED` for every object the filter selects, kind by kind in order, each in key order.
    private func initialEvents(_ filter: WatchFilter) -> [WatchEvent] {
        let kinds = filter.groupKind.map { [$0] } ?? tables.keys.sorted()
        var events: [WatchEvent] = []
        for groupKind in kinds {
            guard let table = tables[groupKind] else { continue }
            let plan = table.plan(namespace: filter.namespace, labels: filter.labels, fields: filter.fields)
            let page = table.select(plan, labels: filter.labels, fields: filter.fields, after: nil, limit: nil)
            for object in page.items where filter.inScope(object) { events.append(.added(object)) }
        }
        return events
    }

    mutating func removeWatcher(id: UInt64) -> Watcher? {
        guard let index = watchers.firstIndex(where: { $0.id == id }) else { return nil }
        return watchers.remove(at: index)
    }

    mutating func removeAllWatchers() -> [Watcher] {
        defer { watchers.removeAll() }
        return watchers
    }
}
