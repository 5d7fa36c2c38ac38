extension ObjectStore {
    /// Lists with the options spelled out; see ``list(_:options:)``.
    public func list(
        _ groupKind: GroupKind,
        namespace: String? = nil,
        labels: (any LabelMatcher)? = nil,
        fields: (any FieldMatcher)? = nil,
        limit: Int? = nil,
        continue continueToken: String? = nil
    ) throws(StoreError) -> ListResult {
        try list(
            groupKind,
            options: ListOptions(
                namespace: namespace,
                labels: labels,
                fields: fields,
                limit: limit,
                continueToken: continueToken
            )
        )
    }

    /// Deletes without preconditions; see ``delete(_:preconditions:)``.
    @discardableResult
    public func delete(_ key: ObjectKey) throws(StoreError) -> DeleteResult {
        try delete(key, preconditions: .none)
    }

    /// Watches with the options spelled out; see ``watch(_:handler:)``.
    public func watch(
        groupKind: GroupKind?,
        namespace: String? = nil,
        from resourceVersion: ResourceVersion? = nil,
        bookmarks: Bool = false,
        handler: @escaping @Sendable (WatchEvent) -> Void
    ) throws(StoreError) -> WatchRegistration {
        try watch(
            WatchOptions(
                groupKind: groupKind,
                namespace: namespace,
                resourceVersion: resourceVersion,
                bookmarks: bookmarks
            ),
            handler: handler
        )
    }

    /// A stream with the options spelled out; see ``watchStream(_:)``.
    public func watchStream(
        groupKind: GroupKind?,
        namespace: String? = nil,
        from resourceVersion: ResourceVersion? = nil,
        bookmarks: Bool = false,
        bufferCapacity: Int? = nil
    ) throws(StoreError) -> WatchStream {
        try watchStream(
            WatchOptions(
                groupKind: groupKind,
                namespace: namespace,
                resourceVersion: resourceVersion,
                bookmarks: bookmarks,
                bufferCapacity: bufferCapacity
            )
        )
    }

    /// Registers an index of `groupKind` under `name`; see ``addIndex(_:)``.
    public func addIndex(
        name: String,
        groupKind: GroupKind,
        _ values: @escaping @Sendable (any APIObject) -> [String]
    ) {
        addIndex(IndexDefinition(name: name, groupKind: groupKind, values: values))
    }

    /// The objects filed under `value` in the named index, sorted by key.
    public func objects(index: String, value: String) -> [any APIObject] {
        keys(index: index, value: value).compactMap { get($0) }
    }
}

extension ObjectStore {
    /// Runs `body` with the store itself as the writer: each write commits on its own. ``MemoryStore`` and
    /// ``SQLiteStore`` commit a batch's writes together instead.
    public func batch<Result>(_ body: (any StoreWriter) throws -> Result) throws -> Result {
        try body(self)
    }

    /// Every selected object of type `T`, sorted by namespace and name.
    public func list<T: APIObject>(
        _ type: T.Type,
        namespace: String? = nil,
        labels: (any LabelMatcher)? = nil,
        fields: (any FieldMatcher)? = nil
    ) throws(StoreError) -> [T] {
        let result = try list(
            T.resource.groupKind,
            options: ListOptions(namespace: namespace, labels: labels, fields: fields)
        )
        return result.items.compactMap { $0 as? T }
    }
}
