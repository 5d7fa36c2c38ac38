import SkiffScheduler

/// Decides a compute cluster's scale-up as cluster-autoscaler's binpacking estimator does: pending pods, in
/// scheduling order (priority, then age), are placed with the scheduler's own filter plugins on the cluster's
/// nodes (preparing ones counted as ready: they are upcoming capacity), then on new nodes built from the cluster's
/// template, up to a limit. A gang is placed whole or not at all. A pod the template itself rejects never triggers
/// a scale-up, and the template's rejection is the reason given.
struct ScaleUpSimulator {
    /// What a new node would be (labels, taints, capacity).
    var template: Node
    /// How the reasons name the cluster: `cpu-cluster (Standard_DS3_v2)`.
    var clusterDescription: String
    var framework = SchedulingFramework.standard()

    /// Why a pod (or its gang) did not lead to a new node.
    enum Refusal: Sendable, Equatable {
        /// The template rejects it: the cluster's nodes can never hold it.
        case never(String)
        /// New nodes would hold it, but the cluster may not grow (max instances, quota).
        case limit(String)

        var message: String {
            switch self {
            case .never(let text), .limit(let text): return text
            }
        }
    }

    struct Outcome: Sendable {
        /// New nodes to add.
        var newNodes = 0
        /// Pods that need a new node (a scale-up was triggered for them).
        var triggered: [Pod] = []
        /// Pods that fit the existing and upcoming nodes.
        var fitExisting: [Pod] = []
        /// Pods left pending, and why.
        var refused: [(Pod, Refusal)] = []
    }

    /// Simulates `pending` against `nodes` (with the live pods of each), allowing at most `maxNew` new nodes;
    /// `limitReason` says why no more may be added.
    func simulate(
        pending: [Pod],
        nodes: [(node: Node, pods: [Pod])],
        maxNew: Int,
        limitReason: String
    ) -> Outcome {
        var table = ResourceSlotTable()
        var requests: [String: PodRequest] = [:]
        for pod in pending { requests[pod.metadata.uid] = PodRequest(pod, registeringIn: &table) }
        var infos: [NodeInfo] = []
        for (node, pods) in nodes {
            var upcoming = node
            upcoming.spec.taints.removeAll { $0.key == ComputeNodeLabels.notReadyTaint.key }
            var info = NodeInfo(node: upcoming, table: &table)
            for pod in pods {
                info.addPod(placed(pod, request: PodRequest(pod, registeringIn: &table)))
            }
            infos.append(info)
        }
        let templateInfo = NodeInfo(node: template, table: &table)
        var outcome = Outcome()
        var added = 0
        for unit in Self.units(pending) {
            var trial = infos
            var trialAdded = added
            var refusal: Refusal?
            for pod in unit {
                let state = CycleState(pod: pod, table: table)
                let request = requests[pod.metadata.uid] ?? PodRequest(pod, table: table)
                if let index = trial.indices.first(where: { framework.runFilters(pod, trial[$0], state).isSuccess }) {
                    trial[index].addPod(placed(pod, request: request))
                    continue
                }
                let verdict = framework.runFilters(pod, templateInfo, state)
                guard verdict.isSuccess else {
                    refusal = .never(reason(verdict))
                    break
                }
                guard trialAdded < maxNew else {
                    refusal = .limit(limitReason)
                    break
                }
                var fresh = NodeInfo(node: renamed(template, trialAdded), table: &table)
                fresh.addPod(placed(pod, request: request))
                trial.append(fresh)
                trialAdded += 1
            }
            if let refusal {
                for pod in unit { outcome.refused.append((pod, refusal)) }
                continue
            }
            if trialAdded > added {
                outcome.triggered += unit
            } else {
                outcome.fitExisting += unit
            }
            infos = trial
            added = trialAdded
        }
        outcome.newNodes = added
        return outcome
    }

    /// Pods in scheduling order (higher priority first, then older, then by name), gangs together at the place of
    /// their first member.
    static func units(_ pods: [Pod]) -> [[Pod]] {
        let ordered = pods.sorted { a, b in
            let pa = a.spec.priority ?? 0
            let pb = b.spec.priority ?? 0
            if pa != pb { return pa > pb }
            let ca = a.metadata.creationTimestamp?.seconds ?? 0
            let cb = b.metadata.creationTimestamp?.seconds ?? 0
            if ca != cb { return ca < cb }
            return (a.metadata.namespace, a.metadata.name) < (b.metadata.namespace, b.metadata.name)
        }
        var units: [[Pod]] = []
        var gangIndex: [String: Int] = [:]
        for pod in ordered {
            if let group = PodGroup(pod) {
                let key = "\(pod.metadata.namespace)/\(group)"
                if let index = gangIndex[key] {
                    units[index].append(pod)
                } else {
                    gangIndex[key] = units.count
                    units.append([pod])
                }
            } else {
                units.append([pod])
            }
        }
        return units
    }

    /// The template's rejection in words: `cpu-cluster (Standard_DS3_v2) has no nvidia.com/gpu`.
    private func reason(_ status: Status) -> String {
        let parts = status.reasons.map { text -> String in
            if text.hasPrefix("Insufficient ") {
                let resource = String(text.dropFirst("Insufficient ".count))
                let offered = template.status.allocatable[ResourceName(resource)] ?? .zero
                if offered.isZero { return "\(clusterDescription) has no \(resource)" }
                return "\(clusterDescription) nodes have only \(offered) \(resource)"
            }
            return "\(clusterDescription): \(text)"
        }
        return parts.isEmpty ? "\(clusterDescription) rejects it (\(status.plugin))" : parts.joined(separator: "; ")
    }

    private func renamed(_ node: Node, _ index: Int) -> Node {
        var copy = node
        copy.metadata.name = "\(node.metadata.name)-\(index)"
        return copy
    }

    private func placed(_ pod: Pod, request: PodRequest) -> PlacedPod {
        PlacedPod(
            key: PodKey(pod),
            uid: pod.metadata.uid,
            priority: pod.spec.priority ?? 0,
            request: request,
            startTime: pod.status.startTime
        )
    }
}
