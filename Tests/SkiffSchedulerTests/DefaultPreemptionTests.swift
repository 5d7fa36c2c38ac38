import SkiffScheduler
import Testing

/// Victim choice as kube-scheduler's `defaultpreemption/default_preemption_test.go` (`TestSelectNodesForPreemption`,
/// `TestSelectBestCandidate`, `TestPodEligibleToPreemptOthers`) checks it, and preemption end to end.
struct DefaultPreemptionTests {
    static func running(_ name: String, on node: String, priority: Int32, cpu: Quantity, started: Int64 = 100) -> Pod {
        var pod = Fixtures.pod(name, requests: [.cpu: cpu, .memory: "1Gi"], priority: priority, nodeName: node)
        pod.status.startTime = Timestamp(seconds: started)
        return pod
    }

    /// Runs the dry run for `preemptor` over `nodes` with `pods` bound.
    static func evaluate(_ preemptor: Pod, nodes: [Node], pods: [Pod]) -> DefaultPreemption.Outcome {
        let cache = SchedulerCache()
        for node in nodes { cache.addOrUpdateNode(node) }
        for pod in pods { cache.addOrUpdatePod(pod) }
        let snapshot = cache.makeSnapshot()
        let framework = SchedulingFramework.standard()
        let state = CycleState(pod: preemptor, table: snapshot.table)
        var statuses: [String: Status] = [:]
        for node in snapshot.nodes {
            let status = framework.runFilters(preemptor, node, state)
            if !status.isSuccess { statuses[node.name] = status }
        }
        return DefaultPreemption().evaluate(
            preemptor,
            state: state,
            snapshot: snapshot,
            statuses: statuses,
            framework: framework
        ) { snapshot.nodes[$0] }
    }

    static func candidate(_ outcome: DefaultPreemption.Outcome) -> DefaultPreemption.Candidate? {
        if case .nominate(let candidate) = outcome { return candidate }
        return nil
    }

    static let threeCPUNodes = ["node1", "node2"].map { Fixtures.node($0, cpu: "3", memory: "16Gi") }

    @Test func reprievesTheMostImportantPodsItCan() {
        // A preemptor needing 2 cpus on a 3-cpu node of three 1-cpu pods evicts the two least important.
        let pods = [
            Self.running("p1", on: "node1", priority: 10, cpu: "1"),
            Self.running("p2", on: "node1", priority: 5, cpu: "1"),
            Self.running("p3", on: "node1", priority: 1, cpu: "1"),
        ]
        let preemptor = Fixtures.pod("high", requests: [.cpu: "2", .memory: "1Gi"], priority: 100)
        let candidate = Self.candidate(Self.evaluate(preemptor, nodes: [Self.threeCPUNodes[0]], pods: pods))
        #expect(candidate?.node == "node1")
        #expect(candidate?.victims.map(\.key.name) == ["p2", "p3"])
    }

    @Test func prefersTheNodeWithTheLowestHighestVictimPriority() {
        // "a pod that fits on both nodes when lower priority pods are preempted": node2's victims matter less.
        let pods = [
            Self.running("a", on: "node1", priority: 50, cpu: "3"),
            Self.running("b", on: "node2", priority: 10, cpu: "3"),
        ]
        let preemptor = Fixtures.pod("high", requests: [.cpu: "2", .memory: "1Gi"], priority: 100)
        #expect(Self.candidate(Self.evaluate(preemptor, nodes: Self.threeCPUNodes, pods: pods))?.node == "node2")
    }

    @Test func prefersTheSmallestSumOfPrioritiesThenFewestVictims() {
        // Same highest priority; node1's victims sum lower.
        let bySum = [
            Self.running("a1", on: "node1", priority: 10, cpu: "2"),
            Self.running("a2", on: "node1", priority: 1, cpu: "1"),
            Self.running("b1", on: "node2", priority: 10, cpu: "2"),
            Self.running("b2", on: "node2", priority: 5, cpu: "1"),
        ]
        let needsAll = Fixtures.pod("high", requests: [.cpu: "3", .memory: "1Gi"], priority: 100)
        #expect(Self.candidate(Self.evaluate(needsAll, nodes: Self.threeCPUNodes, pods: bySum))?.node == "node1")

        // Equal sums: fewer victims wins.
        let byCount = [
            Self.running("a1", on: "node1", priority: 2, cpu: "1"),
            Self.running("a2", on: "node1", priority: 2, cpu: "1"),
            Self.running("a3", on: "node1", priority: 2, cpu: "1"),
            Self.running("b1", on: "node2", priority: 2, cpu: "3"),
        ]
        let candidate = Self.candidate(Self.evaluate(needsAll, nodes: Self.threeCPUNodes, pods: byCount))
        #expect(candidate?.node == "node2")
        #expect(candidate?.victims.map(\.key.name) == ["b1"])
    }

