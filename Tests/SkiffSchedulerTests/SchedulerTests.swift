import SkiffScheduler
import Testing

/// The scheduler end to end over an in-memory store: binding, conditions and messages, retries on cluster events,
/// devices.
struct SchedulerTests {
    @Test func bindsToTheLeastAllocatedNodeAndMarksPodScheduled() throws {
        let harness = try Harness(nodes: [
            Fixtures.node("small", cpu: "2", memory: "4Gi"),
            Fixtures.node("big", cpu: "16", memory: "64Gi"),
        ])
        try harness.create(Fixtures.pod("p", requests: [.cpu: "1", .memory: "1Gi"]))
        let results = harness.settle()
        #expect(results.flatMap(\.placements).map(\.node) == ["big"])
        let pod = try #require(harness.pod("p"))
        #expect(pod.spec.nodeName == "big")
        #expect(pod.status.conditions[type: .podScheduled]?.status == .true)
        #expect(harness.scheduler.cache.nodeInfo("big")?.podCount == 1)
        let event = try #require(harness.events.last)
        #expect(event.reason == "Scheduled")
        #expect(event.message == "Successfully assigned default/p to big")
    }

    static let designNodes = [
        Fixtures.node("gpu-a", cpu: "8", memory: "32Gi", gpus: 1, labels: ["gpu": "true"]),
        Fixtures.node("cpu-1", cpu: "8", memory: "32Gi"),
        Fixtures.node("cpu-2", cpu: "8", memory: "32Gi"),
    ]

    static let designPod = Fixtures.pod("train", limits: [.nvidiaGPU: 2], nodeSelector: ["gpu": "true"])

    @Test func unschedulableMessageWithoutPreemption() throws {
        var configuration = SchedulerConfiguration()
        configuration.preemption = false
        let harness = try Harness(configuration, nodes: Self.designNodes)
        try harness.create(Self.designPod)
        let results = harness.settle()
        let message =
            "0/3 nodes are available: 1 Insufficient nvidia.com/gpu, 2 node(s) didn't match Pod's node"
            + " affinity/selector."
        #expect(results.flatMap(\.failures).map(\.message) == [message])
        let condition = try #require(harness.condition("train"))
        #expect(condition.status == .false)
        #expect(condition.reason == "Unschedulable")
        #expect(condition.message == message)
        #expect(harness.scheduler.queue.location(of: PodKey(namespace: "default", name: "train")) == .unschedulable)
        #expect(harness.events.last?.reason == "FailedScheduling")
    }

