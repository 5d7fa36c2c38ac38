import SkiffScheduler
import Testing

/// Cases from kube-scheduler's `balanced_allocation_test.go` (`TestNodeResourcesBalancedAllocation`).
struct BalancedAllocationPluginTests {
    @Test func nothingScheduledResourcesRequestedDifferentlySizedNodes() {
        // Node1: cpu fraction 3000/4000 = 0.75, memory 5000/10000 = 0.5, std 0.125, score 87.
        // Node2: 3000/6000 and 5000/10000 are both 0.5, score 100.
        let nodes = [
            Fixtures.node("node1", cpu: "4000", memory: 10000), Fixtures.node("node2", cpu: "6000", memory: 10000),
        ]
        let pod = Fixtures.pod("p", containers: [[.cpu: "1000", .memory: 2000], [.cpu: "2000", .memory: 3000]])
        #expect(Fixtures.scores(BalancedAllocationPlugin(), pod, nodes: nodes) == [87, 100])
    }

    @Test func resourcesRequestedPodsScheduledWithResources() {
        // Node1: cpu 6000/10000 = 0.6, memory 5000/20000 = 0.25, std 0.175, score 82.
        // Node2: cpu 0.6, memory 10000/20000 = 0.5, std 0.05, score 95.
        let nodes = [
            Fixtures.node("node1", cpu: "10000", memory: 20000), Fixtures.node("node2", cpu: "10000", memory: 20000),
        ]
        let existing = [
            Fixtures.pod("e1", requests: [.cpu: "3000", .memory: 0], nodeName: "node1"),
            Fixtures.pod("e2", requests: [.cpu: "3000", .memory: 5000], nodeName: "node2"),
        ]
        let pod = Fixtures.pod("p", containers: [[.cpu: "1000", .memory: 2000], [.cpu: "2000", .memory: 3000]])
        #expect(Fixtures.scores(BalancedAllocationPlugin(), pod, nodes: nodes, existing: existing) == [82, 95])
    }
}
