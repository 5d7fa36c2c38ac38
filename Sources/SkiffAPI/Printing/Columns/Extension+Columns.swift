extension Extension: TablePrintable {
    /// The extension type, what it enables, and whether it is in force.
    public static var printerColumns: [PrinterColumn<Extension>] {
        [
            PrinterColumn("TYPE") { e, _ in e.spec.extensionType },
            PrinterColumn("TRAINING") { e, _ in e.spec.enableTraining ? "True" : "False" },
            PrinterColumn("INFERENCE") { e, _ in e.spec.enableInference ? "True" : "False" },
            .condition("READY", "Ready") { $0.status.conditions },
            PrinterColumn("NODE SELECTOR", priority: 1) { e, _ in Cells.labels(e.spec.nodeSelector) },
            .age,
        ]
    }
}
