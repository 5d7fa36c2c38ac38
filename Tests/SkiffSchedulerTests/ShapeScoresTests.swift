import Testing

@testable import SkiffScheduler

/// Sharing verdicts and raw scores between pods of the same shape (``ShapeScores``) must not change a single
/// placement: two schedulers with the same seed, one sharing and one scoring afresh every cycle, are driven through
/// the same random clusters and the same changes (relabelled, retainted, cordoned, removed and added nodes, deleted
/// pods, gangs) and must bind every pod to the same node and leave the same pods unschedulable with the same message.
@Suite struct ShapeScoresTests {
    typealias Generator = NodeColumnsTests.Generator

    /// One store and scheduler.
    struct Side {
        let store: MemoryStore
        let scheduler: Scheduler

        init(shares: Bool, strategy: ScoringStrategy) {
            store = MemoryStore()
            scheduler = Scheduler(
                store: store,
                configuration: SchedulerConfiguration(
                    scoringStrategy: strategy,
                    tieBreakSeed: 7,
                    clock: ManualSchedulerClock(),
                    sharesScoresByShape: shares
                )
            )
        }

        /// Every pod's node, or its `PodScheduled` message when it has none.
        func outcome() throws -> [String: String] {
            var outcome: [String: String] = [:]
            for pod in try store.list(Pod.self) {
                outcome[pod.metadata.name] =
                    pod.spec.nodeName.isEmpty
                    ? "unscheduled: " + (pod.status.conditions[type: .podScheduled]?.message ?? "")
                    : pod.spec.nodeName
            }
            return outcome
        }
    }

    /// A few pod shapes, so that most cycles find their shape's scores from earlier cycles.
    static func shapes(_ random: inout Generator) -> [Pod] {
        (0..<10).map { index in
            var pod = NodeColumnsTests.randomPod(index, &random)
            pod.spec.nodeName = ""
            return pod
        }
    }

    static func instance(of shape: Pod, name: String, gang: (name: String, size: Int)? = nil) -> Pod {
        var pod = shape
        pod.metadata.name = name
        pod.metadata.uid = "uid-" + name
        if let gang {
            pod.metadata.labels[SchedulingAnnotations.podGroup] = gang.name
            pod.metadata.labels[SchedulingAnnotations.podGroupSize] = String(gang.size)
        }
        return pod
    }

    @Test(arguments: [11, 12, 13, 14] as [UInt64])
    func sharingScoresPlacesEveryPodAsScoringAfresh(seed: UInt64) throws {
        for strategy in ScoringStrategy.allCases {
            var random = Generator(state: seed)
            let sides = [Side(shares: true, strategy: strategy), Side(shares: false, strategy: strategy)]
            var nodes = (0..<30).map { NodeColumnsTests.randomNode($0, &random) }
            for side in sides {
                for node in nodes { _ = try side.store.create(node) }
                try side.scheduler.start()
            }
            defer { for side in sides { side.scheduler.stop() } }
            let shapes = Self.shapes(&random)
            var created = 0
            for round in 0..<5 {
                // New pods, mostly of known shapes, with a gang now and then.
                var pods: [Pod] = []
                for _ in 0..<40 {
                    let shape = shapes[random.next(shapes.count)]
                    if random.chance(5) {
                        let size = 2 + random.next(2)
                        for member in 0..<size {
                            pods.append(Self.instance(of: shape, name: "g\(created)-\(member)",
                                                      gang: ("gang-\(created)", size)))
                        }
                    } else {
                        pods.append(Self.instance(of: shape, name: "p\(created)"))
                    }
                    created += 1
                }
                // Changes to the cluster between rounds.
                var changedNodes: [Node] = []
                var removedNode: String?
                if round > 0 {
                    for _ in 0..<4 {
                        let index = random.next(nodes.count)
                        var node = NodeColumnsTests.randomNode(index, &random)
                        node.metadata.name = nodes[index].metadata.name
                        nodes[index] = node
                        changedNodes.append(node)
                    }
                    removedNode = nodes.remove(at: random.next(nodes.count)).metadata.name
                    let added = NodeColumnsTests.randomNode(100 + round, &random)
                    nodes.append(added)
                    changedNodes.append(added)
                }
                let bound = try sides[0].store.list(Pod.self).filter { !$0.spec.nodeName.isEmpty }
                let deleted = bound.isEmpty ? nil : bound[random.next(bound.count)].metadata.name
                for side in sides {
                    for node in changedNodes {
                        if var current = side.store.get(Node.self, name: node.metadata.name) {
                            current.metadata.labels = node.metadata.labels
                            current.spec = node.spec
                            current.status = node.status
                            _ = try side.store.update(current)
                        } else {
                            _ = try side.store.create(node)
                        }
                    }
                    if let removedNode {
                        _ = try side.store.delete(ObjectKey(Node.resource.groupKind, name: removedNode))
                    }
                    if let deleted {
                        _ = try side.store.delete(ObjectKey(Pod.resource.groupKind, namespace: "default", name: deleted))
                    }
                    for pod in pods { _ = try side.store.create(pod) }
                    _ = side.scheduler.scheduleUntilIdle()
                }
                let shared = try sides[0].outcome()
                let afresh = try sides[1].outcome()
                #expect(shared == afresh, "seed \(seed), \(strategy), round \(round)")
                #expect(shared.values.contains { !$0.hasPrefix("unscheduled") })
            }
        }
    }

