import HeapModule
import SkiffStore
import Synchronization

/// Pods waiting to be scheduled, as kube-scheduler's `PriorityQueue`:
///
/// - an **active queue**, a heap ordered by priority (highest first), then creation time, then arrival;
/// - a **backoff queue** of pods that failed recently, each waiting `1 s × 2^(attempts-1)` (at most 10 s) from its
///   last failure before it is active again;
/// - an **unschedulable set** of pods no node could take, moved back when a cluster event that could help them
///   happens (a node added or changed, a bound pod gone, a gang member arrived — only events one of the plugins
///   that rejected the pod registered for), and at the latest after 5 minutes.
///
/// It also remembers which pods are nominated to which node after a preemption (kube-scheduler's `PodNominator`).
/// Time comes from the injected ``SchedulerClock``. Every method is safe from any thread; the mutex is held only for
/// the queue's own bookkeeping.
public final class SchedulingQueue: Sendable {
    /// The queue's timings (kube-scheduler's defaults).
    public struct Configuration: Sendable {
        /// The backoff after the first failure.
        public var initialBackoff: Duration
        /// The longest backoff.
        public var maxBackoff: Duration
        /// How long a pod stays in the unschedulable set without a helpful event.
        public var maxInUnschedulable: Duration
        /// How often the unschedulable set is searched for pods that stayed too long.
        public var unschedulableFlushInterval: Duration

        /// 1 s, 10 s, 5 min and 30 s, as kube-scheduler.
        public init(
            initialBackoff: Duration = .seconds(1),
            maxBackoff: Duration = .seconds(10),
            maxInUnschedulable: Duration = .seconds(300),
            unschedulableFlushInterval: Duration = .seconds(30)
        ) {
            self.initialBackoff = initialBackoff
            self.maxBackoff = maxBackoff
            self.maxInUnschedulable = maxInUnschedulable
            self.unschedulableFlushInterval = unschedulableFlushInterval
        }
    }

    /// Where a pod is.
    public enum Location: Sendable, Hashable {
        /// Waiting its turn in the active queue.
        case active
        /// Waiting out its backoff.
        case backoff
        /// Waiting for a cluster event.
        case unschedulable
        /// Taken by a scheduling cycle.
        case inFlight
    }

    /// A pod nominated to a node by preemption, counted there by later cycles of pods of lower or equal priority.
    public struct Nomination: Sendable {
        /// The pod.
        public var pod: Pod
        /// The node.
        public var node: String
    }

    /// How many pods are where.
    public struct Counts: Sendable, Hashable {
        /// In the active queue.
        public var active: Int
        /// In the backoff queue.
        public var backoff: Int
        /// In the unschedulable set.
        public var unschedulable: Int
        /// Taken by a running cycle.
        public var inFlight: Int

        /// Counts with the given values.
        public init(active: Int, backoff: Int, unschedulable: Int, inFlight: Int) {
            self.active = active
            self.backoff = backoff
            self.unschedulable = unschedulable
            self.inFlight = inFlight
        }
    }

    private struct Entry {
        var info: QueuedPod
        var location: Location
        var stamp: UInt64
    }

    private struct ActiveItem: Comparable {
        var priority: Int32
        var creation: Int64
        var stamp: UInt64
        var key: PodKey

        // "Greater" goes first: higher priority, then the older pod, then the earlier arrival.
        static func < (lhs: ActiveItem, rhs: ActiveItem) -> Bool {
            if lhs.priority != rhs.priority { return lhs.priority < rhs.priority }
            if lhs.creation != rhs.creation { return lhs.creation > rhs.creation }
            return lhs.stamp > rhs.stamp
        }

        static func == (lhs: ActiveItem, rhs: ActiveItem) -> Bool {
            lhs.stamp == rhs.stamp && lhs.key == rhs.key
        }
    }

    private struct BackoffItem: Comparable {
        var expiry: Duration
        var stamp: UInt64
        var key: PodKey

