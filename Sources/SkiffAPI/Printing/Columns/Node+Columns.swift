extension Node: TablePrintable {
    /// `NAME STATUS ROLES AGE VERSION`, and with `-o wide` `INTERNAL-IP EXTERNAL-IP OS-IMAGE KERNEL-VERSION
    /// CONTAINER-RUNTIME`, as kubectl's `printNode` prints nodes.
    public static var printerColumns: [PrinterColumn<Node>] {
        [
            PrinterColumn("STATUS") { node, _ in node.printedStatus },
            PrinterColumn("ROLES") { node, _ in
                let roles = node.roles
                return roles.isEmpty ? "<none>" : roles.joined(separator: ",")
            },
            .age,
            PrinterColumn("VERSION") { node, _ in node.status.nodeInfo.kubeletVersion },
            PrinterColumn("INTERNAL-IP", priority: 1) { node, _ in node.address(.internalIP) },
            PrinterColumn("EXTERNAL-IP", priority: 1) { node, _ in node.address(.externalIP) },
            PrinterColumn("OS-IMAGE", priority: 1) { node, _ in Cells.unknown(node.status.nodeInfo.osImage) },
            PrinterColumn("KERNEL-VERSION", priority: 1) { node, _ in Cells.unknown(node.status.nodeInfo.kernelVersion)
            },
            PrinterColumn("CONTAINER-RUNTIME", priority: 1) { node, _ in
                Cells.unknown(node.status.nodeInfo.containerRuntimeVersion)
            },
            // Skiff's addition: the GPUs pods may be given on the node.
            PrinterColumn("GPUS", priority: 1) { node, _ in
                node.status.allocatable[.nvidiaGPU].map(\.description) ?? "0"
            },
        ]
    }
}

extension Node {
    /// kubectl's STATUS: `Ready`, `NotReady` or `Unknown` (no Ready condition), with `,SchedulingDisabled` when
    /// cordoned.
    public var printedStatus: String {
        var parts: [String] = []
        if let ready = status.conditions[type: .ready] {
            parts.append(ready.status == .true ? "Ready" : "NotReady")
        } else {
            parts.append("Unknown")
        }
        if spec.unschedulable { parts.append("SchedulingDisabled") }
        return parts.joined(separator: ",")
    }

    /// The roles from `node-role.kubernetes.io/ROLE` labels and the `kubernetes.io/role` label, sorted, as
    /// kubectl's `findNodeRoles` reads them.
    public var roles: [String] {
        var roles = Set<String>()
        for (key, value) in metadata.labels {
            if key.hasPrefix("node-role.kubernetes.io/") {
                let role = String(key.dropFirst("node-role.kubernetes.io/".count))
                if !role.isEmpty { roles.insert(role) }
            } else if key == "kubernetes.io/role", !value.isEmpty {
                roles.insert(value)
            }
        }
        return roles.sorted()
    }

    /// The first address of a type, or `<none>`.
    func address(_ type: NodeAddressType) -> String {
        status.addresses.first { $0.type == type }?.address ?? "<none>"
    }
}