    @Test func unschedulableMessageWithPreemptionTried() throws {
        let harness = try Harness(nodes: Self.designNodes)
        try harness.create(Self.designPod)
        harness.settle()
        #expect(
            harness.condition("train")?.message
                == "0/3 nodes are available: 1 Insufficient nvidia.com/gpu, 2 node(s) didn't match Pod's node "
                + "affinity/selector. preemption: 0/3 nodes are available: 1 No preemption victims found for incoming "
                + "pod, 2 Preemption is not helpful for scheduling."
        )
    }

    @Test func noNodesAtAll() throws {
        let harness = try Harness()
        try harness.create(Fixtures.pod("p"))
        harness.settle()
        #expect(harness.condition("p")?.reason == "SchedulerError")
        #expect(harness.condition("p")?.message == "no nodes available to schedule pods")
        #expect(harness.scheduler.queue.location(of: PodKey(namespace: "default", name: "p")) == .backoff)
    }

    @Test func cordonedAndTaintedNodes() throws {
        var configuration = SchedulerConfiguration()
        configuration.preemption = false
        let harness = try Harness(
            configuration,
            nodes: [
                Fixtures.node("cordoned", cpu: "8", unschedulable: true),
                Fixtures.node("tainted", cpu: "8", taints: [Taint(key: "dedicated", value: "ml", effect: .noSchedule)]),
            ]
        )
        try harness.create(Fixtures.pod("p"))
        harness.settle()
        #expect(
            harness.condition("p")?.message
                == "0/2 nodes are available: 1 node(s) had untolerated taint {dedicated: ml}, 1 node(s) were"
                + " unschedulable."
        )
    }

    @Test func unschedulablePodIsRetriedWhenANodeArrives() throws {
        let harness = try Harness(nodes: [Fixtures.node("small", cpu: "1", memory: "1Gi")])
        try harness.create(Fixtures.pod("p", requests: [.cpu: "4"]))
        harness.settle()
        #expect(harness.pod("p")?.spec.nodeName == "")
        _ = try harness.store.create(Fixtures.node("large", cpu: "8", memory: "8Gi"))
        harness.advance(seconds: 1)
        harness.settle()
        #expect(harness.pod("p")?.spec.nodeName == "large")
    }

    @Test func finishedPodFreesItsGPUForTheNext() throws {
        let harness = try Harness(nodes: [Fixtures.node("gpu", cpu: "8", memory: "32Gi", gpus: 1)])
        try harness.create(Fixtures.pod("first", limits: [.nvidiaGPU: 1]))
        harness.settle()
        try harness.create(Fixtures.pod("second", limits: [.nvidiaGPU: 1]))
        harness.settle()
        #expect(harness.devices("first")[.nvidiaGPU] == [0])
        #expect(harness.pod("second")?.spec.nodeName == "")
        try harness.finish("first")
        harness.advance(seconds: 1)
        harness.settle()
        #expect(harness.pod("second")?.spec.nodeName == "gpu")
        #expect(harness.devices("second")[.nvidiaGPU] == [0])
        let ledger = harness.scheduler.cache.deviceHistory(node: "gpu")
        #expect(ledger.map(\.event) == [.allocated, .released, .allocated])
        #expect(ledger.map(\.pod.name) == ["first", "first", "second"])
    }

    @Test func devicesAreDistinctAndAnnotated() throws {
        let harness = try Harness(nodes: [Fixtures.node("gpu", cpu: "32", memory: "128Gi", gpus: 4)])
        for (name, count) in [("two", 2), ("one-a", 1), ("one-b", 1), ("extra", 1)] {
            try harness.create(Fixtures.pod(name, limits: [.nvidiaGPU: Quantity(Int64(count))]))
        }
        harness.settle()
        #expect(harness.devices("two")[.nvidiaGPU] == [0, 1])
        #expect(harness.devices("one-a")[.nvidiaGPU] == [2])
        #expect(harness.devices("one-b")[.nvidiaGPU] == [3])
        #expect(harness.pod("two")?.metadata.annotations[SchedulingAnnotations.devices] == "nvidia.com/gpu=0,1")
        #expect(harness.pod("extra")?.spec.nodeName == "")
        #expect(harness.devices("extra").isEmpty)
    }

    @Test func podBoundByHandGetsItsDevicesRecorded() throws {
        let harness = try Harness(nodes: [Fixtures.node("gpu", cpu: "8", memory: "32Gi", gpus: 2)])
        try harness.create(Fixtures.pod("scheduled", limits: [.nvidiaGPU: 1]))
        harness.settle()
        try harness.create(Fixtures.pod("by-hand", limits: [.nvidiaGPU: 1], nodeName: "gpu"))
        harness.scheduler.scheduleOne()
        #expect(harness.devices("by-hand")[.nvidiaGPU] == [1])
        #expect(harness.scheduler.cache.nodeInfo("gpu")?.freeDevices(.nvidiaGPU) == [])
    }

    @Test func restartRebuildsTheLedgerFromAnnotations() throws {
        let harness = try Harness(nodes: [Fixtures.node("gpu", cpu: "8", memory: "32Gi", gpus: 4)])
        try harness.create(Fixtures.pod("a", limits: [.nvidiaGPU: 3]))
        harness.settle()
        harness.scheduler.stop()
        var configuration = SchedulerConfiguration()
        configuration.clock = harness.clock
        let restarted = Scheduler(store: harness.store, configuration: configuration)
        try restarted.start()
        #expect(
            restarted.cache.nodeInfo("gpu")?.devices[.nvidiaGPU]?.holders == [
                0: PodKey(namespace: "default", name: "a"), 1: PodKey(namespace: "default", name: "a"),
                2: PodKey(namespace: "default", name: "a"),
            ]
        )
        try harness.create(Fixtures.pod("b", limits: [.nvidiaGPU: 2]))
        restarted.scheduleUntilIdle()
        #expect(harness.pod("b")?.spec.nodeName == "")
        restarted.stop()
    }

    @Test func tiesAreBrokenReproducibly() throws {
        func placements(seed: UInt64) throws -> [String] {
            var configuration = SchedulerConfiguration()
            configuration.tieBreakSeed = seed
            let nodes = (0..<5).map { Fixtures.node("n\($0)", cpu: "4", memory: "8Gi") }
            let harness = try Harness(configuration, nodes: nodes)
            for index in 0..<10 {
                try harness.create(Fixtures.pod("p\(index)", requests: [.cpu: "100m", .memory: "100Mi"]))
            }
            return harness.settle().flatMap(\.placements).map(\.node)
        }
        let first = try placements(seed: 42)
        #expect(first.count == 10)
        #expect(try placements(seed: 42) == first)
    }

    @Test func otherSchedulersPodsAreLeftAlone() throws {
        let harness = try Harness(nodes: [Fixtures.node("n", cpu: "4")])
        var pod = Fixtures.pod("p")
        pod.spec.schedulerName = "volcano"
        try harness.create(pod)
        #expect(harness.settle().isEmpty)
        #expect(harness.pod("p")?.spec.nodeName == "")
    }

    @Test func evaluateListsEveryFilterVerdict() throws {
        let harness = try Harness(nodes: Self.designNodes)
        let evaluations = harness.scheduler.evaluate(Self.designPod)
        let gpu = try #require(evaluations.first { $0.node == "gpu-a" })
        #expect(!gpu.fits)
        #expect(gpu.statuses.filter { !$0.isSuccess }.map(\.plugin) == ["NodeResourcesFit"])
        let cpu = try #require(evaluations.first { $0.node == "cpu-1" })
        #expect(cpu.statuses.filter { !$0.isSuccess }.map(\.plugin) == ["NodeAffinity", "NodeResourcesFit"])
    }

    @Test func nodeDeclaredInAManifestIsSchedulable() throws {
        var node = Node(metadata: ObjectMeta(name: "declared"))
        node.spec = NodeSpec(declaredCapacity: [.cpu: "4", .memory: "8Gi", .nvidiaGPU: 2])
        let harness = try Harness(nodes: [node])
        try harness.create(Fixtures.pod("p", limits: [.nvidiaGPU: 2]))
        harness.settle()
        #expect(harness.pod("p")?.spec.nodeName == "declared")
    }
}

