import SkiffScheduler
import Testing

/// Cases from kube-scheduler's `pkg/scheduler/framework/plugins/nodeaffinity/node_affinity_test.go`
/// (`TestNodeAffinity`, `TestNodeAffinityPriority`).
struct NodeAffinityPluginTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var pod: Pod
        var labels: [String: String] = [:]
        var nodeName: String = "node_1"
        var fits: Bool
        var testDescription: String { name }
    }

    static func required(_ terms: NodeSelectorTerm...) -> NodeSelector {
        NodeSelector(nodeSelectorTerms: terms)
    }

    static func req(_ key: String, _ op: NodeSelectorOperator, _ values: [String] = []) -> NodeSelectorRequirement {
        NodeSelectorRequirement(key: key, operator: op, values: values)
    }

    static let nameIn = req("metadata.name", .in, ["node_1"])

    static let cases: [Case] = [
        Case(name: "no selector", pod: Fixtures.pod("p"), fits: true),
        Case(name: "missing labels", pod: Fixtures.pod("p", nodeSelector: ["foo": "bar"]), fits: false),
        Case(
            name: "same labels",
            pod: Fixtures.pod("p", nodeSelector: ["foo": "bar"]),
            labels: ["foo": "bar"],
            fits: true
        ),
        Case(
            name: "node labels are superset",
            pod: Fixtures.pod("p", nodeSelector: ["foo": "bar"]),
            labels: ["foo": "bar", "baz": "blah"],
            fits: true
        ),
        Case(
            name: "node labels are subset",
            pod: Fixtures.pod("p", nodeSelector: ["foo": "bar", "baz": "blah"]),
            labels: ["foo": "bar"],
            fits: false
        ),
        Case(
            name: "Pod with matchExpressions using In operator that matches the existing node",
            pod: Fixtures.pod("p", requiredAffinity: required(Fixtures.term([req("foo", .in, ["bar", "value2"])]))),
            labels: ["foo": "bar"],
            fits: true
        ),
        Case(
            name: "Pod with matchExpressions using Gt operator that matches the existing node",
            pod: Fixtures.pod("p", requiredAffinity: required(Fixtures.term([req("kernel-version", .gt, ["0204"])]))),
            labels: ["kernel-version": "0206"],
            fits: true
        ),
        Case(
            name: "Pod with matchExpressions using NotIn operator that matches the existing node",
            pod: Fixtures.pod(
                "p",
                requiredAffinity: required(Fixtures.term([req("mem-type", .notIn, ["DDR", "DDR2"])]))
            ),
            labels: ["mem-type": "DDR3"],
            fits: true
        ),
        Case(
            name: "Pod with matchExpressions using Exists operator that matches the existing node",
            pod: Fixtures.pod("p", requiredAffinity: required(Fixtures.term([req("GPU", .exists)]))),
            labels: ["GPU": "NVIDIA-GRID-K1"],
            fits: true
        ),
        Case(
            name: "Pod with affinity that don't match node's labels won't schedule onto the node",
            pod: Fixtures.pod("p", requiredAffinity: required(Fixtures.term([req("foo", .in, ["value1", "value2"])]))),
            labels: ["foo": "bar"],
            fits: false
        ),
        Case(
            name:
                "Pod with an empty []NodeSelectorTerm in affinity, can't match the node's labels and won't schedule"
                + " onto the node",
            pod: Fixtures.pod("p", requiredAffinity: NodeSelector(nodeSelectorTerms: [])),
            labels: ["foo": "bar"],
            fits: false
        ),
        Case(
            name:
                "Pod with empty MatchExpressions is not a valid value will match no objects and won't schedule onto"
                + " the node",
            pod: Fixtures.pod("p", requiredAffinity: required(Fixtures.term([]))),
            labels: ["foo": "bar"],
            fits: false
        ),
        Case(
            name: "Pod with no Affinity will schedule onto a node",
            pod: Fixtures.pod("p"),
            labels: ["foo": "bar"],
            fits: true
        ),
        Case(
            name: "Pod with multiple matchExpressions ANDed that matches the existing node",
            pod: Fixtures.pod(
                "p",
                requiredAffinity: required(Fixtures.term([req("GPU", .exists), req("GPU", .notIn, ["AMD", "INTER"])]))
            ),
            labels: ["GPU": "NVIDIA-GRID-K1"],
            fits: true
        ),
        Case(
            name: "Pod with multiple matchExpressions ANDed that doesn't match the existing node",
            pod: Fixtures.pod(
                "p",
                requiredAffinity: required(Fixtures.term([req("GPU", .exists), req("GPU", .in, ["AMD", "INTER"])]))
            ),
            labels: ["GPU": "NVIDIA-GRID-K1"],
            fits: false
        ),
        Case(
            name:
                "Pod with multiple NodeSelectorTerms ORed in affinity, matches the node's labels and will schedule"
                + " onto the node",
            pod: Fixtures.pod(
                "p",
                requiredAffinity: required(
                    Fixtures.term([req("foo", .in, ["bar", "value2"])]),
                    Fixtures.term([req("diffkey", .in, ["wrong", "value2"])])
                )
            ),
            labels: ["foo": "bar"],
            fits: true
        ),
        Case(
            name:
                "Pod with an Affinity and a PodSpec.NodeSelector(the old thing that we are deprecating) both are"
                + " satisfied, will schedule onto the node",
            pod: Fixtures.pod(
                "p",
                nodeSelector: ["foo": "bar"],
                requiredAffinity: required(Fixtures.term([req("foo", .exists)]))
            ),
            labels: ["foo": "bar"],
            fits: true
        ),
        Case(
            name:
                "Pod with an Affinity matches node's labels but the PodSpec.NodeSelector(the old thing that we are"
                + " deprecating) is not satisfied, won't schedule onto the node",
            pod: Fixtures.pod(
                "p",
                nodeSelector: ["foo": "bar"],
                requiredAffinity: required(Fixtures.term([req("foo", .exists)]))
            ),
            labels: ["foo": "barrrrrr"],
            fits: false
        ),
        Case(
            name: "Pod with an invalid value in Affinity term won't be scheduled onto the node",
            pod: Fixtures.pod(
                "p",
                requiredAffinity: required(Fixtures.term([req("foo", .notIn, ["invalid value: ___@#$%^"])]))
            ),
            labels: ["foo": "bar"],
            fits: false
        ),
        Case(
            name: "Pod with matchFields using In operator that matches the existing node",
            pod: Fixtures.pod("p", requiredAffinity: required(Fixtures.term([], fields: [nameIn]))),
            fits: true
        ),
        Case(
            name: "Pod with matchFields using In operator that does not match the existing node",
            pod: Fixtures.pod("p", requiredAffinity: required(Fixtures.term([], fields: [nameIn]))),
            nodeName: "node_2",
            fits: false
        ),
        Case(
            name: "Pod with two terms: matchFields does not match, but matchExpressions matches",
            pod: Fixtures.pod(
                "p",
                requiredAffinity: required(
                    Fixtures.term([], fields: [nameIn]),
                    Fixtures.term([req("foo", .in, ["bar"])])
                )
            ),
            labels: ["foo": "bar"],
            nodeName: "node_2",
            fits: true
        ),
        Case(
            name: "Pod with one term: matchFields does not match, but matchExpressions matches",
            pod: Fixtures.pod(
                "p",
                requiredAffinity: required(Fixtures.term([req("foo", .in, ["bar"])], fields: [nameIn]))
            ),
            labels: ["foo": "bar"],
            nodeName: "node_2",
            fits: false
        ),
        Case(
            name: "Pod with one term: both matchFields and matchExpressions match",
            pod: Fixtures.pod(
                "p",
                requiredAffinity: required(Fixtures.term([req("foo", .in, ["bar"])], fields: [nameIn]))
            ),
            labels: ["foo": "bar"],
            fits: true
        ),
        Case(
            name: "Pod with two terms: both matchFields and matchExpressions do not match",
            pod: Fixtures.pod(
                "p",
                requiredAffinity: required(
                    Fixtures.term([], fields: [nameIn]),
                    Fixtures.term([req("foo", .in, ["not-match-to-bar"])])
                )
            ),
            labels: ["foo": "bar"],
            nodeName: "node_2",
            fits: false
        ),
    ]

    @Test(arguments: cases)
    func nodeAffinity(_ test: Case) {
        let node = Fixtures.node(test.nodeName, labels: test.labels)
        let status = Fixtures.filter(NodeAffinityPlugin(), test.pod, on: node)
        if test.fits {
            #expect(status.isSuccess)
        } else {
            #expect(status.code == .unschedulableAndUnresolvable)
            #expect(status.reasons == ["node(s) didn't match Pod's node affinity/selector"])
        }
    }

    static let affinity1 = [PreferredSchedulingTerm(weight: 2, preference: Fixtures.term([req("foo", .in, ["bar"])]))]
    static let affinity2 = [
        PreferredSchedulingTerm(weight: 2, preference: Fixtures.term([req("foo", .in, ["bar"])])),
        PreferredSchedulingTerm(weight: 4, preference: Fixtures.term([req("key", .in, ["value"])])),
        PreferredSchedulingTerm(
            weight: 5,
            preference: Fixtures.term([req("foo", .in, ["bar"]), req("key", .in, ["value"]), req("az", .in, ["az1"])])
        ),
    ]

    @Test func priorityAllNodesEqualWithoutAffinity() {
        // "all nodes are same priority as NodeAffinity is nil": the plugin is skipped, scores stay zero.
        let nodes = [
            Fixtures.node("node1", labels: ["foo": "bar"]), Fixtures.node("node2", labels: ["key": "value"]),
            Fixtures.node("node3", labels: ["az": "az1"]),
        ]
        var state = CycleState(pod: Fixtures.pod("p"), table: ResourceSlotTable())
        #expect(NodeAffinityPlugin().preScore(Fixtures.pod("p"), &state).code == .skip)
        #expect(Fixtures.scores(NodeAffinityPlugin(), Fixtures.pod("p"), nodes: nodes) == [0, 0, 0])
    }

    @Test func priorityNoNodeMatches() {
        // "no node matches preferred scheduling requirements in NodeAffinity of pod so all nodes' priority is zero"
        let nodes = [
            Fixtures.node("node1", labels: ["abc": "az11", "def": "az22"]),
            Fixtures.node("node2", labels: ["key": "value"]),
            Fixtures.node("node3", labels: ["az": "az1"]),
        ]
        #expect(
            Fixtures.scores(NodeAffinityPlugin(), Fixtures.pod("p", preferredAffinity: Self.affinity1), nodes: nodes)
                == [0, 0, 0]
        )
    }

    @Test func priorityOnlyNode1Matches() {
        // "only node1 matches the preferred scheduling requirements of pod"
        let nodes = [
            Fixtures.node("node1", labels: ["foo": "bar"]), Fixtures.node("node2", labels: ["key": "value"]),
            Fixtures.node("node3", labels: ["az": "az1"]),
        ]
        #expect(
            Fixtures.scores(NodeAffinityPlugin(), Fixtures.pod("p", preferredAffinity: Self.affinity1), nodes: nodes)
                == [100, 0, 0]
        )
    }

    @Test func priorityDifferentWeights() {
        // "all nodes matches the preferred scheduling requirements of pod but with different priorities"
        let nodes = [
            Fixtures.node("node1", labels: ["foo": "bar"]),
            Fixtures.node("node5", labels: ["foo": "bar", "key": "value", "az": "az1"]),
            Fixtures.node("node2", labels: ["key": "value"]),
        ]
        #expect(
            Fixtures.scores(NodeAffinityPlugin(), Fixtures.pod("p", preferredAffinity: Self.affinity2), nodes: nodes)
                == [18, 100, 36]
        )
    }
}
