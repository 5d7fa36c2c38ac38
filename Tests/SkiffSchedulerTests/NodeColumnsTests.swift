import Testing

@testable import SkiffScheduler

/// The column path must judge and score exactly as the plugins do node by node: random clusters (label pools, a
/// unique hostname label, taints of every effect, cordons, scalar resources, bound pods) and random pods
/// (selectors, required and preferred affinity with every operator and `metadata.name` fields, tolerations,
/// `nodeName`, requests of known and unknown resources), compared position by position.
@Suite struct NodeColumnsTests {
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        mutating func chance(_ percent: Int) -> Bool { next(100) < percent }
    }

    static let pools = ["a", "b", "c"]
    static let zones = ["1", "2", "3", "10"]

    static func randomNode(_ index: Int, _ random: inout Generator) -> Node {
        var labels = ["kubernetes.io/hostname": "node-\(index)"]
        if random.chance(80) { labels["pool"] = pools[random.next(pools.count)] }
        if random.chance(60) { labels["zone"] = zones[random.next(zones.count)] }
        if random.chance(20) { labels["gpu"] = "a100" }
        var taints: [Taint] = []
        if random.chance(15) { taints.append(Taint(key: "dedicated", value: "ml", effect: .noSchedule)) }
        if random.chance(10) { taints.append(Taint(key: "spot", value: "", effect: .preferNoSchedule)) }
        if random.chance(5) { taints.append(Taint(key: "evict", value: "x", effect: .noExecute)) }
        return Fixtures.node(
            "node-\(index)",
            cpu: Quantity(milli: Int64(500 + random.next(8) * 500)),
            memory: random.chance(10) ? nil : Quantity(Int64(1 + random.next(8)) * 1024 * 1024 * 1024),
            pods: random.chance(20) ? Quantity(Int64(random.next(4))) : nil,
            gpus: random.chance(30) ? Int64(random.next(9)) : 0,
            extra: random.chance(10) ? [ResourceName("example.com/fpga"): Quantity(2)] : [:],
            labels: labels,
            taints: taints,
            unschedulable: random.chance(5)
        )
    }

    static func requirement(_ random: inout Generator) -> NodeSelectorRequirement {
        switch random.next(7) {
        case 0: NodeSelectorRequirement(key: "pool", operator: .in, values: [pools[random.next(3)], "z"])
        case 1: NodeSelectorRequirement(key: "pool", operator: .notIn, values: [pools[random.next(3)]])
        case 2: NodeSelectorRequirement(key: "gpu", operator: .exists, values: [])
        case 3: NodeSelectorRequirement(key: "gpu", operator: .doesNotExist, values: [])
        case 4: NodeSelectorRequirement(key: "zone", operator: .gt, values: ["1"])
        case 5: NodeSelectorRequirement(key: "zone", operator: .lt, values: ["3"])
        default: NodeSelectorRequirement(key: "missing", operator: .doesNotExist, values: [])
        }
    }

    static func term(_ random: inout Generator) -> NodeSelectorTerm {
        let expressions = (0..<random.next(3)).map { _ in requirement(&random) }
        var fields: [NodeSelectorRequirement] = []
        if random.chance(20) {
            fields.append(
                NodeSelectorRequirement(
                    key: "metadata.name",
                    operator: random.chance(50) ? .in : .notIn,
                    values: ["node-\(random.next(40))"]
                )
            )
        }
        return NodeSelectorTerm(matchExpressions: expressions, matchFields: fields)
    }

    static func randomPod(_ index: Int, _ random: inout Generator) -> Pod {
        var requests: [ResourceName: Quantity] = [:]
        if random.chance(80) { requests[.cpu] = Quantity(milli: Int64(100 + random.next(20) * 100)) }
        if random.chance(70) { requests[.memory] = Quantity(Int64(1 + random.next(6)) * 256 * 1024 * 1024) }
        if random.chance(20) { requests[.nvidiaGPU] = Quantity(Int64(1 + random.next(4))) }
        if random.chance(5) { requests[ResourceName("example.com/fpga")] = Quantity(1) }
        if random.chance(3) { requests[ResourceName("example.com/unknown")] = Quantity(1) }
        var selector: [String: String] = [:]
        if random.chance(30) { selector["pool"] = pools[random.next(pools.count)] }
        if random.chance(5) { selector["pool"] = "nowhere" }
        if random.chance(5) { selector["kubernetes.io/hostname"] = "node-\(random.next(40))" }
        let required = random.chance(30) ? NodeSelector(nodeSelectorTerms: (0..<(1 + random.next(2))).map { _ in term(&random) }) : nil
        let preferred = random.chance(40)
            ? (0..<(1 + random.next(3))).map { _ in PreferredSchedulingTerm(weight: Int32(1 + random.next(50)), preference: term(&random)) }
            : []
        var tolerations: [Toleration] = []
        if random.chance(30) { tolerations.append(Toleration(key: "dedicated", operator: .exists)) }
        if random.chance(20) { tolerations.append(Toleration(key: "spot", operator: .exists, effect: .preferNoSchedule)) }
        if random.chance(5) { tolerations.append(Toleration(key: "node.kubernetes.io/unschedulable", operator: .exists)) }
        if random.chance(5) { tolerations.append(Toleration(operator: .exists)) }
        return Fixtures.pod(
            "p-\(index)",
            requests: requests,
            nodeSelector: selector,
            requiredAffinity: required,
            preferredAffinity: preferred,
            tolerations: tolerations,
            nodeName: random.chance(5) ? "node-\(random.next(40))" : ""
        )
    }

    /// Checks every pod against the snapshot both ways.
    static func compare(_ snapshot: Snapshot, pods: [Pod], framework: SchedulingFramework) {
        #expect(snapshot.columns.count == snapshot.count)
        #expect(snapshot.columns.names == snapshot.nodes.map(\.name))
        #expect(snapshot.columns.podCount == snapshot.nodes.map { Int64($0.podCount) })
        for pod in pods {
            var state = CycleState(pod: pod, table: snapshot.table)
            let expected = snapshot.nodes.indices.filter { framework.runFilters(pod, snapshot.nodes[$0], state).isSuccess }
            let columnar = framework.feasibleNodes(pod, snapshot: snapshot, state: state)
            #expect(columnar == expected, "pod \(pod.metadata.name)")
            guard !expected.isEmpty else { continue }
            for plugin in framework.scorePlugins {
                guard plugin.preScore(pod, &state).code != .skip, let columnPlugin = plugin as? any ColumnScorePlugin
                else { continue }
                let oneByOne = expected.map { plugin.score(pod, snapshot.nodes[$0], state) }
                var scores = [Int64](repeating: 0, count: expected.count)
                columnPlugin.score(pod, columns: snapshot.columns, feasible: expected, state: state, into: &scores)
                #expect(scores == oneByOne, "\(plugin.name) for pod \(pod.metadata.name)")
            }
        }
    }

    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func columnsJudgeAndScoreAsThePluginsDo(seed: UInt64) throws {
        var random = Generator(state: seed)
        for strategy in ScoringStrategy.allCases {
            let framework = SchedulingFramework.standard(strategy: strategy)
            let cache = SchedulerCache()
            var nodes = (0..<40).map { Self.randomNode($0, &random) }
            for node in nodes { cache.addOrUpdateNode(node) }
            var bound = 0
            for index in 0..<60 {
                var pod = Self.randomPod(1000 + index, &random)
                pod.metadata.name = "bound-\(index)"
                pod.spec.nodeName = nodes[random.next(nodes.count)].metadata.name
                cache.addOrUpdatePod(pod)
                bound += 1
            }
            let pods = (0..<80).map { Self.randomPod($0, &random) }
            var snapshot = Snapshot()
            cache.updateSnapshot(&snapshot)
            Self.compare(snapshot, pods: pods, framework: framework)
            // Incremental updates: relabelled, retainted, removed and added nodes, and more bound pods.
            for _ in 0..<3 {
                for _ in 0..<8 {
                    let index = random.next(nodes.count)
                    nodes[index] = Self.randomNode(index, &random)
                    cache.addOrUpdateNode(nodes[index])
                }
                cache.removeNode(nodes[random.next(nodes.count)].metadata.name)
                let extra = Self.randomNode(100 + bound, &random)
                cache.addOrUpdateNode(extra)
                for index in 0..<10 {
                    var pod = Self.randomPod(2000 + bound + index, &random)
                    pod.metadata.name = "more-\(bound)-\(index)"
                    pod.spec.nodeName = extra.metadata.name
                    cache.addOrUpdatePod(pod)
                }
                bound += 10
                cache.updateSnapshot(&snapshot)
                Self.compare(snapshot, pods: pods, framework: framework)
            }
        }
    }
}

/// The division the column scoring uses instead of `/` gives the same quotient everywhere it is used.
@Suite struct ColumnQuotientTests {
    @Test func quotientIsTheIntegerQuotient() {
        var random = NodeColumnsTests.Generator(state: 42)
        let bound: Int64 = 1 << 53
        var cases: [(Int64, Int64)] = [(0, 1), (99, 100), (100, 100), (bound - 1, 1), (bound - 1, 3), (bound - 1, bound - 1)]
        cases += [(bound, 7), (bound + 5, 3), (Int64.max, 1_000_003)]
        for _ in 0..<200_000 {
            let divisor = Int64(1 + random.next(1 << 30)) * Int64(1 + random.next(1 << 20))
            let dividend = Int64(random.next(1 << 30)) * Int64(1 + random.next(1 << 23))
            cases.append((dividend, divisor))
            cases.append((divisor * Int64(random.next(101)), divisor))
            cases.append((divisor * Int64(random.next(101)) - 1 < 0 ? 0 : divisor * Int64(random.next(101)) - 1, divisor))
        }
        for (dividend, divisor) in cases {
            #expect(NodeResourcesFitPlugin.quotient(dividend, divisor) == dividend / divisor, "\(dividend) / \(divisor)")
        }
    }
}
