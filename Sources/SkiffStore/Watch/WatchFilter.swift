/// What one watcher selects, and how a change looks to it: with selectors, an object that stops matching is a
/// `DELETED` event and one that starts matching an `ADDED` event, as in Kubernetes' watch cache.
struct WatchFilter: Sendable {
    var groupKind: GroupKind?
    var namespace: String?
    var labels: (any LabelMatcher)?
    var fields: (any FieldMatcher)?

    init(_ options: WatchOptions) {
        groupKind = options.groupKind
        namespace = options.namespace
        labels = options.labels
        fields = options.fields
    }

    /// The event as this watcher sees it, or nil when it does not concern the watcher. Bookmarks pass.
    func translate(_ event: WatchEvent) -> WatchEvent? {
        switch event {
        case .bookmark:
            return event
        case .added(let object), .deleted(let object):
            return inScope(object) && selects(object) ? event : nil
        case .modified(let object, let previous):
            guard inScope(object) else { return nil }
            if labels == nil && fields == nil { return event }
            switch (selects(previous), selects(object)) {
            case (true, true): return event
            case (true, false): return .deleted(object)
            case (false, true): return .added(object)
            case (false, false): return nil
            }
        }
    }

    /// Kind and namespace match (they never change for an object).
    func inScope(_ object: any APIObject) -> Bool {
        if let groupKind, type(of: object).resource.groupKind != groupKind { return false }
        if let namespace, object.metadata.namespace != namespace { return false }
        return true
    }

    func selects(_ object: any APIObject) -> Bool {
        if let labels, !labels.matches(object.metadata.labels) { return false }
        if let fields, !fields.matches(object) { return false }
        return true
    }
}
