/// The type of a watch event, spelled as Kubernetes sends it.
public enum WatchEventType: String, Sendable, Hashable, CaseIterable {
    case added = "ADDED"
    case modified = "MODIFIED"
    case deleted = "DELETED"
    case bookmark = "BOOKMARK"
}
