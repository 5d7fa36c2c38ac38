import SkiffScheduler

/// Builders for the nodes and pods the tests schedule, in the spirit of kube-scheduler's `st.MakePod()` /
/// `st.MakeNode()` test wrappers.
enum Fixtures {
    static func node(
        _ name: String,
        cpu: Quantity? = nil,
        memory: Quantity? = nil,
        pods: Quantity? = nil,
        gpus: Int64 = 0,
        extra: [ResourceName: Quantity] = [:],
        labels: [String: String] = [:],
        taints: [Taint] = [],
        unschedulable: Bool = false
    ) -> Node {
        var allocatable = ResourceList(extra)
        if let cpu { allocatable[.cpu] = cpu }
        if let memory { allocatable[.memory] = memory }
        if let pods { allocatable[.pods] = pods }
        if gpus > 0 { allocatable[.nvidiaGPU] = Quantity(gpus) }
        return Node(
            metadata: ObjectMeta(name: name, labels: labels),
            spec: NodeSpec(unschedulable: unschedulable, taints: taints),
            status: NodeStatus(capacity: allocatable)
        )
    }

    static func pod(
        _ name: String,
        namespace: String = "default",
        requests: [ResourceName: Quantity] = [:],
        limits: [ResourceName: Quantity] = [:],
        containers: [[ResourceName: Quantity]]? = nil,
        initContainers: [[ResourceName: Quantity]] = [],
        nodeSelector: [String: String] = [:],
        requiredAffinity: NodeSelector? = nil,
        preferredAffinity: [PreferredSchedulingTerm] = [],
        tolerations: [Toleration] = [],
        priority: Int32? = nil,
        nodeName: String = "",
        labels: [String: String] = [:],
        annotations: [String: String] = [:],
        uid: String? = nil
    ) -> Pod {
        let containerRequests = containers ?? [requests]
        var specContainers = containerRequests.enumerated().map { index, requests in
            Container(name: "c\(index)", resources: ResourceRequirements(requests: ResourceList(requests)))
        }
        if !limits.isEmpty {
            specContainers[0].resources = ResourceRequirements(
                limits: ResourceList(limits),
                requests: specContainers[0].resources.requests
            )
        }
        var affinity: Affinity?
        if requiredAffinity != nil || !preferredAffinity.isEmpty {
            affinity = Affinity(nodeAffinity: NodeAffinity(required: requiredAffinity, preferred: preferredAffinity))
        }
        var meta = ObjectMeta(name: name, namespace: namespace, labels: labels, annotations: annotations)
        meta.uid = uid ?? "uid-\(namespace)-\(name)"
        return Pod(
            metadata: meta,
            spec: PodSpec(
                initContainers: initContainers.enumerated().map { index, requests in
                    Container(name: "init\(index)", resources: ResourceRequirements(requests: ResourceList(requests)))
                },
                containers: specContainers,
                nodeSelector: nodeSelector,
                nodeName: nodeName,
                affinity: affinity,
                tolerations: tolerations,
                priority: priority
            )
        )
    }

    /// A node info for `node` with `pods` accounted on it, and the slot table they were built against.
    static func nodeInfo(_ node: Node, pods: [Pod] = []) -> (NodeInfo, ResourceSlotTable) {
        var table = ResourceSlotTable()
        var info = NodeInfo(node: node, table: &table)
        for pod in pods {
            info.addPod(
                PlacedPod(
                    key: PodKey(pod),
                    uid: pod.metadata.uid,
                    priority: pod.spec.priority ?? 0,
                    request: PodRequest(pod, registeringIn: &table),
                    startTime: pod.metadata.creationTimestamp
                )
            )
        }
        return (info, table)
    }

    /// Runs `plugin`'s filter for `pod` on `node` holding `existing`.
    static func filter(_ plugin: any FilterPlugin, _ pod: Pod, on node: Node, existing: [Pod] = []) -> Status {
        let (info, table) = nodeInfo(node, pods: existing)
        return plugin.filter(pod, info, CycleState(pod: pod, table: table))
    }

    /// Scores `pod` with `plugin` on each of `nodes` (each holding the `existing` pods bound to it), normalised.
    static func scores(
        _ plugin: any ScorePlugin,
        _ pod: Pod,
        nodes: [Node],
        existing: [Pod] = []
    ) -> [Int64] {
        var table = ResourceSlotTable()
        var infos = nodes.map { NodeInfo(node: $0, table: &table) }
        for existingPod in existing {
            guard let index = infos.firstIndex(where: { $0.name == existingPod.spec.nodeName }) else { continue }
            infos[index].addPod(
                PlacedPod(
                    key: PodKey(existingPod),
                    uid: existingPod.metadata.uid,
                    priority: existingPod.spec.priority ?? 0,
                    request: PodRequest(existingPod, registeringIn: &table),
                    startTime: nil
                )
            )
        }
        var state = CycleState(pod: pod, table: table)
        _ = plugin.preScore(pod, &state)
        var scores = infos.map { plugin.score(pod, $0, state) }
        plugin.normalize(&scores, state)
        return scores
    }

    static func term(
        _ expressions: [NodeSelectorRequirement],
        fields: [NodeSelectorRequirement] = []
    ) -> NodeSelectorTerm {
        NodeSelectorTerm(matchExpressions: expressions, matchFields: fields)
    }
}