        static func < (lhs: BackoffItem, rhs: BackoffItem) -> Bool {
            lhs.expiry != rhs.expiry ? lhs.expiry < rhs.expiry : lhs.stamp < rhs.stamp
        }

        static func == (lhs: BackoffItem, rhs: BackoffItem) -> Bool {
            lhs.stamp == rhs.stamp && lhs.key == rhs.key
        }
    }

    private struct State {
        var entries: [PodKey: Entry] = [:]
        var active = Heap<ActiveItem>()
        var backoff = Heap<BackoffItem>()
        var unschedulable: Set<PodKey> = []
        var groups: [PodGroup: Set<PodKey>] = [:]
        var nominations: [PodKey: Nomination] = [:]
        var nominatedByNode: [String: Set<PodKey>] = [:]
        var nextStamp: UInt64 = 0
        var schedulingCycle = 0
        var moveRequestCycle = -1
        var lastLeftoverFlush: Duration = .zero
        var counts = Counts(active: 0, backoff: 0, unschedulable: 0, inFlight: 0)

        mutating func stamp() -> UInt64 {
            nextStamp += 1
            return nextStamp
        }
    }

    private let configuration: Configuration
    private let clock: any SchedulerClock
    // A pthread lock rather than `Mutex`: watch handlers and the scheduling cycle contend for it, and ThreadSanitizer
    // cannot see a contended `Mutex`'s synchronization.
    private let state = Locked(State())
    private let wake = WakeSignal()

    /// An empty queue.
    public init(clock: any SchedulerClock, configuration: Configuration = Configuration()) {
        self.clock = clock
        self.configuration = configuration
    }

    // MARK: - Pods arriving, changing, leaving

    /// Adds a pending pod, or takes a newer version of one already queued. A new pod goes to the active queue;
    /// a changed spec or metadata sends an unschedulable pod back (to the backoff queue while it is backing off),
    /// as kube-scheduler's `Update`. A new member of a gang wakes its waiting siblings.
    public func add(_ pod: Pod) {
        let key = PodKey(pod)
        let now = clock.now
        let woke = state.withLock { state -> Bool in
            if var entry = state.entries[key] {
                let previous = entry.info.pod
                entry.info.pod = pod
                state.entries[key] = entry
                let changed =
                    previous.spec != pod.spec || previous.metadata.labels != pod.metadata.labels
                    || previous.metadata.annotations != pod.metadata.annotations
                if changed && entry.location == .unschedulable {
                    move(&state, key, now: now)
                    return true
                }
                return false
            }
            var info = QueuedPod(pod: pod, now: now)
            info.requeueEvents = .all
            state.entries[key] = Entry(info: info, location: .inFlight, stamp: 0)
            state.counts.inFlight += 1
            push(&state, key, to: .active, now: now)
            if let group = info.group {
                state.groups[group, default: []].insert(key)
                moveUnschedulable(&state, events: .podGroupMemberAdded, now: now) { $0.group == group }
            }
            return true
        }
        if woke { wake.signal() }
    }

    /// Removes a pod that was deleted or bound elsewhere; a cycle holding it finds it gone when it hands it back.
    public func delete(_ key: PodKey) {
        state.withLock { state in
            remove(&state, key)
        }
    }

    /// Removes a pod its cycle bound.
    public func done(_ key: PodKey) {
        delete(key)
    }

    // MARK: - Scheduling cycles

    /// Takes the pod that should be scheduled next, or nil when the active queue is empty. Pods whose backoff
    /// ended are moved to the active queue first.
    public func pop() -> QueuedPod? {
        let now = clock.now
        return state.withLock { state -> QueuedPod? in
            flushBackoff(&state, now: now)
            while let item = state.active.popMax() {
                guard var entry = state.entries[item.key], entry.location == .active, entry.stamp == item.stamp else {
                    continue
                }
                state.schedulingCycle += 1
                take(&state, &entry, now: now)
                state.entries[item.key] = entry
                return entry.info
            }
            return nil
        }
    }

