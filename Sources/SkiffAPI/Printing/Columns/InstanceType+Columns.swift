extension InstanceType: TablePrintable {
    /// CPU and memory as `request/limit`, GPUs, and where the pods may run.
    public static var printerColumns: [PrinterColumn<InstanceType>] {
        [
            PrinterColumn("CPU") { it, _ in Cells.requestLimit(it.spec.resources.requests, it.spec.resources.limits, .cpu) },
            PrinterColumn("MEMORY") { it, _ in
                Cells.requestLimit(it.spec.resources.requests, it.spec.resources.limits, .memory)
            },
            PrinterColumn("GPU") { it, _ in
                (it.spec.resources.limits[.nvidiaGPU] ?? it.spec.resources.requests[.nvidiaGPU]).map(\.description) ?? "0"
            },
            PrinterColumn("NODE SELECTOR") { it, _ in Cells.labels(it.spec.nodeSelector) },
            .condition("READY", "Ready", priority: 1) { $0.status.conditions },
            .age,
        ]
    }
}
