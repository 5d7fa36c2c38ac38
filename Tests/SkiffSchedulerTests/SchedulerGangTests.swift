import SkiffScheduler
import Testing

/// Gangs (`skiff.dev/pod-group`, `skiff.dev/pod-group-size`): all members placed in one cycle, or none.
struct SchedulerGangTests {
    static func member(_ group: String, _ index: Int, size: Int, gpus: Int64) -> Pod {
        Fixtures.pod(
            "\(group)-\(index)",
            requests: [.cpu: "1", .memory: "1Gi"],
            limits: [.nvidiaGPU: Quantity(gpus)],
            labels: [SchedulingAnnotations.podGroup: group, SchedulingAnnotations.podGroupSize: String(size)]
        )
    }

    static let twoNodesOfEightGPUs = [
        Fixtures.node("gpu-1", cpu: "64", memory: "256Gi", gpus: 8),
        Fixtures.node("gpu-2", cpu: "64", memory: "256Gi", gpus: 8),
    ]

    @Test func gangThatFitsIsPlacedInOneCycle() throws {
        let harness = try Harness(nodes: Self.twoNodesOfEightGPUs)
        for index in 0..<3 {
            try harness.create(Self.member("train", index, size: 3, gpus: 4))
        }
        let results = harness.settle()
        #expect(results.count == 1)
        #expect(results[0].placements.count == 3)
        var held: [String: Set<Int>] = [:]
        for index in 0..<3 {
            let pod = try #require(harness.pod("train-\(index)"))
            let devices = Set(DeviceAssignment(pod: pod)[.nvidiaGPU])
            #expect(devices.count == 4)
            #expect(held[pod.spec.nodeName, default: []].isDisjoint(with: devices))
            held[pod.spec.nodeName, default: []].formUnion(devices)
        }
    }

    @Test func gangThatDoesNotFitHoldsNothing() throws {
        let harness = try Harness(nodes: Self.twoNodesOfEightGPUs)
        for index in 0..<5 {
            try harness.create(Self.member("big", index, size: 5, gpus: 4))
        }
        let results = harness.settle()
        #expect(results.flatMap(\.placements).isEmpty)
        #expect(results.flatMap(\.failures).count == 5)
        for index in 0..<5 {
            let pod = try #require(harness.pod("big-\(index)"))
            #expect(pod.spec.nodeName == "")
            #expect(pod.status.conditions[type: .podScheduled]?.reason == "Unschedulable")
        }
        #expect(
            harness.pod("big-4")?.status.conditions[type: .podScheduled]?.message
                == "0/2 nodes are available: 2 Insufficient nvidia.com/gpu."
        )
        #expect(
            harness.pod("big-0")?.status.conditions[type: .podScheduled]?.message
                == "pod group \"big\" cannot be placed together: pod big-4: 0/2 nodes are available: 2 Insufficient"
                + " nvidia.com/gpu."
        )
        #expect(harness.scheduler.cache.nodeInfo("gpu-1")?.podCount == 0)
        #expect(harness.scheduler.cache.nodeInfo("gpu-2")?.podCount == 0)
        #expect(harness.scheduler.cache.deviceHistory().isEmpty)

        // A third node makes room: the whole gang goes at once.
        _ = try harness.store.create(Fixtures.node("gpu-3", cpu: "64", memory: "256Gi", gpus: 8))
        harness.advance(seconds: 2)
        let retry = harness.settle()
        #expect(retry.flatMap(\.placements).count == 5)
        #expect((0..<5).allSatisfy { harness.pod("big-\($0)")?.spec.nodeName.isEmpty == false })
    }

    @Test func gangWaitsForItsMissingMembers() throws {
        let harness = try Harness(nodes: Self.twoNodesOfEightGPUs)
        try harness.create(Self.member("wait", 0, size: 3, gpus: 1))
        try harness.create(Self.member("wait", 1, size: 3, gpus: 1))
        harness.settle()
        #expect(harness.condition("wait-0")?.message == "pod group \"wait\" has 2 of 3 pods; waiting for the rest")
        #expect(harness.pod("wait-1")?.spec.nodeName == "")
        harness.clock.advance(by: .seconds(2))
        try harness.create(Self.member("wait", 2, size: 3, gpus: 1))
        let results = harness.settle()
        #expect(results.flatMap(\.placements).count == 3)
    }

    @Test func gangMemberRecreatedAfterBindingJoinsTheBoundOnes() throws {
        let harness = try Harness(nodes: Self.twoNodesOfEightGPUs)
        for index in 0..<2 {
            try harness.create(Self.member("job", index, size: 2, gpus: 2))
        }
        harness.settle()
        _ = try harness.store.delete(ObjectKey(Pod.resource.groupKind, namespace: "default", name: "job-1"))
        try harness.create(Self.member("job", 1, size: 2, gpus: 2))
        harness.advance(seconds: 1)
        let results = harness.settle()
        #expect(results.flatMap(\.placements).map(\.pod.name) == ["job-1"])
    }
}
