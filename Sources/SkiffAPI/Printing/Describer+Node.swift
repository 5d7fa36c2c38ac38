extension Describer {
    /// `describe node` as kubectl prints it (the fields Skiff models): identity, taints, conditions, addresses,
    /// capacity and allocatable, system info, the non-terminated pods with their requests and limits, the allocated
    /// totals — then `Devices:`, each device of the node with the pod holding it, and the recent allocation history.
    /// - Parameters:
    ///   - pods: the pods bound to the node (terminated ones are left out, as kubectl does).
    ///   - usage: the node's entry of the `NodeUsageList` document when the daemon served it; without it the devices
    ///     are read from the pods' `skiff.dev/devices` annotations and the node's allocatable count.
    public static func describeNode(
        _ node: Node,
        pods: [Pod],
        usage: JSONValue?,
        events: [any APIObject],
        now: Timestamp
    ) -> String {
        var lines: [Line] = [Line(label: "Name:", value: node.metadata.name)]
        lines += mapLines("Roles:", node.roles)
        lines += mapLines("Labels:", node.metadata.labels.map { "\($0.key)=\($0.value)" })
        lines += mapLines("Annotations:", node.metadata.annotations.map { "\($0.key): \($0.value)" })
        lines.append(
            Line(label: "CreationTimestamp:", value: node.metadata.creationTimestamp.map(rfc1123Z) ?? "<unknown>")
        )
        let taints = node.spec.taints.map(\.description)
        lines.append(Line(label: "Taints:", value: taints.first ?? "<none>"))
        lines += taints.dropFirst().map { Line(label: "", value: $0) }
        lines.append(Line(label: "Unschedulable:", value: node.spec.unschedulable ? "true" : "false"))
        var out = render(lines)

        if node.status.conditions.isEmpty {
            out += "Conditions:  <none>\n"
        } else {
            var table = Table(columns: [
                "Type", "Status", "LastHeartbeatTime", "LastTransitionTime", "Reason", "Message",
            ])
            table.rows.append(["----", "------", "-----------------", "------------------", "------", "-------"])
            for c in node.status.conditions {
                table.rows.append([
                    c.type.rawValue, c.status.rawValue, c.lastHeartbeatTime.map(rfc1123Z) ?? "<unknown>",
                    c.lastTransitionTime.map(rfc1123Z) ?? "<unknown>", c.reason, c.message,
                ])
            }
            out += "Conditions:\n" + indented(table)
        }
        var rest: [Line] = []
        rest.append(Line(label: "Addresses:", value: nil))
        rest += node.status.addresses.map { Line(label: "  \($0.type.rawValue):", value: $0.address) }
        for (title, list) in [("Capacity:", node.status.capacity), ("Allocatable:", node.status.allocatable)] {
            rest.append(Line(label: title, value: nil))
            rest += list.elements.map { Line(label: "  \($0.name.rawValue):", value: $0.quantity.description) }
        }
        let info = node.status.nodeInfo
        rest.append(Line(label: "System Info:", value: nil))
        for (label, value) in [
            ("Machine ID", info.machineID), ("System UUID", info.systemUUID), ("Boot ID", info.bootID),
            ("Kernel Version", info.kernelVersion), ("OS Image", info.osImage),
            ("Operating System", info.operatingSystem), ("Architecture", info.architecture),
            ("Container Runtime Version", info.containerRuntimeVersion), ("Kubelet Version", info.kubeletVersion),
            ("Kube-Proxy Version", info.kubeProxyVersion),
        ] {
            rest.append(Line(label: "  \(label):", value: value))
        }
        if !node.spec.podCIDR.isEmpty { rest.append(Line(label: "PodCIDR:", value: node.spec.podCIDR)) }
        if !node.spec.providerID.isEmpty { rest.append(Line(label: "ProviderID:", value: node.spec.providerID)) }
        let active = pods.filter { !($0.status.phase?.isTerminal ?? false) }
            .sorted { ($0.metadata.namespace, $0.metadata.name) < ($1.metadata.namespace, $1.metadata.name) }
        rest.append(Line(label: "Non-terminated Pods:", value: "(\(active.count) in total)"))
        out += render(rest)

        let allocatable = node.status.allocatable
        if !active.isEmpty {
            var table = Table(columns: [
                "Namespace", "Name", "CPU Requests", "CPU Limits", "Memory Requests", "Memory Limits", "Age",
            ])
            table.rows.append([
                "---------", "----", "------------", "----------", "---------------", "-------------", "---",
            ])
            for pod in active {
                let (requests, limits) = (pod.effectiveRequests, podLimits(pod))
                table.rows.append([
                    pod.metadata.namespace, pod.metadata.name,
                    percent(requests, allocatable, .cpu), percent(limits, allocatable, .cpu),
                    percent(requests, allocatable, .memory), percent(limits, allocatable, .memory),
                    pod.age(now: now),
                ])
            }
            out += indented(table)
        }
        var requested = ResourceList()
        var limited = ResourceList()
        for pod in active {
            requested += pod.effectiveRequests
            limited += podLimits(pod)
        }
        var allocated = Table(columns: ["Resource", "Requests", "Limits"])
        allocated.rows.append(["--------", "--------", "------"])
        var names: [ResourceName] = [.cpu, .memory]
        for name in (requested.names + limited.names + allocatable.names).sorted(by: { $0.rawValue < $1.rawValue })
        where !names.contains(name) && name != .pods && !name.rawValue.hasPrefix("hugepages-") {
            names.append(name)
        }
        for name in names {
            if name == .cpu || name == .memory {
                allocated.rows.append([
                    name.rawValue, percent(requested, allocatable, name), percent(limited, allocatable, name),
                ])
            } else {
                allocated.rows.append([
                    name.rawValue, requested.quantity(for: name).description, limited.quantity(for: name).description,
                ])
            }
        }
        out += "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n"
        out += indented(allocated)
        out += devicesBlock(node, pods: active, usage: usage)
        out += eventsBlock(events, now: now)
        return out
    }

    /// `Devices:`: each device index of the node and the pod holding it (`-` when free), then the last allocations.
    static func devicesBlock(_ node: Node, pods: [Pod], usage: JSONValue?) -> String {
        var table = Table(columns: ["Resource", "Index", "Pod"])
        table.rows.append(["--------", "-----", "---"])
        var history = Table(columns: ["Time", "Resource", "Index", "Action", "Pod"])
        history.rows.append(["----", "--------", "-----", "------", "---"])
        if let usage {
            for device in NodeUsagePrinter.items(usage["devices"]) {
                table.rows.append([
                    NodeUsagePrinter.text(device["resource"]), NodeUsagePrinter.text(device["index"]),
                    NodeUsagePrinter.holder(device["pod"]),
                ])
            }
            // The most recent entries of the bounded ledger, oldest first.
            for entry in NodeUsagePrinter.items(usage["history"]).suffix(10) {
                history.rows.append([
                    NodeUsagePrinter.text(entry["time"]), NodeUsagePrinter.text(entry["resource"]),
                    NodeUsagePrinter.text(entry["index"]), NodeUsagePrinter.text(entry["action"]),
                    NodeUsagePrinter.holder(entry["pod"]),
                ])
            }
        } else {
            var holders: [Int: String] = [:]
            for pod in pods {
                let indices = deviceIndices(
                    pod.metadata.annotations[devicesAnnotation] ?? "",
                    resource: "nvidia.com/gpu"
                )
                for index in indices.split(separator: ",").compactMap({ Int($0) }) {
                    holders[index] = "\(pod.metadata.namespace)/\(pod.metadata.name)"
                }
            }
            let count = Int(node.status.allocatable[.nvidiaGPU]?.value ?? 0)
            for index in Set(0..<max(count, 0)).union(holders.keys).sorted() {
                table.rows.append(["nvidia.com/gpu", String(index), holders[index] ?? "-"])
            }
        }
        guard table.rows.count > 1 else { return "Devices:  <none>\n" }
        var out = "Devices:\n" + indented(table)
        if history.rows.count > 1 { out += "Device History:\n" + indented(history) }
        return out
    }

    /// The summed limits of a pod's containers, raised to any init container's (kubectl's `PodRequestsAndLimits`).
    static func podLimits(_ pod: Pod) -> ResourceList {
        var sum = ResourceList()
        for container in pod.spec.containers { sum += container.resources.limits }
        for container in pod.spec.initContainers { sum = .maximum(sum, container.resources.limits) }
        return sum
    }

    /// `1500m (37%)`, as kubectl's describe prints cpu and memory against allocatable.
    static func percent(_ list: ResourceList, _ allocatable: ResourceList, _ name: ResourceName) -> String {
        let quantity = list.quantity(for: name)
        let total = allocatable.quantity(for: name)
        let whole = total.milliValue
        let fraction = whole == 0 ? 0 : Int64(Double(quantity.milliValue) / Double(whole) * 100)
        return "\(quantity) (\(fraction)%)"
    }

    private static func indented(_ table: Table) -> String {
        table.rendered(padding: 2, minWidth: 0).split(separator: "\n").map { "  " + $0 + "\n" }.joined()
    }
}
