import SkiffScheduler
import Testing

/// Cases from kube-scheduler's `nodeunschedulable/node_unschedulable_test.go` (`TestNodeUnschedulable`).
struct NodeUnschedulablePluginTests {
    @Test func doesNotSchedulePodToUnschedulableNode() {
        // "Does not schedule pod to unschedulable node (node.Spec.Unschedulable==true)"
        let status = Fixtures.filter(
            NodeUnschedulablePlugin(),
            Fixtures.pod("p"),
            on: Fixtures.node("n", unschedulable: true)
        )
        #expect(status.code == .unschedulableAndUnresolvable)
        #expect(status.reasons == ["node(s) were unschedulable"])
    }

    @Test func schedulesPodToNormalNode() {
        // "Schedule pod to normal node"
        #expect(Fixtures.filter(NodeUnschedulablePlugin(), Fixtures.pod("p"), on: Fixtures.node("n")).isSuccess)
    }

    @Test func schedulesPodWithTolerationToUnschedulableNode() {
        // "Schedule pod with toleration to unschedulable node (node.Spec.Unschedulable==true)"
        let pod = Fixtures.pod(
            "p",
            tolerations: [Toleration(key: "node.kubernetes.io/unschedulable", effect: .noSchedule)]
        )
        #expect(Fixtures.filter(NodeUnschedulablePlugin(), pod, on: Fixtures.node("n", unschedulable: true)).isSuccess)
    }
}
