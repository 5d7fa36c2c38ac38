import SkiffScheduler
import SkiffStore

/// `schedule`: placement throughput of the real scheduler (queue, every filter, every score over every feasible
/// node, reserve, bind into the store) over synthetic nodes — mixed labels, a tenth tainted, every other one with
/// 8 GPUs — and pods mixing `nodeSelector`, CPU/memory requests, GPU requests and, in the `mixed` workload, gangs.
/// Floor: a plain loop over the same nodes' resource vectors that checks every node's fit for each pod and takes
/// the one with the most free CPU (no framework), timed in the same process.
public struct ScheduleScenario: Sendable {
    public var nodes: Int
    public var pods: Int
    /// Pods with `skiff.dev/pod-group` labels (gangs of 4), one in `gangEvery`; 0 for none.
    public var gangEvery: Int
    /// Pods bound before the measured ones (for the per-cycle cost against bound pods).
    public var boundBefore: Int
    /// Whether the store commits every write to SQLite (binds included) under `directory`.
    public var sqliteDirectory: String?

    public init(nodes: Int, pods: Int, gangEvery: Int = 0, boundBefore: Int = 0, sqliteDirectory: String? = nil) {
        self.nodes = nodes
        self.pods = pods
        self.gangEvery = gangEvery
        self.boundBefore = boundBefore
        self.sqliteDirectory = sqliteDirectory
    }

    /// What one run measured.
    public struct Outcome: Sendable {
        public var placed: Int
        public var seconds: Double
        public var floorSeconds: Double
        public var podsPerSecond: Double { seconds > 0 ? Double(placed) / seconds : 0 }
        public var floorPodsPerSecond: Double { floorSeconds > 0 ? Double(placed) / floorSeconds : 0 }
    }

    public func run() throws -> Outcome {
        let store: any ObjectStore
        if let sqliteDirectory {
            store = try SQLiteStore(path: sqliteDirectory + "/bench-\(nodes)-\(pods).sqlite")
        } else {
            store = MemoryStore()
        }
        let nodeObjects = (0..<nodes).map(Self.node)
        for node in nodeObjects { _ = try store.create(node) }
        for index in 0..<boundBefore {
            var pod = Self.pod(index, gangEvery: 0, prefix: "bound")
            pod.spec.nodeName = "node-\(index % nodes)"
            pod.spec.nodeSelector = [:]
            pod.spec.tolerations = [Toleration(key: "dedicated", operator: .exists, effect: .noSchedule)]
            pod.spec.containers[0].resources = ResourceRequirements(requests: ResourceList([.cpu: Quantity(milli: 10)]))
            _ = try store.create(pod)
        }
        // Binding runs apart from the scheduling cycles, in bursts, as in the daemon.
        let scheduler = Scheduler(store: store, configuration: SchedulerConfiguration(bindInBackground: true))
        try scheduler.start()
        defer { scheduler.stop() }
        for index in 0..<pods { _ = try store.create(Self.pod(index, gangEvery: gangEvery, prefix: "p")) }
        let clock = ContinuousClock()
        let start = clock.now
        var placed = 0
        while true {
            let results = scheduler.scheduleUntilIdle()
            if results.isEmpty { break }
            placed += results.reduce(0) { $0 + $1.placements.count }
        }
        scheduler.waitForBindings()
        let seconds = (clock.now - start).seconds
        // What counts is what the store holds bound, not what the cycles assumed.
        let bound = try store.list(Pod.self).reduce(0) { $0 + ($1.spec.nodeName.isEmpty ? 0 : 1) } - boundBefore
        guard bound == placed else {
            throw BenchError("the scheduler placed \(placed) pods but the store holds \(bound) of them bound")
        }
        let floor = Self.floorSeconds(nodes: nodeObjects, pods: (0..<pods).map { Self.pod($0, gangEvery: 0, prefix: "p") })
        return Outcome(placed: placed, seconds: seconds, floorSeconds: floor)
    }

    // MARK: - The synthetic cluster

    static let pools = ["a", "b", "c", "d"]

    static func node(_ index: Int) -> Node {
        var allocatable = ResourceList([.cpu: Quantity(128), .memory: Quantity(512 * 1024 * 1024 * 1024), .pods: Quantity(250)])
        // Half the nodes of every pool have GPUs.
        let hasGPUs = (index / pools.count) % 2 == 0
        if hasGPUs { allocatable[.nvidiaGPU] = Quantity(8) }
        let labels = [
            "pool": pools[index % pools.count],
            "topology.kubernetes.io/zone": "zone-\(index % 3)",
            "skiff.dev/gpu": hasGPUs ? "a100" : "none",
        ]
        let taints = index % 10 == 9 ? [Taint(key: "dedicated", value: "ml", effect: .noSchedule)] : []
        return Node(
            metadata: ObjectMeta(name: "node-\(index)", labels: labels),
            spec: NodeSpec(taints: taints),
            status: NodeStatus(capacity: allocatable)
        )
    }

