/// What a watch selects and where it starts.
public struct WatchOptions: Sendable {
    /// Only objects of this kind; nil for every kind.
    public var groupKind: GroupKind?
    /// Only objects in this namespace; nil for every namespace.
    public var namespace: String?
    /// Only objects whose labels match. An object that stops matching arrives as `DELETED`, one that starts
    /// matching as `ADDED`, as Kubernetes' watch cache does.
    public var labels: (any LabelMatcher)?
    /// Only objects whose fields match (same transitions as ``labels``).
    public var fields: (any FieldMatcher)?
    /// Where to start. Nil or 0: an `ADDED` event for every selected object, then every later change.
    /// N > 0: every change after N, replayed from the store's history; `Expired` (410) when N is older than the
    /// history holds.
    public var resourceVersion: ResourceVersion?
    /// Whether the watcher also receives `BOOKMARK` events (see ``ObjectStore/sendBookmarks()``).
    public var bookmarks: Bool
    /// For a ``WatchStream``: how many undelivered events it may hold beyond those of its start before the store
    /// closes it with ``WatchOverflowError``; nil for the store's default.
    public var bufferCapacity: Int?

    public init(
        groupKind: GroupKind? = nil,
        namespace: String? = nil,
        labels: (any LabelMatcher)? = nil,
        fields: (any FieldMatcher)? = nil,
        resourceVersion: ResourceVersion? = nil,
        bookmarks: Bool = false,
        bufferCapacity: Int? = nil
    ) {
        self.groupKind = groupKind
        self.namespace = namespace
        self.labels = labels
        self.fields = fields
        self.resourceVersion = resourceVersion
        self.bookmarks = bookmarks
        self.bufferCapacity = bufferCapacity
    }
}
