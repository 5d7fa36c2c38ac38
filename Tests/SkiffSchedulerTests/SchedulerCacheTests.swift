import SkiffScheduler
import Testing

/// The cache: incremental snapshots, assumed pods, device exclusivity and the ledger.
struct SchedulerCacheTests {
    static func gpuNode(_ name: String, gpus: Int64 = 4, labels: [String: String] = [:]) -> Node {
        Fixtures.node(name, cpu: "16", memory: "64Gi", gpus: gpus, labels: labels)
    }

    static func placed(_ name: String, gpus: [Int], table: ResourceSlotTable) -> PlacedPod {
        let pod = Fixtures.pod(name, limits: [.nvidiaGPU: Quantity(Int64(gpus.count))])
        return PlacedPod(
            key: PodKey(pod),
            uid: pod.metadata.uid,
            priority: 0,
            request: PodRequest(pod, table: table),
            startTime: nil,
            devices: DeviceAssignment([.nvidiaGPU: gpus])
        )
    }

    @Test func snapshotFollowsEveryChange() {
        let cache = SchedulerCache()
        cache.addOrUpdateNode(Self.gpuNode("a"))
        cache.addOrUpdateNode(Self.gpuNode("b"))
        var snapshot = Snapshot()
        cache.updateSnapshot(&snapshot)
        #expect(snapshot.nodes.map(\.name) == ["a", "b"])

        cache.addOrUpdatePod(Fixtures.pod("p", requests: [.cpu: "2"], nodeName: "a"))
        cache.addOrUpdateNode(Self.gpuNode("c"))
        cache.updateSnapshot(&snapshot)
        #expect(snapshot["a"]?.requested[ResourceSlotTable.cpu] == 2000)
        #expect(snapshot["c"] != nil)

        // Another snapshot taken in between forces a full rebuild, which still sees everything.
        var other = Snapshot()
        cache.updateSnapshot(&other)
        cache.removeNode("b")
        cache.updateSnapshot(&snapshot)
        #expect(snapshot["b"] == nil)
        #expect(Set(snapshot.nodes.map(\.name)) == ["a", "c"])
        cache.updateSnapshot(&other)
        #expect(Set(other.nodes.map(\.name)) == ["a", "c"])

        cache.removePod(PodKey(namespace: "default", name: "p"))
        cache.updateSnapshot(&snapshot)
        #expect(snapshot["a"]?.requested[ResourceSlotTable.cpu] == 0)
        #expect(snapshot["a"]?.podCount == 0)
    }

    @Test func nodeChangesAreClassified() {
        let cache = SchedulerCache()
        #expect(cache.addOrUpdateNode(Self.gpuNode("a")) == .nodeAdded)
        #expect(cache.addOrUpdateNode(Self.gpuNode("a")) == [])
        #expect(cache.addOrUpdateNode(Self.gpuNode("a", gpus: 8)) == .nodeAllocatableChanged)
        #expect(cache.addOrUpdateNode(Self.gpuNode("a", gpus: 8, labels: ["zone": "x"])) == .nodeLabelsChanged)
        var cordoned = Self.gpuNode("a", gpus: 8, labels: ["zone": "x"])
        cordoned.spec.unschedulable = true
        #expect(cache.addOrUpdateNode(cordoned) == .nodeTaintsChanged)
    }

