import SkiffScheduler
import Synchronization

/// A scheduler over an in-memory store with a manual clock, as the end-to-end tests use it.
struct Harness {
    let store: MemoryStore
    let clock: ManualSchedulerClock
    let scheduler: Scheduler
    let events: EventLog

    init(_ configuration: SchedulerConfiguration = SchedulerConfiguration(), nodes: [Node] = []) throws {
        let clock = ManualSchedulerClock()
        let uids = Atomic<Int>(0)
        store = MemoryStore(
            configuration: StoreConfiguration(
                clock: { clock.wallNow },
                makeUID: { "uid-\(uids.add(1, ordering: .relaxed).newValue)" }
            )
        )
        self.clock = clock
        let events = EventLog()
        self.events = events
        var configuration = configuration
        configuration.clock = clock
        configuration.eventSink = { event in events.append(event) }
        scheduler = Scheduler(store: store, configuration: configuration)
        for node in nodes {
            _ = try store.create(node)
        }
        try scheduler.start()
    }

    @discardableResult
    func create(_ pod: Pod) throws -> Pod {
        try store.create(pod)
    }

    func pod(_ name: String, namespace: String = "default") -> Pod? {
        store.get(Pod.self, namespace: namespace, name: name)
    }

    /// Runs cycles until the active queue is empty.
    @discardableResult
    func settle() -> [SchedulingResult] {
        scheduler.scheduleUntilIdle()
    }

    /// Moves the clock on and lets the queue release pods whose backoff ended.
    func advance(seconds: Int64) {
        clock.advance(by: .seconds(seconds))
        scheduler.queue.flush()
    }

    /// Marks a bound pod finished.
    func finish(_ name: String, namespace: String = "default") throws {
        guard var pod = pod(name, namespace: namespace) else { return }
        pod.status.phase = .succeeded
        _ = try store.updateStatus(pod)
    }

    func condition(_ name: String) -> PodCondition? {
        pod(name)?.status.conditions[type: .podScheduled]
    }

    func devices(_ name: String) -> DeviceAssignment {
        pod(name).map { DeviceAssignment(pod: $0) } ?? DeviceAssignment()
    }
}

/// The events a scheduler emitted, in order.
final class EventLog: Sendable {
    private let events = Mutex<[SchedulerEvent]>([])

    func append(_ event: SchedulerEvent) {
        events.withLock { $0.append(event) }
    }

    var all: [SchedulerEvent] { events.withLock { $0 } }

    var last: SchedulerEvent? { all.last }
}