    /// Takes every other queued member of `group` for a gang cycle (their attempts counted as the popped pod's).
    public func takeGroup(_ group: PodGroup, except key: PodKey) -> [QueuedPod] {
        let now = clock.now
        return state.withLock { state -> [QueuedPod] in
            var taken: [QueuedPod] = []
            for member in (state.groups[group] ?? []).sorted() where member != key {
                guard var entry = state.entries[member], entry.location != .inFlight else { continue }
                take(&state, &entry, now: now)
                state.entries[member] = entry
                taken.append(entry.info)
            }
            return taken
        }
    }

    /// The pending members of `group` the queue holds (in any location), sorted by key.
    public func members(of group: PodGroup) -> [PodKey] {
        state.withLock { state in (state.groups[group] ?? []).sorted() }
    }

    /// Hands back a pod its cycle could not place (kube-scheduler's `AddUnschedulableIfNotPresent`): to the
    /// unschedulable set, or — when a cluster event arrived during its cycle — to the backoff queue, so that the
    /// event is not missed. `rejectedBy` are the plugins that rejected it and `events` those that can help it.
    public func requeueUnschedulable(_ pod: QueuedPod, rejectedBy plugins: Set<String>, events: ClusterEvents) {
        let now = clock.now
        state.withLock { state in
            guard var entry = state.entries[pod.key], entry.location == .inFlight else { return }
            entry.info.timestamp = now
            entry.info.unschedulablePlugins = plugins
            entry.info.requeueEvents = events
            state.entries[pod.key] = entry
            if state.moveRequestCycle >= entry.info.cycle {
                push(&state, pod.key, to: .backoff, now: now)
            } else {
                push(&state, pod.key, to: .unschedulable, now: now)
            }
        }
    }

    /// Hands back a pod whose cycle failed for another reason (a binding error): to the backoff queue.
    public func requeueAfterError(_ pod: QueuedPod) {
        let now = clock.now
        state.withLock { state in
            guard var entry = state.entries[pod.key], entry.location == .inFlight else { return }
            entry.info.timestamp = now
            entry.info.unschedulablePlugins = []
            entry.info.requeueEvents = .all
            state.entries[pod.key] = entry
            push(&state, pod.key, to: .backoff, now: now)
        }
        wake.signal()
    }

    /// A cluster event happened: unschedulable pods that one of their rejecting plugins says it may help go back
    /// to the active queue (or the backoff queue while backing off).
    public func moveAll(on events: ClusterEvents) {
        guard !events.isEmpty else { return }
        let now = clock.now
        let moved = state.withLock { state -> Bool in
            state.moveRequestCycle = state.schedulingCycle
            return moveUnschedulable(&state, events: events, now: now) { _ in true }
        }
        if moved { wake.signal() }
    }

    /// Moves pods whose backoff ended to the active queue, and pods that stayed in the unschedulable set longer than
    /// `maxInUnschedulable` back too (the latter at most once per `unschedulableFlushInterval`). The run loop calls
    /// this every second; ``pop()`` flushes the backoff queue itself.
    public func flush() {
        let now = clock.now
        let moved = state.withLock { state -> Bool in
            let before = state.counts.active
            flushBackoff(&state, now: now)
            if now - state.lastLeftoverFlush >= configuration.unschedulableFlushInterval {
                state.lastLeftoverFlush = now
                let stale = state.unschedulable.filter { key in
                    guard let entry = state.entries[key] else { return false }
                    return now - entry.info.timestamp > configuration.maxInUnschedulable
                }
                for key in stale.sorted() {
                    move(&state, key, now: now)
                }
            }
            return state.counts.active > before
        }
        if moved { wake.signal() }
    }

    /// Waits until work may be available: a pod added or moved, or `timeout` elapsed.
    public func waitForWork(timeout: Duration) async {
        await wake.wait(timeout: timeout)
    }