    @Test func assumeRefusesADeviceAnotherPodHolds() throws {
        let cache = SchedulerCache()
        cache.addOrUpdateNode(Self.gpuNode("a"))
        let table = cache.makeSnapshot().table
        try cache.assume(Self.placed("one", gpus: [0, 1], table: table), on: "a")
        #expect(throws: SchedulerCache.AssumeError.deviceUnavailable(.nvidiaGPU, index: 1, node: "a")) {
            try cache.assume(Self.placed("two", gpus: [1, 2], table: table), on: "a")
        }
        #expect(throws: SchedulerCache.AssumeError.deviceUnavailable(.nvidiaGPU, index: 4, node: "a")) {
            try cache.assume(Self.placed("three", gpus: [4], table: table), on: "a")
        }
        #expect(throws: SchedulerCache.AssumeError.nodeNotFound("zzz")) {
            try cache.assume(Self.placed("four", gpus: [0], table: table), on: "zzz")
        }
        cache.forget(PodKey(namespace: "default", name: "one"))
        try cache.assume(Self.placed("two", gpus: [1, 2], table: table), on: "a")
        #expect(cache.nodeInfo("a")?.freeDevices(.nvidiaGPU) == [0, 3])
        let ledger = cache.deviceHistory(node: "a")
        #expect(ledger.map(\.event) == [.allocated, .allocated, .released, .released, .allocated, .allocated])
        #expect(ledger.map(\.index) == [0, 1, 0, 1, 1, 2])
    }

    @Test func confirmedBindingKeepsTheAssumedDevices() throws {
        let cache = SchedulerCache()
        cache.addOrUpdateNode(Self.gpuNode("a"))
        let table = cache.makeSnapshot().table
        try cache.assume(Self.placed("one", gpus: [2], table: table), on: "a")
        var bound = Fixtures.pod("one", limits: [.nvidiaGPU: 1], nodeName: "a")
        bound.metadata.annotations[SchedulingAnnotations.devices] = "nvidia.com/gpu=2"
        cache.addOrUpdatePod(bound)
        cache.forget(PodKey(bound))
        #expect(cache.nodeInfo("a")?.devices[.nvidiaGPU]?.holders == [2: PodKey(bound)])
        #expect(cache.deviceHistory().count == 1)
    }

    @Test func podsOfARemovedNodeStayAccountedUntilTheyGo() {
        let cache = SchedulerCache()
        cache.addOrUpdateNode(Self.gpuNode("a"))
        let pod = Fixtures.pod("p", requests: [.cpu: "1"], nodeName: "a")
        cache.addOrUpdatePod(pod)
        cache.removeNode("a")
        #expect(cache.makeSnapshot().count == 0)
        #expect(cache.nodeInfo("a")?.podCount == 1)
        cache.addOrUpdateNode(Self.gpuNode("a"))
        #expect(cache.makeSnapshot()["a"]?.podCount == 1)
        cache.removeNode("a")
        cache.removePod(PodKey(pod))
        #expect(cache.nodeInfo("a") == nil)
        #expect(cache.counts.pods == 0)
    }

    @Test func removingOnlyTheRightIncarnation() {
        let cache = SchedulerCache()
        cache.addOrUpdateNode(Self.gpuNode("a"))
        cache.addOrUpdatePod(Fixtures.pod("p", nodeName: "a", uid: "new"))
        #expect(!cache.removePod(PodKey(namespace: "default", name: "p"), uid: "old"))
        #expect(cache.removePod(PodKey(namespace: "default", name: "p"), uid: "new"))
    }

    @Test func gangMembersAreCounted() {
        let cache = SchedulerCache()
        cache.addOrUpdateNode(Self.gpuNode("a"))
        let labels = [SchedulingAnnotations.podGroup: "g"]
        cache.addOrUpdatePod(Fixtures.pod("m0", nodeName: "a", labels: labels))
        cache.addOrUpdatePod(Fixtures.pod("m1", nodeName: "a", labels: labels))
        let group = PodGroup(namespace: "default", name: "g")
        #expect(cache.placedMembers(of: group) == 2)
        cache.removePod(PodKey(namespace: "default", name: "m0"))
        #expect(cache.placedMembers(of: group) == 1)
    }

    @Test func deviceAnnotationRoundTrips() {
        let devices = DeviceAssignment([.nvidiaGPU: [3, 1], "example.com/fpga": [0]])
        #expect(devices.annotationValue == "example.com/fpga=0;nvidia.com/gpu=1,3")
        #expect(DeviceAssignment(annotationValue: devices.annotationValue) == devices)
        #expect(DeviceAssignment(annotationValue: "nvidia.com/gpu=x") == nil)
        #expect(devices.visibleDevices() == "1,3")
        #expect(DeviceAssignment().visibleDevices() == "")
    }
}