    @Test func prefersTheNodeWhoseVictimsStartedLatest() {
        let pods = [
            Self.running("old", on: "node1", priority: 5, cpu: "3", started: 100),
            Self.running("new", on: "node2", priority: 5, cpu: "3", started: 500),
        ]
        let preemptor = Fixtures.pod("high", requests: [.cpu: "2", .memory: "1Gi"], priority: 100)
        #expect(Self.candidate(Self.evaluate(preemptor, nodes: Self.threeCPUNodes, pods: pods))?.node == "node2")
    }

    @Test func equalOrHigherPriorityPodsAreNeverVictims() {
        let pods = [Self.running("peer", on: "node1", priority: 100, cpu: "3")]
        let preemptor = Fixtures.pod("high", requests: [.cpu: "2", .memory: "1Gi"], priority: 100)
        guard case .notHelpful(let message) = Self.evaluate(preemptor, nodes: [Self.threeCPUNodes[0]], pods: pods)
        else {
            Issue.record("expected no candidate")
            return
        }
        #expect(message == "preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.")
    }

    @Test func preemptionCannotHelpAffinityOrTooLargeRequests() {
        let pods = [Self.running("low", on: "node1", priority: 0, cpu: "1")]
        let tooLarge = Fixtures.pod("huge", requests: [.cpu: "8", .memory: "1Gi"], priority: 100)
        guard case .notHelpful(let message) = Self.evaluate(tooLarge, nodes: Self.threeCPUNodes, pods: pods) else {
            Issue.record("expected no candidate")
            return
        }
        #expect(
            message
                == "preemption: 0/2 nodes are available: 1 Insufficient cpu, 1 No preemption victims found for"
                + " incoming pod."
        )
        let pinned = Fixtures.pod("pinned", requests: [.cpu: "2"], nodeSelector: ["zone": "x"], priority: 100)
        guard case .notHelpful(let pinnedMessage) = Self.evaluate(pinned, nodes: Self.threeCPUNodes, pods: pods) else {
            Issue.record("expected no candidate")
            return
        }
        #expect(pinnedMessage == "preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.")
    }

    @Test func waitsWhileItsVictimsTerminate() {
        // TestPodEligibleToPreemptOthers: "Pod with nominated node, but with a terminating pod on the node".
        var victim = Self.running("low", on: "node1", priority: 0, cpu: "3")
        victim.metadata.deletionTimestamp = Timestamp(seconds: 200)
        var preemptor = Fixtures.pod("high", requests: [.cpu: "2", .memory: "1Gi"], priority: 100)
        preemptor.status.nominatedNodeName = "node1"
        guard case .ineligible(let message) = Self.evaluate(preemptor, nodes: [Self.threeCPUNodes[0]], pods: [victim])
        else {
            Issue.record("expected the preemptor to wait")
            return
        }
        #expect(message == "not eligible due to a terminating pod on the nominated node.")
    }

    @Test func highPriorityPodEvictsAndLandsOnItsNominatedNode() throws {
        let harness = try Harness(nodes: [Fixtures.node("gpu", cpu: "16", memory: "64Gi", gpus: 2)])
        var low = Fixtures.pod("low", limits: [.nvidiaGPU: 2], priority: 0)
        low.spec.priority = 0
        try harness.create(low)
        harness.settle()
        #expect(harness.pod("low")?.spec.nodeName == "gpu")

        try harness.create(Fixtures.pod("high", limits: [.nvidiaGPU: 1], priority: 1000))
        let first = harness.settle()
        let failure = try #require(first.flatMap(\.failures).first)
        #expect(failure.nominatedNode == "gpu")
        #expect(failure.message == "0/1 nodes are available: 1 Insufficient nvidia.com/gpu.")
        #expect(harness.pod("low") == nil)
        #expect(harness.pod("high")?.status.nominatedNodeName == "gpu")
        #expect(harness.events.all.contains { $0.reason == "Preempted" && $0.pod.name == "low" })

        // A lower-priority newcomer may not take the room freed for the preemptor.
        try harness.create(Fixtures.pod("sneaky", limits: [.nvidiaGPU: 2], priority: 10))
        harness.advance(seconds: 2)
        let second = harness.settle()
        #expect(second.flatMap(\.placements).map(\.pod.name) == ["high"])
        #expect(harness.pod("high")?.spec.nodeName == "gpu")
        #expect(harness.pod("high")?.status.nominatedNodeName == "")
        #expect(harness.pod("sneaky")?.spec.nodeName == "")
    }
}
