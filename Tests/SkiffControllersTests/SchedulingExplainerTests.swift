import SkiffControllers
import SkiffScheduler
import Testing

/// The explanation of a pending pod or job: node × check matrix with amounts and device holders, blockers in
/// layer order, and the smallest changes that would let it run.
struct SchedulingExplainerTests {
    let store = MemoryStore(configuration: StoreConfiguration(kinds: .builtIn))
    let scheduler: Scheduler
    let explainer: SchedulingExplainer

    init() throws {
        scheduler = Scheduler(store: store, configuration: SchedulerConfiguration(clock: ManualSchedulerClock()))
        explainer = SchedulingExplainer(store: store, scheduler: scheduler)
        // Registers the pods-by-job index explanations of jobs read.
        _ = JobReconciler(store: store, clock: ManualClock())
    }

    static func node(
        _ name: String,
        gpus: Int64 = 0,
        cpu: Quantity = "8",
        labels: [String: String] = [:],
        unschedulable: Bool = false
    ) -> Node {
        var allocatable = ResourceList()
        allocatable[.cpu] = cpu
        allocatable[.memory] = "32Gi"
        allocatable[.pods] = 110
        if gpus > 0 { allocatable[.nvidiaGPU] = Quantity(gpus) }
        return Node(
            metadata: ObjectMeta(name: name, labels: labels),
            spec: NodeSpec(unschedulable: unschedulable),
            status: NodeStatus(capacity: allocatable)
        )
    }

    static func pod(
        _ name: String,
        namespace: String = "ml",
        gpus: Int64 = 0,
        cpu: Quantity = "1",
        selector: [String: String] = [:],
        nodeName: String = "",
        labels: [String: String] = [:],
        annotations: [String: String] = [:],
        owner: OwnerReference? = nil
    ) -> Pod {
        var limits = ResourceList()
        limits[.cpu] = cpu
        if gpus > 0 { limits[.nvidiaGPU] = Quantity(gpus) }
        var meta = ObjectMeta(name: name, namespace: namespace, labels: labels, annotations: annotations)
        if let owner { meta.ownerReferences = [owner] }
        return Pod(
            metadata: meta,
            spec: PodSpec(
                containers: [Container(name: "main", resources: ResourceRequirements(limits: limits))],
                nodeSelector: selector,
                nodeName: nodeName
            )
        )
    }

    private func start(nodes: [Node], pods: [Pod]) throws {
        if store.get(Namespace.self, name: "ml") == nil {
            _ = try store.create(Namespace(metadata: ObjectMeta(name: "ml")))
        }
        for node in nodes { _ = try store.create(node) }
        for pod in pods { _ = try store.create(pod) }
        try scheduler.start()
    }

    private func checks(_ document: JSONValue, node: String) -> [String: (ok: Bool, detail: String)] {
        guard case .array(let nodes)? = document["nodes"] else { return [:] }
        var result: [String: (ok: Bool, detail: String)] = [:]
        for entry in nodes where entry["name"]?.stringValue == node {
            guard case .array(let checks)? = entry["checks"] else { continue }
            for check in checks {
                guard let name = check["check"]?.stringValue, case .bool(let ok)? = check["ok"] else { continue }
                result[name] = (ok, check["detail"]?.stringValue ?? "")
            }
        }
        return result
    }

    private func strings(_ document: JSONValue, _ list: String, _ field: String) -> [String] {
        guard case .array(let items)? = document[list] else { return [] }
        return items.compactMap { $0[field]?.stringValue }
    }