    // MARK: - Nominations

    /// Records that `pod` is nominated to `node` after a preemption (nil `node` clears it).
    public func nominate(_ pod: Pod, to node: String?) {
        let key = PodKey(pod)
        state.withLock { state in
            clearNomination(&state, key)
            guard let node, !node.isEmpty else { return }
            state.nominations[key] = Nomination(pod: pod, node: node)
            state.nominatedByNode[node, default: []].insert(key)
        }
    }

    /// The pods nominated to `node`.
    public func nominatedPods(on node: String) -> [Pod] {
        state.withLock { state in
            (state.nominatedByNode[node] ?? []).sorted().compactMap { state.nominations[$0]?.pod }
        }
    }

    /// Every nomination, by node.
    public func nominations() -> [String: [Pod]] {
        state.withLock { state in
            state.nominatedByNode.mapValues { keys in keys.sorted().compactMap { state.nominations[$0]?.pod } }
        }
    }

    // MARK: - Queries

    /// How many pods are where.
    public var counts: Counts {
        state.withLock { $0.counts }
    }

    /// Where a pod is, or nil when the queue does not hold it.
    public func location(of key: PodKey) -> Location? {
        state.withLock { $0.entries[key]?.location }
    }

    /// The queued pod, or nil.
    public func queuedPod(_ key: PodKey) -> QueuedPod? {
        state.withLock { $0.entries[key]?.info }
    }

    /// The pod's place in the order pods would be tried (0 is next): pods in the active queue first in their
    /// order, then backing-off pods by the end of their backoff, then the unschedulable set by priority and age.
    public func position(of key: PodKey) -> Int? {
        state.withLock { state -> Int? in
            guard state.entries[key] != nil else { return nil }
            let ordered = state.entries.values.sorted { lhs, rhs in
                let lhsRank = Self.rank(lhs.location)
                let rhsRank = Self.rank(rhs.location)
                if lhsRank != rhsRank { return lhsRank < rhsRank }
                if lhs.info.priority != rhs.info.priority { return lhs.info.priority > rhs.info.priority }
                let lhsCreated = lhs.info.pod.metadata.creationTimestamp?.seconds ?? 0
                let rhsCreated = rhs.info.pod.metadata.creationTimestamp?.seconds ?? 0
                if lhsCreated != rhsCreated { return lhsCreated < rhsCreated }
                return lhs.stamp < rhs.stamp
            }
            return ordered.firstIndex { $0.info.key == key }
        }
    }

    private static func rank(_ location: Location) -> Int {
        switch location {
        case .inFlight: 0
        case .active: 1
        case .backoff: 2
        case .unschedulable: 3
        }
    }

    /// The backoff a pod with `attempts` attempts waits: kube-scheduler's `calculateBackoffDuration`.
    public func backoffDuration(attempts: Int) -> Duration {
        guard attempts > 0 else { return .zero }
        var duration = configuration.initialBackoff
        for _ in 1..<attempts {
            if duration > configuration.maxBackoff - duration { return configuration.maxBackoff }
            duration += duration
        }
        return min(duration, configuration.maxBackoff)
    }

    // MARK: - Bookkeeping (called with the lock held)

    private func take(_ state: inout State, _ entry: inout Entry, now: Duration) {
        setLocation(&state, &entry, .inFlight)
        entry.info.attempts += 1
        entry.info.cycle = state.schedulingCycle
        if entry.info.initialAttempt == nil { entry.info.initialAttempt = now }
    }

    private func isBackingOff(_ info: QueuedPod, now: Duration) -> Bool {
        info.timestamp + backoffDuration(attempts: info.attempts) > now
    }

