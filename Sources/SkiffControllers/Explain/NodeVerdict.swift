import SkiffScheduler

/// One node's verdict on one pod, check by check: the scheduler's filter plugins' statuses, turned into lines a
/// person can act on (which labels are missing, which taints are not tolerated, how much of each resource is asked
/// and free, and who holds the devices).
struct NodeVerdict {
    let name: String
    let statuses: [Status]
    let checks: [NodeCheck]
    /// The nodeSelector pairs the node lacks (`gpu=a100`).
    let missingLabels: [String]
    /// The taints the pod does not tolerate, comma separated.
    let untoleratedTaints: String
    /// Who holds the node's devices (`nvidia.com/gpu 0,1 by ml/job-y-0`).
    let deviceHolders: String
    private let node: NodeInfo
    private let request: PodRequest
    private let table: ResourceSlotTable

    init(pod: Pod, node: NodeInfo, state: CycleState, statuses: [Status]) {
        self.name = node.name
        self.statuses = statuses
        self.node = node
        self.request = state.request
        self.table = state.table
        var checks: [NodeCheck] = []
        var missing: [String] = []
        var taints: [String] = []
        for status in statuses {
            switch status.plugin {
            case NodeUnschedulablePlugin.pluginName:
                checks.append(NodeCheck("schedulable", ok: status.isSuccess, detail: status.isSuccess ? "" : "cordoned"))
            case NodeNamePlugin.pluginName:
                if !pod.spec.nodeName.isEmpty {
                    checks.append(
                        NodeCheck("nodeName", ok: status.isSuccess, detail: "the pod names \(pod.spec.nodeName)")
                    )
                }
            case TaintTolerationPlugin.pluginName:
                if !status.isSuccess {
                    taints = node.taints.filter { taint in
                        (taint.effect == .noSchedule || taint.effect == .noExecute)
                            && !pod.spec.tolerations.contains { $0.tolerates(taint) }
                    }.map(\.description)
                }
                checks.append(NodeCheck("taints", ok: status.isSuccess, detail: taints.joined(separator: ", ")))
            case NodeAffinityPlugin.pluginName:
                var details: [String] = []
                for (key, value) in pod.spec.nodeSelector.sorted(by: { $0.key < $1.key }) where node.labels[key] != value {
                    missing.append("\(key)=\(value)")
                    details.append(
                        "needs \(key)=\(value), " + (node.labels[key].map { "has \(key)=\($0)" } ?? "has no \(key)")
                    )
                }
                var detail = details.joined(separator: "; ")
                if !status.isSuccess, missing.isEmpty { detail = "required node affinity does not match" }
                checks.append(NodeCheck("selector", ok: status.isSuccess, detail: detail))
            case NodeResourcesFitPlugin.pluginName:
                checks += Self.resourceChecks(node: node, request: state.request, table: state.table)
            default:
                checks.append(NodeCheck(status.plugin, ok: status.isSuccess, detail: status.message))
            }
        }
        self.checks = checks
        self.missingLabels = missing
        self.untoleratedTaints = taints.joined(separator: ", ")
        self.deviceHolders = Self.holders(node, resources: Array(node.devices.keys).sorted())
    }

    /// Whether every filter passed.
    var fits: Bool { statuses.allSatisfy(\.isSuccess) }

    /// Whether the node passes every rule that is not about amounts (cordon, name, taints, selector).
    var passesPlacementRules: Bool {
        statuses.allSatisfy { $0.isSuccess || $0.plugin == NodeResourcesFitPlugin.pluginName }
    }

    /// Whether only device resources (whose units are held by pods) are short.
    var blockedOnlyByDevices: Bool {
        let failing = checks.filter { !$0.ok }
        return !failing.isEmpty && failing.allSatisfy { check in node.devices[ResourceName(check.check)] != nil }
    }

    /// Whether the node could hold the pod if it ran nothing else.
    var couldEverFit: Bool {
        if node.allowedPodCount < 1 { return false }
        return request.amounts.allSatisfy { $0.amount <= node.allocatable($0.slot) } && request.unknown.isEmpty
    }

