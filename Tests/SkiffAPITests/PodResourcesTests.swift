import SkiffAPI
import Testing

/// `effectiveRequests` and `qosClass`, with cases from Kubernetes' `component-helpers/resource` and
/// `helper/qos` tests.
struct PodResourcesTests {
    static func container(_ name: String = "c", requests: ResourceList = [:], limits: ResourceList = [:]) -> Container {
        Container(name: name, resources: ResourceRequirements(limits: limits, requests: requests))
    }

    static func spec(_ containers: [Container], init initContainers: [Container] = []) -> PodSpec {
        PodSpec(initContainers: initContainers, containers: containers)
    }

    /// A cpu/memory list as Kubernetes' `getResourceList` builds it (empty strings leave a resource out).
    static func list(_ cpu: String, _ memory: String) -> ResourceList {
        var list = ResourceList()
        if !cpu.isEmpty { list[.cpu] = Quantity.parse(cpu) }
        if !memory.isEmpty { list[.memory] = Quantity.parse(memory) }
        return list
    }

    @Test func sumsContainers() {
        // TestPodRequestsAndLimitsWithoutOverhead: "two container no overhead - should just be sum of containers".
        let spec = Self.spec([
            Self.container("a", requests: [.cpu: 1, .memory: 5], limits: [.cpu: 2, .memory: 10]),
            Self.container("b", requests: [.cpu: 4, .memory: 12], limits: [.cpu: 8, .memory: 24]),
        ])
        #expect(spec.effectiveRequests == [.cpu: 5, .memory: 17])
    }

    @Test func aMassiveInitContainerWins() {
        // "two container with overhead, massive init - should just be the largest init".
        let spec = Self.spec(
            [
                Self.container("a", requests: [.cpu: 1, .memory: 5], limits: [.cpu: 2, .memory: 10]),
                Self.container("b", requests: [.cpu: 4, .memory: 12], limits: [.cpu: 8, .memory: 24]),
            ],
            init: [
                Self.container("small-init", requests: [.cpu: 1, .memory: 5], limits: [.cpu: 1, .memory: 5]),
                Self.container("big-init", requests: [.cpu: 40, .memory: 120], limits: [.cpu: 80, .memory: 240]),
            ]
        )
        #expect(spec.effectiveRequests == [.cpu: 40, .memory: 120])
    }

    @Test func initContainersRaiseOnlyTheResourcesTheyExceed() {
        // TestPodResourceRequests: "larger init container" and "larger containers".
        #expect(
            Self.spec([Self.container(requests: [.cpu: 1])], init: [Self.container("i", requests: [.cpu: 4])])
                .effectiveRequests == [.cpu: 4]
        )
        #expect(
            Self.spec(
                [Self.container("a", requests: [.cpu: 2]), Self.container("b", requests: [.cpu: 3])],
                init: [Self.container("i", requests: [.cpu: 2])]
            ).effectiveRequests == [.cpu: 5]
        )
        // Per resource: the init container's GPU and memory count, the containers' larger cpu stays.
        let mixed = Self.spec(
            [Self.container(requests: [.cpu: "1500m", .memory: "1Gi"])],
            init: [Self.container("i", requests: [.cpu: 1, .memory: "2Gi"], limits: [.nvidiaGPU: 1])]
        )
        #expect(mixed.effectiveRequests == [.cpu: "1500m", .memory: "2Gi", .nvidiaGPU: 1])
    }

    @Test func limitsOnlyRequestTheirLimitsAfterDefaulting() {
        let pod = Pod(
            metadata: ObjectMeta(name: "p"),
            spec: Self.spec([Self.container(limits: [.cpu: 9, .nvidiaGPU: 2])])
        )
        #expect(pod.effectiveRequests == [.cpu: 9, .nvidiaGPU: 2])
        #expect(Self.spec([Self.container()]).effectiveRequests.isEmpty)
    }

    /// Kubernetes' `TestComputePodQOS` cases without pod-level resources (which Skiff does not model), as
    /// (name, containers as (requests cpu, memory, limits cpu, memory), init containers, expected class).
    static let qosCases: [(String, [[String]], [[String]], PodQOSClass)] = [
        ("guaranteed", [["100m", "100Mi", "100m", "100Mi"]], [], .guaranteed),
        (
            "guaranteed-guaranteed", [["100m", "100Mi", "100m", "100Mi"], ["100m", "100Mi", "100m", "100Mi"]], [],
            .guaranteed
        ),
        ("best-effort-best-effort", [["", "", "", ""], ["", "", "", ""]], [], .bestEffort),
        ("best-effort", [["", "", "", ""]], [], .bestEffort),
        ("best-effort-burstable", [["", "", "", ""], ["1", "", "2", ""]], [], .burstable),
        ("best-effort-guaranteed", [["", "", "", ""], ["10m", "100Mi", "10m", "100Mi"]], [], .burstable),
        ("burstable-cpu-guaranteed-memory", [["", "100Mi", "", "100Mi"]], [], .burstable),
        ("burstable-no-limits", [["100m", "100Mi", "", ""]], [], .burstable),
        ("burstable-guaranteed", [["1", "100Mi", "2", "100Mi"], ["100m", "100Mi", "100m", "100Mi"]], [], .burstable),
        (
            "burstable-unbounded-but-requests-match-limits",
            [["100m", "100Mi", "200m", "200Mi"], ["100m", "100Mi", "", ""]], [], .burstable
        ),
        ("burstable-1", [["10m", "100Mi", "100m", "200Mi"]], [], .burstable),
        ("burstable-2", [["0", "0", "100m", "200Mi"]], [], .burstable),
        ("init-container", [["", "", "", ""]], [["10m", "100Mi", "100m", "200Mi"]], .burstable),
        ("guaranteed-with-guaranteed-init", [["1", "1Gi", "1", "1Gi"]], [["1", "1Gi", "1", "1Gi"]], .guaranteed),
        ("limits-only-default-requests", [["", "", "2", "2Gi"]], [], .guaranteed),
    ]

    @Test(arguments: qosCases)
    func computesQoSAsKubernetes(
        _ name: String,
        _ containers: [[String]],
        _ initContainers: [[String]],
        _ expected: PodQOSClass
    ) {
        let build = { (values: [[String]], prefix: String) in
            values.enumerated().map { i, v in
                Self.container("\(prefix)\(i)", requests: Self.list(v[0], v[1]), limits: Self.list(v[2], v[3]))
            }
        }
        let spec = Self.spec(build(containers, "c"), init: build(initContainers, "i"))
        #expect(spec.qosClass == expected, "\(name)")
    }

    @Test func hugePagesAndExtendedResourcesDoNotChangeTheClass() {
        // "best-effort-hugepages": zero cpu and memory with huge pages is still BestEffort.
        let hugePages = Self.spec([
            Self.container(
                requests: [.cpu: 0, .memory: 0, "hugepages-2Mi": "1Gi"],
                limits: [.cpu: 0, .memory: 0, "hugepages-2Mi": "1Gi"]
            )
        ])
        #expect(hugePages.qosClass == .bestEffort)
        let gpuOnly = Pod(metadata: ObjectMeta(name: "p"), spec: Self.spec([Self.container(limits: [.nvidiaGPU: 1])]))
        #expect(gpuOnly.qosClass == .bestEffort)
        let guaranteedWithGPU = Self.spec([Self.container(limits: [.cpu: 4, .memory: "16Gi", .nvidiaGPU: 1])])
        #expect(guaranteedWithGPU.qosClass == .guaranteed)
    }
}
