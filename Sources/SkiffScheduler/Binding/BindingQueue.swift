import Dispatch
import Synchronization

/// The placements waiting for their binding cycle when the scheduler binds in the background
/// (``SchedulerConfiguration/bindInBackground``): the scheduling cycle appends and goes on with the next pod, one
/// drainer at a time takes what has gathered and binds it in one burst.
final class BindingQueue: Sendable {
    /// A placement assumed in the cache, to be written.
    struct Item: Sendable {
        var queued: QueuedPod
        var node: String
        var devices: DeviceAssignment
    }

    private struct State {
        var items: [Item] = []
        var draining = false
    }

    /// At most this many placements go into one burst.
    let burst: Int
    private let state = Mutex(State())
    /// Entered per item appended, left per item bound: waiting on it waits for every binding so far.
    private let outstanding = DispatchGroup()

    init(burst: Int = 512) {
        self.burst = burst
    }

    /// Appends `item`; true when no drainer is running and the caller must start one.
    func append(_ item: Item) -> Bool {
        outstanding.enter()
        return state.withLock { state in
            state.items.append(item)
            if state.draining { return false }
            state.draining = true
            return true
        }
    }

    /// The next burst, or nil (and the drainer's end) when nothing waits.
    func take() -> [Item]? {
        state.withLock { state in
            guard !state.items.isEmpty else {
                state.draining = false
                return nil
            }
            let count = min(burst, state.items.count)
            let taken = Array(state.items.prefix(count))
            state.items.removeFirst(count)
            return taken
        }
    }

    /// Marks `count` items bound (or refused).
    func finished(_ count: Int) {
        for _ in 0..<count { outstanding.leave() }
    }

    /// Blocks until every item appended so far is bound or refused.
    func waitUntilEmpty() {
        outstanding.wait()
    }
}
