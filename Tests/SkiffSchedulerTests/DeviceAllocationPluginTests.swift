import SkiffScheduler
import Synchronization
import Testing

/// Device allocation: the reserve plugin's choice, and exclusivity under load with pods finishing concurrently.
struct DeviceAllocationPluginTests {
    @Test func picksTheLowestFreeIndices() {
        let node = Fixtures.node("gpu", cpu: "8", gpus: 4)
        var table = ResourceSlotTable()
        var info = NodeInfo(node: node, table: &table)
        let holder = Fixtures.pod("holder", limits: [.nvidiaGPU: 1])
        info.addPod(
            PlacedPod(
                key: PodKey(holder),
                uid: "h",
                priority: 0,
                request: PodRequest(holder, table: table),
                startTime: nil,
                devices: DeviceAssignment([.nvidiaGPU: [1]])
            )
        )
        let pod = Fixtures.pod("p", limits: [.nvidiaGPU: 2])
        var state = CycleState(pod: pod, table: table)
        #expect(DeviceAllocationPlugin().reserve(pod, info, &state).isSuccess)
        #expect(state.devices[.nvidiaGPU] == [0, 2])
        DeviceAllocationPlugin().unreserve(pod, info, &state)
        #expect(state.devices.isEmpty)

        let greedy = Fixtures.pod("g", limits: [.nvidiaGPU: 4])
        var greedyState = CycleState(pod: greedy, table: table)
        #expect(DeviceAllocationPlugin().reserve(greedy, info, &greedyState).reasons == ["Insufficient nvidia.com/gpu"])
    }

    /// 2,000 pods asking for 0 to 4 GPUs over 50 nodes of 8 GPUs, while another task finishes running pods: the
    /// ledger never hands an index held by one pod to another, every bound pod holds exactly what it asked for, and
    /// every pod eventually runs.
    @Test func noDeviceIsEverHeldByTwoRunningPods() async throws {
        var configuration = SchedulerConfiguration()
        configuration.deviceLedgerCapacity = 1_000_000
        let nodes = (0..<50).map { Fixtures.node("gpu-\($0)", cpu: "64", memory: "512Gi", gpus: 8) }
        let harness = try Harness(configuration, nodes: nodes)
        var random = SplitMix64(seed: 2026)
        var wanted: [String: Int] = [:]
        for index in 0..<2000 {
            let gpus = Int(random.next() % 5)
            let name = "job-\(index)"
            wanted[name] = gpus
            let limits: [ResourceName: Quantity] = gpus == 0 ? [:] : [.nvidiaGPU: Quantity(Int64(gpus))]
            try harness.create(Fixtures.pod(name, requests: [.cpu: "100m", .memory: "256Mi"], limits: limits))
        }

        let finished = Atomic<Int>(0)
        let done = Atomic<Bool>(false)
        let finisher = Task.detached {
            var turn: UInt64 = 0
            while !done.load(ordering: .acquiring) {
                turn += 1
                for node in nodes where (turn + UInt64(node.metadata.name.count)) % 3 == 0 {
                    guard let info = harness.scheduler.cache.nodeInfo(node.metadata.name) else { continue }
                    for placed in info.pods.prefix(2) where !placed.isAssumed {
                        guard var pod = harness.pod(placed.key.name), !(pod.status.phase?.isTerminal ?? false) else {
                            continue
                        }
                        pod.status.phase = .succeeded
                        if (try? harness.store.updateStatus(pod)) != nil {
                            finished.add(1, ordering: .relaxed)
                        }
                    }
                }
                await Task.yield()
            }
        }

        var rounds = 0
        while finished.load(ordering: .relaxed) < 2000 && rounds < 20_000 {
            rounds += 1
            harness.advance(seconds: 11)
            harness.settle()
            if rounds % 50 == 0 {
                try Self.checkRunningPodsHoldDistinctDevices(harness.store, wanted: wanted)
            }
            await Task.yield()
        }
        done.store(true, ordering: .releasing)
        await finisher.value

        #expect(finished.load(ordering: .relaxed) == 2000)
        try Self.checkRunningPodsHoldDistinctDevices(harness.store, wanted: wanted)
        let pods = try harness.store.list(Pod.self)
        #expect(pods.count == 2000)
        #expect(pods.allSatisfy { !$0.spec.nodeName.isEmpty })
        for pod in pods {
            #expect(DeviceAssignment(pod: pod)[.nvidiaGPU].count == wanted[pod.metadata.name])
        }

        // Replay the ledger: an index is only ever allocated while free and released by its holder.
        var holders: [String: PodKey] = [:]
        var allocations = 0
        for entry in harness.scheduler.cache.deviceHistory() {
            let slot = "\(entry.node)/\(entry.index)"
            switch entry.event {
            case .allocated:
                #expect(
                    holders[slot] == nil,
                    "\(slot) handed to \(entry.pod) while \(holders[slot].map(String.init(describing:)) ?? "") holds it"
                )
                holders[slot] = entry.pod
                allocations += 1
            case .released:
                #expect(holders[slot] == entry.pod)
                holders[slot] = nil
            }
        }
        #expect(allocations == wanted.values.reduce(0, +))
        #expect(holders.isEmpty)
    }

    /// Every bound, unfinished pod holds as many devices as it asks for, below the node's count, and no two such
    /// pods on a node share one.
    static func checkRunningPodsHoldDistinctDevices(_ store: MemoryStore, wanted: [String: Int]) throws {
        var held: [String: Set<Int>] = [:]
        for pod in try store.list(Pod.self) where !pod.spec.nodeName.isEmpty && !(pod.status.phase?.isTerminal ?? false)
        {
            let devices = DeviceAssignment(pod: pod)[.nvidiaGPU]
            #expect(devices.count == wanted[pod.metadata.name])
            #expect(devices.allSatisfy { (0..<8).contains($0) })
            let node = pod.spec.nodeName
            #expect(held[node, default: []].isDisjoint(with: devices), "two running pods share a device on \(node)")
            held[node, default: []].formUnion(devices)
        }
    }
}
