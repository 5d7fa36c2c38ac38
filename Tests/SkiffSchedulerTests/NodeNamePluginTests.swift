import SkiffScheduler
import Testing

/// Cases from kube-scheduler's `nodename/node_name_test.go` (`TestNodeName`).
struct NodeNamePluginTests {
    @Test func noHostSpecified() {
        #expect(Fixtures.filter(NodeNamePlugin(), Fixtures.pod("p"), on: Fixtures.node("foo")).isSuccess)
    }

    @Test func hostMatches() {
        #expect(
            Fixtures.filter(NodeNamePlugin(), Fixtures.pod("p", nodeName: "foo"), on: Fixtures.node("foo")).isSuccess
        )
    }

    @Test func hostDoesNotMatch() {
        let status = Fixtures.filter(NodeNamePlugin(), Fixtures.pod("p", nodeName: "bar"), on: Fixtures.node("foo"))
        #expect(status.code == .unschedulableAndUnresolvable)
        #expect(status.reasons == ["node(s) didn't match the requested node name"])
    }
}