    static func pod(_ index: Int, gangEvery: Int, prefix: String) -> Pod {
        let cpu = Quantity(milli: Int64(100 + (index % 5) * 100))
        let memory = Quantity(Int64(256 + (index % 4) * 256) * 1024 * 1024)
        var limits = ResourceList()
        if index % 50 == 7 { limits[.nvidiaGPU] = Quantity(1) }
        var container = Container(name: "main", resources: ResourceRequirements(limits: limits, requests: ResourceList([.cpu: cpu, .memory: memory])))
        if !limits.isEmpty {
            container.resources.requests[.nvidiaGPU] = Quantity(1)
        }
        var meta = ObjectMeta(name: "\(prefix)-\(index)", namespace: "default")
        if gangEvery > 0, index % gangEvery < 4, (index / gangEvery) % 2 == 0 {
            meta.labels[SchedulingAnnotations.podGroup] = "gang-\(index / gangEvery)"
            meta.labels[SchedulingAnnotations.podGroupSize] = "4"
        }
        var spec = PodSpec(containers: [container])
        if index % 6 == 1 { spec.nodeSelector = ["pool": pools[(index / 6) % pools.count]] }
        if index % 20 == 3 { spec.tolerations = [Toleration(key: "dedicated", operator: .exists, effect: .noSchedule)] }
        return Pod(metadata: meta, spec: spec)
    }

    // MARK: - Floor

    /// The plain loop: per pod, check every node's fit on its resource vector and labels/taints (precomputed
    /// flags), take the feasible node with the most free CPU, and subtract.
    static func floorSeconds(nodes: [Node], pods: [Pod]) -> Double {
        let count = nodes.count
        var cpu = [Int64](repeating: 0, count: count)
        var memory = [Int64](repeating: 0, count: count)
        var gpu = [Int64](repeating: 0, count: count)
        var slots = [Int64](repeating: 0, count: count)
        var pool = [Int](repeating: 0, count: count)
        var tainted = [Bool](repeating: false, count: count)
        for (index, node) in nodes.enumerated() {
            cpu[index] = node.status.allocatable[.cpu]?.milliValue ?? 0
            memory[index] = node.status.allocatable[.memory]?.value ?? 0
            gpu[index] = node.status.allocatable[.nvidiaGPU]?.value ?? 0
            slots[index] = node.status.allocatable[.pods]?.value ?? 0
            pool[index] = pools.firstIndex(of: node.metadata.labels["pool"] ?? "") ?? -1
            tainted[index] = !node.spec.taints.isEmpty
        }
        struct Need {
            var cpu: Int64
            var memory: Int64
            var gpu: Int64
            var pool: Int
            var tolerates: Bool
        }
        let needs = pods.map { pod in
            let requests = pod.spec.containers[0].resources.requests
            return Need(
                cpu: requests[.cpu]?.milliValue ?? 0,
                memory: requests[.memory]?.value ?? 0,
                gpu: requests[.nvidiaGPU]?.value ?? 0,
                pool: pod.spec.nodeSelector["pool"].flatMap { pools.firstIndex(of: $0) } ?? -1,
                tolerates: !pod.spec.tolerations.isEmpty
            )
        }
        let clock = ContinuousClock()
        let start = clock.now
        var checksum = 0
        for need in needs {
            var best = -1
            var bestFree: Int64 = -1
            for node in 0..<count {
                if tainted[node] && !need.tolerates { continue }
                if need.pool >= 0 && pool[node] != need.pool { continue }
                if cpu[node] < need.cpu || memory[node] < need.memory || gpu[node] < need.gpu || slots[node] < 1 {
                    continue
                }
                if cpu[node] > bestFree {
                    bestFree = cpu[node]
                    best = node
                }
            }
            if best >= 0 {
                cpu[best] -= need.cpu
                memory[best] -= need.memory
                gpu[best] -= need.gpu
                slots[best] -= 1
                checksum &+= best
            }
        }
        let seconds = (clock.now - start).seconds
        // Keeps the optimiser from dropping the loop.
        if checksum == Int.min { print(checksum) }
        return seconds
    }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