    @Test func gpuShortfallNamesTheHoldersAndTheMissingLabels() throws {
        let holder = Self.pod(
            "job-y-0",
            gpus: 2,
            nodeName: "node-b",
            labels: [SchedulingExplainer.jobNameLabel: "job-y"],
            annotations: [SchedulingAnnotations.devices: "nvidia.com/gpu=0,1"]
        )
        try start(
            nodes: [
                Self.node("node-a", gpus: 1, labels: ["gpu": "a100"]),
                Self.node("node-b", gpus: 4, labels: ["gpu": "a100"]),
                Self.node("node-c", gpus: 8, labels: ["gpu": "v100"]),
            ],
            pods: [holder, Self.pod("train-0", gpus: 4, selector: ["gpu": "a100"])]
        )
        let pending = try #require(store.get(Pod.self, namespace: "ml", name: "train-0"))
        let document = explainer.explain(pending)

        let b = checks(document, node: "node-b")
        #expect(b["selector"]?.ok == true)
        #expect(b["nvidia.com/gpu"]?.ok == false)
        #expect(b["nvidia.com/gpu"]?.detail == "needs 4, free 2 (held by ml/job-y-0: 0,1)")
        let a = checks(document, node: "node-a")
        #expect(a["nvidia.com/gpu"]?.detail == "needs 4, free 1")
        let c = checks(document, node: "node-c")
        #expect(c["selector"]?.ok == false)
        #expect(c["selector"]?.detail == "needs gpu=a100, has gpu=v100")
        #expect(c["nvidia.com/gpu"]?.ok == true)

        let layers = strings(document, "blockers", "layer")
        #expect(layers == ["devices"])
        let summary = try #require(document["summary"]?.stringValue)
        #expect(
            summary.contains(
                "0/3 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 2 Insufficient nvidia.com/gpu."
            ),
            "\(summary)"
        )
        let suggestions = strings(document, "suggestions", "change")
        #expect(
            suggestions == [
                "add label gpu=a100 to node node-c (it has room for the pod)",
                "wait for job ml/job-y to finish on node node-b",
            ]
        )
        #expect(document["queue"]?["position"] != nil)
    }

    @Test func cordonedNodeAndNoMatchingNodeAreSaid() throws {
        try start(
            nodes: [Self.node("node-a", unschedulable: true), Self.node("node-b", cpu: "2")],
            pods: [Self.pod("big", cpu: "4")]
        )
        let pending = try #require(store.get(Pod.self, namespace: "ml", name: "big"))
        let document = explainer.explain(pending)
        #expect(checks(document, node: "node-a")["schedulable"]?.detail == "cordoned")
        #expect(checks(document, node: "node-b")["cpu"]?.detail == "needs 4, free 2")
        let suggestions = strings(document, "suggestions", "change")
        #expect(suggestions.first == "uncordon node node-a (it has room for the pod)")
        #expect(suggestions.contains("request at most cpu: 2 (the largest matching node's)"))
        #expect(strings(document, "blockers", "layer") == ["nodes"])
    }

    @Test func jobExplanationSuggestsAnInstanceTypeThatFitsNow() throws {
        _ = try store.create(Namespace(metadata: ObjectMeta(name: "ml")))
        var job = Job(metadata: ObjectMeta(name: "train", namespace: "ml"), spec: Job.Spec())
        job.spec.instanceCount = 2
        job.spec.instanceType = "gpu-8"
        job = try store.create(job)
        let owner = OwnerReference(
            apiVersion: "skiff.dev/v1alpha1", kind: "Job", name: "train", uid: job.metadata.uid
        )
        let labels = [
            SchedulingExplainer.jobNameLabel: "train",
            SchedulingAnnotations.podGroup: "train",
            SchedulingAnnotations.podGroupSize: "2",
        ]
        let small = InstanceType(
            metadata: ObjectMeta(name: "gpu-1"),
            spec: InstanceType.Spec(
                resources: InstanceTypeResources(limits: ResourceList([.cpu: "1", .nvidiaGPU: "1"]))
            )
        )
        let large = InstanceType(
            metadata: ObjectMeta(name: "gpu-8"),
            spec: InstanceType.Spec(
                resources: InstanceTypeResources(limits: ResourceList([.cpu: "1", .nvidiaGPU: "8"]))
            )
        )
        _ = try store.create(small)
        _ = try store.create(large)
        try start(
            nodes: [Self.node("node-a", gpus: 4)],
            pods: (0..<2).map { Self.pod("train-\($0)", gpus: 8, labels: labels, owner: owner) }
        )
        let stored = try #require(store.get(Job.self, namespace: "ml", name: "train"))
        let document = explainer.explain(stored)
        let suggestions = strings(document, "suggestions", "change")
        #expect(suggestions.first == "use instance type gpu-1 (fits node-a now)")
        guard case .array(let pods)? = document["pods"] else {
            Issue.record("no pods in \(document)")
            return
        }
        #expect(pods.count == 2)
        #expect(strings(document, "blockers", "layer").contains("gang"))
    }
}
