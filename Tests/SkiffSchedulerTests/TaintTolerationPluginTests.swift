import SkiffScheduler
import Testing

/// Cases from kube-scheduler's `pkg/scheduler/framework/plugins/tainttoleration/taint_toleration_test.go`
/// (`TestTaintTolerationFilter`, `TestTaintTolerationScore`).
struct TaintTolerationPluginTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var tolerations: [Toleration]
        var taints: [Taint]
        var reason: String?
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "A pod having no tolerations can't be scheduled onto a node with nonempty taints",
            tolerations: [],
            taints: [Taint(key: "dedicated", value: "user1", effect: .noSchedule)],
            reason: "node(s) had untolerated taint {dedicated: user1}"
        ),
        Case(
            name: "A pod which can be scheduled on a dedicated node assigned to user1 with effect NoSchedule",
            tolerations: [Toleration(key: "dedicated", operator: .equal, value: "user1", effect: .noSchedule)],
            taints: [Taint(key: "dedicated", value: "user1", effect: .noSchedule)]
        ),
        Case(
            name: "A pod which can't be scheduled on a dedicated node assigned to user2 with effect NoSchedule",
            tolerations: [Toleration(key: "dedicated", operator: .equal, value: "user2", effect: .noSchedule)],
            taints: [Taint(key: "dedicated", value: "user1", effect: .noSchedule)],
            reason: "node(s) had untolerated taint {dedicated: user1}"
        ),
        Case(
            name:
                "A pod can be scheduled onto the node, with a toleration uses operator Exists that tolerates the"
                + " taints on the node",
            tolerations: [Toleration(key: "foo", operator: .exists, effect: .noSchedule)],
            taints: [Taint(key: "foo", value: "bar", effect: .noSchedule)]
        ),
        Case(
            name:
                "A pod has multiple tolerations, node has multiple taints, all the taints are tolerated, pod can be"
                + " scheduled onto the node",
            tolerations: [
                Toleration(key: "dedicated", operator: .equal, value: "user2", effect: .noSchedule),
                Toleration(key: "foo", operator: .exists, effect: .noSchedule),
            ],
            taints: [
                Taint(key: "dedicated", value: "user2", effect: .noSchedule),
                Taint(key: "foo", value: "bar", effect: .noSchedule),
            ]
        ),
        Case(
            name:
                "A pod has a toleration that keys and values match the taint on the node, but (non-empty) effect"
                + " doesn't match, can't be scheduled onto the node",
            tolerations: [Toleration(key: "foo", operator: .equal, value: "bar", effect: .preferNoSchedule)],
            taints: [Taint(key: "foo", value: "bar", effect: .noSchedule)],
            reason: "node(s) had untolerated taint {foo: bar}"
        ),
        Case(
            name:
                "The pod has a toleration that keys and values match the taint on the node, the effect of toleration"
                + " is empty, and the effect of taint is NoSchedule. Pod can be scheduled onto the node",
            tolerations: [Toleration(key: "foo", operator: .equal, value: "bar")],
            taints: [Taint(key: "foo", value: "bar", effect: .noSchedule)]
        ),
        Case(
            name:
                "The pod has a toleration that key and value don't match the taint on the node, but the effect of"
                + " taint on node is PreferNoSchedule. Pod can be scheduled onto the node",
            tolerations: [Toleration(key: "dedicated", operator: .equal, value: "user2", effect: .noSchedule)],
            taints: [Taint(key: "dedicated", value: "user1", effect: .preferNoSchedule)]
        ),
        Case(
            name:
                "The pod has no toleration, but the effect of taint on node is PreferNoSchedule. Pod can be"
                + " scheduled onto the node",
            tolerations: [],
            taints: [Taint(key: "dedicated", value: "user1", effect: .preferNoSchedule)]
        ),
        Case(
            name: "A NoExecute taint keeps pods without a matching toleration off",
            tolerations: [],
            taints: [Taint(key: "node.kubernetes.io/not-ready", effect: .noExecute)],
            reason: "node(s) had untolerated taint {node.kubernetes.io/not-ready: }"
        ),
    ]

    @Test(arguments: cases)
    func filter(_ test: Case) {
        let node = Fixtures.node("node", taints: test.taints)
        let status = Fixtures.filter(
            TaintTolerationPlugin(),
            Fixtures.pod("p", tolerations: test.tolerations),
            on: node
        )
        if let reason = test.reason {
            #expect(status.code == .unschedulableAndUnresolvable)
            #expect(status.reasons == [reason])
        } else {
            #expect(status.isSuccess)
        }
    }

    @Test func toleratedTaintsScoreHigher() {
        // "node with taints tolerated by the pod, gets a higher score than those node with intolerable taints"
        let pod = Fixtures.pod(
            "p",
            tolerations: [Toleration(key: "foo", operator: .equal, value: "bar", effect: .preferNoSchedule)]
        )
        let nodes = [
            Fixtures.node("nodeA", taints: [Taint(key: "foo", value: "bar", effect: .preferNoSchedule)]),
            Fixtures.node("nodeB", taints: [Taint(key: "foo", value: "blah", effect: .preferNoSchedule)]),
        ]
        #expect(Fixtures.scores(TaintTolerationPlugin(), pod, nodes: nodes) == [100, 0])
    }

    @Test func allToleratedScoreTheSame() {
        // "the nodes that all of their taints are tolerated by the pod, get the same score, no matter how many
        // tolerable taints a node has"
        let pod = Fixtures.pod(
            "p",
            tolerations: [
                Toleration(key: "cpu-type", operator: .equal, value: "arm64", effect: .preferNoSchedule),
                Toleration(key: "disk-type", operator: .equal, value: "ssd", effect: .preferNoSchedule),
            ]
        )
        let nodes = [
            Fixtures.node("nodeA"),
            Fixtures.node("nodeB", taints: [Taint(key: "cpu-type", value: "arm64", effect: .preferNoSchedule)]),
            Fixtures.node(
                "nodeC",
                taints: [
                    Taint(key: "cpu-type", value: "arm64", effect: .preferNoSchedule),
                    Taint(key: "disk-type", value: "ssd", effect: .preferNoSchedule),
                ]
            ),
        ]
        #expect(Fixtures.scores(TaintTolerationPlugin(), pod, nodes: nodes) == [100, 100, 100])
    }

    @Test func moreIntolerableTaintsScoreLower() {
        // "the more intolerable taints a node has, the lower score it gets."
        let pod = Fixtures.pod(
            "p",
            tolerations: [Toleration(key: "foo", operator: .equal, value: "bar", effect: .preferNoSchedule)]
        )
        let nodes = [
            Fixtures.node("nodeA"),
            Fixtures.node("nodeB", taints: [Taint(key: "cpu-type", value: "arm64", effect: .preferNoSchedule)]),
            Fixtures.node(
                "nodeC",
                taints: [
                    Taint(key: "cpu-type", value: "arm64", effect: .preferNoSchedule),
                    Taint(key: "disk-type", value: "ssd", effect: .preferNoSchedule),
                ]
            ),
        ]
        #expect(Fixtures.scores(TaintTolerationPlugin(), pod, nodes: nodes) == [100, 50, 0])
    }

    @Test func onlyPreferNoScheduleCounts() {
        // "only taints and tolerations that have effect PreferNoSchedule are checked by prioritizeTaintToleration
        // function"
        let pod = Fixtures.pod(
            "p",
            tolerations: [Toleration(key: "cpu-type", operator: .equal, value: "arm64", effect: .noSchedule)]
        )
        let nodes = [
            Fixtures.node("nodeA"),
            Fixtures.node("nodeB", taints: [Taint(key: "cpu-type", value: "arm64", effect: .noSchedule)]),
            Fixtures.node("nodeC", taints: [Taint(key: "cpu-type", value: "arm64", effect: .preferNoSchedule)]),
        ]
        #expect(Fixtures.scores(TaintTolerationPlugin(), pod, nodes: nodes) == [100, 100, 0])
    }
}
