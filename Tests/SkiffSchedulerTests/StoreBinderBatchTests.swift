import Synchronization
import Testing

@testable import SkiffScheduler

/// `StoreBinder.bindAll`: every binding of a burst in one store batch, with the checks of `bind` per pod.
struct StoreBinderBatchTests {
    private func store() -> MemoryStore {
        let uids = Atomic<Int>(0)
        return MemoryStore(
            configuration: StoreConfiguration(makeUID: { "uid-\(uids.add(1, ordering: .relaxed).newValue)" })
        )
    }

    @Test func bindsEveryPodAndCommitsThemTogether() throws {
        let store = store()
        let pods = try (0..<3).map { try store.create(Fixtures.pod("p\($0)")) }
        // Events go out only after the batch commits: the first one already finds every pod bound.
        let boundAtFirstEvent = Mutex<[String]?>(nil)
        let watch = try store.watch(groupKind: Pod.resource.groupKind, from: store.currentResourceVersion) { _ in
            let bound = (0..<3).compactMap { index -> String? in
                store.get(Pod.self, namespace: "default", name: "p\(index)")?.spec.nodeName
            }
            boundAtFirstEvent.withLock { if $0 == nil { $0 = bound } }
        }
        defer { watch.cancel() }
        let devices = DeviceAssignment([.nvidiaGPU: [1, 0]])
        let binder = StoreBinder(store: store)
        let results = binder.bindAll([
            BindRequest(pod: pods[0], node: "n1", devices: devices),
            BindRequest(pod: pods[1], node: "n2", devices: DeviceAssignment()),
            BindRequest(pod: pods[2], node: "n1", devices: DeviceAssignment()),
        ])
        #expect(results.allSatisfy { $0 == nil })
        #expect(boundAtFirstEvent.withLock { $0 } == ["n1", "n2", "n1"])
        let first = try #require(store.get(Pod.self, namespace: "default", name: "p0"))
        #expect(first.spec.nodeName == "n1")
        #expect(first.metadata.annotations[SchedulingAnnotations.devices] == devices.annotationValue)
        #expect(first.status.conditions[type: .podScheduled]?.status == .true)
        let second = try #require(store.get(Pod.self, namespace: "default", name: "p1"))
        #expect(second.metadata.annotations[SchedulingAnnotations.devices] == nil)
        #expect(second.status.conditions[type: .podScheduled]?.status == .true)
        // Two writes per pod (the binding, then the status), in request order.
        #expect(store.currentResourceVersion == 3 + 6)
        #expect(binder.bindAll([]).isEmpty)
    }

    @Test func eachRequestIsCheckedAloneAndTheOthersStillBind() throws {
        let store = store()
        let fresh = try store.create(Fixtures.pod("fresh"))
        let bound = try store.create(Fixtures.pod("bound", nodeName: "n9"))
        let recreated = try store.create(Fixtures.pod("recreated"))
        var stale = recreated
        stale.metadata.uid = "uid-of-an-older-pod"
        let missing = Fixtures.pod("missing")
        let results = StoreBinder(store: store).bindAll([
            BindRequest(pod: missing, node: "n1", devices: DeviceAssignment()),
            BindRequest(pod: bound, node: "n1", devices: DeviceAssignment()),
            BindRequest(pod: stale, node: "n1", devices: DeviceAssignment()),
            BindRequest(pod: fresh, node: "n1", devices: DeviceAssignment()),
            BindRequest(pod: fresh, node: "n2", devices: DeviceAssignment()),
        ])
        let errors = results.map { $0 as? StoreBinder.BindingError }
        #expect(
            errors == [
                .podNotFound(PodKey(missing)), .alreadyBound(PodKey(bound), node: "n9"),
                .podRecreated(PodKey(recreated)), nil, .alreadyBound(PodKey(fresh), node: "n1"),
            ]
        )
        #expect(results[3] == nil)
        #expect(store.get(Pod.self, namespace: "default", name: "fresh")?.spec.nodeName == "n1")
        #expect(store.get(Pod.self, namespace: "default", name: "recreated")?.spec.nodeName == "")
    }
}
