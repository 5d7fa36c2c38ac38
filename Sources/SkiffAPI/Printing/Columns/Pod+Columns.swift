extension Pod: TablePrintable {
    /// `NAME READY STATUS RESTARTS AGE`, and with `-o wide` the IP, node and nominated node, as kubectl prints
    /// pods.
    public static var printerColumns: [PrinterColumn<Pod>] {
        [
            PrinterColumn("READY") { pod, _ in
                let ready = pod.status.containerStatuses.filter(\.ready).count
                return "\(ready)/\(pod.spec.containers.count)"
            },
            PrinterColumn("STATUS") { pod, _ in
                if pod.metadata.deletionTimestamp != nil { return "Terminating" }
                if !pod.status.reason.isEmpty { return pod.status.reason }
                return (pod.status.phase ?? .pending).rawValue
            },
            PrinterColumn("RESTARTS") { pod, _ in
                String(pod.status.containerStatuses.reduce(0) { $0 + Int($1.restartCount) })
            },
            .age,
            PrinterColumn("IP", priority: 1) { pod, _ in pod.status.podIP.isEmpty ? "<none>" : pod.status.podIP },
            PrinterColumn("NODE", priority: 1) { pod, _ in pod.spec.nodeName.isEmpty ? "<none>" : pod.spec.nodeName },
            PrinterColumn("NOMINATED NODE", priority: 1) { pod, _ in
                pod.status.nominatedNodeName.isEmpty ? "<none>" : pod.status.nominatedNodeName
            },
        ]
    }
}
