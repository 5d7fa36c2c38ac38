extension Job: TablePrintable {
    /// Type, target compute, instance type and count, phase, and with `-o wide` the pods by phase and the message.
    public static var printerColumns: [PrinterColumn<Job>] {
        [
            PrinterColumn("TYPE") { j, _ in j.spec.type.rawValue },
            PrinterColumn("COMPUTE") { j, _ in Cells.optional(j.spec.compute) },
            PrinterColumn("INSTANCE TYPE") { j, _ in Cells.optional(j.spec.instanceType) },
            PrinterColumn("INSTANCES") { j, _ in String(j.spec.instanceCount) },
            PrinterColumn("STATUS") { j, _ in j.status.phase.isEmpty ? "Pending" : j.status.phase },
            .age,
            PrinterColumn("PODS(P/R/S/F)", priority: 1) { j, _ in
                let p = j.status.pods
                return p.total == 0 ? "<none>" : "\(p.pending)/\(p.running)/\(p.succeeded)/\(p.failed)"
            },
            PrinterColumn("DISPLAY NAME", priority: 1) { j, _ in Cells.optional(j.spec.displayName) },
            PrinterColumn("MESSAGE", priority: 1) { j, _ in Cells.optional(j.status.message) },
        ]
    }
}