    /// Puts the pod `key` (present in `entries`) into `location`.
    private func push(_ state: inout State, _ key: PodKey, to location: Location, now: Duration) {
        guard var entry = state.entries[key] else { return }
        let stamp = state.stamp()
        entry.stamp = stamp
        setLocation(&state, &entry, location)
        switch location {
        case .active:
            state.active.insert(
                ActiveItem(
                    priority: entry.info.priority,
                    creation: entry.info.pod.metadata.creationTimestamp?.seconds ?? 0,
                    stamp: stamp,
                    key: key
                )
            )
        case .backoff:
            let expiry = entry.info.timestamp + backoffDuration(attempts: entry.info.attempts)
            state.backoff.insert(BackoffItem(expiry: expiry, stamp: stamp, key: key))
        case .unschedulable, .inFlight:
            break
        }
        state.entries[key] = entry
        compact(&state)
    }

    private func setLocation(_ state: inout State, _ entry: inout Entry, _ location: Location) {
        adjust(&state.counts, entry.location, by: -1)
        if entry.location == .unschedulable { state.unschedulable.remove(entry.info.key) }
        entry.location = location
        adjust(&state.counts, location, by: 1)
        if location == .unschedulable { state.unschedulable.insert(entry.info.key) }
    }

    private func adjust(_ counts: inout Counts, _ location: Location, by delta: Int) {
        switch location {
        case .active: counts.active += delta
        case .backoff: counts.backoff += delta
        case .unschedulable: counts.unschedulable += delta
        case .inFlight: counts.inFlight += delta
        }
    }

    /// Moves an unschedulable pod back: to the backoff queue while it is backing off, else to the active queue.
    private func move(_ state: inout State, _ key: PodKey, now: Duration) {
        guard let entry = state.entries[key], entry.location == .unschedulable || entry.location == .backoff else {
            return
        }
        push(&state, key, to: isBackingOff(entry.info, now: now) ? .backoff : .active, now: now)
    }

    @discardableResult
    private func moveUnschedulable(
        _ state: inout State,
        events: ClusterEvents,
        now: Duration,
        where matches: (QueuedPod) -> Bool
    ) -> Bool {
        let keys = state.unschedulable.filter { key in
            guard let entry = state.entries[key] else { return false }
            return !entry.info.requeueEvents.intersection(events).isEmpty && matches(entry.info)
        }
        for key in keys.sorted() {
            move(&state, key, now: now)
        }
        return !keys.isEmpty
    }

    private func flushBackoff(_ state: inout State, now: Duration) {
        while let first = state.backoff.min, first.expiry <= now {
            state.backoff.removeMin()
            guard let entry = state.entries[first.key], entry.location == .backoff, entry.stamp == first.stamp else {
                continue
            }
            push(&state, first.key, to: .active, now: now)
        }
    }

    private func remove(_ state: inout State, _ key: PodKey) {
        guard var entry = state.entries.removeValue(forKey: key) else { return }
        setLocation(&state, &entry, .inFlight)
        state.counts.inFlight -= 1
        if let group = entry.info.group {
            state.groups[group]?.remove(key)
            if state.groups[group]?.isEmpty == true { state.groups[group] = nil }
        }
        clearNomination(&state, key)
    }

    private func clearNomination(_ state: inout State, _ key: PodKey) {
        guard let previous = state.nominations.removeValue(forKey: key) else { return }
        state.nominatedByNode[previous.node]?.remove(key)
        if state.nominatedByNode[previous.node]?.isEmpty == true { state.nominatedByNode[previous.node] = nil }
    }

    /// Rebuilds the heaps when stale items (left by moves and deletions) outnumber live ones.
    private func compact(_ state: inout State) {
        if state.active.count > 2 * state.counts.active + 64 {
            state.active = Heap(
                state.active.unordered.filter { item in
                    state.entries[item.key].map { $0.location == .active && $0.stamp == item.stamp } ?? false
                }
            )
        }
        if state.backoff.count > 2 * state.counts.backoff + 64 {
            state.backoff = Heap(
                state.backoff.unordered.filter { item in
                    state.entries[item.key].map { $0.location == .backoff && $0.stamp == item.stamp } ?? false
                }
            )
        }
    }
}