    /// "wait for …" when the node would hold the pod once some of its pods end: the fewest pods, largest first.
    func waitSuggestion(jobOf jobName: (PodKey) -> String?) -> (count: Int, text: String)? {
        guard couldEverFit else { return nil }
        var needed: [Int: Int64] = [:]
        for item in request.amounts where item.amount > node.free(item.slot) {
            needed[item.slot] = item.amount - node.free(item.slot)
        }
        let tooMany = Int64(node.podCount) + 1 > node.allowedPodCount
        guard !needed.isEmpty || tooMany else { return nil }
        // Greedy: the pods freeing the most of what is short, until nothing is short.
        var chosen: [PodKey] = []
        var remaining = needed
        var candidates = node.pods
        while !remaining.isEmpty || (tooMany && chosen.isEmpty) {
            guard
                let best = candidates.indices.max(by: { lhs, rhs in
                    Self.relief(candidates[lhs], remaining) < Self.relief(candidates[rhs], remaining)
                })
            else { return nil }
            let pod = candidates.remove(at: best)
            if Self.relief(pod, remaining) == 0 && !(tooMany && chosen.isEmpty) { return nil }
            chosen.append(pod.key)
            for (slot, amount) in remaining {
                let left = amount - pod.request[slot]
                remaining[slot] = left > 0 ? left : nil
            }
        }
        var names: [String] = []
        for key in chosen {
            let name = jobName(key).map { "job \($0)" } ?? "pod \(key)"
            if !names.contains(name) { names.append(name) }
        }
        return (chosen.count, "wait for \(names.joined(separator: ", ")) to finish on node \(name)")
    }

    private static func relief(_ pod: PlacedPod, _ remaining: [Int: Int64]) -> Int64 {
        remaining.reduce(0) { sum, entry in
            sum + (entry.value > 0 ? min(pod.request[entry.key], entry.value) * 1_000 / max(entry.value, 1) : 0)
        }
    }

    /// `{"name", "fits", "checks"}`.
    var encoded: JSONValue {
        .object(["name": .string(name), "fits": .bool(fits), "checks": .array(checks.map(\.encoded))])
    }

    // MARK: - Amounts

    static func resourceChecks(node: NodeInfo, request: PodRequest, table: ResourceSlotTable) -> [NodeCheck] {
        var checks: [NodeCheck] = []
        let podsOK = Int64(node.podCount) + 1 <= node.allowedPodCount
        checks.append(
            NodeCheck("pods", ok: podsOK, detail: "\(node.podCount) of \(node.allowedPodCount) pods used")
        )
        for item in request.amounts {
            let resource = table.names[item.slot]
            let free = node.free(item.slot)
            var detail = "needs \(format(item.amount, slot: item.slot)), free \(format(max(free, 0), slot: item.slot))"
            if item.amount > free, node.devices[resource] != nil {
                let held = holders(node, resources: [resource])
                if !held.isEmpty { detail += " (held by \(held))" }
            }
            checks.append(NodeCheck(resource.rawValue, ok: item.amount <= free, detail: detail))
        }
        for item in request.unknown {
            checks.append(NodeCheck(item.name.rawValue, ok: false, detail: "needs \(item.amount), the node offers none"))
        }
        return checks
    }

    /// `ml/job-y-0: 0,1; ml/job-z-0: 2` over the given device resources.
    static func holders(_ node: NodeInfo, resources: [ResourceName]) -> String {
        var parts: [String] = []
        for resource in resources {
            guard let table = node.devices[resource] else { continue }
            var byPod: [PodKey: [Int]] = [:]
            for (index, pod) in table.holders { byPod[pod, default: []].append(index) }
            for (pod, indices) in byPod.sorted(by: { $0.key < $1.key }) {
                parts.append("\(pod): " + indices.sorted().map(String.init).joined(separator: ","))
            }
        }
        return parts.joined(separator: "; ")
    }

    /// The largest allocatable of each requested resource among `verdicts`' nodes that is below the request:
    /// `nvidia.com/gpu: 1`.
    static func largestOffers(_ verdicts: [NodeVerdict]) -> [String] {
        guard let first = verdicts.first else { return [] }
        var lines: [String] = []
        for item in first.request.amounts {
            let largest = verdicts.map { $0.node.allocatable(item.slot) }.max() ?? 0
            if largest < item.amount {
                lines.append("\(first.table.names[item.slot].rawValue): \(format(largest, slot: item.slot))")
            }
        }
        return lines
    }

    /// An amount in its resource's usual form: cpu as a quantity of cores (`1500m`), memory in binary units.
    static func format(_ amount: Int64, slot: Int) -> String {
        switch slot {
        case ResourceSlotTable.cpu: Quantity(milli: amount).description
        case ResourceSlotTable.memory, ResourceSlotTable.ephemeralStorage:
            Quantity(amount, format: .binarySI).description
        default: String(amount)
        }
    }
}