    /// After a placement only the node it changed is judged again, and the choice is the fresh path's.
    @Test func onlyChangedNodesAreJudgedAgain() throws {
        let framework = SchedulingFramework.standard()
        let plugins = try #require(framework.columnPlugins)
        let cache = SchedulerCache()
        for index in 0..<50 {
            let cpu = Quantity(Int64(4 + index % 3))
            cache.addOrUpdateNode(Fixtures.node("n\(index)", cpu: cpu, memory: Quantity(8 << 30)))
        }
        var snapshot = Snapshot()
        cache.updateSnapshot(&snapshot)
        let entry = ShapeScores()
        var seeds = (SplitMix64(seed: 3), SplitMix64(seed: 3))
        for index in 0..<30 {
            let pod = Fixtures.pod("p\(index)", requests: [.cpu: Quantity(milli: 500), .memory: Quantity(1 << 30)])
            var state = CycleState(pod: pod, table: snapshot.table)
            let skipped = framework.preScoreAll(pod, state: &state)
            entry.update(pod, columns: snapshot.columns, state: state, skipped: skipped, plugins: plugins)
            #expect(entry.lastJudged == (index == 0 ? 50 : 1))
            let shared = entry.selectHost(random: &seeds.0)
            var fresh = CycleState(pod: pod, table: snapshot.table)
            let feasible = framework.feasibleNodes(pod, snapshot: snapshot, state: fresh)
            let totals = framework.prioritize(pod, snapshot: snapshot, feasible: feasible, state: &fresh)
            let expected = feasible[framework.selectHost(totals, random: &seeds.1)]
            #expect(shared == expected)
            var placed = pod
            placed.spec.nodeName = snapshot.nodes[expected].name
            cache.addOrUpdatePod(placed)
            cache.updateSnapshot(&snapshot)
        }
    }

    /// Ties go to every tied position about equally often, positions marked `Int64.min` never win, and a single
    /// highest position is taken without a draw.
    @Test func tiesAreBrokenUniformlyWithOneDraw() {
        let framework = SchedulingFramework.standard()
        var random = SplitMix64(seed: 9)
        var wins = [Int](repeating: 0, count: 6)
        let totals: [Int64] = [5, 9, Int64.min, 9, 3, 9]
        for _ in 0..<6_000 {
            wins[framework.selectHost(totals, random: &random)] += 1
        }
        #expect(wins[0] == 0 && wins[2] == 0 && wins[4] == 0)
        for position in [1, 3, 5] {
            #expect((1_800...2_200).contains(wins[position]), "\(wins)")
        }
        var untouched = SplitMix64(seed: 4)
        var reference = untouched
        #expect(framework.selectHost([1, Int64.min, 7, 2], random: &untouched) == 2)
        #expect(untouched.next() == reference.next())
    }

    /// The tree's highest total, tie count and r-th tie agree with a walk over the totals, through random changes.
    @Test func theTreeFindsTheHighestAndEveryTie() {
        var random = Generator(state: 21)
        for count in [1, 2, 3, 7, 8, 9, 100, 513] {
            var totals = (0..<count).map { _ in random.chance(20) ? Int64.min : Int64(random.next(5)) }
            var tree = HighestTotalTree(totals)
            for _ in 0..<200 {
                let highest = totals.max()!
                let tied = totals.indices.filter { totals[$0] == highest && highest != Int64.min }
                #expect(tree.highest == highest)
                #expect(tree.tieCount == tied.count)
                for (rank, position) in tied.enumerated() {
                    #expect(tree.tie(rank) == position)
                }
                let position = random.next(count)
                totals[position] = random.chance(20) ? Int64.min : Int64(random.next(5))
                tree.set(position, totals[position])
            }
        }
    }

    /// The cache keeps at most its capacity of shapes and hands back the same entry for the same shape.
    @Test func theCacheKeepsTheShapesUsedLast() {
        var cache = ShapeScoreCache(capacity: 2)
        let table = ResourceSlotTable()
        func shape(_ cpu: String) -> PodShape {
            PodShape(CycleState(pod: Fixtures.pod("p", requests: [.cpu: Quantity(Int64(cpu)!)]), table: table))
        }
        let first = cache.scores(for: shape("1"))
        #expect(cache.scores(for: shape("1")) === first)
        _ = cache.scores(for: shape("2"))
        _ = cache.scores(for: shape("1"))
        _ = cache.scores(for: shape("3"))  // drops "2", used longest ago
        #expect(cache.scores(for: shape("1")) === first)
        let again = cache.scores(for: shape("2"))
        #expect(again !== first)
        #expect(again.feasibleCount == 0)
    }
}
