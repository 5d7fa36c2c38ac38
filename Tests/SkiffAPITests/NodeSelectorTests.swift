import SkiffAPI
import Testing

/// Matching of required node affinity, as Kubernetes' `nodeaffinity` helpers match nodes.
struct NodeSelectorTests {
    let labels = ["gpu-count": "4", "zone": "a", "tier": "dedicated"]

    func requirement(_ key: String, _ op: NodeSelectorOperator, _ values: [String] = []) -> NodeSelectorRequirement {
        NodeSelectorRequirement(key: key, operator: op, values: values)
    }

    @Test func requirementsMatchLabels() {
        #expect(requirement("zone", .in, ["a", "b"]).matches(labels: labels))
        #expect(!requirement("zone", .in, ["b"]).matches(labels: labels))
        #expect(!requirement("missing", .in, ["a"]).matches(labels: labels))
        #expect(requirement("zone", .notIn, ["b"]).matches(labels: labels))
        #expect(requirement("missing", .notIn, ["b"]).matches(labels: labels))
        #expect(!requirement("zone", .notIn, ["a"]).matches(labels: labels))
        #expect(requirement("zone", .exists).matches(labels: labels))
        #expect(!requirement("missing", .exists).matches(labels: labels))
        #expect(requirement("missing", .doesNotExist).matches(labels: labels))
        #expect(!requirement("zone", .doesNotExist).matches(labels: labels))
    }

    @Test func greaterAndLessThanCompareIntegers() {
        #expect(requirement("gpu-count", .gt, ["3"]).matches(labels: labels))
        #expect(!requirement("gpu-count", .gt, ["4"]).matches(labels: labels))
        #expect(requirement("gpu-count", .lt, ["10"]).matches(labels: labels))
        #expect(requirement("gpu-count", .gt, ["-1"]).matches(labels: labels))
        // A label or value that is not an integer, or a missing label, never matches.
        #expect(!requirement("zone", .gt, ["1"]).matches(labels: labels))
        #expect(!requirement("gpu-count", .gt, ["x"]).matches(labels: labels))
        #expect(!requirement("missing", .lt, ["1"]).matches(labels: labels))
        #expect(!requirement("gpu-count", .gt, ["1", "2"]).matches(labels: labels))
    }

    @Test func termsNeedEveryRequirementAndSelectorsAnyTerm() {
        let both = NodeSelectorTerm(
            matchExpressions: [requirement("zone", .in, ["a"]), requirement("tier", .exists)],
            matchFields: [requirement("metadata.name", .in, ["node-1"])]
        )
        #expect(both.matches(labels: labels, nodeName: "node-1"))
        #expect(!both.matches(labels: labels, nodeName: "node-2"))
        #expect(!both.matches(labels: ["zone": "a"], nodeName: "node-1"))
        #expect(!NodeSelectorTerm().matches(labels: labels, nodeName: "node-1"), "an empty term matches nothing")
        let notNode = NodeSelectorTerm(matchFields: [requirement("metadata.name", .notIn, ["node-9"])])
        #expect(notNode.matches(labels: [:], nodeName: "node-1"))
        #expect(!notNode.matches(labels: [:], nodeName: "node-9"))

        let selector = NodeSelector(nodeSelectorTerms: [
            NodeSelectorTerm(matchExpressions: [requirement("zone", .in, ["b"])]),
            NodeSelectorTerm(matchExpressions: [requirement("gpu-count", .gt, ["2"])]),
        ])
        #expect(selector.matches(labels: labels, nodeName: "n"))
        #expect(!selector.matches(labels: ["zone": "c"], nodeName: "n"))
        #expect(!NodeSelector(nodeSelectorTerms: []).matches(labels: labels, nodeName: "n"))
    }

    @Test func aDecodedPodExposesItsRequiredAffinity() throws {
        let pod = try KindsFixture.object(PodTests.trainingPod, as: Pod.self)
        let required = try #require(pod.spec.requiredNodeAffinity)
        #expect(required.matches(labels: ["gpu-count": "1"], nodeName: "node-1"))
        #expect(!required.matches(labels: ["gpu-count": "0"], nodeName: "node-1"))
        #expect(!required.matches(labels: ["gpu-count": "1"], nodeName: "node-9"))
    }
}
