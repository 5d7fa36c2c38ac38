import SkiffScheduler
import Synchronization
import Testing

/// Binding apart from the scheduling cycle (kube-scheduler's asynchronous binding cycle): placements are assumed at
/// once, written in bursts, and a refused binding sends the pod back to the queue with its room given back.
struct BackgroundBindingTests {
    /// A binder that refuses the pods it is told to and records the bursts it was handed.
    final class RefusingBinder: Binder {
        let inner: StoreBinder
        let refused: Set<String>
        let bursts = Mutex<[Int]>([])

        init(store: any ObjectStore, refusing: Set<String>) {
            inner = StoreBinder(store: store)
            refused = refusing
        }

        struct Refusal: Error, CustomStringConvertible {
            var description: String { "refused by the test" }
        }

        func bind(_ pod: Pod, to node: String, devices: DeviceAssignment) throws {
            if refused.contains(pod.metadata.name) { throw Refusal() }
            try inner.bind(pod, to: node, devices: devices)
        }

        func recordDevices(_ devices: DeviceAssignment, on pod: PodKey, uid: String) throws {
            try inner.recordDevices(devices, on: pod, uid: uid)
        }

        func bindAll(_ requests: [BindRequest]) -> [(any Error)?] {
            bursts.withLock { $0.append(requests.count) }
            return requests.map { request in
                do {
                    try bind(request.pod, to: request.node, devices: request.devices)
                    return nil
                } catch {
                    return error
                }
            }
        }
    }

    @Test func placementsAreBoundInBurstsAndRefusalsRequeued() throws {
        let store = MemoryStore()
        for index in 0..<4 {
            _ = try store.create(Fixtures.node("n\(index)", cpu: "4", memory: "8Gi", gpus: 2))
        }
        let binder = RefusingBinder(store: store, refusing: ["p3"])
        let events = Mutex<[SchedulerEvent]>([])
        let scheduler = Scheduler(
            store: store,
            configuration: SchedulerConfiguration(
                clock: ManualSchedulerClock(),
                bindInBackground: true,
                eventSink: { event in events.withLock { $0.append(event) } }
            ),
            binder: binder
        )
        try scheduler.start()
        defer { scheduler.stop() }
        for index in 0..<12 {
            _ = try store.create(
                Fixtures.pod("p\(index)", requests: [.cpu: "1", .nvidiaGPU: index % 3 == 0 ? 1 : 0])
            )
        }
        let results = scheduler.scheduleUntilIdle()
        #expect(results.flatMap(\.placements).count == 12)
        scheduler.waitForBindings()

        let pods = try store.list(Pod.self)
        let bound = pods.filter { !$0.spec.nodeName.isEmpty }
        #expect(bound.count == 11)
        #expect(bound.allSatisfy { $0.status.conditions[type: .podScheduled]?.status == .true })
        #expect(binder.bursts.withLock { $0.reduce(0, +) } == 12)
        // Every node holds exactly what was bound there; the refused pod's room is given back.
        let perNode = Dictionary(grouping: bound, by: \.spec.nodeName).mapValues(\.count)
        for index in 0..<4 {
            #expect(scheduler.cache.nodeInfo("n\(index)")?.podCount == perNode["n\(index)", default: 0])
        }
        let refused = try #require(store.get(Pod.self, namespace: "default", name: "p3"))
        #expect(refused.spec.nodeName.isEmpty)
        #expect(refused.status.conditions[type: .podScheduled]?.reason == "SchedulerError")
        #expect(refused.status.conditions[type: .podScheduled]?.message == "binding rejected: refused by the test")
        #expect(scheduler.cache.node(of: PodKey(namespace: "default", name: "p3")) == nil)
        #expect(scheduler.queue.location(of: PodKey(namespace: "default", name: "p3")) == .backoff)
        let scheduled = events.withLock { $0.filter { $0.reason == "Scheduled" }.count }
        #expect(scheduled == 11)
    }
}
