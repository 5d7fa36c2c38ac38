/// One change seen by a watcher, carrying the object as it is after the change (its `metadata.resourceVersion` is
/// the change's resourceVersion).
public enum WatchEvent: Sendable {
    /// The object was created, or (for a filtered watch) started to match the filter.
    case added(any APIObject)
    /// The object changed; `previous` is how it was before, for handlers that compare.
    case modified(any APIObject, previous: any APIObject)
    /// The object was removed (carrying its final state with the deletion's resourceVersion), or (for a filtered
    /// watch) stopped matching the filter.
    case deleted(any APIObject)
    /// Nothing the watcher selects changed up to this resourceVersion; a watcher may resume from it.
    case bookmark(ResourceVersion)

    public var type: WatchEventType {
        switch self {
        case .added: .added
        case .modified: .modified
        case .deleted: .deleted
        case .bookmark: .bookmark
        }
    }

    /// The object, or nil for a bookmark.
    public var object: (any APIObject)? {
        switch self {
        case .added(let object), .modified(let object, _), .deleted(let object): object
        case .bookmark: nil
        }
    }

    /// The resourceVersion the watcher has seen up to once it has handled this event.
    public var resourceVersion: ResourceVersion {
        switch self {
        case .added(let object), .modified(let object, _), .deleted(let object): object.metadata.resourceVersion
        case .bookmark(let version): version
        }
    }
}