/// The run loop and the packing configuration.
struct SchedulerRunTests {
    @Test func runLoopSchedulesPodsAsTheyArrive() async throws {
        let store = MemoryStore()
        let (events, continuation) = AsyncStream.makeStream(of: SchedulerEvent.self)
        var configuration = SchedulerConfiguration()
        configuration.eventSink = { continuation.yield($0) }
        let scheduler = Scheduler(store: store, configuration: configuration)
        _ = try store.create(Fixtures.node("n", cpu: "4", memory: "8Gi"))
        try scheduler.start()
        let loop = Task { await scheduler.run() }
        _ = try store.create(Fixtures.pod("p", requests: [.cpu: "1"]))
        var iterator = events.makeAsyncIterator()
        let event = await iterator.next()
        #expect(event?.reason == "Scheduled")
        #expect(store.get(Pod.self, namespace: "default", name: "p")?.spec.nodeName == "n")
        loop.cancel()
        await loop.value
        scheduler.stop()
        #expect(store.watcherCount == 0)
    }

    @Test func packingConfigurationFillsTheBusiestGPUNodeFirst() throws {
        let harness = try Harness(
            .packingGPUs(),
            nodes: [
                Fixtures.node("a", cpu: "32", memory: "128Gi", gpus: 8),
                Fixtures.node("b", cpu: "32", memory: "128Gi", gpus: 8),
            ]
        )
        for index in 0..<4 {
            try harness.create(
                Fixtures.pod("p\(index)", requests: [.cpu: "1", .memory: "1Gi"], limits: [.nvidiaGPU: 2])
            )
        }
        let nodes = harness.settle().flatMap(\.placements).map(\.node)
        #expect(Set(nodes).count == 1)
        #expect(harness.scheduler.cache.nodeInfo(nodes[0])?.freeDevices(.nvidiaGPU) == [])
    }
}
