extension Node: TablePrintable {
    /// `NAME STATUS ROLES AGE VERSION`, as kubectl prints nodes, with allocatable GPUs when wide.
    public static var printerColumns: [PrinterColumn<Node>] {
        [
            PrinterColumn("STATUS") { node, _ in
                var status = node.status.isReady ? "Ready" : "NotReady"
                if node.spec.unschedulable { status += ",SchedulingDisabled" }
                return status
            },
            PrinterColumn("ROLES") { node, _ in
                let roles = node.metadata.labels.keys.filter { $0.hasPrefix("node-role.kubernetes.io/") }
                    .map { String($0.dropFirst("node-role.kubernetes.io/".count)) }.sorted()
                return roles.isEmpty ? "<none>" : roles.joined(separator: ",")
            },
            .age,
            PrinterColumn("VERSION") { node, _ in
                node.status.nodeInfo.kubeletVersion.isEmpty ? "<none>" : node.status.nodeInfo.kubeletVersion
            },
            PrinterColumn("GPU", priority: 1) { node, _ in node.status.allocatable[.nvidiaGPU]?.description ?? "0" },
        ]
    }
}
