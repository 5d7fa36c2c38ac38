extension Job: TablePrintable {
    /// Type, target compute, instance type and count, and phase.
    public static var printerColumns: [PrinterColumn<Job>] {
        [
            PrinterColumn("TYPE") { j, _ in j.spec.type.rawValue },
            PrinterColumn("COMPUTE") { j, _ in Cells.optional(j.spec.compute) },
            PrinterColumn("INSTANCE TYPE") { j, _ in Cells.optional(j.spec.instanceType) },
            PrinterColumn("INSTANCES") { j, _ in String(j.spec.instanceCount) },
            PrinterColumn("STATUS") { j, _ in j.status.phase.isEmpty ? "Pending" : j.status.phase },
            PrinterColumn("DISPLAY NAME", priority: 1) { j, _ in Cells.optional(j.spec.displayName) },
            .age,
        ]
    }
}
