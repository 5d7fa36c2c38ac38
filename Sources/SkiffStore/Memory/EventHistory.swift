import DequeModule

/// The most recent events, from which a watch resumes; older ones are dropped once `capacity` is reached.
struct EventHistory: Sendable {
    let capacity: Int
    private var events = Deque<WatchEvent>()
    /// Every event after this resourceVersion is retained: a watch may resume from here on.
    private(set) var oldestResumable: ResourceVersion

    init(capacity: Int, startingAt version: ResourceVersion = 0) {
        self.capacity = capacity
        self.oldestResumable = version
    }

    mutating func append(_ event: WatchEvent) {
        events.append(event)
        if events.count > capacity {
            oldestResumable = events.removeFirst().resourceVersion
        }
    }

    /// The retained events after `version`, in order. The caller checks `version >= oldestResumable`.
    func events(after version: ResourceVersion) -> [WatchEvent] {
        var low = 0
        var high = events.count
        while low < high {
            let mid = (low + high) / 2
            if events[mid].resourceVersion <= version { low = mid + 1 } else { high = mid }
        }
        return Array(events[low...])
    }

    var count: Int { events.count }
}
