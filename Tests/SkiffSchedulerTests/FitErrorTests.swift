import SkiffScheduler
import Testing

/// Cases from kube-scheduler's `pkg/scheduler/framework/types_test.go` (`TestFitError_Error`) and the message
/// forms users see.
struct FitErrorTests {
    static func statuses(_ reasons: [String: [String]]) -> [String: Status] {
        reasons.mapValues { Status(.unschedulable, reasons: $0) }
    }

    @Test func nodesFailedPreFilterPlugin() {
        // "nodes failed Prefilter plugin"
        let error = FitError(
            numAllNodes: 3,
            nodeStatuses: Self.statuses([
                "node1": ["Node(s) failed PreFilter plugin FalsePreFilter"],
                "node2": ["Node(s) failed PreFilter plugin FalsePreFilter"],
                "node3": ["Node(s) failed PreFilter plugin FalsePreFilter"],
            ]),
            preFilterMessage: "Node(s) failed PreFilter plugin FalsePreFilter"
        )
        #expect(error.message == "0/3 nodes are available: Node(s) failed PreFilter plugin FalsePreFilter.")
    }

    @Test func nodesFailedPreFilterPluginAndPreemptionFailed() {
        // "nodes failed Prefilter plugin and the preemption also failed"
        let error = FitError(
            numAllNodes: 3,
            preFilterMessage: "Node(s) failed PreFilter plugin FalsePreFilter",
            postFilterMessage: "Error running PostFilter plugin FailedPostFilter"
        )
        #expect(
            error.message
                == "0/3 nodes are available: Node(s) failed PreFilter plugin FalsePreFilter. Error running"
                + " PostFilter plugin FailedPostFilter"
        )
    }

    @Test func nodesFailedOneFilterPlugin() {
        // "nodes failed one Filter plugin with an empty PostFilterMsg" / "... with a non-empty PostFilterMsg"
        var error = FitError(
            numAllNodes: 3,
            nodeStatuses: Self.statuses([
                "node1": ["Node(s) failed Filter plugin FalseFilter-1"],
                "node2": ["Node(s) failed Filter plugin FalseFilter-1"],
                "node3": ["Node(s) failed Filter plugin FalseFilter-1"],
            ])
        )
        #expect(error.message == "0/3 nodes are available: 3 Node(s) failed Filter plugin FalseFilter-1.")
        error.postFilterMessage = "Error running PostFilter plugin FailedPostFilter"
        #expect(
            error.message
                == "0/3 nodes are available: 3 Node(s) failed Filter plugin FalseFilter-1. Error running PostFilter"
                + " plugin FailedPostFilter"
        )
    }

    @Test func nodesFailedTwoFilterPlugins() {
        // "nodes failed two Filter plugins with an empty PostFilterMsg"
        let error = FitError(
            numAllNodes: 3,
            nodeStatuses: Self.statuses([
                "node1": ["Node(s) failed Filter plugin FalseFilter-1"],
                "node2": ["Node(s) failed Filter plugin FalseFilter-1"],
                "node3": ["Node(s) failed Filter plugin FalseFilter-2"],
            ])
        )
        #expect(
            error.message
                == "0/3 nodes are available: 1 Node(s) failed Filter plugin FalseFilter-2, 2 Node(s) failed Filter"
                + " plugin FalseFilter-1."
        )
    }

    @Test func failedToReserveOnNode() {
        // "failed to Reserve on node"
        let error = FitError(
            numAllNodes: 1,
            nodeStatuses: Self.statuses(["node1": ["Node failed Reserve plugin Reserve-1"]])
        )
        #expect(error.message == "0/1 nodes are available: 1 Node failed Reserve plugin Reserve-1.")
    }

    @Test func designExample() {
        let error = FitError(
            numAllNodes: 3,
            nodeStatuses: [
                "gpu-a": Status(.unschedulable, "Insufficient nvidia.com/gpu"),
                "cpu-1": Status(.unschedulableAndUnresolvable, "node(s) didn't match Pod's node affinity/selector"),
                "cpu-2": Status(.unschedulableAndUnresolvable, "node(s) didn't match Pod's node affinity/selector"),
            ]
        )
        #expect(
            error.message
                == "0/3 nodes are available: 1 Insufficient nvidia.com/gpu, 2 node(s) didn't match Pod's node"
                + " affinity/selector."
        )
    }

    @Test func everyReasonOfANodeCountsAndCountsSortAsText() {
        // Ten nodes lacking cpu sort before two lacking memory, as Go's sort.Strings orders "10 …" before "2 …".
        var statuses: [String: Status] = [:]
        for index in 0..<10 {
            statuses["cpu-\(index)"] = Status(.unschedulable, "Insufficient cpu")
        }
        statuses["both-1"] = Status(.unschedulable, "Insufficient memory", "Too many pods")
        statuses["both-2"] = Status(.unschedulable, "Insufficient memory")
        let error = FitError(numAllNodes: 12, nodeStatuses: statuses)
        #expect(
            error.message == "0/12 nodes are available: 1 Too many pods, 10 Insufficient cpu, 2 Insufficient memory."
        )
    }

    @Test func absentNodesCountThePreemptionReason() {
        let inner = FitError(
            numAllNodes: 3,
            nodeStatuses: [
                "gpu-a": Status(.unschedulableAndUnresolvable, "No preemption victims found for incoming pod")
            ],
            absentNodeReasons: ["Preemption is not helpful for scheduling"]
        )
        #expect(
            inner.message
                == "0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not"
                + " helpful for scheduling."
        )
    }
}
