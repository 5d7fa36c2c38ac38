/// One page of a list.
public struct ListResult: Sendable {
    /// The selected objects, sorted by namespace then name (the order of Kubernetes' etcd keys,
    /// `namespace/name`).
    public var items: [any APIObject]
    /// The store's resourceVersion when the list was taken (for every page of a paged list: the first page's),
    /// from which a watch continues without missing a change.
    public var resourceVersion: ResourceVersion
    /// Present when a limited list has more items: pass it as ``ListOptions/continueToken`` for the next page.
    public var continueToken: String?

    public init(items: [any APIObject], resourceVersion: ResourceVersion, continueToken: String? = nil) {
        self.items = items
        self.resourceVersion = resourceVersion
        self.continueToken = continueToken
    }
}
