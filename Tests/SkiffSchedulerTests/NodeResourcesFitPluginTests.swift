import SkiffScheduler
import Testing

/// Cases from kube-scheduler's `pkg/scheduler/framework/plugins/noderesources/fit_test.go` (`TestEnoughRequests`,
/// `TestNotEnoughRequests`, `TestStorageRequests`) and the scoring tables of `least_allocated_test.go`
/// (`TestLeastAllocatedScoringStrategy`) and `most_allocated_test.go` (`TestMostAllocatedScoringStrategy`).
struct NodeResourcesFitPluginTests {
    static let extendedA: ResourceName = "example.com/aaa"
    static let extendedB: ResourceName = "example.com/bbb"
    static let kubernetesIOA: ResourceName = "kubernetes.io/something"
    static let hugePagesA: ResourceName = "hugepages-2Mi"

    /// kube-scheduler's `makeAllocatableResources(10, 20, 32, 5, 20, 5)`.
    static let node = Fixtures.node(
        "node",
        cpu: "10m",
        memory: 20,
        pods: 32,
        extra: [extendedA: 5, .ephemeralStorage: 20, hugePagesA: 5]
    )

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var pod: Pod
        var existing: [[ResourceName: Quantity]]
        var reasons: [String]
        var testDescription: String { name }
    }

    static func existingPods(_ requests: [[ResourceName: Quantity]]) -> [Pod] {
        requests.enumerated().map { Fixtures.pod("existing-\($0.offset)", requests: $0.element, nodeName: "node") }
    }

    static let enoughRequestCases: [Case] = [
        Case(
            name: "no resources requested always fits",
            pod: Fixtures.pod("p"),
            existing: [[.cpu: "10m", .memory: 20]],
            reasons: []
        ),
        Case(
            name: "too many resources fails",
            pod: Fixtures.pod("p", requests: [.cpu: "1m", .memory: 1]),
            existing: [[.cpu: "10m", .memory: 20]],
            reasons: ["Insufficient cpu", "Insufficient memory"]
        ),
        Case(
            name: "too many resources fails due to init container cpu",
            pod: Fixtures.pod("p", requests: [.cpu: "1m", .memory: 1], initContainers: [[.cpu: "3m", .memory: 1]]),
            existing: [[.cpu: "8m", .memory: 19]],
            reasons: ["Insufficient cpu"]
        ),
        Case(
            name: "too many resources fails due to highest init container cpu",
            pod: Fixtures.pod(
                "p",
                requests: [.cpu: "1m", .memory: 1],
                initContainers: [[.cpu: "3m", .memory: 1], [.cpu: "2m", .memory: 1]]
            ),
            existing: [[.cpu: "8m", .memory: 19]],
            reasons: ["Insufficient cpu"]
        ),
        Case(
            name: "too many resources fails due to init container memory",
            pod: Fixtures.pod("p", requests: [.cpu: "1m", .memory: 1], initContainers: [[.cpu: "1m", .memory: 3]]),
            existing: [[.cpu: "9m", .memory: 19]],
            reasons: ["Insufficient memory"]
        ),
        Case(
            name: "init container fits because it's the max, not sum, of containers and init containers",
            pod: Fixtures.pod("p", requests: [.cpu: "1m", .memory: 1], initContainers: [[.cpu: "1m", .memory: 1]]),
            existing: [[.cpu: "9m", .memory: 19]],
            reasons: []
        ),
        Case(
            name: "both resources fit",
            pod: Fixtures.pod("p", requests: [.cpu: "1m", .memory: 1]),
            existing: [[.cpu: "5m", .memory: 5]],
            reasons: []
        ),
        Case(
            name: "one resource memory fits",
            pod: Fixtures.pod("p", requests: [.cpu: "2m", .memory: 1]),
            existing: [[.cpu: "9m", .memory: 5]],
            reasons: ["Insufficient cpu"]
        ),
        Case(
            name: "one resource cpu fits",
            pod: Fixtures.pod("p", requests: [.cpu: "1m", .memory: 2]),
            existing: [[.cpu: "5m", .memory: 19]],
            reasons: ["Insufficient memory"]
        ),
        Case(
            name: "equal edge case",
            pod: Fixtures.pod("p", requests: [.cpu: "5m", .memory: 1]),
            existing: [[.cpu: "5m", .memory: 19]],
            reasons: []
        ),
        Case(
            name: "equal edge case for init container",
            pod: Fixtures.pod("p", requests: [.cpu: "4m", .memory: 1], initContainers: [[.cpu: "5m", .memory: 1]]),
            existing: [[.cpu: "5m", .memory: 19]],
            reasons: []
        ),
        Case(
            name: "extended resource fits",
            pod: Fixtures.pod("p", requests: [extendedA: 1]),
            existing: [[:]],
            reasons: []
        ),
        Case(
            name: "extended resource capacity enforced",
            pod: Fixtures.pod("p", requests: [.cpu: "1m", .memory: 1, extendedA: 10]),
            existing: [[extendedA: 0]],
            reasons: ["Insufficient example.com/aaa"]
        ),
        Case(
            name: "extended resource capacity enforced for init container",
            pod: Fixtures.pod("p", initContainers: [[.cpu: "1m", .memory: 1, extendedA: 10]]),
            existing: [[extendedA: 0]],
            reasons: ["Insufficient example.com/aaa"]
        ),
        Case(
            name: "extended resource allocatable enforced",
            pod: Fixtures.pod("p", requests: [.cpu: "1m", .memory: 1, extendedA: 1]),
            existing: [[extendedA: 5]],
            reasons: ["Insufficient example.com/aaa"]
        ),
        Case(
            name: "extended resource allocatable enforced for multiple containers",
            pod: Fixtures.pod(
                "p",
                containers: [[.cpu: "1m", .memory: 1, extendedA: 3], [.cpu: "1m", .memory: 1, extendedA: 3]]
            ),
            existing: [[extendedA: 2]],
            reasons: ["Insufficient example.com/aaa"]
        ),
        Case(
            name: "extended resource allocatable admits multiple init containers",
            pod: Fixtures.pod(
                "p",
                initContainers: [[.cpu: "1m", .memory: 1, extendedA: 3], [.cpu: "1m", .memory: 1, extendedA: 3]]
            ),
            existing: [[extendedA: 2]],
            reasons: []
        ),
        Case(
            name: "extended resource allocatable enforced for multiple init containers",
            pod: Fixtures.pod(
                "p",
                initContainers: [[.cpu: "1m", .memory: 1, extendedA: 6], [.cpu: "1m", .memory: 1, extendedA: 3]]
            ),
            existing: [[extendedA: 2]],
            reasons: ["Insufficient example.com/aaa"]
        ),
        Case(
            name: "extended resource allocatable enforced for unknown resource",
            pod: Fixtures.pod("p", requests: [.cpu: "1m", .memory: 1, extendedB: 1]),
            existing: [[:]],
            reasons: ["Insufficient example.com/bbb"]
        ),
        Case(
            name: "kubernetes.io resource capacity enforced",
            pod: Fixtures.pod("p", requests: [.cpu: "1m", .memory: 1, kubernetesIOA: 10]),
            existing: [[:]],
            reasons: ["Insufficient kubernetes.io/something"]
        ),
        Case(
            name: "hugepages resource capacity enforced",
            pod: Fixtures.pod("p", requests: [.cpu: "1m", .memory: 1, hugePagesA: 10]),
            existing: [[hugePagesA: 0]],
            reasons: ["Insufficient hugepages-2Mi"]
        ),
        Case(
            name: "hugepages resource allocatable enforced for multiple containers",
            pod: Fixtures.pod(
                "p",
                containers: [[.cpu: "1m", .memory: 1, hugePagesA: 3], [.cpu: "1m", .memory: 1, hugePagesA: 3]]
            ),
            existing: [[hugePagesA: 2]],
            reasons: ["Insufficient hugepages-2Mi"]
        ),
        // TestStorageRequests.
        Case(
            name: "storage ephemeral local storage request exceeds allocatable",
            pod: Fixtures.pod("p", requests: [.ephemeralStorage: 25]),
            existing: [[.cpu: "2m", .memory: 2]],
            reasons: ["Insufficient ephemeral-storage"]
        ),
        Case(
            name: "storage ephemeral local storage request fits",
            pod: Fixtures.pod("p", requests: [.ephemeralStorage: 10]),
            existing: [[.cpu: "2m", .memory: 2]],
            reasons: []
        ),
    ]

    @Test(arguments: enoughRequestCases)
    func enoughRequests(_ test: Case) {
        let status = Fixtures.filter(
            NodeResourcesFitPlugin(),
            test.pod,
            on: Self.node,
            existing: Self.existingPods(test.existing)
        )
        #expect(status.reasons == test.reasons)
        #expect(status.code == (test.reasons.isEmpty ? .success : .unschedulable))
    }

    static let notEnoughRequestCases: [Case] = [
        Case(
            name: "even without specified resources predicate fails when there's no space for additional pod",
            pod: Fixtures.pod("p"),
            existing: [[.cpu: "10m", .memory: 20]],
            reasons: ["Too many pods"]
        ),
        Case(
            name: "even if both resources fit predicate fails when there's no space for additional pod",
            pod: Fixtures.pod("p", requests: [.cpu: "1m", .memory: 1]),
            existing: [[.cpu: "5m", .memory: 5]],
            reasons: ["Too many pods"]
        ),
        Case(
            name: "even for equal edge case predicate fails when there's no space for additional pod",
            pod: Fixtures.pod("p", requests: [.cpu: "5m", .memory: 1]),
            existing: [[.cpu: "5m", .memory: 19]],
            reasons: ["Too many pods"]
        ),
        Case(
            name:
                "even for equal edge case predicate fails when there's no space for additional pod due to init"
                + " container",
            pod: Fixtures.pod("p", requests: [.cpu: "5m", .memory: 1], initContainers: [[.cpu: "5m", .memory: 1]]),
            existing: [[.cpu: "5m", .memory: 19]],
            reasons: ["Too many pods"]
        ),
    ]

    /// `TestNotEnoughRequests`: a node that allows one pod and already holds one.
    @Test(arguments: notEnoughRequestCases)
    func notEnoughRequests(_ test: Case) {
        let node = Fixtures.node("node", cpu: "10m", memory: 20, pods: 1)
        let status = Fixtures.filter(
            NodeResourcesFitPlugin(),
            test.pod,
            on: node,
            existing: Self.existingPods(test.existing)
        )
        #expect(status.reasons == test.reasons)
        #expect(status.code == .unschedulable)
    }

    @Test func podCountAndResourcesAreReportedTogether() {
        let node = Fixtures.node("node", cpu: "10m", memory: 20, pods: 1)
        let pod = Fixtures.pod("p", requests: [.cpu: "6m", .memory: 1])
        let status = Fixtures.filter(
            NodeResourcesFitPlugin(),
            pod,
            on: node,
            existing: Self.existingPods([[.cpu: "5m"]])
        )
        #expect(status.reasons == ["Too many pods", "Insufficient cpu"])
    }

    @Test func nodeWithoutPodsAllocatableAllows110Pods() {
        let node = Fixtures.node("node", cpu: "100")
        let existing = (0..<110).map { Fixtures.pod("e\($0)", nodeName: "node") }
        let (info, _) = Fixtures.nodeInfo(node, pods: existing)
        #expect(info.allowedPodCount == 110)
        let status = Fixtures.filter(NodeResourcesFitPlugin(), Fixtures.pod("p"), on: node, existing: existing)
        #expect(status.reasons == ["Too many pods"])
        let fits = Fixtures.filter(
            NodeResourcesFitPlugin(),
            Fixtures.pod("p"),
            on: node,
            existing: Array(existing.dropLast())
        )
        #expect(fits.isSuccess)
    }

    @Test func gpusAreWholeAndNeverOvercommitted() {
        let node = Fixtures.node("gpu", cpu: "8", memory: "32Gi", gpus: 2)
        let holder = Fixtures.pod("holder", limits: [.nvidiaGPU: 1], nodeName: "gpu")
        let wantsTwo = Fixtures.pod("p", limits: [.nvidiaGPU: 2])
        let status = Fixtures.filter(NodeResourcesFitPlugin(), wantsTwo, on: node, existing: [holder])
        #expect(status.reasons == ["Insufficient nvidia.com/gpu"])
        let wantsOne = Fixtures.pod("q", limits: [.nvidiaGPU: 1])
        #expect(Fixtures.filter(NodeResourcesFitPlugin(), wantsOne, on: node, existing: [holder]).isSuccess)
        let noGPUs = Fixtures.node("cpu", cpu: "8", memory: "32Gi")
        #expect(
            Fixtures.filter(NodeResourcesFitPlugin(), wantsOne, on: noGPUs).reasons == ["Insufficient nvidia.com/gpu"]
        )
    }

    @Test func requestsDefaultToLimits() {
        let node = Fixtures.node("node", cpu: "1", memory: "1Gi")
        let pod = Fixtures.pod("p", limits: [.cpu: "2", .memory: "512Mi"])
        #expect(Fixtures.filter(NodeResourcesFitPlugin(), pod, on: node).reasons == ["Insufficient cpu"])
    }

    // MARK: - Scoring

    static let cpu4000Memory10000 = [
        Fixtures.node("node1", cpu: "4000", memory: 10000),
        Fixtures.node("node2", cpu: "6000", memory: 10000),
    ]

    static let requestingPod = Fixtures.pod(
        "p",
        containers: [[.cpu: "1000", .memory: 2000], [.cpu: "2000", .memory: 3000]]
    )

    @Test func leastAllocatedNothingScheduledDifferentlySizedNodes() {
        // "nothing scheduled, resources requested, differently sized nodes"
        let scores = Fixtures.scores(NodeResourcesFitPlugin(), Self.requestingPod, nodes: Self.cpu4000Memory10000)
        #expect(scores == [37, 50])
    }

    @Test func leastAllocatedPodsScheduledWithResources() {
        let nodes = [
            Fixtures.node("node1", cpu: "10000", memory: 20000), Fixtures.node("node2", cpu: "10000", memory: 20000),
        ]
        // "no resources requested, pods scheduled with resources" (the pod states zero requests: kube-scheduler's
        // table uses a pod without containers, which Skiff pods cannot be).
        let zeroPod = Fixtures.pod("p", requests: [.cpu: 0, .memory: 0])
        let existing = [
            Fixtures.pod("e1", requests: [.cpu: "3000", .memory: 0], nodeName: "node1"),
            Fixtures.pod("e2", requests: [.cpu: "3000", .memory: 0], nodeName: "node1"),
            Fixtures.pod("e3", requests: [.cpu: "3000", .memory: 0], nodeName: "node2"),
            Fixtures.pod("e4", requests: [.cpu: "3000", .memory: 5000], nodeName: "node2"),
        ]
        #expect(Fixtures.scores(NodeResourcesFitPlugin(), zeroPod, nodes: nodes, existing: existing) == [70, 57])
        // "resources requested, pods scheduled with resources"
        let two = [existing[0], existing[3]]
        #expect(Fixtures.scores(NodeResourcesFitPlugin(), Self.requestingPod, nodes: nodes, existing: two) == [57, 45])
        // "resources requested, pods scheduled with resources, differently sized nodes"
        let sized = [
            Fixtures.node("node1", cpu: "10000", memory: 20000), Fixtures.node("node2", cpu: "10000", memory: 50000),
        ]
        #expect(Fixtures.scores(NodeResourcesFitPlugin(), Self.requestingPod, nodes: sized, existing: two) == [57, 60])
    }

    @Test func leastAllocatedRequestsBeyondCapacityScoreZero() {
        // "requested resources exceed node capacity"
        let nodes = [
            Fixtures.node("node1", cpu: "4000", memory: 10000), Fixtures.node("node2", cpu: "4000", memory: 10000),
        ]
        let existing = [
            Fixtures.pod("e1", requests: [.cpu: "3000", .memory: 0], nodeName: "node1"),
            Fixtures.pod("e2", requests: [.cpu: "3000", .memory: 5000], nodeName: "node2"),
        ]
        let pod = Fixtures.pod("p", requests: [.cpu: "3000", .memory: 0])
        #expect(Fixtures.scores(NodeResourcesFitPlugin(), pod, nodes: nodes, existing: existing) == [50, 25])
        // "zero node resources, pods scheduled with resources"
        let empty = [Fixtures.node("node1"), Fixtures.node("node2")]
        #expect(Fixtures.scores(NodeResourcesFitPlugin(), pod, nodes: empty, existing: existing) == [0, 0])
    }

    @Test func leastAllocatedWithWeights() {
        // "nothing scheduled, resources requested with different weight on CPU and memory, differently sized nodes"
        let plugin = NodeResourcesFitPlugin(resources: [
            ResourceWeight(.memory, weight: 2), ResourceWeight(.cpu, weight: 1),
        ])
        #expect(Fixtures.scores(plugin, Self.requestingPod, nodes: Self.cpu4000Memory10000) == [41, 50])
    }

    @Test func leastAllocatedBypassesExtendedResourcesThePodDoesNotRequest() {
        // "bypass extended resource if the pod does not request"
        let plugin = NodeResourcesFitPlugin(resources: ResourceWeight.defaults + [ResourceWeight(Self.extendedA)])
        let nodes = [
            Fixtures.node("node1", cpu: "6000", memory: 10000),
            Fixtures.node("node2", cpu: "6000", memory: 10000, extra: [Self.extendedA: 4]),
        ]
        #expect(Fixtures.scores(plugin, Self.requestingPod, nodes: nodes) == [50, 50])
    }

    @Test func mostAllocatedScores() {
        let plugin = NodeResourcesFitPlugin(strategy: .mostAllocated)
        // "nothing scheduled, resources requested, differently sized nodes"
        #expect(Fixtures.scores(plugin, Self.requestingPod, nodes: Self.cpu4000Memory10000) == [62, 50])
        // "resources requested, pods scheduled with resources"
        let nodes = [
            Fixtures.node("node1", cpu: "10000", memory: 20000), Fixtures.node("node2", cpu: "10000", memory: 20000),
        ]
        let existing = [
            Fixtures.pod("e1", requests: [.cpu: "3000", .memory: 0], nodeName: "node1"),
            Fixtures.pod("e2", requests: [.cpu: "3000", .memory: 5000], nodeName: "node2"),
        ]
        #expect(Fixtures.scores(plugin, Self.requestingPod, nodes: nodes, existing: existing) == [42, 55])
    }

    @Test func mostAllocatedPacksGPUs() {
        let plugin = NodeResourcesFitPlugin(
            strategy: .mostAllocated,
            resources: ResourceWeight.defaults + [ResourceWeight(.nvidiaGPU, weight: 5)]
        )
        let nodes = [
            Fixtures.node("empty", cpu: "64", memory: "256Gi", gpus: 8),
            Fixtures.node("half", cpu: "64", memory: "256Gi", gpus: 8),
        ]
        let existing = [
            Fixtures.pod("e", requests: [.cpu: "1", .memory: "1Gi"], limits: [.nvidiaGPU: 4], nodeName: "half")
        ]
        let pod = Fixtures.pod("p", requests: [.cpu: "1", .memory: "1Gi"], limits: [.nvidiaGPU: 2])
        let scores = Fixtures.scores(plugin, pod, nodes: nodes, existing: existing)
        #expect(scores[1] > scores[0])
        let spreading = Fixtures.scores(NodeResourcesFitPlugin(), pod, nodes: nodes, existing: existing)
        #expect(spreading[0] > spreading[1])
    }
}
